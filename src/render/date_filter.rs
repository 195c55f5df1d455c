//! The `date(format="%B %-d, %Y")` filter over the ISO dates of front
//! matter (our own, so Tera's time-zone database is not compiled in).
//!
//! A listing formats a date on every card, always with the same format or
//! two: each thread parses a format once and keeps its items, and a plain
//! `YYYY-MM-DD` is read without a format parser. Both give what chrono's
//! `parse_from_str` and `format` give.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::format::Item;
use chrono::{NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap;
use tera::Value;

/// Formats kept per thread, at most: past it they start afresh (a theme
/// that builds its formats from page data gains nothing, and holds nothing).
const CAPACITY: usize = 64;

/// A format's items, or `None` for a format chrono cannot read.
type Items = Option<Vec<Item<'static>>>;

thread_local! {
    static FORMATS: RefCell<FxHashMap<String, Items>> = RefCell::new(FxHashMap::default());
}

/// The filter.
pub fn date_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let format = match args.get("format") {
        Some(Value::String(f)) => f.as_str(),
        Some(other) => return Err(format!("`date`: `format` must be a string, got {other}").into()),
        None => "%Y-%m-%d",
    };
    let text = match value {
        Value::String(s) => s.as_str(),
        Value::Null => return Ok(Value::String(String::new())),
        other => return Err(format!("`date` expects a date string, got {other}").into()),
    };
    let date = parse(text).ok_or_else(|| format!("`date`: `{text}` is not an ISO date"))?;
    let mut out = String::new();
    let written = FORMATS.with_borrow_mut(|formats| {
        if !formats.contains_key(format) {
            if formats.len() >= CAPACITY {
                formats.clear();
            }
            let items = chrono::format::StrftimeItems::new(format).parse_to_owned();
            formats.insert(format.to_string(), items.ok());
        }
        let items = formats[format].as_deref().ok_or(std::fmt::Error)?;
        match date {
            Parsed::Date(d) => write!(out, "{}", d.format_with_items(items.iter())),
            Parsed::Zoned(dt) => write!(out, "{}", dt.format_with_items(items.iter())),
            Parsed::Local(dt) => write!(out, "{}", dt.format_with_items(items.iter())),
        }
    });
    written.map_err(|_| tera::Error::msg(format!("`date`: invalid format `{format}`")))?;
    Ok(Value::String(out))
}

/// A date as front matter writes it.
enum Parsed {
    Date(NaiveDate),
    Zoned(chrono::DateTime<chrono::FixedOffset>),
    Local(NaiveDateTime),
}

/// `text` as a date (`%Y-%m-%d`), an RFC 3339 time, or a time with no
/// offset (`%Y-%m-%dT%H:%M:%S`), tried in that order.
fn parse(text: &str) -> Option<Parsed> {
    if let Some(d) = plain_date(text) {
        return Some(Parsed::Date(d));
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(Parsed::Date(d));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(Parsed::Zoned(dt));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(Parsed::Local)
}

/// Exactly `YYYY-MM-DD` (what front matter dates nearly always are), read
/// by hand; anything else is left to chrono's parser.
fn plain_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(value: &str, format: Option<&str>) -> Result<String, String> {
        let mut args = HashMap::new();
        if let Some(f) = format {
            args.insert("format".to_string(), Value::String(f.to_string()));
        }
        date_filter(&Value::String(value.to_string()), &args)
            .map(|v| v.as_str().unwrap().to_string())
            .map_err(|e| e.to_string())
    }

    /// What chrono gives when it parses and formats the text itself.
    fn chrono_alone(text: &str, format: &str) -> Option<String> {
        let mut out = String::new();
        let written = if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            write!(out, "{}", d.format(format))
        } else if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
            write!(out, "{}", dt.format(format))
        } else {
            let dt = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok()?;
            write!(out, "{}", dt.format(format))
        };
        written.ok().map(|_| out)
    }

    #[test]
    fn formats_as_chrono_does() {
        let dates = [
            "2024-03-05",
            "1999-12-31",
            "2024-02-29",
            "2024-3-5",
            "+2024-03-05",
            "2024-03-05T10:20:30Z",
            "2024-03-05T10:20:30+02:00",
            "2024-03-05T10:20:30",
        ];
        let formats = ["%B %-d, %Y", "%Y-%m-%d", "%d/%m/%y %a", "%H:%M", "%z", "%Q"];
        for date in dates {
            for format in formats {
                // Twice: the second time the format's items are kept ones.
                for _ in 0..2 {
                    assert_eq!(
                        filter(date, Some(format)).ok(),
                        chrono_alone(date, format),
                        "{date} with {format}"
                    );
                }
            }
        }
        assert_eq!(filter("2024-03-05", None).unwrap(), "2024-03-05");
        assert_eq!(
            filter("2024-03-05", Some("%B %-d, %Y")).unwrap(),
            "March 5, 2024"
        );
    }

    #[test]
    fn bad_dates_and_formats_are_named() {
        assert_eq!(
            filter("2024-02-30", None).unwrap_err(),
            "`date`: `2024-02-30` is not an ISO date"
        );
        assert_eq!(
            filter("yesterday", None).unwrap_err(),
            "`date`: `yesterday` is not an ISO date"
        );
        assert_eq!(
            filter("2024-03-05", Some("%Q")).unwrap_err(),
            "`date`: invalid format `%Q`"
        );
        assert_eq!(
            filter("2024-03-05", Some("%z")).unwrap_err(),
            "`date`: invalid format `%z`"
        );
        let null = date_filter(&Value::Null, &HashMap::new()).unwrap();
        assert_eq!(null, Value::String(String::new()));
    }
}
