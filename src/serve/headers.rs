//! Which headers cross the proxy, in each direction.
//!
//! - Hop-by-hop headers (RFC 9110 §7.6.1: `Connection` and every header it names,
//!   `Keep-Alive`, `Proxy-Connection`, `Proxy-Authenticate`, `Proxy-Authorization`, `TE`,
//!   `Trailer`, `Transfer-Encoding`, `Upgrade`) and `Host` never cross. A `Connection` value that
//!   is not readable text is refused (from a client: 400 `invalid_header`; from an upstream:
//!   502 `upstream_invalid_response`): the headers it names could not be told apart.
//! - Upstream, the forwarded body is the normalized one capspec serializes (or none), so what
//!   described the client's bytes no longer holds and is dropped: `Content-Length` (set anew),
//!   `Content-Encoding`, `Content-MD5`, `Digest`, `Content-Digest`, `Repr-Digest`,
//!   `Content-Range`, `Expect`. So are client claims about addresses (`Forwarded`,
//!   `X-Forwarded-*`, `X-Real-IP`): capspec adds none and passes on none, so an upstream never
//!   sees an address a client made up in the proxy's name.
//! - Downstream, the upstream's `Content-Length` is kept (also on HEAD) where it sent exactly
//!   one valid value and no `Transfer-Encoding`.

use std::sync::{PoisonError, RwLock};

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};

use crate::price::Cost;

/// Hop-by-hop headers (RFC 9110 §7.6.1), and `Proxy-Connection`, which some clients still
/// send; with `Host`, never forwarded.
const HOP_BY_HOP: [HeaderName; 10] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
    header::HOST,
];

/// What described the client's body (or asked the proxy to wait before sending it): untrue of
/// the body capspec forwards.
const OF_THE_CLIENTS_BODY: [HeaderName; 8] = [
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
    header::CONTENT_RANGE,
    HeaderName::from_static("content-md5"),
    HeaderName::from_static("digest"),
    HeaderName::from_static("content-digest"),
    HeaderName::from_static("repr-digest"),
    header::EXPECT,
];

/// Addresses and hosts a client claims on the way: not passed on.
const CLAIMED_ORIGIN: [HeaderName; 6] = [
    header::FORWARDED,
    HeaderName::from_static("x-forwarded-for"),
    HeaderName::from_static("x-forwarded-host"),
    HeaderName::from_static("x-forwarded-proto"),
    HeaderName::from_static("x-forwarded-port"),
    HeaderName::from_static("x-real-ip"),
];

/// A `Connection` header that is not readable text.
#[derive(Debug)]
pub(super) struct UnreadableConnection;

/// The client's headers that go upstream.
pub(super) fn upstream(headers: &HeaderMap) -> Result<HeaderMap, UnreadableConnection> {
    let named = connection_names(headers)?;
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let dropped = HOP_BY_HOP.contains(name)
            || OF_THE_CLIENTS_BODY.contains(name)
            || CLAIMED_ORIGIN.contains(name)
            || named.iter().any(|n| n == name.as_str());
        if !dropped {
            out.append(name.clone(), value.clone());
        }
    }
    Ok(out)
}

/// The upstream's headers that reach the client; an unreadable `Connection` makes the answer
/// unusable (502).
pub(super) fn downstream(headers: &HeaderMap) -> Result<HeaderMap, UnreadableConnection> {
    let named = connection_names(headers)?;
    let length = content_length(headers);
    // Room for the headers capspec adds (`capspec-cost-estimate`, `capspec-changes`, ...)
    // without growing the map.
    let mut out = HeaderMap::with_capacity(headers.len() + 3);
    for (name, value) in headers {
        let dropped = HOP_BY_HOP.contains(name)
            || name == header::CONTENT_LENGTH
            || named.iter().any(|n| n == name.as_str());
        if !dropped {
            out.append(name.clone(), value.clone());
        }
    }
    if let Some(length) = length {
        out.insert(header::CONTENT_LENGTH, length);
    }
    Ok(out)
}

/// The lowercase names a `Connection` header lists.
fn connection_names(headers: &HeaderMap) -> Result<Vec<String>, UnreadableConnection> {
    let mut names = Vec::new();
    for value in headers.get_all(header::CONNECTION) {
        let value = value.to_str().map_err(|_| UnreadableConnection)?;
        names.extend(
            value
                .split(',')
                .map(|n| n.trim().to_ascii_lowercase())
                .filter(|n| !n.is_empty()),
        );
    }
    Ok(names)
}

/// The upstream's one valid `Content-Length`, unless it also sent `Transfer-Encoding` (then
/// the length is not what framed the body).
fn content_length(headers: &HeaderMap) -> Option<HeaderValue> {
    if headers.contains_key(header::TRANSFER_ENCODING) {
        return None;
    }
    let mut values = headers.get_all(header::CONTENT_LENGTH).iter();
    let value = values.next()?;
    let valid = values.next().is_none()
        && !value.is_empty()
        && value.as_bytes().iter().all(u8::is_ascii_digit)
        && value.to_str().ok()?.parse::<u64>().is_ok();
    valid.then(|| value.clone())
}

/// The response header with the request's estimated cost (`capspec::price::Cost` as JSON).
pub(super) const COST_ESTIMATE: HeaderName = HeaderName::from_static("capspec-cost-estimate");

/// `capspec-cost-estimate` values by cost. A server's requests have few distinct costs (per
/// spec, price cell and image count, or an unknown one's reason), each written the same every
/// time: the value is made once. At most [`CostValues::HELD`] are kept; past that, a value is
/// made for each request.
pub(super) struct CostValues(RwLock<hashbrown::HashMap<Cost, HeaderValue>>);

impl CostValues {
    const HELD: usize = 1024;

    pub(super) fn new() -> CostValues {
        CostValues(RwLock::new(hashbrown::HashMap::new()))
    }

    /// The header value of `cost`: its JSON, in ASCII ([`ascii_json`]).
    pub(super) fn value(&self, cost: &Cost) -> Option<HeaderValue> {
        let full = {
            let held = self.0.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(value) = held.get(cost) {
                return Some(value.clone());
            }
            held.len() >= Self::HELD
        };
        let value = HeaderValue::from_str(&ascii_json(cost)).ok()?;
        if !full {
            let mut held = self.0.write().unwrap_or_else(PoisonError::into_inner);
            if held.len() < Self::HELD {
                held.insert(cost.clone(), value.clone());
            }
        }
        Some(value)
    }
}

/// A value as JSON text with every character outside ASCII written `\uXXXX` (surrogate
/// pairs above the BMP), so that it is a valid header value.
pub(super) fn ascii_json(value: &impl serde::Serialize) -> String {
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, AsciiOnly);
    if value.serialize(&mut serializer).is_err() {
        return "null".to_owned();
    }
    // Only ASCII was written.
    String::from_utf8(out).unwrap_or_else(|_| "null".to_owned())
}

/// serde_json's compact output, with the characters of strings outside ASCII escaped.
struct AsciiOnly;

impl serde_json::ser::Formatter for AsciiOnly {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if fragment.is_ascii() {
            return writer.write_all(fragment.as_bytes());
        }
        let mut ascii = 0;
        for (at, c) in fragment.char_indices().filter(|(_, c)| !c.is_ascii()) {
            writer.write_all(&fragment.as_bytes()[ascii..at])?;
            for unit in c.encode_utf16(&mut [0; 2]) {
                write!(writer, "\\u{unit:04x}")?;
            }
            ascii = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[ascii..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&'static str, &'static [u8])]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (n, v) in pairs {
            m.append(
                HeaderName::from_static(n),
                HeaderValue::from_bytes(v).unwrap(),
            );
        }
        m
    }

    #[test]
    fn the_upstream_gets_only_what_stays_true() {
        let h = map(&[
            ("authorization", b"Bearer k"),
            ("connection", b"x-hop, keep-alive"),
            ("x-hop", b"1"),
            ("proxy-connection", b"keep-alive"),
            ("content-encoding", b"gzip"),
            ("content-md5", b"x"),
            ("digest", b"sha-256=x"),
            ("content-range", b"bytes 0-1/2"),
            ("x-forwarded-for", b"10.0.0.1"),
            ("forwarded", b"for=10.0.0.1"),
            ("x-dashscope-async", b"enable"),
        ]);
        let out = upstream(&h).unwrap();
        let names: Vec<&str> = out.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["authorization", "x-dashscope-async"]);
    }

    #[test]
    fn an_unreadable_connection_value_is_refused() {
        let h = map(&[("connection", b"x-secret\xff"), ("x-secret", b"1")]);
        assert!(upstream(&h).is_err());
        assert!(downstream(&h).is_err());
    }

    #[test]
    fn cost_values_are_the_costs_json_and_held_up_to_a_bound() {
        let values = CostValues::new();
        let unknown = |images| Cost::Unknown {
            reason: "no price × stated".to_owned(),
            images,
        };
        for images in 0..CostValues::HELD as u32 + 10 {
            let cost = unknown(images);
            let value = values.value(&cost).unwrap();
            assert_eq!(value.to_str().unwrap(), ascii_json(&cost));
        }
        assert_eq!(values.0.read().unwrap().len(), CostValues::HELD);
        // Held or not, the same value.
        for images in [0, CostValues::HELD as u32 + 5] {
            let cost = unknown(images);
            assert_eq!(values.value(&cost).unwrap(), ascii_json(&cost).as_str());
        }
    }

    #[test]
    fn header_json_is_ascii_and_the_same_json() {
        let value = serde_json::json!({"m": "2048×1152 🦊"});
        let escaped = ascii_json(&value);
        assert!(escaped.is_ascii());
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn hop_by_hop_headers_do_not_reach_the_client() {
        let h = map(&[
            ("connection", b"close, X-Secret"),
            ("x-secret", b"1"),
            ("keep-alive", b"timeout=5"),
            ("proxy-connection", b"keep-alive"),
            ("proxy-authenticate", b"Basic"),
            ("trailer", b"x-t"),
            ("upgrade", b"websocket"),
            ("set-cookie", b"a=1"),
            ("content-type", b"application/json"),
            ("set-cookie", b"b=2"),
            ("x-request-id", b"r1"),
        ]);
        let out = downstream(&h).unwrap();
        let mut names: Vec<&str> = out.keys().map(HeaderName::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["content-type", "set-cookie", "x-request-id"]);
        let cookies: Vec<&[u8]> = out
            .get_all("set-cookie")
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        assert_eq!(cookies, [b"a=1", b"b=2"]);
    }

    #[test]
    fn the_client_gets_the_upstreams_content_length() {
        let out = downstream(&map(&[("content-length", b"42"), ("content-type", b"a/b")])).unwrap();
        assert_eq!(out["content-length"], "42");
        for bad in [
            map(&[("content-length", b"42"), ("transfer-encoding", b"chunked")]),
            map(&[("content-length", b"42"), ("content-length", b"43")]),
            map(&[("content-length", b"+42")]),
        ] {
            let out = downstream(&bad).unwrap();
            assert!(!out.contains_key("content-length"), "{bad:?}");
        }
    }
}
