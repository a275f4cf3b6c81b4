//! URLs a provider fetches (`format = "url"`): `http` or `https` only, parsed by the `url`
//! crate (the WHATWG URL standard). With `public = true`, the URL must also be one a provider
//! may be asked to fetch: no credentials and no host that is local, private or otherwise not
//! public. IPv4 literals are checked after the standard's normalisation, so `http://2130706433/`
//! and `http://0x7f.1/` are 127.0.0.1. Host *names* are not resolved: a name that resolves to
//! a private address passes, and the fetcher must check the address it connects to; names
//! under the special-use domains `.localhost`, `.local`, `.internal` and `.home.arpa` are
//! refused.
//!
//! A URL is accepted only as its canonical serialization (the text the standard's parser
//! writes back): capspec forwards what the client wrote, and a text that parsers read
//! differently (`http://example.com\@169.254.169.254/`, which the standard reads as host
//! `example.com` and Python's `urllib` as `169.254.169.254`; leading spaces; tabs inside the
//! host; `https:example.com`) is refused rather than forwarded.

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{Ctx, Got, Param, Raw};
use crate::error::{Code, Fault, echo};
use crate::types::Url;

/// Checks a URL string.
pub fn check(text: &str, public: bool) -> Result<(), Fault> {
    if plainly_valid(text, public) {
        return Ok(());
    }
    parsed(text, public)
}

/// Checks a URL string with the full WHATWG parser.
fn parsed(text: &str, public: bool) -> Result<(), Fault> {
    let got = || format!("got {:?}", echo(text));
    if super::text::has_nul(text) {
        return Err(Fault::new(Code::InvalidValue, super::text::NO_NUL, got()));
    }
    let url = url::Url::parse(text).map_err(|e| {
        Fault::new(
            Code::InvalidFormat,
            format!("must be an absolute http or https URL ({e})"),
            got(),
        )
    })?;
    let scheme = url.scheme();
    if scheme != "http" && scheme != "https" {
        return Err(Fault::new(
            Code::UrlNotAllowed,
            "must be an http or https URL",
            format!("got a {scheme}: URL {:?}", echo(text)),
        ));
    }
    if public {
        public_host(text, &url)?;
    }
    if url.as_str() != text {
        return Err(Fault::new(
            Code::InvalidFormat,
            format!(
                "must be written as the URL standard writes it back, {:?}",
                echo(url.as_str())
            ),
            got(),
        ));
    }
    Ok(())
}

/// Whether `text` is, without parsing it, an `http(s)` URL the standard writes back unchanged
/// (and, with `public`, one on a public host name): a lowercase ASCII domain whose last
/// label starts with a letter (so it is no IPv4 address), no credentials, port, `xn--`
/// label or dot segment, and a path, query and fragment of characters the standard leaves
/// as they are. Most URLs a client sends are such; any other text goes to the full parser.
/// It only ever accepts: every URL it accepts, the parser accepts too (a property test
/// holds it to that).
fn plainly_valid(text: &str, public: bool) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let bytes = rest.as_bytes();
    // The host: labels of [a-z0-9-], none empty or `xn--`, the last starting with a letter.
    let (mut label, mut previous) = (0, 0);
    let mut i = 0;
    let slash = loop {
        let Some(&b) = bytes.get(i) else {
            return false;
        };
        match HOST[usize::from(b)] {
            Host::Label => {}
            Host::Dot | Host::Slash => {
                let l = &bytes[label..i];
                if l.is_empty() || l.starts_with(b"xn--") {
                    return false;
                }
                if b == b'/' {
                    break i;
                }
                (previous, label) = (label, i + 1);
            }
            Host::Other => return false,
        }
        i += 1;
    };
    if !bytes[label].is_ascii_lowercase() {
        return false;
    }
    // A local name's last label is one of these (or `arpa` after `home`).
    if public {
        let last = &bytes[label..slash];
        let local = matches!(last, b"localhost" | b"local" | b"internal")
            || (last == b"arpa" && label > 0 && &bytes[previous..label - 1] == b"home");
        if local {
            return false;
        }
    }
    plain_rest(&bytes[slash..])
}

/// How the host scan reads a byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Host {
    Label,
    Dot,
    Slash,
    Other,
}

const HOST: [Host; 256] = {
    let mut table = [Host::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' {
            Host::Label
        } else if c == b'.' {
            Host::Dot
        } else if c == b'/' {
            Host::Slash
        } else {
            Host::Other
        };
        b += 1;
    }
    table
};

/// How the path scan reads a byte: one the URL standard leaves as it is in a path, query or
/// fragment of an `http(s)` URL (letters, digits, `-._~!$&()*+,;=:@`), a boundary of a path
/// segment (`/`, `?`, `#`), `%`, or any other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Path {
    Plain,
    Boundary,
    Percent,
    Other,
}

const PATH: [Path; 256] = {
    let mut table = [Path::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            ) {
            Path::Plain
        } else if matches!(c, b'/' | b'?' | b'#') {
            Path::Boundary
        } else if c == b'%' {
            Path::Percent
        } else {
            Path::Other
        };
        b += 1;
    }
    table
};

/// Whether the URL standard writes `b` back as it is in the path, query or fragment of an
/// `http(s)` URL (letters, digits, `-._~!$&()*+,;=:@`): what [`plain_rest`] reads as plain.
pub(crate) fn unchanged_in_url(b: u8) -> bool {
    PATH[usize::from(b)] == Path::Plain
}

/// A path (with query and fragment, starting at its `/`) of plain bytes and `%` escapes that
/// are not a dot, with no `.` or `..` segment before the query.
fn plain_rest(path: &[u8]) -> bool {
    let mut i = 0;
    // The start of the current path segment; `None` once in the query or fragment.
    let mut segment = Some(0);
    while let Some(&b) = path.get(i) {
        match PATH[usize::from(b)] {
            Path::Plain => {}
            Path::Boundary => {
                if let Some(start) = segment {
                    if is_dot_segment(&path[start..i]) {
                        return false;
                    }
                    segment = (b == b'/').then_some(i + 1);
                }
            }
            Path::Percent => {
                let escape = path.get(i + 1..i + 3);
                let hex = escape.is_some_and(|e| e.iter().all(u8::is_ascii_hexdigit));
                if !hex || escape.is_some_and(|e| e.eq_ignore_ascii_case(b"2e")) {
                    return false;
                }
                i += 2;
            }
            Path::Other => return false,
        }
        i += 1;
    }
    segment.is_none_or(|start| !is_dot_segment(&path[start..]))
}

fn is_dot_segment(s: &[u8]) -> bool {
    s == b"." || s == b".."
}

/// Host names under these special-use domains name hosts of a local network
/// (RFC 6761 `.localhost`, RFC 6762 `.local`, RFC 8375 `.home.arpa`, ICANN's private-use
/// `.internal`).
pub const LOCAL_DOMAINS: [&str; 4] = ["localhost", "local", "internal", "home.arpa"];

/// The local domain a host name is (or is under), if any.
fn local_domain(host: &str) -> Option<&'static str> {
    let host = host.trim_end_matches('.');
    LOCAL_DOMAINS.into_iter().find(|d| {
        host.eq_ignore_ascii_case(d)
            || host.len().checked_sub(d.len() + 1).is_some_and(|i| {
                host.as_bytes()[i] == b'.' && host[i + 1..].eq_ignore_ascii_case(d)
            })
    })
}

/// A URL a provider may be asked to fetch: no credentials, a public host.
fn public_host(text: &str, url: &url::Url) -> Result<(), Fault> {
    let got = || format!("got {:?}", echo(text));
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Fault::new(
            Code::UrlNotAllowed,
            "must be a publicly accessible http or https URL without credentials (user:password@)",
            got(),
        ));
    }
    let why = match url.host() {
        None => Some("has no host".to_owned()),
        Some(url::Host::Domain(d)) => {
            local_domain(d).map(|domain| format!("{d} is a local network name (under .{domain})"))
        }
        Some(url::Host::Ipv4(ip)) => {
            ipv4_not_public(ip).map(|kind| format!("is the {kind} address {ip}"))
        }
        Some(url::Host::Ipv6(ip)) => {
            ipv6_not_public(ip).map(|kind| format!("is the {kind} address {ip}"))
        }
    };
    match why {
        Some(why) => Err(Fault::new(
            Code::UrlNotAllowed,
            "must be a publicly accessible http or https URL",
            format!("got {:?}, whose host {why}", echo(text)),
        )),
        None => Ok(()),
    }
}

/// Why an IPv4 address is not a public unicast address, if it is not.
pub fn ipv4_not_public(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(if ip.is_unspecified() || a == 0 {
        "unspecified (\"this network\")"
    } else if ip.is_loopback() {
        "loopback"
    } else if ip.is_private() {
        "private"
    } else if ip.is_link_local() {
        "link-local (cloud metadata)"
    } else if a == 100 && (b & 0b1100_0000) == 64 {
        "shared (CGNAT, 100.64.0.0/10)"
    } else if ip.is_broadcast() {
        "broadcast"
    } else if ip.is_multicast() {
        "multicast"
    } else if ip.is_documentation() {
        "documentation"
    } else if a == 192 && b == 0 && c == 0 {
        "IETF protocol assignment"
    } else if a == 198 && (b & 0xfe) == 18 {
        "benchmarking"
    } else if a >= 240 {
        "reserved"
    } else {
        return None;
    })
}

/// Why an IPv6 address is not a public unicast address, if it is not. Addresses that embed
/// an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the embedded address.
pub fn ipv6_not_public(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return ipv4_not_public(v4);
    }
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    // IPv4-compatible ::a.b.c.d (deprecated), IPv4-translated ::ffff:0:a.b.c.d (RFC 2765)
    // and NAT64 64:ff9b::a.b.c.d (RFC 6052).
    if s[..6] == [0; 6] || s[..6] == [0, 0, 0, 0, 0xffff, 0] || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0]
    {
        return ipv4_not_public(embedded(s[6], s[7]));
    }
    // 6to4 2002:AABB:CCDD::/48.
    if s[0] == 0x2002 {
        return ipv4_not_public(embedded(s[1], s[2]));
    }
    Some(if (s[0] & 0xfe00) == 0xfc00 {
        "unique local"
    } else if (s[0] & 0xffc0) == 0xfe80 {
        "link-local"
    } else if (s[0] & 0xffc0) == 0xfec0 {
        "site-local"
    } else if (s[0] & 0xff00) == 0xff00 {
        "multicast"
    } else if (s[0] & 0xff80) == 0xfe00 {
        "reserved"
    } else if (s[0] == 0x2001 && s[1] == 0x0db8) || (s[0] & 0xfff0) == 0x3ff0 {
        "documentation"
    } else if s[0] == 0x0100 && s[1..4] == [0, 0, 0] {
        "discard-only"
    } else if s[0] == 0x0064 && s[1] == 0xff9b && s[2] == 0x0001 {
        // RFC 8215: a local NAT64 translates these to IPv4 addresses of its own network.
        "local-use NAT64"
    } else if s[0] == 0x2001 && s[1] == 0 {
        // RFC 4380: a tunnel whose far end is an IPv4 address written into the address.
        "Teredo"
    } else if s[0] == 0x2001 && s[1] == 0x0002 && s[2] == 0 {
        "benchmarking"
    } else if s[0] == 0x5f00 {
        "segment routing"
    } else {
        return None;
    })
}

/// Checks a URL parameter (or array item).
pub fn link<'de>(
    cx: &mut Ctx<'_, '_>,
    raw: Raw<'de>,
    param: Param<'_>,
    public: bool,
) -> Got<Cow<'de, str>> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Str(s) => {
            let checked = check(&s, public).map(|()| s);
            Got::from_result(cx, param, checked)
        }
        other => {
            cx.wrong_type(param, "a string", &other);
            Got::Invalid
        }
    }
}

/// Checks a URL parameter (or array item), as its constrained type.
#[inline]
pub fn url<'de, const PUBLIC: bool>(
    cx: &mut Ctx<'_, '_>,
    raw: Raw<'de>,
    param: Param<'_>,
) -> Got<Url<'de, PUBLIC>> {
    link(cx, raw, param, PUBLIC).map(Url::from_checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_pass() {
        for ok in [
            "https://example.com/cat.png",
            "http://cdn.example.org:8080/a/b.jpg?x=1",
            "https://8.8.8.8/x.png",
            "https://[2606:4700::1111]/x.png",
        ] {
            assert_eq!(check(ok, true), Ok(()), "{ok}");
        }
    }

    #[test]
    fn non_public_urls_fail_with_url_not_allowed() {
        for bad in [
            "data:image/png;base64,AAAA",
            "file:///etc/passwd",
            "ftp://example.com/x",
            "gopher://example.com/",
            "https://user:pass@example.com/x.png",
            "http://localhost/x",
            "http://LOCALHOST./x",
            "http://api.localhost/x",
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://192.0.2.1/",
            "http://198.51.100.7/",
            "http://203.0.113.9/",
            "http://[::1]/",
            "http://[::]/",
            "http://[fc00::1]/",
            "http://[fd12:3456::1]/",
            "http://[fe80::1]/",
            "http://[ff02::1]/",
            "http://[2001:db8::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://[::127.0.0.1]/",
            "http://[64:ff9b::10.0.0.1]/",
            "http://[2002:c0a8:0101::1]/",
        ] {
            let fault = check(bad, true).expect_err(bad);
            assert_eq!(fault.code(), Code::UrlNotAllowed, "{bad}: {fault}");
        }
    }

    /// URL-like texts: mostly what the quick path takes, with what the standard rewrites
    /// (case, ports, dot segments, escapes, backslashes, quotes, IP hosts, local names)
    /// mixed in.
    fn url_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let label = prop_oneof![
            6 => "[a-z][a-z0-9-]{0,5}",
            1 => "[0-9]{1,3}",
            1 => Just("xn--ab".to_owned()),
            1 => Just("local".to_owned()),
            1 => Just("localhost".to_owned()),
            1 => Just("internal".to_owned()),
            1 => Just("home".to_owned()),
            1 => Just("arpa".to_owned()),
            1 => Just("Ab".to_owned()),
            1 => Just("0x1f".to_owned()),
        ];
        let host = proptest::collection::vec(label, 1..4).prop_map(|l| l.join("."));
        let token = proptest::sample::select(vec![
            "a", "Z", "0", "-", ".", "..", "_", "~", "%41", "%2e", "%2E", "%zz", "%4", " ", "\\",
            "'", "\"", "{", "|", "^", "`", "é", "?", "#", "&", "=", ":", "@", "!", "$", "(", "*",
            "+", ",", ";", "<", "[", "\t",
        ]);
        let segment = proptest::collection::vec(token, 0..4).prop_map(|t| t.concat());
        let path = proptest::collection::vec(segment, 0..4).prop_map(|s| s.join("/"));
        let scheme = prop_oneof![
            8 => Just("https://"),
            4 => Just("http://"),
            1 => Just("HTTPS://"),
            1 => Just("https:"),
            1 => Just("https:/"),
        ];
        let port =
            prop_oneof![8 => Just(""), 1 => Just(":443"), 1 => Just(":8080"), 1 => Just(":080")];
        let slash = prop_oneof![9 => Just("/"), 1 => Just(""), 1 => Just("?")];
        (scheme, host, port, slash, path).prop_map(|(s, h, p, sl, pa)| format!("{s}{h}{p}{sl}{pa}"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// The quick path accepts only what the parser accepts.
        #[test]
        fn the_quick_path_accepts_only_what_the_parser_accepts(text in url_like()) {
            for public in [false, true] {
                if plainly_valid(&text, public) {
                    proptest::prop_assert_eq!(parsed(&text, public), Ok(()), "{:?}", text);
                }
            }
        }
    }

    #[test]
    fn the_quick_path_takes_the_common_urls() {
        for url in [
            "https://example.com/cat.png",
            "https://cdn-1.example.org/a/b_c~d.jpg?x=1&y=2#top",
            "http://img.example.com/%E5%AD%97.png",
        ] {
            assert!(plainly_valid(url, true), "{url}");
        }
        for url in [
            "https://Example.com/a.png",
            "https://example.com",
            "https://example.com:443/a.png",
            "https://1.2.3.4/a.png",
            "https://a.com/./b",
            "https://a.com/a b",
            "https://xn--nxasmq6b.com/a",
            "https://printer.local/a.png",
        ] {
            assert!(!plainly_valid(url, true), "{url}");
        }
    }

    #[test]
    fn malformed_urls_are_invalid_format() {
        for bad in ["", "example.com/x.png", "http://", "https://exa mple.com/"] {
            assert_eq!(
                check(bad, true).expect_err(bad).code(),
                Code::InvalidFormat,
                "{bad}"
            );
        }
    }
}
