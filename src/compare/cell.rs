//! Typed table cells: the kinds a dimension can declare (`type = "bool"` …),
//! the value as written in a data file, and the check of one against the
//! other. A value is read without knowing its dimension's type (serde sees
//! the cell before the row), so it is kept as written and checked afterwards,
//! where the error can name the type that was expected.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// What a dimension's values are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DimensionType {
    /// Inline Markdown (the default).
    #[default]
    Text,
    /// `true`, `false` or `"partial"`.
    Bool,
    /// A number, with an optional `unit`.
    Number,
    /// A score from 0 to the dimension's `max` (5 unless set).
    Rating,
    /// A list of short strings.
    List,
}

impl DimensionType {
    /// The name used in data files.
    pub fn name(self) -> &'static str {
        match self {
            DimensionType::Text => "text",
            DimensionType::Bool => "bool",
            DimensionType::Number => "number",
            DimensionType::Rating => "rating",
            DimensionType::List => "list",
        }
    }

    /// What a value of this type looks like, for hints.
    pub fn expected(self) -> &'static str {
        match self {
            DimensionType::Text => "a string (inline Markdown)",
            DimensionType::Bool => "`true`, `false` or `\"partial\"`",
            DimensionType::Number => "a number",
            DimensionType::Rating => "a number from 0 to the dimension's `max`",
            DimensionType::List => "a list of strings",
        }
    }
}

/// Which end of a number or rating is the better one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// The largest value is best.
    Higher,
    /// The smallest value is best.
    Lower,
}

/// A value as written, before it is checked against its dimension's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// `true` / `false`.
    Bool(bool),
    /// Any number (integers are read as `f64`, so `5` and `5.0` are equal).
    Number(f64),
    /// A string.
    Text(String),
    /// A list of strings.
    List(Vec<String>),
}

impl Written {
    /// What this is, for error messages.
    pub fn describe(&self) -> String {
        match self {
            Written::Bool(b) => format!("`{b}`"),
            Written::Number(n) => format!("the number {n}"),
            Written::Text(s) => format!("the string \"{}\"", shorten(s)),
            Written::List(_) => "a list".to_string(),
        }
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(30).collect();
    if s.chars().count() > 30 {
        out.push('…');
    }
    out
}

/// One cell: a value and an optional note (`{ value = "partial", note = "…" }`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The value.
    pub value: Written,
    /// Shown next to the value, e.g. "on paid plans only". Plain text.
    pub note: Option<String>,
}

impl Cell {
    /// A cell without a note.
    pub fn plain(value: Written) -> Self {
        Cell { value, note: None }
    }

    /// The Markdown text of a text cell (empty for other values).
    pub fn text(&self) -> &str {
        match &self.value {
            Written::Text(s) => s,
            _ => "",
        }
    }
}

/// The value of a checked cell, typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Typed<'a> {
    /// Inline Markdown.
    Text(&'a str),
    /// Yes, no or partly.
    Bool(Tristate),
    /// A finite number.
    Number(f64),
    /// A score from 0 to the dimension's max.
    Rating(f64),
    /// Short strings.
    List(&'a [String]),
}

/// A bool cell's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tristate {
    /// `true`
    Yes,
    /// `false`
    No,
    /// `"partial"`
    Partial,
}

/// Why a cell does not fit its dimension: a message and a hint.
pub type Mismatch = (String, String);

/// Check `cell` against a dimension of type `kind` whose ratings go up to
/// `max`; the typed value, or what is wrong.
pub fn check(kind: DimensionType, max: f64, cell: &Cell) -> Result<Typed<'_>, Mismatch> {
    let wrong = || {
        (
            format!(
                "expected {} for a `{}` dimension, found {}",
                kind.expected(),
                kind.name(),
                cell.value.describe()
            ),
            hint(kind).to_string(),
        )
    };
    let typed = match (kind, &cell.value) {
        (DimensionType::Text, Written::Text(s)) => Typed::Text(s),
        (DimensionType::Bool, Written::Bool(true)) => Typed::Bool(Tristate::Yes),
        (DimensionType::Bool, Written::Bool(false)) => Typed::Bool(Tristate::No),
        (DimensionType::Bool, Written::Text(s)) if s == "partial" => Typed::Bool(Tristate::Partial),
        (DimensionType::Number, Written::Number(n)) if n.is_finite() => Typed::Number(*n),
        (DimensionType::Rating, Written::Number(n)) => {
            if !(n.is_finite() && (0.0..=max).contains(n)) {
                return Err((
                    format!("rating {n} is outside 0 to {max}"),
                    "a rating is a number from 0 up to the dimension's `max` (5 unless set)"
                        .to_string(),
                ));
            }
            Typed::Rating(*n)
        }
        (DimensionType::List, Written::List(items)) => {
            if let Some(bad) = items
                .iter()
                .find(|s| s.trim().is_empty() || s.contains('\n'))
            {
                return Err((
                    format!("list item \"{}\" is empty or spans lines", shorten(bad)),
                    "list items are short strings on one line".to_string(),
                ));
            }
            Typed::List(items)
        }
        _ => return Err(wrong()),
    };
    if kind == DimensionType::Text && cell.note.is_some() {
        return Err((
            "a `text` value cannot have a note".to_string(),
            "write the note into the text itself".to_string(),
        ));
    }
    Ok(typed)
}

fn hint(kind: DimensionType) -> &'static str {
    match kind {
        DimensionType::Text => "write the value as a string, or give the dimension another `type`",
        DimensionType::Bool => "use `true`, `false` or `\"partial\"`; add `note` for details",
        DimensionType::Number => {
            "write a plain number such as 42 or 9.5; the dimension's `unit` is added when shown"
        }
        DimensionType::Rating => "write a number such as 4 or 3.5",
        DimensionType::List => "write a list of strings such as [\"a\", \"b\"]",
    }
}

impl Serialize for Written {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Written::Bool(b) => s.serialize_bool(*b),
            Written::Number(n) => s.serialize_f64(*n),
            Written::Text(t) => s.serialize_str(t),
            Written::List(items) => items.serialize(s),
        }
    }
}

/// A cell without a note serializes as its bare value, as it is written.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.note {
            None => self.value.serialize(s),
            Some(note) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("value", &self.value)?;
                map.serialize_entry("note", note)?;
                map.end()
            }
        }
    }
}

const EXPECTED: &str =
    "a string, a number, true or false, a list of strings, or { value = …, note = \"…\" }";

struct WrittenVisitor;

impl<'de> Visitor<'de> for WrittenVisitor {
    type Value = Written;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&EXPECTED[..EXPECTED.rfind(", or").unwrap_or(EXPECTED.len())])
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Written, E> {
        Ok(Written::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Written, E> {
        Ok(Written::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Written, E> {
        Ok(Written::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Written, E> {
        Ok(Written::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Written, E> {
        Ok(Written::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Written, E> {
        Ok(Written::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(Written::List(items))
    }
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(WrittenVisitor)
    }
}

struct CellVisitor;

impl<'de> Visitor<'de> for CellVisitor {
    type Value = Cell;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Cell, E> {
        WrittenVisitor.visit_bool(v).map(Cell::plain)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell, E> {
        WrittenVisitor.visit_i64(v).map(Cell::plain)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell, E> {
        WrittenVisitor.visit_u64(v).map(Cell::plain)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell, E> {
        WrittenVisitor.visit_f64(v).map(Cell::plain)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell, E> {
        WrittenVisitor.visit_str(v).map(Cell::plain)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Cell, E> {
        WrittenVisitor.visit_string(v).map(Cell::plain)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Cell, A::Error> {
        WrittenVisitor.visit_seq(seq).map(Cell::plain)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cell, A::Error> {
        let mut value = None;
        let mut note = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "value" if value.is_none() => value = Some(map.next_value::<Written>()?),
                "note" if note.is_none() => note = Some(map.next_value::<String>()?),
                "value" | "note" => return Err(de::Error::duplicate_field("value` or `note")),
                other => return Err(de::Error::unknown_field(other, &["value", "note"])),
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        Ok(Cell { value, note })
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CellVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(v: Written) -> Cell {
        Cell::plain(v)
    }

    #[test]
    fn values_fit_their_types() {
        let t = DimensionType::Bool;
        assert_eq!(
            check(t, 5.0, &cell(Written::Text("partial".into()))),
            Ok(Typed::Bool(Tristate::Partial))
        );
        assert!(check(t, 5.0, &cell(Written::Text("yes".into()))).is_err());
        assert!(check(DimensionType::Number, 5.0, &cell(Written::Text("5".into()))).is_err());
        assert_eq!(
            check(DimensionType::Rating, 10.0, &cell(Written::Number(7.0))),
            Ok(Typed::Rating(7.0))
        );
        assert!(check(DimensionType::Rating, 5.0, &cell(Written::Number(7.0))).is_err());
        assert!(check(DimensionType::Rating, 5.0, &cell(Written::Number(-1.0))).is_err());
        assert!(check(
            DimensionType::List,
            5.0,
            &cell(Written::List(vec![" ".into()]))
        )
        .is_err());
        let noted = Cell {
            value: Written::Text("x".into()),
            note: Some("n".into()),
        };
        assert!(check(DimensionType::Text, 5.0, &noted).is_err());
    }

    #[test]
    fn cells_read_the_same_from_every_format() {
        let toml: std::collections::BTreeMap<String, Cell> =
            toml::from_str("a = 1\nb = { value = \"partial\", note = \"n\" }\nc = [\"x\"]\n")
                .unwrap();
        let json: std::collections::BTreeMap<String, Cell> = serde_json::from_str(
            r#"{"a": 1.0, "b": {"value": "partial", "note": "n"}, "c": ["x"]}"#,
        )
        .unwrap();
        let yaml: std::collections::BTreeMap<String, Cell> =
            serde_yaml_ng::from_str("a: 1\nb: {value: partial, note: n}\nc: [x]\n").unwrap();
        assert_eq!(toml, json);
        assert_eq!(toml, yaml);
        assert_eq!(
            serde_json::to_string(&toml).unwrap(),
            r#"{"a":1.0,"b":{"value":"partial","note":"n"},"c":["x"]}"#
        );
    }
}
