//! Deal-breakers: answers that rule options out instead of adding points,
//! either by name (`excludes = ["sqlite"]`) or by a dimension's value
//! (`requires = { dimension = "replication", value = true }`). Which options
//! an answer rules out is worked out here, once, so the widget, `check` and
//! the page all agree.
//!
//! A requirement is met by an option whose value in the dimension:
//! * `bool`: is `true` for `value = true`; `true` or `"partial"` for
//!   `value = "partial"`; `false` for `value = false`.
//! * `number`: is at least `value` when the row says `better = "higher"`, at
//!   most `value` with `better = "lower"`, equal to it otherwise.
//! * `rating`: is at least `value` (at most, with `better = "lower"`).
//! * `list`: contains the string `value`.

use super::cell::{self, Better, Cell, DimensionType, Tristate, Typed, Written};
use super::cell_html::{plain, with_unit};
use super::schema::{Answer, ComparisonData, Dimension};

/// Why an answer rules an option out.
#[derive(Debug, Clone, PartialEq)]
pub struct RuledOut {
    /// The option.
    pub option: String,
    /// For readers: "excluded by this answer", "needs JSON support: Yes".
    pub reason: String,
}

/// The value of a requirement as a cell of its dimension: a list
/// dimension's requirement is one item, written as a string.
pub fn requirement_cell(dim: &Dimension, value: &Written) -> Cell {
    Cell::plain(match (dim.kind, value) {
        (DimensionType::List, Written::Text(s)) => Written::List(vec![s.clone()]),
        _ => value.clone(),
    })
}

/// The options `answer` rules out, in option order, with the reason.
pub fn rules_out(data: &ComparisonData, answer: &Answer) -> Vec<RuledOut> {
    let required = answer.requires.as_ref().and_then(|r| {
        let dim = data.dimensions.iter().find(|d| d.id == r.dimension)?;
        Some((dim, requirement_cell(dim, &r.value)))
    });
    data.options
        .iter()
        .filter_map(|o| {
            if answer.excludes.contains(&o.id) {
                return Some(RuledOut {
                    option: o.id.clone(),
                    reason: "excluded by this answer".to_string(),
                });
            }
            let (dim, want) = required.as_ref()?;
            let want = cell::check(dim.kind, dim.max(), want).ok()?;
            let has = dim
                .values
                .get(&o.id)
                .and_then(|c| cell::check(dim.kind, dim.max(), c).ok());
            let met = has.is_some_and(|has| meets(dim, &has, &want));
            (!met).then(|| RuledOut {
                option: o.id.clone(),
                reason: format!("needs {}: {}", dim.label, wanted(dim, &want)),
            })
        })
        .collect()
}

/// Does `has` meet the requirement `want` in `dim`?
fn meets(dim: &Dimension, has: &Typed<'_>, want: &Typed<'_>) -> bool {
    let lower = dim.better == Some(Better::Lower);
    match (has, want) {
        (Typed::Bool(h), Typed::Bool(w)) => match w {
            Tristate::Partial => *h != Tristate::No,
            _ => h == w,
        },
        (Typed::Number(h), Typed::Number(w)) => match dim.better {
            Some(Better::Higher) => h >= w,
            Some(Better::Lower) => h <= w,
            None => h == w,
        },
        (Typed::Rating(h), Typed::Rating(w)) => {
            if lower {
                h <= w
            } else {
                h >= w
            }
        }
        (Typed::List(items), Typed::List([one])) => items.contains(one),
        _ => false,
    }
}

/// The requirement as readers see it: "Yes", "at least 10 GB", "PL/Python".
fn wanted(dim: &Dimension, want: &Typed<'_>) -> String {
    let bound = match (want, dim.better) {
        (Typed::Number(_), None) => "",
        (Typed::Number(_) | Typed::Rating(_), Some(Better::Lower)) => "at most ",
        (Typed::Number(_) | Typed::Rating(_), _) => "at least ",
        _ => "",
    };
    let text = match want {
        Typed::Number(n) => with_unit(*n, dim.unit.as_deref()),
        other => plain(other, dim).unwrap_or_default(),
    };
    format!("{bound}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> ComparisonData {
        toml::from_str(
            r#"
title = "t"
options = [{ id = "pg", name = "P" }, { id = "lite", name = "L" }, { id = "my", name = "M" }]
[[dimensions]]
id = "repl"
label = "Replication"
type = "bool"
values = { pg = true, lite = false, my = "partial" }
[[dimensions]]
id = "size"
label = "Size"
type = "number"
unit = "TB"
better = "higher"
values = { pg = 32, lite = 0.3, my = 64 }
[[dimensions]]
id = "langs"
label = "Languages"
type = "list"
values = { pg = ["a", "b"], lite = [], my = ["b"] }
"#,
        )
        .expect("parses")
    }

    fn ruled(answer: &str) -> Vec<(String, String)> {
        let d = data();
        let a: Answer =
            toml::from_str(&format!("id = \"a\"\nlabel = \"A\"\n{answer}")).expect("answer");
        rules_out(&d, &a)
            .into_iter()
            .map(|r| (r.option, r.reason))
            .collect()
    }

    #[test]
    fn requirements_rule_out_by_type() {
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            ruled("excludes = [\"lite\"]"),
            [s("lite", "excluded by this answer")]
        );
        assert_eq!(
            ruled("requires = { dimension = \"repl\", value = true }"),
            [
                s("lite", "needs Replication: Yes"),
                s("my", "needs Replication: Yes")
            ]
        );
        assert_eq!(
            ruled("requires = { dimension = \"repl\", value = \"partial\" }"),
            [s("lite", "needs Replication: Partial")]
        );
        assert_eq!(
            ruled("requires = { dimension = \"size\", value = 40 }"),
            [
                s("pg", "needs Size: at least 40 TB"),
                s("lite", "needs Size: at least 40 TB")
            ]
        );
        assert_eq!(
            ruled("requires = { dimension = \"langs\", value = \"b\" }"),
            [s("lite", "needs Languages: b")]
        );
    }
}
