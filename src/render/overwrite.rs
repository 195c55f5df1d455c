//! Serializing into a value that is already there: its strings, arrays and
//! maps are written over rather than freed and made again. A thread renders
//! page after page with one context, and its `page` has the same shape from
//! one page to the next (the same keys, strings of about the same length),
//! so each page costs writes, not a few hundred allocations and as many
//! frees (with the bench theme, making and freeing `page` was a quarter of
//! the page template's render).
//!
//! The result is what `serde_json::to_value` gives, always: a map that
//! keeps a key the new value does not write is made again from scratch.
//! (serde_json is built without `raw_value` and `arbitrary_precision`,
//! whose private structs its own serializer would treat apart.)
//! Listings (a section's, a tag's), one context each, write over a value
//! an earlier listing gave back ([`Spares`]).

use std::sync::{Mutex, PoisonError};

use serde::ser::{self, Serialize, Serializer};
use serde_json::{Map, Value};
use tera::Context;

// serde_json's own serializer, for everything written whole.
use serde_json::value::Serializer as Whole;

type Error = serde_json::Error;

/// Set `ctx[key]` to `value` serialized, written over what is there.
pub fn insert<T: Serialize + ?Sized>(ctx: &mut Context, key: &str, value: &T) {
    let slot = ctx.remove(key).unwrap_or(Value::Null);
    insert_over(ctx, key, slot, value);
}

/// Set `ctx[key]` to `value` serialized, written over `slot` (a value of
/// about its shape, or null).
pub fn insert_over<T: Serialize + ?Sized>(
    ctx: &mut Context,
    key: &str,
    mut slot: Value,
    value: &T,
) {
    // What the context's own `insert` does with a value that cannot be
    // serialized (none of versus's views): panic.
    serialize_into(&mut slot, value).expect("a template value serializes");
    let mut one = Map::new();
    one.insert(key.to_owned(), slot);
    ctx.extend(Context::from_value(Value::Object(one)).expect("an object is a context"));
}

/// Values given back once a render is done with them, by key, for the
/// next render of that key to write over: at most one per thread and key
/// (what the threads can use at once).
#[derive(Default)]
pub struct Spares(Mutex<Vec<(&'static str, Value)>>);

impl Spares {
    /// A value given back under `key`, or null.
    pub fn take(&self, key: &str) -> Value {
        let mut spares = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match spares.iter().position(|(k, _)| *k == key) {
            Some(at) => spares.swap_remove(at).1,
            None => Value::Null,
        }
    }

    /// Keep `value` for a later [`Spares::take`] of `key`.
    pub fn give(&self, key: &'static str, value: Value) {
        let mut spares = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if spares.iter().filter(|(k, _)| *k == key).count() < rayon::current_num_threads() {
            spares.push((key, value));
        }
    }
}

/// The spares (a listing's every page summary each) are freed off the
/// thread that ends the render: the dev server's reload waits for that.
impl Drop for Spares {
    fn drop(&mut self) {
        let spares = std::mem::take(self.0.get_mut().unwrap_or_else(PoisonError::into_inner));
        if !spares.is_empty() {
            crate::reclaim::later(spares);
        }
    }
}

/// Make `slot` what `serde_json::to_value(value)` would give, reusing what
/// it holds. A map that comes out holding a key the new value does not
/// write (a page's `extra` with other keys than the last page's) is made
/// again, alone; the rest of the value stays written over.
pub fn serialize_into<T: Serialize + ?Sized>(slot: &mut Value, value: &T) -> Result<(), Error> {
    if value.serialize(Over { slot })? == Fit::Stale {
        *slot = serde_json::to_value(value)?;
    }
    Ok(())
}

/// Did writing over a map leave it exact, or holding keys the new value
/// does not have? (Only a map's own keys: a value inside that came out
/// stale was made again where it is.)
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fit {
    Exact,
    Stale,
}

/// Serializes over what `slot` holds.
struct Over<'a> {
    slot: &'a mut Value,
}

impl<'a> Over<'a> {
    /// Set the slot to a value made whole.
    fn set(self, value: Result<Value, Error>) -> Result<Fit, Error> {
        *self.slot = value?;
        Ok(Fit::Exact)
    }

    /// An enum variant with fields, made whole by serde_json's `whole`.
    fn variant<S>(self, whole: Result<S, Error>) -> Result<WholeVariant<'a, S>, Error> {
        Ok(WholeVariant {
            slot: self.slot,
            whole: whole?,
        })
    }
}

/// The methods of [`Over`] for what has no room to reuse (a number, a
/// bool): serde_json makes the value.
macro_rules! made_whole {
    ($($method:ident($arg:ty);)*) => {$(
        fn $method(self, v: $arg) -> Result<Fit, Error> {
            self.set(Whole.$method(v))
        }
    )*};
}

impl<'a> Serializer for Over<'a> {
    type Ok = Fit;
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = WholeVariant<'a, <Whole as Serializer>::SerializeTupleVariant>;
    type SerializeMap = MapInto<'a>;
    type SerializeStruct = MapInto<'a>;
    type SerializeStructVariant = WholeVariant<'a, <Whole as Serializer>::SerializeStructVariant>;

    made_whole! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_bytes(&[u8]);
    }
    fn serialize_char(self, v: char) -> Result<Fit, Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Fit, Error> {
        match self.slot {
            Value::String(s) => {
                s.clear();
                s.push_str(v);
            }
            slot => *slot = Value::String(v.to_owned()),
        }
        Ok(Fit::Exact)
    }
    fn serialize_none(self) -> Result<Fit, Error> {
        self.set(Ok(Value::Null))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Fit, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Fit, Error> {
        self.set(Ok(Value::Null))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Fit, Error> {
        self.set(Ok(Value::Null))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Fit, Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Fit, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Fit, Error> {
        self.set(Whole.serialize_newtype_variant(name, index, variant, value))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a>, Error> {
        if !self.slot.is_array() {
            *self.slot = Value::Array(Vec::with_capacity(len.unwrap_or(0)));
        }
        let Value::Array(items) = self.slot else {
            unreachable!("made an array above")
        };
        Ok(Seq { items, at: 0 })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        self.variant(Whole.serialize_tuple_variant(name, index, variant, len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapInto<'a>, Error> {
        if !self.slot.is_object() {
            *self.slot = Value::Object(Map::new());
        }
        let Value::Object(map) = self.slot else {
            unreachable!("made a map above")
        };
        Ok(MapInto {
            map,
            key: String::new(),
            written: 0,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapInto<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        self.variant(Whole.serialize_struct_variant(name, index, variant, len))
    }
}

/// An array written over item by item; what is left past the new length is
/// cut off.
struct Seq<'a> {
    items: &'a mut Vec<Value>,
    at: usize,
}

impl Seq<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        match self.items.get_mut(self.at) {
            Some(slot) => serialize_into(slot, value)?,
            None => self.items.push(serde_json::to_value(value)?),
        }
        self.at += 1;
        Ok(())
    }
    fn finish(self) -> Result<Fit, Error> {
        self.items.truncate(self.at);
        Ok(Fit::Exact)
    }
}

/// serde's three kinds of sequence, each written over as [`Seq`].
macro_rules! sequence {
    ($($kind:ident::$method:ident),*) => {$(
        impl ser::$kind for Seq<'_> {
            type Ok = Fit;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Result<Fit, Error> {
                self.finish()
            }
        }
    )*};
}

sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// A map (or struct) written over key by key. Keys are told apart as they
/// are written (a struct's fields, a map's keys), so the map holds a key
/// the new value lacks exactly when it has more keys than were written:
/// then it is [`Fit::Stale`], and made again by [`serialize_into`].
struct MapInto<'a> {
    map: &'a mut Map<String, Value>,
    /// The key of the entry being written (a map's keys are serialized
    /// apart from their values).
    key: String,
    written: usize,
}

impl MapInto<'_> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        match self.map.get_mut(key) {
            Some(slot) => serialize_into(slot, value)?,
            None => {
                self.map
                    .insert(key.to_owned(), serde_json::to_value(value)?);
            }
        }
        self.written += 1;
        Ok(())
    }
    fn finish(self) -> Result<Fit, Error> {
        if self.written == self.map.len() {
            Ok(Fit::Exact)
        } else {
            Ok(Fit::Stale)
        }
    }
}

impl ser::SerializeMap for MapInto<'_> {
    type Ok = Fit;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = map_key(key, std::mem::take(&mut self.key))?;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = std::mem::take(&mut self.key);
        let done = self.entry(&key, value);
        self.key = key;
        done
    }
    fn end(self) -> Result<Fit, Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for MapInto<'_> {
    type Ok = Fit;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.entry(key, value)
    }
    fn end(self) -> Result<Fit, Error> {
        self.finish()
    }
}

/// A map key as serde_json writes it, into `buffer`: a string as it is
/// (every key of versus's views), anything else as serde_json's own map
/// makes it (a number, a bool) or refuses it.
fn map_key<T: Serialize + ?Sized>(key: &T, mut buffer: String) -> Result<String, Error> {
    buffer.clear();
    if key.serialize(StrKey(&mut buffer)).is_ok() {
        return Ok(buffer);
    }
    let mut whole = Whole.serialize_map(Some(1))?;
    ser::SerializeMap::serialize_entry(&mut whole, key, &())?;
    match ser::SerializeMap::end(whole)? {
        Value::Object(map) => Ok(map.into_iter().next().map(|(k, _)| k).unwrap_or_default()),
        _ => unreachable!("a map serializes to an object"),
    }
}

/// Takes a key that is a string, and fails on anything else.
struct StrKey<'a>(&'a mut String);

/// The methods of [`StrKey`] for what is not a string.
macro_rules! not_a_string {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ok, Error> {
            Err(ser::Error::custom("not a string"))
        }
    )*};
}

impl Serializer for StrKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.push_str(v);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(ser::Error::custom("not a string"))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(ser::Error::custom("not a string"))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(ser::Error::custom("not a string"))
    }
    not_a_string! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

/// An enum variant with fields, made whole by serde_json, then put in the
/// slot.
struct WholeVariant<'a, S> {
    slot: &'a mut Value,
    whole: S,
}

impl<S: ser::SerializeTupleVariant<Ok = Value, Error = Error>> ser::SerializeTupleVariant
    for WholeVariant<'_, S>
{
    type Ok = Fit;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.whole.serialize_field(value)
    }
    fn end(self) -> Result<Fit, Error> {
        *self.slot = self.whole.end()?;
        Ok(Fit::Exact)
    }
}

impl<S: ser::SerializeStructVariant<Ok = Value, Error = Error>> ser::SerializeStructVariant
    for WholeVariant<'_, S>
{
    type Ok = Fit;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.whole.serialize_field(key, value)
    }
    fn end(self) -> Result<Fit, Error> {
        *self.slot = self.whole.end()?;
        Ok(Fit::Exact)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;
    use serde_json::{json, Value};

    use super::*;

    #[derive(Serialize)]
    enum Kind {
        Plain,
        Named(String),
        Pair(u8, char),
        Shaped { at: i64 },
    }

    #[derive(Serialize)]
    struct Entry {
        id: String,
        level: u8,
        children: Vec<Entry>,
    }

    #[derive(Serialize)]
    struct Summary {
        title: String,
        date: Option<String>,
        #[serde(flatten)]
        terms: BTreeMap<String, Vec<String>>,
    }

    #[derive(Serialize)]
    struct View {
        #[serde(flatten)]
        summary: Summary,
        content: String,
        weight: Option<i64>,
        ratio: f64,
        toc: Vec<Entry>,
        extra: BTreeMap<String, Value>,
        kind: Kind,
        keyed: BTreeMap<u32, bool>,
    }

    fn entry(id: &str, children: Vec<Entry>) -> Entry {
        Entry {
            id: id.into(),
            level: 2,
            children,
        }
    }

    /// Views of every shape change: keys gone and new, arrays longer and
    /// shorter, a value of another type, each kind of enum variant.
    fn views() -> Vec<View> {
        let terms = |pairs: &[(&str, &[&str])]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect()
        };
        vec![
            View {
                summary: Summary {
                    title: "First, a long title".into(),
                    date: Some("2024-01-02".into()),
                    terms: terms(&[("tags", &["a", "b"])]),
                },
                content: "<p>one</p>".repeat(50),
                weight: Some(3),
                ratio: 0.5,
                toc: vec![entry("a", vec![entry("a-1", vec![])]), entry("b", vec![])],
                extra: [("x".to_string(), json!({"deep": [1, 2]}))].into(),
                kind: Kind::Plain,
                keyed: [(1, true)].into(),
            },
            View {
                summary: Summary {
                    title: "Second".into(),
                    date: None,
                    terms: terms(&[("tags", &["c"]), ("authors", &["d"])]),
                },
                content: "<p>two</p>".into(),
                weight: None,
                ratio: f64::NAN,
                toc: vec![entry("c", vec![]), entry("d", vec![]), entry("e", vec![])],
                extra: [("x".to_string(), json!("now a string"))].into(),
                kind: Kind::Named("n".into()),
                keyed: [(1, false), (20, true)].into(),
            },
            View {
                summary: Summary {
                    title: String::new(),
                    date: Some("2025-05-05".into()),
                    terms: terms(&[]),
                },
                content: String::new(),
                weight: Some(-1),
                ratio: 1e300,
                toc: vec![],
                extra: [("y".to_string(), json!(null))].into(),
                kind: Kind::Pair(7, 'é'),
                keyed: BTreeMap::new(),
            },
            View {
                summary: Summary {
                    title: "Fourth".into(),
                    date: None,
                    terms: terms(&[("tags", &["a", "b", "c"])]),
                },
                content: "<p>four</p>".into(),
                weight: None,
                ratio: 0.0,
                toc: vec![entry("f", vec![entry("g", vec![entry("h", vec![])])])],
                extra: BTreeMap::new(),
                kind: Kind::Shaped { at: -5 },
                keyed: [(3, true)].into(),
            },
        ]
    }

    #[test]
    fn written_over_equals_made_afresh() {
        let views = views();
        // Every view written over every other, in both orders.
        for before in &views {
            for after in &views {
                let mut slot = serde_json::to_value(before).unwrap();
                serialize_into(&mut slot, after).unwrap();
                assert_eq!(slot, serde_json::to_value(after).unwrap());
            }
        }
        // And over values of another type altogether.
        for start in [
            json!(null),
            json!([1, 2, 3]),
            json!("text"),
            json!({"k": 1}),
        ] {
            let mut slot = start;
            serialize_into(&mut slot, &views[0]).unwrap();
            assert_eq!(slot, serde_json::to_value(&views[0]).unwrap());
        }
    }

    #[test]
    fn keys_that_are_not_strings_are_written_as_serde_json_writes_them() {
        let numbers: BTreeMap<i64, &str> = [(-1, "a"), (2, "b")].into();
        let mut slot = json!({"-1": "old", "9": "gone"});
        serialize_into(&mut slot, &numbers).unwrap();
        assert_eq!(slot, serde_json::to_value(&numbers).unwrap());
        let shaped: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(serde_json::to_value(&shaped).is_err());
        assert!(serialize_into(&mut json!({}), &shaped).is_err());
    }

    #[test]
    fn strings_are_written_in_the_room_they_have() {
        let views = views();
        let mut slot = serde_json::to_value(&views[0]).unwrap();
        let room = |slot: &Value| slot["content"].as_str().unwrap().as_ptr();
        let at = room(&slot);
        // `extra` and `keyed` have other keys in the next view: they alone
        // are made again.
        serialize_into(&mut slot, &views[3]).unwrap();
        assert_eq!(room(&slot), at);
        assert_eq!(slot, serde_json::to_value(&views[3]).unwrap());
    }

    #[test]
    fn spares_are_kept_by_key_one_per_thread() {
        let spares = Spares::default();
        assert_eq!(spares.take("term"), Value::Null);
        for n in 0..rayon::current_num_threads() + 2 {
            spares.give("term", json!(n));
        }
        spares.give("section", json!("s"));
        let mut kept: Vec<Value> = (0..rayon::current_num_threads())
            .map(|_| spares.take("term"))
            .collect();
        kept.sort_by_key(|v| v.as_u64());
        let given: Vec<Value> = (0..rayon::current_num_threads())
            .map(|n| json!(n))
            .collect();
        assert_eq!(kept, given);
        assert_eq!(spares.take("term"), Value::Null);
        assert_eq!(spares.take("section"), json!("s"));
    }

    #[test]
    fn insert_puts_the_value_in_the_context_beside_the_others() {
        let mut ctx = Context::new();
        ctx.insert("config", &json!({"title": "t"}));
        let views = views();
        insert(&mut ctx, "page", &views[0]);
        insert(&mut ctx, "page", &views[3]);
        let expected = json!({
            "config": {"title": "t"},
            "page": serde_json::to_value(&views[3]).unwrap(),
        });
        assert_eq!(ctx.into_json(), expected);
    }
}
