//! [`Date`]: a front-matter date or date-time, validated and kept as the
//! ISO text templates format.

use serde::{Deserialize, Deserializer, Serialize};

/// A date or date-time from front matter, kept as the ISO text templates format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Date(pub String);

impl Date {
    /// Parse `2026-11-02`, `2026-11-02T10:00:00Z`, `2026-11-02 10:00:00`, with
    /// an optional offset. Returns the normalised ISO text.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Date(d.format("%Y-%m-%d").to_string()));
        }
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
            return Some(Date(dt.to_rfc3339()));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
            if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(text, fmt) {
                return Some(Date(dt.format("%Y-%m-%dT%H:%M:%S").to_string()));
            }
        }
        if let Ok(dt) = chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z") {
            return Some(Date(dt.to_rfc3339()));
        }
        None
    }

    /// RFC 3339 date-time (midnight UTC for a plain date), as feeds want.
    pub fn rfc3339(&self) -> String {
        if self.0.len() == 10 {
            format!("{}T00:00:00Z", self.0)
        } else if self.0.len() == 19 {
            format!("{}Z", self.0)
        } else {
            self.0.clone()
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date like 2026-11-02 or 2026-11-02T10:00:00Z")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "invalid date `{v}`: expected a date like 2026-11-02 or 2026-11-02T10:00:00Z"
                    ))
                })
            }
            // TOML hands its native date-times over as a one-entry map.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, value)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom("empty date"));
                };
                self.visit_str(&value)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
