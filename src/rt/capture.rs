//! One pass over the body: every member a provider's specs know is captured into a slot,
//! without judging its value; strings stay borrowed from the input where they can.
//!
//! The members come from [`Fields`]: the static tables of generated code, or a run-time
//! registry's slot tree ([`capspec_spec::plan::Slots`]); both paths share this code. Serde
//! visitors read bytes (`serde_json::Deserializer`); a parsed `Value` is walked directly.
//! Unknown keys are recorded with their path, repeated keys are reported as `invalid_json`,
//! and the content of values nobody reads is skipped with `IgnoredAny`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use capspec_spec::plan::{Shape, Slot};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use smallvec::SmallVec;

use crate::error::{Code, MAX_VIOLATIONS, echo};
use crate::rt::{Piece, Report};

/// The members of one object a provider's specs define, with a lookup by key. Generated as
/// `static` tables; `index` is a `match` on the keys, which the compiler turns into a switch
/// on the length and a few comparisons.
#[derive(Debug)]
pub struct FieldTable {
    pub fields: &'static [Field],
    /// The position in `fields` of the member named by a key.
    pub index: fn(&str) -> Option<usize>,
}

/// A member of an object a provider's specs define.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    /// Dotted path from the body.
    pub path: &'static str,
    /// Index into the capture's slots.
    pub slot: usize,
    pub kind: FieldKind,
}

#[derive(Debug)]
pub enum FieldKind {
    /// A scalar: captured as given.
    Value,
    /// An array whose items are captured into [`Capture::items`].
    Array,
    /// An object whose members have their own slots.
    Object(&'static FieldTable),
}

/// A path or name a validator reports: static in generated code, borrowed from a registry's
/// specs at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name<'f> {
    Static(&'static str),
    Borrowed(&'f str),
}

impl Name<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            Name::Static(s) => s,
            Name::Borrowed(s) => s,
        }
    }

    /// As a violation's `param`: a static name is not copied.
    pub fn to_cow(self) -> Cow<'static, str> {
        match self {
            Name::Static(s) => Cow::Borrowed(s),
            Name::Borrowed(s) => Cow::Owned(s.to_owned()),
        }
    }
}

impl From<&'static str> for Name<'static> {
    fn from(s: &'static str) -> Self {
        Name::Static(s)
    }
}

impl Piece for Name<'_> {
    fn put(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

/// The members of one object of a provider's request bodies, as the capture pass looks them
/// up.
pub trait Fields<'f>: Copy {
    /// The member named `key`.
    fn find(self, key: &str) -> Option<Found<'f, Self>>;
}

/// A member [`Fields::find`] found: its slot, its path, and how to read its value.
pub struct Found<'f, F> {
    pub slot: usize,
    pub path: Name<'f>,
    pub member: Member<F>,
}

/// How a member's value is captured.
pub enum Member<F> {
    Value,
    Array,
    /// An object, with its own members.
    Object(F),
}

impl Fields<'static> for &'static FieldTable {
    fn find(self, key: &str) -> Option<Found<'static, Self>> {
        let f = self.fields.get((self.index)(key)?)?;
        Some(Found {
            slot: f.slot,
            path: Name::Static(f.path),
            member: match f.kind {
                FieldKind::Value => Member::Value,
                FieldKind::Array => Member::Array,
                FieldKind::Object(children) => Member::Object(children),
            },
        })
    }
}

impl<'f> Fields<'f> for &'f [Slot] {
    fn find(self, key: &str) -> Option<Found<'f, Self>> {
        // Length and first byte before the whole name: most candidates cost two comparisons.
        let first = key.as_bytes().first();
        let s = self.iter().find(|s| {
            s.name.len() == key.len() && s.name.as_bytes().first() == first && s.name == key
        })?;
        Some(Found {
            slot: s.index,
            path: Name::Borrowed(&s.path),
            member: match s.shape {
                Shape::Value => Member::Value,
                Shape::Array => Member::Array,
                Shape::Object => Member::Object(s.children.as_slice()),
            },
        })
    }
}

/// A JSON value as captured.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Raw<'de> {
    /// The key was not in the body.
    #[default]
    Absent,
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'de, str>),
    /// Items `start..start + len` of [`Capture::items`].
    Array {
        start: usize,
        len: usize,
    },
    /// An object whose members were captured into their own slots.
    Object,
    /// An array or object where none was expected; its content was skipped.
    Skipped(Skipped),
}

/// A JSON number as serde reports it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skipped {
    Array,
    Object,
}

impl Raw<'_> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Raw::Absent)
    }

    /// The JSON type of the value, as `got ...` in messages: `null`, `boolean`, `integer`,
    /// `number`, `string`, `array`, `object`.
    pub fn json_type(&self) -> &'static str {
        match self {
            Raw::Absent => "nothing",
            Raw::Null => "null",
            Raw::Bool(_) => "boolean",
            Raw::Number(Number::Float(f)) if f.fract() != 0.0 => "number",
            Raw::Number(_) => "integer",
            Raw::Str(_) => "string",
            Raw::Array { .. } | Raw::Skipped(Skipped::Array) => "array",
            Raw::Object | Raw::Skipped(Skipped::Object) => "object",
        }
    }
}

/// `got <type> <value>` for messages, values cut to [`crate::MAX_ECHO_CHARS`].
impl fmt::Display for Raw<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raw::Bool(b) => write!(f, "boolean {b}"),
            Raw::Number(n) => write!(f, "number {n}"),
            Raw::Str(s) => write!(f, "string {:?}", echo(s)),
            other => f.write_str(other.json_type()),
        }
    }
}

/// `boolean true`, `number 2.5`, `string "…"`, `array`, …
impl crate::rt::Piece for Raw<'_> {
    fn put(&self, out: &mut String) {
        match self {
            Raw::Bool(b) => out.push_str(if *b { "boolean true" } else { "boolean false" }),
            Raw::Number(n) => {
                out.push_str("number ");
                n.put(out);
            }
            Raw::Str(s) => {
                out.push_str("string ");
                crate::rt::Quoted(s).put(out);
            }
            other => out.push_str(other.json_type()),
        }
    }
}

impl crate::rt::Piece for Number {
    fn put(&self, out: &mut String) {
        match *self {
            Number::PosInt(n) => crate::rt::Int(i128::from(n)).put(out),
            Number::NegInt(n) => crate::rt::Int(i128::from(n)).put(out),
            Number::Float(x) => {
                let _ = fmt::Write::write_fmt(out, format_args!("{x}"));
            }
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::PosInt(n) => write!(f, "{n}"),
            Number::NegInt(n) => write!(f, "{n}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A key the specs do not define, with the path of the object it appeared in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown<'de, 'f> {
    /// `None` for the body, else the object's path.
    pub parent: Option<Name<'f>>,
    /// The key as given (echoed cut to [`crate::MAX_ECHO_CHARS`] characters).
    pub key: Cow<'de, str>,
}

impl Unknown<'_, '_> {
    /// Its dotted path, the key cut to [`crate::MAX_ECHO_CHARS`] characters.
    pub fn path(&self) -> String {
        let key = echo(&self.key);
        match self.parent {
            Some(parent) => format!("{}.{key}", parent.as_str()),
            None => key.into_owned(),
        }
    }
}

/// A key given twice: `invalid_json` at its path. A validator and an upstream that read
/// different copies of a key is a bypass (and a parsed `Value` would keep one copy).
fn repeated(report: &mut Report, path: Cow<'static, str>) {
    let key: &str = &path;
    let pieces: [&dyn Piece; 3] = [
        &"the request body repeats the key ",
        &key,
        &"; give each key once",
    ];
    report.add(Some(path.clone()), Code::InvalidJson, &pieces);
}

/// The slots of a capture: a fixed array in generated code, a vector at run time.
pub trait Slots<'de>: AsRef<[Raw<'de>]> + AsMut<[Raw<'de>]> {}

impl<'de, S: AsRef<[Raw<'de>]> + AsMut<[Raw<'de>]>> Slots<'de> for S {}

/// What one pass captured: a slot per member the provider's specs define, and the items of
/// every array.
pub struct Capture<'de, 'f, S> {
    pub slots: S,
    pub items: SmallVec<[Raw<'de>; 8]>,
    pub unknown: SmallVec<[Unknown<'de, 'f>; 2]>,
    /// Unknown keys beyond [`MAX_VIOLATIONS`], counted but not kept.
    pub unknown_omitted: usize,
    /// The body was valid JSON but not an object (reported).
    pub not_object: bool,
}

impl<'de, 'f, S: Slots<'de>> Capture<'de, 'f, S> {
    /// An empty capture over `slots` (each `Absent`).
    pub fn new(slots: S) -> Self {
        Capture {
            slots,
            items: SmallVec::new(),
            unknown: SmallVec::new(),
            unknown_omitted: 0,
            not_object: false,
        }
    }

    /// The slot's value (`Absent` for an index out of range, which no plan uses).
    pub fn get(&self, slot: usize) -> &Raw<'de> {
        const ABSENT: &Raw<'static> = &Raw::Absent;
        self.slots.as_ref().get(slot).unwrap_or(ABSENT)
    }

    /// Takes the slot's value out, leaving `Absent`: owned strings move into the request.
    pub fn take(&mut self, slot: usize) -> Raw<'de> {
        self.slots
            .as_mut()
            .get_mut(slot)
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// A `null` in the slot means absent (the property is `nullable`): its default applies.
    pub fn null_is_absent(&mut self, slot: usize) {
        if let Some(s) = self.slots.as_mut().get_mut(slot)
            && *s == Raw::Null
        {
            *s = Raw::Absent;
        }
    }

    /// The captured items of an array value.
    pub fn items_mut(&mut self, start: usize, len: usize) -> &mut [Raw<'de>] {
        self.items.get_mut(start..start + len).unwrap_or_default()
    }

    fn put(&mut self, slot: usize, raw: Raw<'de>) {
        if let Some(s) = self.slots.as_mut().get_mut(slot) {
            *s = raw;
        }
    }

    fn record_unknown(&mut self, unknown: Unknown<'de, 'f>) {
        if self.unknown.len() < MAX_VIOLATIONS {
            self.unknown.push(unknown);
        } else {
            self.unknown_omitted += 1;
        }
    }
}

/// Reads a parsed body into `capture` without serde: a `Value` cannot repeat a key, and its
/// nesting is walked only where a field expects an object.
pub fn capture_value<'de, 'f, F: Fields<'f>, S: Slots<'de>>(
    value: &'de serde_json::Value,
    fields: F,
    capture: &mut Capture<'de, 'f, S>,
    report: &mut Report,
) {
    match value {
        serde_json::Value::Object(map) => value_members(map, fields, None, capture),
        other => not_an_object(capture, report, &raw_of(other)),
    }
}

fn value_members<'de, 'f, F: Fields<'f>, S: Slots<'de>>(
    map: &'de serde_json::Map<String, serde_json::Value>,
    fields: F,
    parent: Option<Name<'f>>,
    capture: &mut Capture<'de, 'f, S>,
) {
    for (key, value) in map {
        let Some(field) = fields.find(key) else {
            capture.record_unknown(Unknown {
                parent,
                key: Cow::Borrowed(key),
            });
            continue;
        };
        let raw = match (field.member, value) {
            (Member::Array, serde_json::Value::Array(items)) => {
                let start = capture.items.len();
                capture.items.extend(items.iter().map(raw_of));
                Raw::Array {
                    start,
                    len: items.len(),
                }
            }
            (Member::Object(children), serde_json::Value::Object(inner)) => {
                value_members(inner, children, Some(field.path), capture);
                Raw::Object
            }
            (_, value) => raw_of(value),
        };
        capture.put(field.slot, raw);
    }
}

/// A scalar as captured; arrays and objects are recorded by type only.
fn raw_of(value: &serde_json::Value) -> Raw<'_> {
    use serde_json::Value as V;
    match value {
        V::Null => Raw::Null,
        V::Bool(b) => Raw::Bool(*b),
        V::Number(n) => Raw::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        V::String(s) => Raw::Str(Cow::Borrowed(s)),
        V::Array(_) => Raw::Skipped(Skipped::Array),
        V::Object(_) => Raw::Skipped(Skipped::Object),
    }
}

/// Reads the body into `capture`. Errors are the deserializer's own (syntax, depth); rule
/// problems found while reading (a body that is not an object, repeated keys) go to `report`.
pub fn capture<'de, 'f, D, F: Fields<'f>, S: Slots<'de>>(
    deserializer: D,
    fields: F,
    capture: &mut Capture<'de, 'f, S>,
    report: &mut Report,
) -> Result<(), D::Error>
where
    D: de::Deserializer<'de>,
{
    deserializer.deserialize_any(Body {
        fields,
        capture,
        report,
    })
}

struct Body<'a, 'de, 'f, F, S> {
    fields: F,
    capture: &'a mut Capture<'de, 'f, S>,
    report: &'a mut Report,
}

impl<'de, 'f, F: Fields<'f>, S: Slots<'de>> Body<'_, 'de, 'f, F, S> {
    fn not_an_object<E>(self, got: Result<Raw<'_>, E>) -> Result<(), E> {
        not_an_object(self.capture, self.report, &got?);
        Ok(())
    }
}

/// Reports a body that is JSON but not an object (both entry points: same words).
fn not_an_object<S>(capture: &mut Capture<'_, '_, S>, report: &mut Report, got: &Raw<'_>) {
    capture.not_object = true;
    report.push(
        None,
        Code::InvalidType,
        format_args!(
            "the request body must be a JSON object, got {}",
            got.json_type()
        ),
    );
}

impl<'de, 'f, F: Fields<'f>, S: Slots<'de>> Visitor<'de> for Body<'_, 'de, 'f, F, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        members(map, self.fields, None, self.capture, self.report)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.not_an_object(ValueSeed.visit_seq(seq))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.not_an_object(ValueSeed.visit_bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.not_an_object(ValueSeed.visit_i64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.not_an_object(ValueSeed.visit_u64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.not_an_object(ValueSeed.visit_f64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.not_an_object(ValueSeed.visit_str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.not_an_object(ValueSeed.visit_unit())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.not_an_object(ValueSeed.visit_none())
    }
}

/// Captures the members of one object.
fn members<'de, 'f, A: MapAccess<'de>, F: Fields<'f>, S: Slots<'de>>(
    mut map: A,
    fields: F,
    parent: Option<Name<'f>>,
    capture: &mut Capture<'de, 'f, S>,
    report: &mut Report,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key_seed(KeySeed {
        fields,
        lifetime: PhantomData,
    })? {
        let field = match key {
            Key::Known(field) => field,
            Key::Unknown(key) => {
                let unknown = Unknown { parent, key };
                if capture.unknown.contains(&unknown) {
                    repeated(report, unknown.path().into());
                } else {
                    capture.record_unknown(unknown);
                }
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        };
        if !capture.get(field.slot).is_absent() {
            repeated(report, field.path.to_cow());
            map.next_value::<IgnoredAny>()?;
            continue;
        }
        let raw = match field.member {
            Member::Value => map.next_value_seed(ValueSeed)?,
            Member::Array => map.next_value_seed(ArraySeed { capture })?,
            Member::Object(children) => map.next_value_seed(ObjectSeed {
                fields: children,
                path: field.path,
                capture,
                report,
            })?,
        };
        capture.put(field.slot, raw);
    }
    Ok(())
}

enum Key<'de, 'f, F> {
    Known(Found<'f, F>),
    Unknown(Cow<'de, str>),
}

struct KeySeed<'f, F> {
    fields: F,
    lifetime: PhantomData<&'f ()>,
}

impl<'de, 'f, F: Fields<'f>> DeserializeSeed<'de> for KeySeed<'f, F> {
    type Value = Key<'de, 'f, F>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'f, F: Fields<'f>> Visitor<'de> for KeySeed<'f, F> {
    type Value = Key<'de, 'f, F>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(match self.fields.find(key) {
            Some(field) => Key::Known(field),
            None => Key::Unknown(Cow::Borrowed(key)),
        })
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(match self.fields.find(key) {
            Some(field) => Key::Known(field),
            None => Key::Unknown(Cow::Owned(key.to_owned())),
        })
    }
}

/// Captures a scalar; arrays and objects are skipped and recorded by type.
struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Raw<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Raw<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// The scalar half of every capturing visitor.
macro_rules! scalars {
    () => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw<'de>, E> {
            Ok(Raw::Bool(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw<'de>, E> {
            Ok(Raw::Number(match u64::try_from(v) {
                Ok(u) => Number::PosInt(u),
                Err(_) => Number::NegInt(v),
            }))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw<'de>, E> {
            Ok(Raw::Number(Number::PosInt(v)))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw<'de>, E> {
            Ok(Raw::Number(match (u64::try_from(v), i64::try_from(v)) {
                (Ok(u), _) => Number::PosInt(u),
                (_, Ok(i)) => Number::NegInt(i),
                _ => Number::Float(v as f64),
            }))
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw<'de>, E> {
            Ok(Raw::Number(match u64::try_from(v) {
                Ok(u) => Number::PosInt(u),
                Err(_) => Number::Float(v as f64),
            }))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw<'de>, E> {
            Ok(Raw::Number(Number::Float(v)))
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Raw<'de>, E> {
            Ok(Raw::Str(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw<'de>, E> {
            Ok(Raw::Str(Cow::Owned(v.to_owned())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Raw<'de>, E> {
            Ok(Raw::Str(Cow::Owned(v)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Raw<'de>, E> {
            Ok(Raw::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<Raw<'de>, E> {
            Ok(Raw::Null)
        }
    };
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Raw<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    scalars!();
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw::Skipped(Skipped::Array))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Raw::Skipped(Skipped::Object))
    }
}

/// Captures an array's items (each a scalar, or skipped) into `capture.items`.
struct ArraySeed<'a, 'de, 'f, S> {
    capture: &'a mut Capture<'de, 'f, S>,
}

impl<'de, S: Slots<'de>> DeserializeSeed<'de> for ArraySeed<'_, 'de, '_, S> {
    type Value = Raw<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Raw<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, S: Slots<'de>> Visitor<'de> for ArraySeed<'_, 'de, '_, S> {
    type Value = Raw<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array")
    }
    scalars!();
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        let start = self.capture.items.len();
        while let Some(item) = seq.next_element_seed(ValueSeed)? {
            self.capture.items.push(item);
        }
        Ok(Raw::Array {
            start,
            len: self.capture.items.len() - start,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Raw<'de>, A::Error> {
        ValueSeed.visit_map(map)
    }
}

/// Captures an object's members into their slots.
struct ObjectSeed<'a, 'de, 'f, F, S> {
    fields: F,
    path: Name<'f>,
    capture: &'a mut Capture<'de, 'f, S>,
    report: &'a mut Report,
}

impl<'de, 'f, F: Fields<'f>, S: Slots<'de>> DeserializeSeed<'de> for ObjectSeed<'_, 'de, 'f, F, S> {
    type Value = Raw<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Raw<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'f, F: Fields<'f>, S: Slots<'de>> Visitor<'de> for ObjectSeed<'_, 'de, 'f, F, S> {
    type Value = Raw<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    scalars!();
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Raw<'de>, A::Error> {
        ValueSeed.visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Raw<'de>, A::Error> {
        members(map, self.fields, Some(self.path), self.capture, self.report)?;
        Ok(Raw::Object)
    }
}
