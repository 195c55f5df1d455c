//! Duplicate keys in JSON and YAML: a pass over a document that rejects a
//! key given twice in one mapping. TOML rejects them itself; serde_json and
//! YAML keep the last value of a map without a word, so `{"tea": 1,
//! "tea": 2}` in comparison data or front matter would lose a value silently.

use std::collections::HashSet;
use std::fmt;

use serde::de::{
    self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// Deserializing this from a document succeeds when no mapping in it has a
/// key twice; the error is raised at the second one (so the format's error
/// carries its line and column).
pub struct UniqueKeys;

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Any)
    }
}

/// Visits any value, checking the keys of every mapping in it.
struct Any;

impl<'de> Visitor<'de> for Any {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_none<E>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_unit<E>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<UniqueKeys, D::Error> {
        UniqueKeys::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<UniqueKeys, D::Error> {
        UniqueKeys::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(Key(key)) = map.next_key::<Key>()? {
            if let Some(key) = key {
                if seen.contains(&key) {
                    return Err(de::Error::custom(format!(
                        "duplicate key `{key}`: each key may appear only once per object"
                    )));
                }
                seen.insert(key);
            }
            map.next_value::<UniqueKeys>()?;
        }
        Ok(UniqueKeys)
    }
    // A YAML tag (`!name value`).
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<UniqueKeys, A::Error> {
        let (_, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<UniqueKeys>()
    }
}

/// Where the duplicate key a YAML error `message` names is, in `text`:
/// the YAML parser points at the start of the mapping (`from`, a byte
/// offset), so this finds the second line from there that starts with that
/// key at the mapping's indentation.
pub fn yaml_duplicate_offset(text: &str, message: &str, from: usize) -> Option<usize> {
    let key = message.split("duplicate key `").nth(1)?.split('`').next()?;
    let line_start = text.get(..from)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = from - line_start;
    let mut seen = 0;
    let mut offset = line_start;
    for line in text[line_start..].split_inclusive('\n') {
        let rest = line.get(indent..).unwrap_or("");
        let name = rest.trim_start_matches(['"', '\'']);
        let quotes = rest.len() - name.len();
        let after = name
            .strip_prefix(key)
            .map(|r| r.trim_start_matches(['"', '\'']));
        if line[..indent.min(line.len())].trim().is_empty()
            && after.is_some_and(|r| r.trim_start().starts_with(':'))
        {
            seen += 1;
            if seen == 2 {
                return Some(offset + indent + quotes);
            }
        }
        offset += line.len();
    }
    None
}

/// A mapping key as text; `None` for keys that are not scalars (YAML
/// allows lists as keys), which are not compared.
struct Key(Option<String>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
        Ok(Key(Some(v.to_string())))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
        Ok(Key(Some(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
        Ok(Key(Some(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
        Ok(Key(Some(v.to_string())))
    }
    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key(Some(v.to_string())))
    }
    fn visit_unit<E>(self) -> Result<Key, E> {
        Ok(Key(Some("null".to_string())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Key, A::Error> {
        Any.visit_seq(seq).map(|_| Key(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Key, A::Error> {
        Any.visit_map(map).map(|_| Key(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_duplicates_are_found_at_any_depth() {
        assert!(
            serde_json::from_str::<UniqueKeys>(r#"{"a": [{"b": 1, "c": 2}], "d": {}}"#).is_ok()
        );
        let err = serde_json::from_str::<UniqueKeys>("{\"a\": {\n  \"b\": 1,\n  \"b\": 2}}")
            .err()
            .unwrap();
        assert!(err.to_string().contains("duplicate key `b`"), "{err}");
        assert_eq!(err.line(), 3);
    }

    #[test]
    fn yaml_duplicates_are_found_at_any_depth() {
        assert!(serde_yaml_ng::from_str::<UniqueKeys>("a:\n  - b: 1\n    c: 2\nd: !x 3\n").is_ok());
        let err = serde_yaml_ng::from_str::<UniqueKeys>("a: 1\nextra:\n  x: 1\n  x: 2\n")
            .err()
            .unwrap();
        assert!(err.to_string().contains("duplicate key `x`"), "{err}");
        let text = "a: 1\nextra:\n  x: 1\n  x: 2\n";
        let at = yaml_duplicate_offset(text, &err.to_string(), err.location().unwrap().index());
        assert_eq!(at, Some(text.rfind("x:").unwrap()), "{err}");
    }
}
