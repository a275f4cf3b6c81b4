//! What validation reports: every violation, each with a parameter path, a stable code and a
//! message that says what is allowed.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

pub use capspec_spec::Code;

/// The most violations one validation reports; the rest are counted in
/// [`Violations::omitted`]. Bounds the size of an error body whatever the request.
pub const MAX_VIOLATIONS: usize = 100;

/// The longest key or value (in characters) a violation echoes back; longer ones are cut and
/// end in `…`.
pub const MAX_ECHO_CHARS: usize = 64;

/// One broken rule of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    param: Option<Cow<'static, str>>,
    code: Code,
    message: String,
}

impl Violation {
    pub(crate) fn new(param: Option<Cow<'static, str>>, code: Code, message: String) -> Violation {
        Violation {
            param,
            code,
            message,
        }
    }

    /// Dotted path of the parameter, array indexes in brackets (`parameters.size`, `image[0]`);
    /// `None` for the whole body.
    pub fn param(&self) -> Option<&str> {
        self.param.as_deref()
    }

    pub fn code(&self) -> Code {
        self.code
    }

    /// What is wrong and what is allowed, e.g.
    /// `<param> must be between <min> and <max> for <model>, got <value>`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Violation {}

/// OpenAI's error object: `{"message", "type": "invalid_request_error", "param", "code"}`.
impl Serialize for Violation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Violation", 4)?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("type", "invalid_request_error")?;
        s.serialize_field("param", &self.param)?;
        s.serialize_field("code", &self.code)?;
        s.end()
    }
}

/// Every violation of a request (at least one), in a stable order: body-level problems
/// (syntax, repeated and unknown keys) first, then the parameters present in spec order, then
/// absent required parameters, then rules between parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations {
    list: Vec<Violation>,
    omitted: usize,
}

impl Violations {
    /// `list` must not be empty.
    pub(crate) fn new(list: Vec<Violation>, omitted: usize) -> Violations {
        debug_assert!(!list.is_empty());
        Violations { list, omitted }
    }

    /// The first violation: what OpenAI-style clients show.
    pub fn first(&self) -> &Violation {
        // Constructed non-empty.
        &self.list[0]
    }

    pub fn as_slice(&self) -> &[Violation] {
        &self.list
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Always false: there is at least one violation.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Violations found beyond [`MAX_VIOLATIONS`] and not listed.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// The codes, in order: what tests compare.
    pub fn codes(&self) -> Vec<Code> {
        self.list.iter().map(Violation::code).collect()
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

/// One violation per line, `param: message` (garde style; `body` where there is no param).
impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.list.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{}: {}", v.param().unwrap_or("body"), v.message)?;
        }
        if self.omitted > 0 {
            write!(f, "\n… and {} more", self.omitted)?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// OpenAI's error body with every violation: `{"error": <first>, "errors": [...]}`.
impl Serialize for Violations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(Some(2))?;
        m.serialize_entry("error", self.first())?;
        m.serialize_entry("errors", &self.list)?;
        m.end()
    }
}

/// A rule broken by one value, before it is placed in a request: what the value must be and
/// what it was. Constrained types ([`crate::types`]) return it from their constructors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    code: Code,
    must: String,
    got: String,
}

impl Fault {
    pub(crate) fn new(code: Code, must: impl Into<String>, got: impl Into<String>) -> Fault {
        Fault {
            code,
            must: must.into(),
            got: got.into(),
        }
    }

    pub fn code(&self) -> Code {
        self.code
    }

    /// What is allowed, e.g. `must be between <min> and <max>`.
    pub fn requirement(&self) -> &str {
        &self.must
    }

    /// What was given, e.g. `got 7`.
    pub fn got(&self) -> &str {
        &self.got
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.must, self.got)
    }
}

impl std::error::Error for Fault {}

/// `s`, cut to [`MAX_ECHO_CHARS`] characters with a trailing `…` when longer.
pub(crate) fn echo(s: &str) -> std::borrow::Cow<'_, str> {
    // Bytes bound characters from above: short strings need no counting.
    if s.len() <= MAX_ECHO_CHARS {
        return s.into();
    }
    match s.char_indices().nth(MAX_ECHO_CHARS) {
        None => s.into(),
        Some((cut, _)) => format!("{}…", &s[..cut]).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_cuts_on_characters() {
        let long = "é".repeat(MAX_ECHO_CHARS + 1);
        let cut = echo(&long);
        assert_eq!(cut.chars().count(), MAX_ECHO_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(echo("short"), "short");
    }
}
