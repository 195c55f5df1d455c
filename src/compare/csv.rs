//! Dimension rows from a spreadsheet: `dimensions = "rows.csv"` in a
//! comparison file reads its table rows from a CSV file next to it. The
//! header names the columns: `id`, `label` (both required), `type`, `unit`,
//! `group`, `better`, `max` in any order, and one column per option id.
//! Values are read by the row's type (`true`/`false`/`partial`, numbers, a
//! `;`-separated list; a trailing `(note)` on a bool, number or rating is its
//! note), then checked like inline rows, and every error points at the CSV's
//! line and column.
//!
//! The records come from the crate's one CSV reader ([`crate::csv_records`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::cell::{Better, Cell, DimensionType, Written};
use super::rows::{check_row, InRow};
use super::schema::Dimension;
use super::validate::is_valid_id;
use crate::csv_records::{records, Field};
use crate::Error;

/// The settings columns; every other header names an option.
const SETTINGS: [&str; 7] = ["id", "label", "type", "unit", "group", "better", "max"];

/// Read the rows of `text` (the CSV file `display`, as errors print it) for
/// a comparison whose options are `options`. All problems are returned.
pub fn read_rows(
    display: &Path,
    text: &str,
    options: &[String],
) -> Result<Vec<Dimension>, Vec<Error>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let err = |at: usize, message: String| Error::new(message).in_file(display).at_offset(text, at);
    let records = records(text).map_err(|(at, m)| vec![err(at, m)])?;
    let Some((header, body)) = records.split_first() else {
        return Err(vec![Error::new("the CSV file is empty")
            .in_file(display)
            .with_hint(
                "start it with a header row: id,label,type,unit,<option id>,…",
            )]);
    };
    let mut errors = Vec::new();
    let mut column: HashMap<&str, usize> = HashMap::new();
    let mut option_cols: Vec<(usize, &str)> = Vec::new();
    for (i, f) in header.iter().enumerate() {
        let name = f.text.trim();
        if column.insert(name, i).is_some() {
            errors.push(err(
                f.at,
                format!("column `{name}` appears twice in the header"),
            ));
        } else if !SETTINGS.contains(&name) {
            if options.iter().any(|o| o == name) {
                option_cols.push((i, name));
            } else {
                let candidates = options.iter().map(String::as_str).chain(SETTINGS);
                errors.push(
                    err(
                        f.at,
                        format!("column `{name}` is neither a setting nor an option"),
                    )
                    .suggesting(name, candidates),
                );
            }
        }
    }
    for required in ["id", "label"] {
        if !column.contains_key(required) {
            errors.push(
                err(0, format!("the header has no `{required}` column")).with_hint(
                    "the header row starts: id,label,type,unit, then one column per option id",
                ),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for record in body {
        let line_start = record[0].at;
        if record.len() > header.len() {
            errors.push(err(
                record[header.len()].at,
                format!(
                    "this row has {} fields, the header {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let get = |name: &str| -> Option<&Field> {
            column
                .get(name)
                .and_then(|&i| record.get(i))
                .filter(|f| !f.text.trim().is_empty())
        };
        let at_of = |name: &str| get(name).map_or(line_start, |f| f.at);
        let id = get("id")
            .map(|f| f.text.trim().to_string())
            .unwrap_or_default();
        if !is_valid_id(&id) {
            errors.push(
                err(
                    at_of("id"),
                    format!("dimension id `{id}` is not a valid id"),
                )
                .with_hint("use only letters, digits, `-` and `_`"),
            );
            continue;
        }
        if seen.insert(id.clone(), line_start).is_some() {
            errors.push(
                err(at_of("id"), format!("duplicate dimension id `{id}`"))
                    .with_hint("ids must be unique within their list"),
            );
        }
        let kind = match get("type").map(|f| f.text.trim()) {
            None => DimensionType::Text,
            Some(name) => match parse_type(name) {
                Some(kind) => kind,
                None => {
                    let names = ["text", "bool", "number", "rating", "list"];
                    errors.push(
                        err(at_of("type"), format!("unknown type `{name}`"))
                            .suggesting(name, names),
                    );
                    continue;
                }
            },
        };
        let better = match get("better").map(|f| f.text.trim()) {
            None => None,
            Some("higher") => Some(Better::Higher),
            Some("lower") => Some(Better::Lower),
            Some(other) => {
                errors.push(
                    err(
                        at_of("better"),
                        format!("`better` must be `higher` or `lower`, found `{other}`"),
                    )
                    .suggesting(other, ["higher", "lower"]),
                );
                continue;
            }
        };
        let max = match get("max").map(|f| f.text.trim()) {
            None => None,
            Some(text) => match text.parse::<f64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(
                        err(
                            at_of("max"),
                            format!("`max` must be a number, found `{text}`"),
                        )
                        .with_hint("ratings usually go up to 5 or 10"),
                    );
                    continue;
                }
            },
        };
        let text_of = |name: &str| get(name).map(|f| f.text.trim().to_string());
        let values: BTreeMap<String, Cell> = option_cols
            .iter()
            .filter_map(|&(i, opt)| {
                let text = record.get(i).map_or("", |f| f.text.trim());
                // An empty cell is a missing value, except in a list row,
                // where it is the empty list.
                (kind == DimensionType::List || !text.is_empty())
                    .then(|| (opt.to_string(), cell(kind, text)))
            })
            .collect();
        let dim = Dimension {
            id,
            label: text_of("label").unwrap_or_default(),
            kind,
            group: text_of("group"),
            unit: text_of("unit"),
            better,
            max,
            values,
        };
        for p in check_row(&dim, options) {
            let at = match &p.at {
                InRow::Field(name) => at_of(name),
                InRow::Value(opt) => option_cols
                    .iter()
                    .find(|(_, o)| o == opt)
                    .and_then(|&(i, _)| record.get(i))
                    .map_or(line_start, |f| f.at),
                InRow::Missing(_) => line_start,
            };
            let hint = match &p.at {
                InRow::Missing(opt) => Some(format!(
                    "every option needs a value in every row; fill in column `{opt}`"
                )),
                _ => p.hint,
            };
            let mut e = err(at, p.message);
            if let Some(hint) = hint {
                e = e.with_hint(hint);
            }
            errors.push(e);
        }
        rows.push(dim);
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| (e.line, e.column));
        Err(errors)
    }
}

fn parse_type(name: &str) -> Option<DimensionType> {
    Some(match name {
        "text" => DimensionType::Text,
        "bool" => DimensionType::Bool,
        "number" => DimensionType::Number,
        "rating" => DimensionType::Rating,
        "list" => DimensionType::List,
        _ => return None,
    })
}

/// A cell's text read as the row's type. What cannot be read stays text,
/// so the row check says what was expected, as it does for inline rows.
fn cell(kind: DimensionType, text: &str) -> Cell {
    let (value, note) = match kind {
        DimensionType::Bool | DimensionType::Number | DimensionType::Rating => split_note(text),
        _ => (text, None),
    };
    let written = match kind {
        DimensionType::Text => Written::Text(text.to_string()),
        DimensionType::List => Written::List(
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        DimensionType::Bool => match value.to_ascii_lowercase().as_str() {
            "true" => Written::Bool(true),
            "false" => Written::Bool(false),
            "partial" => Written::Text("partial".to_string()),
            _ => Written::Text(value.to_string()),
        },
        DimensionType::Number | DimensionType::Rating => match value.parse::<f64>() {
            Ok(n) => Written::Number(n),
            Err(_) => Written::Text(value.to_string()),
        },
    };
    Cell {
        value: written,
        note: note.map(str::to_string),
    }
}

/// `partial (paid plans only)` → (`partial`, `paid plans only`).
fn split_note(text: &str) -> (&str, Option<&str>) {
    match text.strip_suffix(')').and_then(|t| t.split_once(" (")) {
        Some((value, note)) if !note.trim().is_empty() => (value.trim(), Some(note.trim())),
        _ => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_by_type() {
        assert_eq!(
            cell(DimensionType::Bool, "Partial (paid plans)"),
            Cell {
                value: Written::Text("partial".into()),
                note: Some("paid plans".into())
            }
        );
        assert_eq!(
            cell(DimensionType::List, "a; b ;"),
            Cell::plain(Written::List(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            cell(DimensionType::Text, "x (y)"),
            Cell::plain(Written::Text("x (y)".into()))
        );
        assert_eq!(
            cell(DimensionType::Number, "2.5"),
            Cell::plain(Written::Number(2.5))
        );
    }
}
