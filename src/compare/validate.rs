//! Checks that a parsed comparison makes sense as a whole: ids unique and
//! well-formed, every weight and value refers to a real option, numbers finite.
//! Finds every problem, not just the first; each carries a [`Step`] path that
//! [`super::locate`] turns into a line and column.

use std::collections::{BTreeMap, HashMap};

use super::cell::{self, DimensionType};
use super::dealbreakers::requirement_cell;
use super::locate::Step;
use super::rows::{check_row, InRow};
use super::schema::ComparisonData;

/// One thing wrong with a data file, before it has a line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where in the file, as a path to follow through its text.
    pub at: Vec<Step>,
    /// `(found, candidates)` for a "did you mean" hint.
    pub suggest: Option<(String, Vec<String>)>,
    /// A fixed hint, when there is nothing to suggest.
    pub hint: Option<String>,
}

impl Problem {
    fn new(message: String, at: Vec<Step>) -> Self {
        Problem {
            message,
            at,
            suggest: None,
            hint: None,
        }
    }

    fn suggesting(mut self, found: &str, candidates: &[String]) -> Self {
        self.suggest = Some((found.to_string(), candidates.to_vec()));
        self
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The question id the widget keeps for its "signs" checklist in the URL.
pub const SIGNALS_KEY: &str = "signals";

/// True for ids made of ASCII letters, digits, `-` and `_`: safe in a URL
/// hash, an HTML attribute and a CSS selector without escaping.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Every problem in `data`, in file order as far as that is known.
pub fn validate(data: &ComparisonData) -> Vec<Problem> {
    let mut out = Vec::new();
    let options: Vec<String> = data.options.iter().map(|o| o.id.clone()).collect();

    if let Some(slug) = &data.slug {
        if !is_valid_id(slug) {
            out.push(
                Problem::new(
                    format!("slug `{slug}` is not usable in a URL"),
                    vec![Step::key("slug")],
                )
                .hint("use only letters, digits, `-` and `_`"),
            );
        }
    }
    if data.options.len() < 2 {
        out.push(Problem::new(
            format!(
                "a comparison needs at least two options, found {}",
                data.options.len()
            ),
            vec![Step::key("options")],
        ));
    }

    if data.pairs && data.options.len() == 2 {
        out.push(
            Problem::new(
                "`pairs = true` needs three or more options: with two, the comparison's own page is their \"A vs. B\" page".to_string(),
                vec![Step::key("pairs")],
            )
            .hint("remove `pairs`, or add options"),
        );
    }

    if let Some(name) = &data.dimensions.csv {
        let plain = name.ends_with(".csv")
            && !name.starts_with('/')
            && !name.contains('\\')
            && name.split('/').all(|part| !matches!(part, "" | "." | ".."));
        if !plain {
            out.push(
                Problem::new(
                    format!(
                        "`dimensions = \"{name}\"` must name a `.csv` file in this folder or below"
                    ),
                    vec![Step::key("dimensions")],
                )
                .hint("write a relative path such as `rows.csv` or `data/rows.csv`, without `..`"),
            );
        }
    }
    check_ids(
        "options",
        "option",
        data.options.iter().map(|o| o.id.as_str()),
        &[],
        &mut out,
    );
    check_ids(
        "dimensions",
        "dimension",
        data.dimensions
            .iter()
            .filter(|_| data.dimensions.csv.is_none())
            .map(|d| d.id.as_str()),
        &[],
        &mut out,
    );
    check_ids(
        "signals",
        "signal",
        data.signals.iter().map(|s| s.id.as_str()),
        &[],
        &mut out,
    );
    check_ids(
        "questions",
        "question",
        data.questions.iter().map(|q| q.id.as_str()),
        &[],
        &mut out,
    );

    // Rows read from a CSV file were checked, and located, by its reader.
    let mut dim_seen = HashMap::new();
    for dim in data
        .dimensions
        .iter()
        .filter(|_| data.dimensions.csv.is_none())
    {
        let base = item_path("dimensions", &dim.id, &mut dim_seen);
        let values = with(&base, Step::key("values"));
        for p in check_row(dim, &options) {
            let at = match p.at {
                InRow::Field(field) => with(&base, Step::key(field)),
                InRow::Value(option) => with(&values, Step::Key(option)),
                InRow::Missing(_) => values.clone(),
            };
            out.push(Problem {
                message: p.message,
                at,
                suggest: p.suggest,
                hint: p.hint,
            });
        }
    }

    let mut sig_seen = HashMap::new();
    for sig in &data.signals {
        let base = item_path("signals", &sig.id, &mut sig_seen);
        if sig.weights.is_empty() {
            out.push(
                Problem::new(format!("signal `{}` has no weights", sig.id), base.clone()).hint(
                    "give it `weights = { <option id> = <number> }` for the options it points to",
                ),
            );
        }
        check_weights(
            &format!("signal `{}`", sig.id),
            &sig.weights,
            &base,
            &options,
            &mut out,
        );
    }

    let mut q_seen = HashMap::new();
    for q in &data.questions {
        let base = item_path("questions", &q.id, &mut q_seen);
        if q.id == SIGNALS_KEY {
            out.push(
                Problem::new(
                    format!("question id `{SIGNALS_KEY}` is reserved for the signs checklist"),
                    base.clone(),
                )
                .hint("choose another id"),
            );
        }
        if q.answers.is_empty() {
            out.push(
                Problem::new(format!("question `{}` has no answers", q.id), base.clone())
                    .hint("add at least one `answers` entry"),
            );
        }
        let mut answers_path = base.clone();
        answers_path.push(Step::key("answers"));
        check_ids(
            "answers",
            &format!("answer of question `{}`", q.id),
            q.answers.iter().map(|a| a.id.as_str()),
            &base,
            &mut out,
        );
        let mut a_seen = HashMap::new();
        for a in &q.answers {
            let n = a_seen.entry(a.id.clone()).or_insert(0usize);
            let path = with(&answers_path, Step::Id(a.id.clone(), *n));
            *n += 1;
            let what = format!("answer `{}` of question `{}`", a.id, q.id);
            check_weights(&what, &a.weights, &path, &options, &mut out);
            for id in a.excludes.iter().filter(|id| !options.contains(id)) {
                out.push(
                    Problem::new(
                        format!("{what} excludes `{id}`, which is not an option"),
                        with(&with(&path, Step::key("excludes")), Step::Value(id.clone())),
                    )
                    .suggesting(id, &options),
                );
            }
        }
    }
    // With rows from a CSV file, requirements are checked once it is read.
    if data.dimensions.csv.is_none() {
        out.extend(validate_requirements(data));
    }

    if let Some(outcomes) = &data.outcomes {
        let base = vec![Step::key("outcomes")];
        let m = outcomes.close_margin;
        if !(m.is_finite() && (0.0..1.0).contains(&m)) {
            out.push(
                Problem::new(
                    format!("`close_margin` must be a number from 0 up to (not including) 1, found {m}"),
                    with(&base, Step::key("close_margin")),
                )
                .hint("0.15 means: a close call when the runner-up has at least 85% of the winner's score"),
            );
        }
        let wins = with(&base, Step::key("wins"));
        for key in outcomes.wins.keys() {
            if !options.contains(key) {
                out.push(
                    Problem::new(
                        format!("`wins` has a text for `{key}`, which is not an option"),
                        with(&wins, Step::Key(key.clone())),
                    )
                    .suggesting(key, &options),
                );
            }
        }
        let combos = with(&base, Step::key("combinations"));
        for combo in &outcomes.combinations {
            let mut unique: Vec<&String> = Vec::new();
            for id in &combo.options {
                if !options.contains(id) {
                    out.push(
                        Problem::new(
                            format!("combination names `{id}`, which is not an option"),
                            with(&combos, Step::Value(id.clone())),
                        )
                        .suggesting(id, &options),
                    );
                } else if unique.contains(&id) {
                    out.push(Problem::new(
                        format!("combination names option `{id}` twice"),
                        with(&combos, Step::Value(id.clone())),
                    ));
                } else {
                    unique.push(id);
                }
            }
            if combo.options.len() < 2 {
                out.push(Problem::new(
                    "a combination needs at least two options".to_string(),
                    combos.clone(),
                ));
            }
        }
    }
    out
}

/// Every answer's `requires` names a dimension that can be required, with
/// a value of its type.
pub fn validate_requirements(data: &ComparisonData) -> Vec<Problem> {
    let mut out = Vec::new();
    let dims: Vec<String> = data.dimensions.iter().map(|d| d.id.clone()).collect();
    let mut q_seen = HashMap::new();
    for q in &data.questions {
        let base = with(
            &item_path("questions", &q.id, &mut q_seen),
            Step::key("answers"),
        );
        let mut a_seen: HashMap<String, usize> = HashMap::new();
        for a in &q.answers {
            let n = a_seen.entry(a.id.clone()).or_insert(0);
            let path = with(&base, Step::Id(a.id.clone(), *n));
            *n += 1;
            let Some(r) = &a.requires else { continue };
            let at = with(&path, Step::key("requires"));
            let what = format!("answer `{}` of question `{}`", a.id, q.id);
            let Some(dim) = data.dimensions.iter().find(|d| d.id == r.dimension) else {
                out.push(
                    Problem::new(
                        format!(
                            "{what} requires dimension `{}`, which does not exist",
                            r.dimension
                        ),
                        with(&at, Step::Value(r.dimension.clone())),
                    )
                    .suggesting(&r.dimension, &dims),
                );
                continue;
            };
            if dim.kind == DimensionType::Text {
                out.push(
                    Problem::new(
                        format!(
                            "{what} requires a value of `{}`, a `text` dimension",
                            dim.id
                        ),
                        at,
                    )
                    .hint("requirements work on `bool`, `number`, `rating` and `list` dimensions"),
                );
                continue;
            }
            let cell = requirement_cell(dim, &r.value);
            if let Err((message, hint)) = cell::check(dim.kind, dim.max(), &cell) {
                let message = message.replace(" for a `", " to require of a `");
                out.push(
                    Problem::new(format!("{what}: {message}"), with(&at, Step::key("value")))
                        .hint(hint),
                );
            }
        }
    }
    out
}

fn with(base: &[Step], step: Step) -> Vec<Step> {
    let mut path = base.to_vec();
    path.push(step);
    path
}

/// Path to an item of a top-level list, counting repeats of the same id so a
/// duplicate points at its own occurrence.
fn item_path(section: &str, id: &str, seen: &mut HashMap<String, usize>) -> Vec<Step> {
    let n = seen.entry(id.to_string()).or_insert(0);
    let path = vec![Step::key(section), Step::Id(id.to_string(), *n)];
    *n += 1;
    path
}

fn check_ids<'a>(
    section: &str,
    what: &str,
    ids: impl Iterator<Item = &'a str>,
    parent: &[Step],
    out: &mut Vec<Problem>,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        let n = seen.entry(id).or_insert(0);
        let mut path = parent.to_vec();
        path.push(Step::key(section));
        path.push(Step::Id(id.to_string(), *n));
        if *n >= 1 {
            out.push(
                Problem::new(format!("duplicate {what} id `{id}`"), path.clone())
                    .hint("ids must be unique within their list"),
            );
        }
        if *n == 0 && !is_valid_id(id) {
            out.push(
                Problem::new(format!("{what} id `{id}` is not a valid id"), path)
                    .hint("use only letters, digits, `-` and `_`"),
            );
        }
        *n += 1;
    }
}

fn check_weights(
    what: &str,
    weights: &BTreeMap<String, f64>,
    item: &[Step],
    options: &[String],
    out: &mut Vec<Problem>,
) {
    let base = with(item, Step::key("weights"));
    for (key, w) in weights {
        let at = with(&base, Step::Key(key.clone()));
        if !options.contains(key) {
            out.push(
                Problem::new(
                    format!("{what} has a weight for `{key}`, which is not an option"),
                    at,
                )
                .suggesting(key, options),
            );
        } else if !w.is_finite() {
            out.push(
                Problem::new(
                    format!("{what} has a weight for `{key}` that is not a finite number ({w})"),
                    at,
                )
                .hint("weights are ordinary numbers such as 1, 2.5 or -1"),
            );
        }
    }
}
