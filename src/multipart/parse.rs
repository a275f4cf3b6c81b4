//! Reading a `multipart/form-data` body part by part with `multer`, fed in windows of the
//! body so that no file is held twice: each file's bytes are counted as they pass, and only
//! the head its image header needs is kept.

use std::convert::Infallible;

use bytes::Bytes;
use futures_util::FutureExt;
use futures_util::stream;

use super::image::{Head, Probe};

/// How much of the body multer is given at a time: its own buffer holds about this much.
const WINDOW: usize = 64 * 1024;

/// The most parts a form may have: far more than any spec's fields (OpenAI's edits take 16
/// images, a mask and a dozen text fields), few enough that a body of tiny parts stops early.
pub const MAX_PARTS: usize = 256;

/// A form as it was read.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Text parts (no `filename`), in order.
    pub text: Vec<TextPart>,
    /// File parts (with a `filename`), in order.
    pub files: Vec<FilePart>,
}

#[derive(Debug)]
pub struct TextPart {
    pub name: String,
    /// `None`: the part is not UTF-8.
    pub value: Option<String>,
}

#[derive(Debug)]
pub struct FilePart {
    /// The part name as sent: `image` or `image[]`.
    pub name: String,
    pub file_name: Option<String>,
    pub bytes: u64,
    pub probe: Probe,
}

/// Why the form cannot be read at all (400 `invalid_multipart`, nothing else is judged).
#[derive(Debug, PartialEq, Eq)]
pub enum Unreadable {
    NotMultipart(String),
    NoBoundary,
    Malformed(String),
    TooManyParts,
    Unnamed,
    /// A part an upstream could read otherwise than capspec did: a header given twice, a
    /// `Content-Transfer-Encoding` (RFC 7578 drops it), a name or filename in RFC 2231's
    /// `name*=` form.
    Ambiguous(String),
}

impl Unreadable {
    pub fn message(&self) -> String {
        match self {
            Unreadable::NotMultipart(ct) => format!(
                "the body must be multipart/form-data with a boundary, got Content-Type {:?}",
                crate::error::echo(ct)
            ),
            Unreadable::NoBoundary => {
                "the multipart/form-data Content-Type has no boundary parameter".to_owned()
            }
            Unreadable::Malformed(why) => format!("the multipart body cannot be read: {why}"),
            Unreadable::TooManyParts => {
                format!("the form has more than {MAX_PARTS} parts")
            }
            Unreadable::Unnamed => {
                "a part has no name (Content-Disposition: form-data; name=\"...\")".to_owned()
            }
            Unreadable::Ambiguous(why) => format!(
                "a part could be read two ways ({why}); send each part with one Content-Disposition (name=\"...\", filename=\"...\") and at most one Content-Type"
            ),
        }
    }
}

/// The stream is always ready, so every future completes on its first poll.
fn ready<T>(polled: Option<Result<T, multer::Error>>) -> Result<T, Unreadable> {
    match polled {
        Some(result) => result.map_err(|e| Unreadable::Malformed(e.to_string())),
        None => Err(Unreadable::Malformed(
            "the parser waited for input".to_owned(),
        )),
    }
}

/// Reads every part of `body`, whose `Content-Type` is `content_type`.
pub fn parse(content_type: &str, body: &[u8]) -> Result<Parsed, Unreadable> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| match e {
        multer::Error::NoBoundary => Unreadable::NoBoundary,
        _ => Unreadable::NotMultipart(content_type.to_owned()),
    })?;
    unambiguous(body, &boundary)?;
    let windows = stream::iter(
        body.chunks(WINDOW)
            .map(|w| Ok::<Bytes, Infallible>(Bytes::copy_from_slice(w))),
    );
    let mut form = multer::Multipart::new(windows, boundary);
    let mut parsed = Parsed::default();
    let mut parts = 0;

    while let Some(mut field) = ready(form.next_field().now_or_never())? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(Unreadable::TooManyParts);
        }
        let name = field.name().ok_or(Unreadable::Unnamed)?.to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let mut head = Head::default();
        let mut text = Vec::new();
        let mut bytes: u64 = 0;
        while let Some(chunk) = ready(field.chunk().now_or_never())? {
            bytes += chunk.len() as u64;
            if file_name.is_some() {
                head.push(&chunk);
            } else {
                text.extend_from_slice(&chunk);
            }
        }
        match file_name {
            Some(_) => parsed.files.push(FilePart {
                name,
                file_name,
                bytes,
                probe: head.finish(),
            }),
            None => parsed.text.push(TextPart {
                name,
                value: String::from_utf8(text).ok(),
            }),
        }
    }
    Ok(parsed)
}

/// Refuses a form with a part whose headers another parser could read otherwise: the proxy
/// forwards the bytes it checked, so the upstream must see the parts capspec saw. (`multer`
/// keeps one of two same-named headers, so they are counted here, in each part's header
/// block: what follows a delimiter line up to the first empty line.)
fn unambiguous(body: &[u8], boundary: &str) -> Result<(), Unreadable> {
    let delimiter = format!("--{boundary}");
    let mut rest = body;
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        rest = &rest[at + delimiter.len()..];
        let Some(block) = rest
            .strip_prefix(b"\r\n")
            .and_then(|r| find(r, b"\r\n\r\n").map(|end| &r[..end]))
        else {
            continue;
        };
        let mut seen: Vec<Vec<u8>> = Vec::new();
        for line in block.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                continue;
            };
            let name = line[..colon].trim_ascii().to_ascii_lowercase();
            let value = line[colon + 1..].to_ascii_lowercase();
            if name == b"content-transfer-encoding" {
                return Err(Unreadable::Ambiguous(
                    "a Content-Transfer-Encoding".to_owned(),
                ));
            }
            if name == b"content-disposition" && find(&value, b"name*=").is_some() {
                return Err(Unreadable::Ambiguous(
                    "a name or filename in RFC 2231's `name*=` form".to_owned(),
                ));
            }
            if seen.contains(&name) {
                return Err(Unreadable::Ambiguous(format!(
                    "the header {} twice",
                    String::from_utf8_lossy(&name)
                )));
            }
            seen.push(name);
        }
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}
