//! How a checked, typed cell reads in the table: a bool as an icon *and* a
//! word, a number with its unit, a rating as stars and "4/5", a list as a
//! list; the best value of a row marked when the row says which end is
//! better. Everything from the data file is escaped here, so the result can
//! be marked `| safe` like other `_html` fields.

use super::cell::{Better, DimensionType, Tristate, Typed};
use super::schema::Dimension;
use crate::html_escape::escape_attr as escape;

/// The value a row sorts by and picks its best from (numbers and ratings).
pub fn sort_key(typed: &Typed<'_>) -> Option<f64> {
    match typed {
        Typed::Number(n) | Typed::Rating(n) => Some(*n),
        _ => None,
    }
}

/// The best value of a row of `values`, when the row has a direction
/// (`better`, or any rating, where higher is better) and not every value is
/// the same (a row where all agree has no best).
pub fn best(dim: &Dimension, values: &[Option<f64>]) -> Option<f64> {
    let better = match (dim.kind, dim.better) {
        (_, Some(b)) => b,
        (DimensionType::Rating, None) => Better::Higher,
        _ => return None,
    };
    let nums: Vec<f64> = values.iter().flatten().copied().collect();
    let first = *nums.first()?;
    if nums.iter().all(|&n| n == first) {
        return None;
    }
    let pick = |a: f64, b: f64| match better {
        Better::Higher => a.max(b),
        Better::Lower => a.min(b),
    };
    Some(nums.iter().copied().fold(first, pick))
}

/// A number as people write it: `5`, not `5.0`; `2.5` as it is.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A number with its unit: "5 GB", "99%" (no space before `%`).
pub fn with_unit(n: f64, unit: Option<&str>) -> String {
    match unit.filter(|u| !u.is_empty()) {
        Some(u) if u.starts_with('%') => format!("{}{u}", number(n)),
        Some(u) => format!("{} {u}", number(n)),
        None => number(n),
    }
}

/// The plain-text reading of a non-text cell (what sorting, the widget and
/// screen readers get); `None` for Markdown text.
pub fn plain(typed: &Typed<'_>, dim: &Dimension) -> Option<String> {
    Some(match typed {
        Typed::Text(_) => return None,
        Typed::Bool(Tristate::Yes) => "Yes".to_string(),
        Typed::Bool(Tristate::No) => "No".to_string(),
        Typed::Bool(Tristate::Partial) => "Partial".to_string(),
        Typed::Number(n) => with_unit(*n, dim.unit.as_deref()),
        Typed::Rating(n) => format!("{}/{}", number(*n), number(dim.max())),
        Typed::List([]) => "None".to_string(),
        Typed::List(items) => items.join(", "),
    })
}

/// HTML for a non-text cell (text cells are rendered as Markdown by the view).
pub fn html(typed: &Typed<'_>, dim: &Dimension, note: Option<&str>, best: bool) -> String {
    let mut out = match typed {
        Typed::Text(_) => String::new(),
        Typed::Bool(t) => {
            let (class, icon, word) = match t {
                Tristate::Yes => ("yes", "✓", "Yes"),
                Tristate::No => ("no", "✗", "No"),
                Tristate::Partial => ("partial", "◐", "Partial"),
            };
            format!(
                "<span class=\"vs-bool vs-{class}\"><span class=\"vs-icon\" aria-hidden=\"true\">{icon}</span> {word}</span>"
            )
        }
        Typed::Number(n) => format!(
            "<span class=\"vs-number\">{}</span>",
            escape(&with_unit(*n, dim.unit.as_deref()))
        ),
        Typed::Rating(n) => {
            let max = dim.max();
            let full = n.round().clamp(0.0, max.round()) as usize;
            let empty = (max.round() as usize).saturating_sub(full);
            format!(
                "<span class=\"vs-rating\"><span class=\"vs-icon\" aria-hidden=\"true\">{}{}</span> {}/{}</span>",
                "★".repeat(full),
                "☆".repeat(empty),
                number(*n),
                number(max)
            )
        }
        Typed::List([]) => "<span class=\"vs-list vs-empty\">None</span>".to_string(),
        Typed::List(items) => {
            let mut s = String::from("<ul class=\"vs-list\">");
            for item in items.iter() {
                s.push_str("<li>");
                s.push_str(&escape(item));
                s.push_str("</li>");
            }
            s.push_str("</ul>");
            s
        }
    };
    if best {
        out.push_str(" <strong class=\"vs-best\">Best</strong>");
    }
    if let Some(note) = note {
        out.push_str(" <span class=\"vs-note\">(");
        out.push_str(&escape(note));
        out.push_str(")</span>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::cell::Cell;

    fn dim(kind: DimensionType, unit: Option<&str>, better: Option<Better>) -> Dimension {
        Dimension {
            id: "d".into(),
            label: "D".into(),
            kind,
            group: None,
            unit: unit.map(str::to_string),
            better,
            max: None,
            values: std::collections::BTreeMap::<String, Cell>::new(),
        }
    }

    #[test]
    fn bools_have_an_icon_and_a_word() {
        let d = dim(DimensionType::Bool, None, None);
        let h = html(&Typed::Bool(Tristate::Partial), &d, Some("<paid>"), false);
        assert_eq!(
            h,
            "<span class=\"vs-bool vs-partial\"><span class=\"vs-icon\" aria-hidden=\"true\">◐</span> Partial</span> <span class=\"vs-note\">(&lt;paid&gt;)</span>"
        );
    }

    #[test]
    fn numbers_have_units_and_a_best() {
        let d = dim(DimensionType::Number, Some("GB"), Some(Better::Lower));
        assert_eq!(plain(&Typed::Number(5.0), &d).as_deref(), Some("5 GB"));
        assert_eq!(with_unit(99.5, Some("%")), "99.5%");
        assert_eq!(best(&d, &[Some(3.0), None, Some(1.0)]), Some(1.0));
        assert_eq!(best(&d, &[Some(3.0), Some(3.0)]), None);
        let r = dim(DimensionType::Rating, None, None);
        assert_eq!(best(&r, &[Some(3.0), Some(4.5)]), Some(4.5));
        assert!(html(&Typed::Rating(4.0), &r, None, true)
            .contains("★★★★☆</span> 4/5</span> <strong class=\"vs-best\">Best</strong>"));
        assert_eq!(
            best(
                &dim(DimensionType::Number, None, None),
                &[Some(1.0), Some(2.0)]
            ),
            None
        );
    }
}
