//! "A vs. B" pages of a comparison with `pairs = true`: which pairs there
//! are (every two options, in declared order) and where their pages live;
//! what each page says of itself in its title, its meta description (made
//! from the rows where the two differ, so no two pages of a site share
//! one) and the search index (from the data, [`texts`]); and the view its
//! template sees, cut from the comparison's view ([`view`]).

use pulldown_cmark::{Event, Parser};
use serde_json::{json, Map, Value};

use super::cell;
use super::cell_html;
use super::schema::{ComparisonData, Dimension};
use crate::markdown::TextBlock;

/// Two options of a comparison, by index: `a` is declared before `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pair {
    /// The first option's index in `options`.
    pub a: usize,
    /// The second option's index in `options`.
    pub b: usize,
}

/// What a pair page says of itself, worked out from the data once per load.
#[derive(Debug, Clone, PartialEq)]
pub struct PairText {
    /// Which two options.
    pub pair: Pair,
    /// The page's URL segment: `<a>-vs-<b>`.
    pub segment: String,
    /// "A vs. B — <comparison title>".
    pub title: String,
    /// The meta description: the first rows where the two differ.
    pub description: String,
    /// Its text for the search index, under the page's section ids.
    pub blocks: Vec<TextBlock>,
}

/// Section ids of a pair page (the default theme's `comparison_pair.html`
/// uses them; search results link to them).
const DIFFER: &str = "differ";
const AGREE: &str = "agree";
const SIGNS: &str = "signs";
const OPTIONS: &str = "the-options";

/// A meta description stops taking rows at about this many characters.
const DESCRIPTION_CHARS: usize = 150;

/// Every pair's text, in declared order; none unless `pairs = true`.
pub fn texts(d: &ComparisonData) -> Vec<PairText> {
    if !d.pairs {
        return Vec::new();
    }
    let n = d.options.len();
    (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| Pair { a, b }))
        .map(|pair| text(d, pair))
        .collect()
}

/// The short name of option `i` (its name when `short` is empty).
fn short(d: &ComparisonData, i: usize) -> &str {
    let o = &d.options[i];
    if o.short.trim().is_empty() {
        &o.name
    } else {
        &o.short
    }
}

/// Whether options `a` and `b` have the same value (and note) in `dim`.
fn agree(dim: &Dimension, d: &ComparisonData, p: Pair) -> bool {
    dim.values.get(&d.options[p.a].id) == dim.values.get(&d.options[p.b].id)
}

/// A cell as plain text, as readers see it ("Yes (paid)", "5 GB", "Rust").
fn plain_cell(dim: &Dimension, d: &ComparisonData, i: usize) -> String {
    let Some(cell) = dim.values.get(&d.options[i].id) else {
        return String::new();
    };
    let mut out = match cell::check(dim.kind, dim.max(), cell) {
        Ok(cell::Typed::Text(md)) => plain_markdown(md),
        Ok(typed) => cell_html::plain(&typed, dim).unwrap_or_default(),
        Err(_) => String::new(),
    };
    if let Some(note) = &cell.note {
        out.push_str(" (");
        out.push_str(note);
        out.push(')');
    }
    out
}

/// The words of inline Markdown, without its markup.
fn plain_markdown(md: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

fn text(d: &ComparisonData, pair: Pair) -> PairText {
    let (a, b) = (short(d, pair.a), short(d, pair.b));
    let row = |dim: &Dimension| {
        format!(
            "{}: {a} {}; {b} {}.",
            dim.label,
            plain_cell(dim, d, pair.a),
            plain_cell(dim, d, pair.b)
        )
    };
    let (same, differ): (Vec<&Dimension>, Vec<&Dimension>) =
        d.dimensions.iter().partition(|dim| agree(dim, d, pair));
    let mut description = String::new();
    for (n, dim) in differ.iter().enumerate() {
        let next = row(dim);
        if n == 0 {
            description.push_str(&format!("{a} or {b}? "));
        } else if description.chars().count() + next.chars().count() > DESCRIPTION_CHARS {
            let left = differ.len() - n;
            let s = if left == 1 { "" } else { "s" };
            description.push_str(&format!(" And {left} more difference{s}."));
            break;
        } else {
            description.push(' ');
        }
        description.push_str(&next);
    }
    if differ.is_empty() {
        description = if d.dimensions.is_empty() {
            format!("{a} or {b}? How the two compare in “{}”.", d.title)
        } else {
            format!(
                "{a} or {b}? The two agree on all {} points of “{}”.",
                d.dimensions.len(),
                d.title
            )
        };
    }
    let join = |dims: &[&Dimension]| dims.iter().map(|dim| row(dim)).collect::<Vec<_>>();
    let mut signs = Vec::new();
    for s in &d.signals {
        let counts = |i: usize| s.weights.get(&d.options[i].id).is_some_and(|w| *w > 0.0);
        if counts(pair.a) || counts(pair.b) {
            signs.push(s.text.clone());
        }
    }
    let mut options = Vec::new();
    for i in [pair.a, pair.b] {
        let o = &d.options[i];
        options.push(o.name.clone());
        if short(d, i) != o.name {
            options.push(short(d, i).to_string());
        }
        options.push(plain_markdown(&o.summary));
    }
    let blocks = [
        (DIFFER, "Where they differ", join(&differ)),
        (AGREE, "Where they agree", join(&same)),
        (SIGNS, "Signs to look for", signs),
        (OPTIONS, "The two options", options),
    ]
    .into_iter()
    .filter(|(_, _, text)| !text.is_empty())
    .map(|(id, heading, text)| TextBlock {
        heading_id: Some(id.to_string()),
        heading: heading.to_string(),
        text: text.join(" "),
    })
    .collect();
    PairText {
        pair,
        segment: format!("{}-vs-{}", d.options[pair.a].id, d.options[pair.b].id),
        title: format!("{a} vs. {b} — {}", d.title),
        description,
        blocks,
    }
}

/// The comparison view's `pairs`: `[{title, url}]`, "A vs. B" and the URL
/// of each pair page (`url` is the comparison's: segments are ids, plain
/// ASCII, so they are appended as they are).
pub fn links(d: &ComparisonData, url: &str) -> Vec<Value> {
    texts_of(d)
        .map(|(title, segment)| json!({ "title": title, "url": format!("{url}{segment}/") }))
        .collect()
}

/// What a pair page's template sees (`pair`), cut from `full`, the
/// comparison's view ([`super::view`]), whose links are resolved already.
///
/// * `options`, `a`, `b`: the two options' views;
/// * `differ`, `agree`: `{title, count, options, groups}`, each shaped like
///   a comparison view's table part (the theme's table macro draws them),
///   with the rows where the two differ and where they agree; "best" is
///   worked out between the two;
/// * `signals`: `{signals_by_option}` of the two;
/// * `decide`: the questions and signs that can tell the two apart, with
///   weights and deal-breakers of the other options left out, and the
///   widget's data for them; `null` when none can;
/// * `others`: `[{title, url, current}]`, every pair of the comparison;
/// * `comparison`: `{id, title, description, url, permalink}`.
///
/// `url` and `permalink` are the pair page's.
pub fn view(
    d: &ComparisonData,
    full: &Value,
    text: &PairText,
    (url, permalink): (&str, &str),
) -> Value {
    let Pair { a, b } = text.pair;
    let ids = [d.options[a].id.as_str(), d.options[b].id.as_str()];
    let options = json!([full["options"][a], full["options"][b]]);
    let mut differ: Vec<(Option<&str>, Vec<Value>)> = Vec::new();
    let mut same: Vec<(Option<&str>, Vec<Value>)> = Vec::new();
    for (k, dim) in d.dimensions.iter().enumerate() {
        let agrees = agree(dim, d, text.pair);
        let row = pair_row(dim, &full["dimensions"][k], [a, b], ids, !agrees);
        let list = if agrees { &mut same } else { &mut differ };
        match list.last_mut() {
            Some((group, rows)) if *group == dim.group.as_deref() => rows.push(row),
            _ => list.push((dim.group.as_deref(), vec![row])),
        }
    }
    let (sa, sb) = (short(d, a), short(d, b));
    let table = |title: String, groups: Vec<(Option<&str>, Vec<Value>)>| {
        let count: usize = groups.iter().map(|(_, rows)| rows.len()).sum();
        let groups: Vec<Value> = groups
            .into_iter()
            .map(|(label, rows)| json!({ "label": label, "dimensions": rows }))
            .collect();
        json!({ "title": title, "count": count, "options": options, "groups": groups })
    };
    let others: Vec<Value> = full["pairs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let mut p = p.clone();
            p["current"] = json!(p["url"] == url);
            p
        })
        .collect();
    json!({
        "id": full["id"],
        "title": text.title,
        "heading": format!("{sa} vs. {sb}"),
        "description": text.description,
        "path": format!("{}{}/", full["path"].as_str().unwrap_or_default(), text.segment),
        "url": url,
        "permalink": permalink,
        "a": full["options"][a],
        "b": full["options"][b],
        "options": options,
        "differ": table(format!("Where {sa} and {sb} differ"), differ),
        "agree": table(format!("Where {sa} and {sb} agree"), same),
        "signals": { "signals_by_option": [full["signals_by_option"][a], full["signals_by_option"][b]] },
        "decide": decide(full, ids),
        "others": others,
        "comparison": {
            "id": full["id"],
            "title": full["title"],
            "description": full["description"],
            "url": full["url"],
            "permalink": full["permalink"],
        },
    })
}

/// Each pair's short title ("A vs. B") and segment, in the order of
/// [`texts`] (whether or not `pairs` is on).
fn texts_of(d: &ComparisonData) -> impl Iterator<Item = (String, String)> + '_ {
    let n = d.options.len();
    (0..n).flat_map(move |a| {
        (a + 1..n).map(move |b| {
            (
                format!("{} vs. {}", short(d, a), short(d, b)),
                format!("{}-vs-{}", d.options[a].id, d.options[b].id),
            )
        })
    })
}

/// One row of the comparison view with only the two options' cells, the
/// best value marked between those two.
fn pair_row(dim: &Dimension, full: &Value, at: [usize; 2], ids: [&str; 2], differs: bool) -> Value {
    let keys: Vec<Option<f64>> = at
        .iter()
        .map(|&i| full["cells"][i]["sort"].as_f64())
        .collect();
    let best = cell_html::best(dim, &keys);
    let cells: Vec<Value> = at
        .iter()
        .zip(ids)
        .zip(&keys)
        .map(|((&i, id), key)| {
            let mut c = full["cells"][i].clone();
            let is_best = best.is_some() && *key == best;
            let typed = dim
                .values
                .get(id)
                .and_then(|cell| Some((cell, cell::check(dim.kind, dim.max(), cell).ok()?)));
            if let Some((cell, typed)) = typed.filter(|(_, t)| !matches!(t, cell::Typed::Text(_))) {
                c["html"] = json!(cell_html::html(&typed, dim, cell.note.as_deref(), is_best));
                c["best"] = json!(is_best);
            }
            c
        })
        .collect();
    let mut row = full.clone();
    row["differs"] = json!(differs);
    row["cells"] = Value::Array(cells);
    row
}

/// The weight a list of `{option, weight}` gives `id` (0 when it is not there).
fn weight(list: &Value, id: &str) -> f64 {
    list.as_array()
        .into_iter()
        .flatten()
        .find(|w| w["option"] == id)
        .and_then(|w| w["weight"].as_f64())
        .unwrap_or(0.0)
}

/// `list` (of `{option, …}`) with only the entries of the two options.
fn only(list: &Value, ids: [&str; 2]) -> Value {
    Value::Array(
        list.as_array()
            .into_iter()
            .flatten()
            .filter(|w| ids.iter().any(|id| w["option"] == *id))
            .cloned()
            .collect(),
    )
}

/// `map` (option id → …) with only the two options' keys.
fn only_keys(map: &Value, ids: [&str; 2]) -> Value {
    Value::Object(
        map.as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| ids.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Map<_, _>>(),
    )
}

/// The decision widget between the two: a question stays when one of its
/// answers weighs them differently or rules out one and not the other (a
/// question that cannot change which of the two comes first is left out),
/// a sign when it weighs them differently. Weights, deal-breakers and
/// outcome texts of the other options are dropped. `null` when nothing is
/// left: the full comparison's widget is then the only one worth showing.
fn decide(full: &Value, ids: [&str; 2]) -> Value {
    let [a, b] = ids;
    let rules_out = |list: &Value, id: &str| {
        list.as_array()
            .into_iter()
            .flatten()
            .any(|r| r["option"] == id)
    };
    let tells_apart = |weights: &Value, out: Option<&Value>| {
        weight(weights, a) != weight(weights, b)
            || out.is_some_and(|o| rules_out(o, a) != rules_out(o, b))
    };
    let array = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let kept_questions: Vec<usize> = array(&full["questions"])
        .iter()
        .enumerate()
        .filter(|(_, q)| {
            array(&q["answers"])
                .iter()
                .any(|ans| tells_apart(&ans["weights"], Some(&ans["rules_out"])))
        })
        .map(|(i, _)| i)
        .collect();
    let kept_signals: Vec<usize> = array(&full["signals"])
        .iter()
        .enumerate()
        .filter(|(_, s)| tells_apart(&s["weights"], None))
        .map(|(i, _)| i)
        .collect();
    if kept_questions.is_empty() && kept_signals.is_empty() {
        return Value::Null;
    }
    let questions: Vec<Value> = kept_questions
        .iter()
        .map(|&i| {
            let mut q = full["questions"][i].clone();
            for ans in q["answers"].as_array_mut().into_iter().flatten() {
                ans["weights"] = only(&ans["weights"], ids);
                ans["rules_out"] = only(&ans["rules_out"], ids);
            }
            q
        })
        .collect();
    let signals: Vec<Value> = kept_signals
        .iter()
        .map(|&i| {
            let mut s = full["signals"][i].clone();
            s["weights"] = only(&s["weights"], ids);
            s
        })
        .collect();
    let w = &full["widget"];
    let widget_questions: Vec<Value> = kept_questions
        .iter()
        .map(|&i| {
            let mut q = w["questions"][i].clone();
            for ans in q["answers"].as_array_mut().into_iter().flatten() {
                ans["weights"] = only_keys(&ans["weights"], ids);
                ans["rules_out"] = only(&ans["rules_out"], ids);
            }
            q
        })
        .collect();
    let widget_signals: Vec<Value> = kept_signals
        .iter()
        .map(|&i| {
            let mut s = w["signals"][i].clone();
            s["weights"] = only_keys(&s["weights"], ids);
            s
        })
        .collect();
    let mut outcomes = w["outcomes"].clone();
    outcomes["wins"] = only_keys(&outcomes["wins"], ids);
    outcomes["combinations"] = Value::Array(
        array(&outcomes["combinations"])
            .into_iter()
            .filter(|c| {
                array(&c["options"])
                    .iter()
                    .all(|o| ids.iter().any(|id| o == id))
            })
            .collect(),
    );
    let widget_options: Vec<Value> = array(&w["options"])
        .into_iter()
        .filter(|o| ids.iter().any(|id| o["id"] == *id))
        .collect();
    json!({
        "id": full["id"],
        "questions": questions,
        "signals": signals,
        "widget": {
            "id": w["id"],
            "options": widget_options,
            "questions": widget_questions,
            "signals": widget_signals,
            "outcomes": outcomes,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(rows: &str) -> ComparisonData {
        toml::from_str(&format!(
            "title = \"T\"\npairs = true\noptions = [{{ id = \"a\", name = \"Alpha\", short = \"A\" }}, \
             {{ id = \"b\", name = \"Beta\" }}, {{ id = \"c\", name = \"Gamma\" }}]\n{rows}"
        ))
        .expect("toml")
    }

    #[test]
    fn every_pair_once_in_declared_order() {
        let texts = texts(&data(""));
        let segments: Vec<&str> = texts.iter().map(|t| t.segment.as_str()).collect();
        assert_eq!(segments, ["a-vs-b", "a-vs-c", "b-vs-c"]);
        assert_eq!(texts[0].title, "A vs. Beta — T");
        let mut off = data("");
        off.pairs = false;
        assert!(super::texts(&off).is_empty());
    }

    #[test]
    fn the_description_names_the_first_differences_and_counts_the_rest() {
        let mut rows = String::new();
        for n in 0..8 {
            rows.push_str(&format!(
                "[[dimensions]]\nid = \"d{n}\"\nlabel = \"Row {n}\"\n\
                 values = {{ a = \"*one* value\", b = \"another value\", c = \"*one* value\" }}\n"
            ));
        }
        let d = data(&rows);
        let t = &texts(&d)[0];
        assert!(
            t.description
                .starts_with("A or Beta? Row 0: A one value; Beta another value. Row 1:"),
            "{}",
            t.description
        );
        assert!(
            t.description.ends_with(" more differences."),
            "{}",
            t.description
        );
        assert!(t.description.chars().count() < DESCRIPTION_CHARS + 60);
        // A and Gamma agree everywhere.
        assert_eq!(
            texts(&d)[1].description,
            "A or Gamma? The two agree on all 8 points of “T”."
        );
        assert_eq!(texts(&d)[1].blocks[0].heading_id.as_deref(), Some("agree"));
    }
}
