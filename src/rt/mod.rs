//! The runtime of validators: the capture pass, the violation report, and one small file per
//! keyword. Both paths call these functions: generated code (`capspec-build`) with its spec's
//! constants, the registry (`crate::registry`) with values from the IR. Nothing here knows a
//! spec, so a rule has one implementation and one message whichever path checks it.

pub mod array;
pub mod boolean;
pub mod capture;
pub mod choice;
pub mod integer;
pub mod number;
pub mod object;
pub mod rules;
pub mod size;
pub mod text;
pub mod url;

use std::borrow::Cow;
use std::fmt;

use serde::de;

pub use capture::{Capture, Field, FieldKind, FieldTable, Fields, Name, Raw, Slots};

use crate::error::{Code, Fault, MAX_VIOLATIONS, Violation, Violations};

/// Room for a typical message (most are under 200 bytes; a longer one grows the buffer).
const MESSAGE_CAPACITY: usize = 256;

/// A piece of a violation message. Messages are built on the invalid path of every request,
/// so the common pieces write with `push_str` instead of going through `core::fmt`.
pub trait Piece {
    fn put(&self, out: &mut String);
}

impl Piece for &str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

/// Rare messages keep `format_args!`.
impl Piece for fmt::Arguments<'_> {
    fn put(&self, out: &mut String) {
        let _ = fmt::Write::write_fmt(out, *self);
    }
}

/// A decimal integer.
pub struct Int(pub i128);

impl Piece for Int {
    fn put(&self, out: &mut String) {
        let mut digits = [0u8; 40];
        let mut i = digits.len();
        let mut n = self.0.unsigned_abs();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if self.0 < 0 {
            out.push('-');
        }
        for &d in &digits[i..] {
            out.push(char::from(d));
        }
    }
}

/// A value echoed in a message: cut to [`crate::MAX_ECHO_CHARS`] characters and quoted (with
/// escapes only where the text needs them).
pub struct Quoted<'s>(pub &'s str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.put(&mut s);
        f.write_str(&s)
    }
}

impl Piece for Quoted<'_> {
    fn put(&self, out: &mut String) {
        let text = crate::error::echo(self.0);
        // Printable ASCII other than `"` and `\` needs no escape (the common case); anything
        // else goes through `Debug`, which escapes what it must.
        if text
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
        {
            out.push('"');
            out.push_str(&text);
            out.push('"');
        } else {
            let _ = fmt::Write::write_fmt(out, format_args!("{text:?}"));
        }
    }
}

/// A piece made of pieces.
impl Piece for [&dyn Piece] {
    fn put(&self, out: &mut String) {
        for p in self {
            p.put(out);
        }
    }
}

impl<const K: usize> Piece for [&dyn Piece; K] {
    fn put(&self, out: &mut String) {
        self.as_slice().put(out);
    }
}

/// Violations collected so far, at most [`MAX_VIOLATIONS`] kept.
#[derive(Debug, Default)]
pub struct Report {
    list: Vec<Violation>,
    omitted: usize,
}

impl Report {
    /// Adds a violation; the message is only formatted if it will be kept.
    pub fn push(
        &mut self,
        param: Option<Cow<'static, str>>,
        code: Code,
        message: fmt::Arguments<'_>,
    ) {
        self.add(param, code, &[&message]);
    }

    /// Adds a violation whose message is `pieces`, in order.
    pub fn add(&mut self, param: Option<Cow<'static, str>>, code: Code, pieces: &[&dyn Piece]) {
        if self.list.len() < MAX_VIOLATIONS {
            let mut text = String::with_capacity(MESSAGE_CAPACITY);
            pieces.put(&mut text);
            self.list.push(Violation::new(param, code, text));
        } else {
            self.omitted += 1;
        }
    }

    /// Adds a violation whose message starts with its param: `<param><rest…>`.
    pub fn add_led(&mut self, param: Cow<'static, str>, code: Code, rest: &[&dyn Piece]) {
        if self.list.len() < MAX_VIOLATIONS {
            let mut text = String::with_capacity(MESSAGE_CAPACITY);
            text.push_str(&param);
            rest.put(&mut text);
            self.list.push(Violation::new(Some(param), code, text));
        } else {
            self.omitted += 1;
        }
    }

    pub fn add_omitted(&mut self, n: usize) {
        self.omitted += n;
    }

    /// How many violations were found (kept or not).
    pub fn count(&self) -> usize {
        self.list.len() + self.omitted
    }

    fn into_violations(self) -> Option<Violations> {
        if self.list.is_empty() {
            None
        } else {
            Some(Violations::new(self.list, self.omitted))
        }
    }
}

/// The path of the value being checked, formatted only when a violation is reported.
#[derive(Clone, Copy, Debug)]
pub enum Param<'p> {
    Path(Name<'p>),
    /// `path[index]`.
    Item(Name<'p>, usize),
}

impl Piece for Param<'_> {
    fn put(&self, out: &mut String) {
        match self {
            Param::Path(p) => out.push_str(p.as_str()),
            Param::Item(p, i) => {
                out.push_str(p.as_str());
                out.push('[');
                Int(*i as i128).put(out);
                out.push(']');
            }
        }
    }
}

impl Param<'_> {
    /// The path as a violation's `param`: static paths are not copied.
    pub fn path(self) -> Cow<'static, str> {
        match self {
            Param::Path(p) => p.to_cow(),
            item => {
                let mut s = String::new();
                item.put(&mut s);
                Cow::Owned(s)
            }
        }
    }
}

impl From<&'static str> for Param<'static> {
    fn from(p: &'static str) -> Self {
        Param::Path(Name::Static(p))
    }
}

impl<'p> From<Name<'p>> for Param<'p> {
    fn from(p: Name<'p>) -> Self {
        Param::Path(p)
    }
}

/// What a check needs: where violations go and the model name messages cite.
pub struct Ctx<'r, 'm> {
    pub report: &'r mut Report,
    pub model: &'m str,
}

impl Ctx<'_, '_> {
    /// Reports `fault` for the value at `param`: `<param> <must> for <model>, <got>`.
    pub fn fault(&mut self, param: Param<'_>, fault: Fault) {
        self.report(param, fault.code(), &fault.requirement(), &fault.got());
    }

    /// Reports a broken rule: `<param> <must> for <model>, <got>`.
    pub fn report(&mut self, param: Param<'_>, code: Code, must: &dyn Piece, got: &dyn Piece) {
        let model = self.model;
        self.report.add_led(
            param.path(),
            code,
            &[&" ", must, &" for ", &model, &", ", got],
        );
    }

    /// Reports a violation whose message is `<param> <what> for <model><tail>`.
    pub fn violation(&mut self, param: Param<'_>, code: Code, what: &dyn Piece, tail: &dyn Piece) {
        let model = self.model;
        self.report
            .add_led(param.path(), code, &[&" ", what, &" for ", &model, tail]);
    }

    /// `<param> must be <expected>, got <type>`.
    pub fn wrong_type(&mut self, param: Param<'_>, expected: &str, got: &Raw<'_>) {
        self.report(
            param,
            Code::InvalidType,
            &[&"must be " as &dyn Piece, &expected],
            &[&"got " as &dyn Piece, got],
        );
    }

    pub fn errors(&self) -> usize {
        self.report.count()
    }
}

/// The outcome of checking one value.
#[derive(Clone, Debug, PartialEq)]
pub enum Got<T> {
    /// The body does not have it.
    Absent,
    /// Present but broken; the violation is reported.
    Invalid,
    Valid(T),
}

impl<T> Got<T> {
    /// Present in the body, valid or not.
    pub fn is_present(&self) -> bool {
        !matches!(self, Got::Absent)
    }

    pub fn into_valid(self) -> Option<T> {
        match self {
            Got::Valid(v) => Some(v),
            _ => None,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Got<U> {
        match self {
            Got::Absent => Got::Absent,
            Got::Invalid => Got::Invalid,
            Got::Valid(v) => Got::Valid(f(v)),
        }
    }

    /// `Valid` from a constructor's result, reporting its fault.
    pub fn from_result(cx: &mut Ctx<'_, '_>, param: Param<'_>, r: Result<T, Fault>) -> Got<T> {
        match r {
            Ok(v) => Got::Valid(v),
            Err(fault) => {
                cx.fault(param, fault);
                Got::Invalid
            }
        }
    }
}

/// Validates `bytes`: one capture pass with `fields` into `slots`, then `route` picks and
/// runs a model's validator. Syntax errors are one `invalid_json` violation.
pub fn run_slice<'a, 'f, T, F: Fields<'f>, S: Slots<'a>>(
    bytes: &'a [u8],
    fields: F,
    slots: S,
    route: impl FnOnce(&mut Capture<'a, 'f, S>, &mut Report) -> Option<T>,
) -> Result<T, Violations> {
    let mut report = Report::default();
    let mut cap = Capture::new(slots);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let read = capture::capture(&mut de, fields, &mut cap, &mut report).and_then(|()| de.end());
    if let Err(e) = read {
        return Err(invalid_json(&e));
    }
    finish(&mut cap, report, route)
}

/// Validates a parsed body, as [`run_slice`] does bytes.
pub fn run_value<'a, 'f, T, F: Fields<'f>, S: Slots<'a>>(
    value: &'a serde_json::Value,
    fields: F,
    slots: S,
    route: impl FnOnce(&mut Capture<'a, 'f, S>, &mut Report) -> Option<T>,
) -> Result<T, Violations> {
    let mut report = Report::default();
    let mut cap = Capture::new(slots);
    capture::capture_value(value, fields, &mut cap, &mut report);
    finish(&mut cap, report, route)
}

/// Validates from any serde deserializer (the generated `Deserialize` impls use this).
pub fn run_deserializer<'de, D, T, S: Slots<'de>>(
    deserializer: D,
    fields: &'static FieldTable,
    slots: S,
    route: impl FnOnce(&mut Capture<'de, 'static, S>, &mut Report) -> Option<T>,
) -> Result<T, D::Error>
where
    D: de::Deserializer<'de>,
{
    let mut report = Report::default();
    let mut cap = Capture::new(slots);
    capture::capture(deserializer, fields, &mut cap, &mut report)?;
    finish(&mut cap, report, route).map_err(de::Error::custom)
}

fn finish<'de, 'f, T, S>(
    cap: &mut Capture<'de, 'f, S>,
    mut report: Report,
    route: impl FnOnce(&mut Capture<'de, 'f, S>, &mut Report) -> Option<T>,
) -> Result<T, Violations> {
    // A body that is not an object has nothing to route.
    let value = if cap.not_object {
        None
    } else {
        route(cap, &mut report)
    };
    match (value, report.into_violations()) {
        (Some(v), None) => Ok(v),
        (_, Some(violations)) => Err(violations),
        // A validator returns nothing only after reporting why; never panic if one does not.
        (None, None) => Err(Violations::new(
            vec![Violation::new(None, Code::InvalidValue, "the request was rejected without a reported violation (a capspec bug; please report it)".to_owned())],
            0,
        )),
    }
}

/// The image count of a request: the count parameter's value, else one image.
pub fn count(value: Option<i64>) -> u32 {
    value.map_or(1, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// The size given by two validated integer parameters.
pub fn dims(width: i64, height: i64) -> Option<crate::spec::Dims> {
    Some(crate::spec::Dims {
        width: u64::try_from(width).ok()?,
        height: u64::try_from(height).ok()?,
    })
}

fn invalid_json(e: &serde_json::Error) -> Violations {
    Violations::new(
        vec![Violation::new(
            None,
            Code::InvalidJson,
            format!("the request body is not valid JSON: {e}"),
        )],
        0,
    )
}
