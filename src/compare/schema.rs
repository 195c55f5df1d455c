//! The shape of a comparison data file, as serde reads it from TOML, YAML or JSON.
//!
//! Every struct rejects unknown fields so that a typo is an error with a
//! suggestion, not a silently ignored key. Maps are `BTreeMap`s keyed by option
//! id; anything shown to readers is ordered by the `options` list instead.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cell::{Better, Cell, DimensionType, Written};

/// A whole comparison data file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonData {
    /// Page title, e.g. "CIO vs. CTO".
    pub title: String,
    /// `"$schema"`: the JSON Schema an editor checks the file against
    /// (`schemas/comparison.schema.json`); not part of the data.
    #[serde(default, rename = "$schema", skip_serializing)]
    pub schema: Option<String>,
    /// One or two sentences for the page's meta description and lead.
    #[serde(default)]
    pub description: String,
    /// Overrides the id (and URL segment) taken from the file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The things being compared: two or more.
    pub options: Vec<Choice>,
    /// Rows of the at-a-glance table, written inline or as the name of a
    /// CSV file next to the data file (`dimensions = "rows.csv"`).
    #[serde(default)]
    pub dimensions: Dimensions,
    /// "Signs you need X" statements.
    #[serde(default)]
    pub signals: Vec<Signal>,
    /// Questions of the decision widget.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// What the widget says about its result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<Outcomes>,
    /// Give every pair of options a page of its own ("A vs. B",
    /// [`super::pairs`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pairs: bool,
}

/// One of the things compared (a column of the table).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stable id used in weights, URLs and the widget's state.
    pub id: String,
    /// Full name: "Chief Information Officer".
    pub name: String,
    /// Short name for tight spots: "CIO". Defaults to `name` when empty.
    #[serde(default)]
    pub short: String,
    /// One paragraph; inline Markdown allowed.
    #[serde(default)]
    pub summary: String,
    /// Article explaining this option: `@/...` internal link or any URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The table's rows, and the CSV file they came from, if any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dimensions {
    /// `dimensions = "rows.csv"`: the file's name, relative to the data file.
    pub csv: Option<String>,
    /// The rows: as written inline, or read from `csv` by [`super::csv`].
    pub rows: Vec<Dimension>,
}

impl std::ops::Deref for Dimensions {
    type Target = Vec<Dimension>;

    fn deref(&self) -> &Vec<Dimension> {
        &self.rows
    }
}

/// Written out as the rows (`data.json` has them, wherever they came from).
impl Serialize for Dimensions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Dimensions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Rows;
        impl<'de> serde::de::Visitor<'de> for Rows {
            type Value = Dimensions;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of dimensions or the name of a CSV file")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Dimensions, E> {
                Ok(Dimensions {
                    csv: Some(v.to_string()),
                    rows: Vec::new(),
                })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Dimensions, A::Error> {
                let mut rows = Vec::new();
                while let Some(row) = seq.next_element::<Dimension>()? {
                    rows.push(row);
                }
                Ok(Dimensions { csv: None, rows })
            }
        }
        d.deserialize_any(Rows)
    }
}

/// One row of the table: a value for every option.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Stable id.
    pub id: String,
    /// Row header: "Primary focus".
    pub label: String,
    /// What the values are: `text` (default), `bool`, `number`, `rating`, `list`.
    #[serde(default, rename = "type")]
    pub kind: DimensionType,
    /// Rows with the same group are shown under one heading ("Pricing").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Unit of a `number` dimension, shown after each value ("GB").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// For `number` and `rating`: which end is better, so the best value is marked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<Better>,
    /// Top of a `rating` scale (5 unless set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Option id → value (of the row's type; a `{ value, note }` table adds a note).
    pub values: BTreeMap<String, Cell>,
}

/// The top of a rating scale when a dimension sets no `max`.
pub const DEFAULT_RATING_MAX: f64 = 5.0;

impl Dimension {
    /// The top of this dimension's rating scale.
    pub fn max(&self) -> f64 {
        self.max.unwrap_or(DEFAULT_RATING_MAX)
    }
}

/// A "sign you need X": a statement pointing to one or more options.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// Stable id (used in the widget's URL state).
    pub id: String,
    /// The statement, plain text.
    pub text: String,
    /// Option id → how strongly this sign points to it.
    pub weights: BTreeMap<String, f64>,
}

/// Whether a question takes one answer or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// Radio buttons: one answer.
    Single,
    /// Checkboxes: any number of answers.
    Multiple,
}

/// A question of the decision widget.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id (a key of the widget's URL state).
    pub id: String,
    /// The question, plain text.
    pub prompt: String,
    /// `single` (default) or `multiple`.
    #[serde(default = "default_kind")]
    pub kind: QuestionKind,
    /// Possible answers: at least one.
    #[serde(default)]
    pub answers: Vec<Answer>,
}

fn default_kind() -> QuestionKind {
    QuestionKind::Single
}

/// One answer to a question.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Stable id (a value of the widget's URL state).
    pub id: String,
    /// The answer as the reader sees it.
    pub label: String,
    /// Why this answer points where it does; shown in the widget's "why".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    /// Option id → score added when this answer is chosen. May be empty.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Options this answer rules out, whatever they score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excludes: Vec<String>,
    /// Rules out every option whose value in a dimension does not meet this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<Requirement>,
}

/// A deal-breaker: `requires = { dimension = "replication", value = true }`.
/// What meets it depends on the dimension's type (see [`super::dealbreakers`]).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Id of a `bool`, `number`, `rating` or `list` dimension.
    pub dimension: String,
    /// The value required, of the dimension's type (a list dimension takes one item).
    pub value: Written,
}

/// Texts the widget shows for its result.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Outcomes {
    /// A close call when the runner-up scores at least `(1 - close_margin)` × the winner.
    #[serde(default = "default_close_margin")]
    pub close_margin: f64,
    /// Shown for a close call that no combination covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<String>,
    /// Option id → text shown when it wins clearly.
    #[serde(default)]
    pub wins: BTreeMap<String, String>,
    /// Texts for close calls between specific options.
    #[serde(default)]
    pub combinations: Vec<Combination>,
}

/// The margin used when a file has no `outcomes` or no `close_margin`.
pub const DEFAULT_CLOSE_MARGIN: f64 = 0.15;

fn default_close_margin() -> f64 {
    DEFAULT_CLOSE_MARGIN
}

/// Text for a close call between a set of options.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Combination {
    /// Two or more option ids.
    pub options: Vec<String>,
    /// What to tell the reader.
    pub text: String,
}
