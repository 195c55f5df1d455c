//! Checks one dimension row on its own: its settings fit its type, it has a
//! value for every option and none for anything else, and every value fits
//! the type. Shared by the inline form (located through [`super::locate`])
//! and the CSV form (located by cell, in [`super::csv`]).

use super::cell::{self, DimensionType};
use super::schema::Dimension;

/// Where in a row a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InRow {
    /// A setting of the row: `unit`, `better`, `max`.
    Field(&'static str),
    /// The value for this option id (or the key naming it).
    Value(String),
    /// The row's values as a whole: the value for this option is missing.
    Missing(String),
}

/// One thing wrong with a row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    /// Where in the row.
    pub at: InRow,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// `(found, candidates)` for a "did you mean" hint.
    pub suggest: Option<(String, Vec<String>)>,
}

impl RowProblem {
    fn new(at: InRow, message: String, hint: impl Into<String>) -> Self {
        RowProblem {
            at,
            message,
            hint: Some(hint.into()),
            suggest: None,
        }
    }
}

/// Every problem of `dim`, given the comparison's option ids.
pub fn check_row(dim: &Dimension, options: &[String]) -> Vec<RowProblem> {
    let mut out = Vec::new();
    let kind = dim.kind;
    let setting = |field: &'static str, allowed: &[DimensionType]| {
        RowProblem::new(
            InRow::Field(field),
            format!(
                "`{field}` does not apply to a `{}` dimension (`{}`)",
                kind.name(),
                dim.id
            ),
            format!(
                "`{field}` is for {} dimensions; set `type` or remove `{field}`",
                allowed
                    .iter()
                    .map(|t| format!("`{}`", t.name()))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        )
    };
    if dim.unit.is_some() && kind != DimensionType::Number {
        out.push(setting("unit", &[DimensionType::Number]));
    }
    if dim.better.is_some() && !matches!(kind, DimensionType::Number | DimensionType::Rating) {
        out.push(setting(
            "better",
            &[DimensionType::Number, DimensionType::Rating],
        ));
    }
    if let Some(max) = dim.max {
        if kind != DimensionType::Rating {
            out.push(setting("max", &[DimensionType::Rating]));
        } else if !(max.is_finite() && max > 0.0) {
            out.push(RowProblem::new(
                InRow::Field("max"),
                format!(
                    "`max` of dimension `{}` must be a number above 0, found {max}",
                    dim.id
                ),
                "ratings usually go up to 5 or 10",
            ));
        }
    }
    for (key, value) in &dim.values {
        if !options.iter().any(|o| o == key) {
            out.push(RowProblem {
                at: InRow::Value(key.clone()),
                message: format!(
                    "dimension `{}` has a value for `{key}`, which is not an option",
                    dim.id
                ),
                hint: None,
                suggest: Some((key.clone(), options.to_vec())),
            });
        } else if let Err((message, hint)) = cell::check(kind, dim.max(), value) {
            out.push(RowProblem::new(
                InRow::Value(key.clone()),
                format!("dimension `{}`, option `{key}`: {message}", dim.id),
                hint,
            ));
        }
    }
    for opt in options {
        if !dim.values.contains_key(opt) {
            out.push(RowProblem::new(
                InRow::Missing(opt.clone()),
                format!("dimension `{}` has no value for option `{opt}`", dim.id),
                format!("every option needs a value in every row; add `{opt}` to `values`"),
            ));
        }
    }
    out
}
