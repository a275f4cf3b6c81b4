//! Which client paths the proxy forwards, and where they go.
//!
//! - [`check`]: a path with a dot-segment in any spelling (`.` or `..` as a segment, `%2e` in
//!   any case and mix, before `;` parameters, under several layers of percent-encoding), an
//!   encoded separator (`%2f`, `%5c`) or a backslash is refused, so nothing the upstream or a
//!   URL parser could resolve upwards is ever forwarded.
//! - [`Table`]: per provider, the endpoint paths its specs name (`[model] endpoint.path`,
//!   POST) and the paths it polls (`[model] response.poll`, GET and HEAD, one segment per
//!   `{placeholder}`). A provider whose specs name no path at all forwards any path. One whose
//!   specs name only poll paths (gccai: its doc gives the method but not the path) forwards a
//!   POST on any path, since the body is validated all the same; one whose specs name only
//!   endpoint paths (a synchronous API) forwards no GET or HEAD. PUT goes only to the cancel
//!   paths (`[model] response.cancel`). Where the endpoint path selects the spec (fal), a POST
//!   goes only to an endpoint path, and is validated by the spec it selects. `--any-path` opts
//!   out of the table for everything else.

use std::borrow::Cow;
use std::collections::BTreeMap;

use percent_encoding::percent_decode;
use serde::Serialize;

use crate::Registry;
use crate::rt::url::unchanged_in_url;

/// How many layers of percent-encoding a path may carry; each is decoded and checked again
/// (an upstream or a framework in front of it may decode more than once).
const MAX_DECODES: usize = 4;

/// Why a path is refused: 400 `invalid_path`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// `.` or `..` as a segment, in any spelling.
    DotSegment,
    /// `%2f` or `%5c`: a separator an upstream may decode into the path.
    EncodedSeparator,
    /// `\`, which URL parsers and some servers read as `/`.
    Backslash,
    /// More than [`MAX_DECODES`] layers of percent-encoding.
    TooDeeplyEncoded,
}

impl Refusal {
    pub(super) fn message(self) -> String {
        let why = match self {
            Refusal::DotSegment => "has a `.` or `..` segment (in some spelling)",
            Refusal::EncodedSeparator => "has an encoded `/` or `\\` (`%2f`, `%5c`)",
            Refusal::Backslash => "has a backslash",
            Refusal::TooDeeplyEncoded => "is percent-encoded more than 4 times over",
        };
        format!(
            "the path {why}; the proxy forwards only paths whose segments are plain names, appended to the upstream's base path"
        )
    }
}

/// Checks a client's path (what follows `/<provider>`, as sent).
pub(super) fn check(path: &str) -> Result<(), Refusal> {
    let mut level: Cow<'_, [u8]> = Cow::Borrowed(path.as_bytes());
    for _ in 0..=MAX_DECODES {
        check_level(&level)?;
        // Borrowed: nothing was decoded, so no layer is left.
        match Cow::from(percent_decode(&level)) {
            Cow::Borrowed(_) => return Ok(()),
            Cow::Owned(decoded) => level = Cow::Owned(decoded),
        }
    }
    Err(Refusal::TooDeeplyEncoded)
}

/// One layer: no backslash, no encoded separator, no dot-segment.
fn check_level(path: &[u8]) -> Result<(), Refusal> {
    if path.contains(&b'\\') {
        return Err(Refusal::Backslash);
    }
    let encoded_separator = path.windows(3).any(|w| {
        w[0] == b'%' && w[1] == b'2' && w[2].eq_ignore_ascii_case(&b'f')
            || w[0] == b'%' && w[1] == b'5' && w[2].eq_ignore_ascii_case(&b'c')
    });
    if encoded_separator {
        return Err(Refusal::EncodedSeparator);
    }
    for segment in path.split(|&b| b == b'/') {
        // `..;x` is `..` to servers that strip path parameters (Tomcat, Jetty).
        let name = segment.split(|&b| b == b';').next().unwrap_or_default();
        if name == b"." || name == b".." {
            return Err(Refusal::DotSegment);
        }
    }
    Ok(())
}

/// The paths each provider's specs let the proxy forward.
#[derive(Clone, Debug, Default)]
pub(super) struct Table {
    providers: BTreeMap<String, Paths>,
}

/// One provider's forwardable paths; `None`: its specs name none, so any (checked) path.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(super) struct Paths {
    /// Endpoint paths, for POST.
    #[serde(rename = "POST", serialize_with = "any_or_list")]
    pub post: Option<Vec<String>>,
    /// Poll patterns (`/v1/tasks/{task_id}`), for GET and HEAD.
    #[serde(rename = "GET", serialize_with = "any_or_list")]
    pub poll: Option<Vec<String>>,
    /// Cancel patterns (fal's `/fal-ai/flux/requests/{request_id}/cancel`), for PUT.
    #[serde(rename = "PUT", serialize_with = "any_or_list")]
    pub cancel: Option<Vec<String>>,
    /// Where the endpoint path selects the spec (fal): each endpoint path's spec id.
    #[serde(skip)]
    pub routes: Option<BTreeMap<String, String>>,
}

impl Paths {
    /// For the log: `POST /v1/images/generations; GET and HEAD any path; PUT none`.
    pub(super) fn describe(&self) -> String {
        let list = |kind: &Option<Vec<String>>| match kind {
            None => "any path".to_owned(),
            Some(list) if list.is_empty() => "none".to_owned(),
            Some(list) => list.join(", "),
        };
        format!(
            "POST {}; GET and HEAD {}; PUT {}",
            list(&self.post),
            list(&self.poll),
            list(&self.cancel)
        )
    }
}

fn any_or_list<S: serde::Serializer>(
    list: &Option<Vec<String>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match list {
        None => serializer.serialize_str("any"),
        Some(paths) => paths.serialize(serializer),
    }
}

/// What a request does, by its method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Action {
    /// POST: a body to validate, to an endpoint path.
    Generate,
    /// GET or HEAD: a poll path.
    Poll,
    /// PUT: a cancel path.
    Cancel,
}

/// What the table says of one request.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Verdict<'t> {
    /// Forward it; for a POST to a provider whose specs are selected by path, the spec its
    /// path selects.
    Forward { spec: Option<&'t str> },
    /// Not an endpoint of the provider: 404 `endpoint_not_found`.
    NotAnEndpoint,
}

impl Table {
    /// The paths the specs of `registry` name; `any_path`: every provider forwards any path
    /// (but a POST to a provider whose specs are selected by path still needs one of them).
    pub(super) fn new(registry: &Registry, any_path: bool) -> Table {
        let mut providers: BTreeMap<String, Paths> = BTreeMap::new();
        for spec in registry.specs() {
            let paths = providers.entry(spec.provider.clone()).or_default();
            if let Some(path) = spec.routed_path() {
                paths
                    .routes
                    .get_or_insert_with(BTreeMap::new)
                    .insert(path.to_owned(), spec.id.clone());
            }
            if any_path {
                continue;
            }
            let endpoint = spec.model.endpoint.as_ref();
            if let Some(path) = endpoint
                .filter(|e| e.method == "POST")
                .and_then(|e| e.path.as_ref())
            {
                add(&mut paths.post, path);
            }
            if let Some(response) = &spec.model.response {
                for poll in &response.poll {
                    add(&mut paths.poll, poll);
                }
                for cancel in &response.cancel {
                    add(&mut paths.cancel, cancel);
                }
            }
        }
        // GET, HEAD and PUT carry nothing capspec checks: once a provider's specs name any
        // path, only its poll and cancel paths are forwarded (none, for a provider that
        // answers synchronously).
        for paths in providers.values_mut() {
            if paths.post.is_some() || paths.poll.is_some() {
                paths.poll.get_or_insert_with(Vec::new);
                paths.cancel.get_or_insert_with(Vec::new);
            }
        }
        Table { providers }
    }

    pub(super) fn paths(&self, provider: &str) -> Option<&Paths> {
        self.providers.get(provider)
    }

    /// Whether `action` on `path` (a checked path) is one of `provider`'s endpoints, and, for
    /// a POST to a provider routed by path, the spec it selects.
    pub(super) fn verdict(&self, provider: &str, action: Action, path: &str) -> Verdict<'_> {
        let Some(paths) = self.providers.get(provider) else {
            return Verdict::NotAnEndpoint;
        };
        let listed = |list: &Option<Vec<String>>| {
            list.as_ref()
                .is_none_or(|list| list.iter().any(|p| matches_pattern(p, path)))
        };
        match action {
            Action::Generate => match &paths.routes {
                Some(routes) => match routes.get(path) {
                    Some(spec) => Verdict::Forward {
                        spec: Some(spec.as_str()),
                    },
                    None => Verdict::NotAnEndpoint,
                },
                None if paths
                    .post
                    .as_ref()
                    .is_none_or(|list| list.iter().any(|p| p == path)) =>
                {
                    Verdict::Forward { spec: None }
                }
                None => Verdict::NotAnEndpoint,
            },
            Action::Poll if listed(&paths.poll) => Verdict::Forward { spec: None },
            Action::Cancel if listed(&paths.cancel) => Verdict::Forward { spec: None },
            Action::Poll | Action::Cancel => Verdict::NotAnEndpoint,
        }
    }
}

fn add(list: &mut Option<Vec<String>>, path: &str) {
    let list = list.get_or_insert_with(Vec::new);
    if !list.iter().any(|p| p == path) {
        list.push(path.to_owned());
    }
}

/// `/v1/tasks/{task_id}` matches `/v1/tasks/abc`: literal segments equal, one non-empty
/// segment per placeholder.
fn matches_pattern(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) => {
                let placeholder = w.len() > 2 && w.starts_with('{') && w.ends_with('}');
                if placeholder && g.is_empty() || !placeholder && w != g {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// `<base path><path>[?<query>]`: the client's path appended to the upstream's, not resolved
/// again, as the URL the request goes to. The path was [`check`]ed, so URL parsing has nothing
/// to resolve.
pub(super) fn join(upstream: &url::Url, path: &str, query: Option<&str>) -> Option<String> {
    plain_join(upstream, path, query).or_else(|| parsed_join(upstream, path, query))
}

/// [`join`] by the URL parser: percent-encodes what the path and query may not hold as they
/// are.
fn parsed_join(upstream: &url::Url, path: &str, query: Option<&str>) -> Option<String> {
    let base = upstream.path().trim_end_matches('/');
    let mut target = upstream.clone();
    target.set_path(&format!("{base}{path}"));
    target.set_query(query);
    // Defense in depth: what leaves is on the configured host, with the configured path
    // followed by the client's, exactly.
    let stays = target.host() == upstream.host()
        && target.port_or_known_default() == upstream.port_or_known_default()
        && target.path().strip_prefix(base) == Some(path);
    stays.then(|| target.into())
}

/// [`join`] without the parser, where it would write every byte back as it is: a path of
/// `/` and bytes the standard leaves unchanged (`rt::url::unchanged_in_url`; no `%`, so no
/// encoded dot) with no `.` or `..` segment, a query of such bytes, `/` and `?`, an upstream
/// URL without query or fragment. Most requests are such (`/v1/images/generations`); the rest
/// go to [`parsed_join`]. A unit test holds the two to the same text wherever this one answers.
fn plain_join(upstream: &url::Url, path: &str, query: Option<&str>) -> Option<String> {
    let plain_path = path.starts_with('/')
        && path.bytes().all(|b| b == b'/' || unchanged_in_url(b))
        && !path
            .split('/')
            .any(|segment| segment == "." || segment == "..");
    let plain_query = query.is_none_or(|q| {
        q.bytes()
            .all(|b| matches!(b, b'/' | b'?') || unchanged_in_url(b))
    });
    if !plain_path || !plain_query || upstream.query().is_some() || upstream.fragment().is_some() {
        return None;
    }
    let origin = &upstream[..url::Position::BeforePath];
    let base = upstream.path().trim_end_matches('/');
    let mut target = String::with_capacity(
        origin.len() + base.len() + path.len() + query.map_or(0, |q| q.len() + 1),
    );
    target.push_str(origin);
    target.push_str(base);
    target.push_str(path);
    if let Some(query) = query {
        target.push('?');
        target.push_str(query);
    }
    Some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_in_every_spelling_are_refused() {
        for path in [
            "/..",
            "/.",
            "/../v1/secret",
            "/%2e%2e/admin",
            "/%2E%2e/admin",
            "/.%2e/admin",
            "/%2e./admin",
            "/x/../../y",
            "/x;/../../y",
            "/..;/admin",
            "/%2e%2e;jsessionid=1/admin",
            "/..%3badmin/x",
            "/%252e%252e/admin",
            "/a/./b",
            "/a/%2e/b",
        ] {
            assert_eq!(check(path), Err(Refusal::DotSegment), "{path}");
        }
    }

    #[test]
    fn encoded_separators_and_backslashes_are_refused() {
        for path in ["/..%2fadmin", "/a%2Fb", "/a%5cb", "/a%5Cb", "/%252f"] {
            assert_eq!(check(path), Err(Refusal::EncodedSeparator), "{path}");
        }
        for path in ["/..\\x", "/a\\b"] {
            assert_eq!(check(path), Err(Refusal::Backslash), "{path}");
        }
        assert_eq!(
            check("/%252525252525"),
            Err(Refusal::TooDeeplyEncoded),
            "six layers"
        );
    }

    #[test]
    fn plain_paths_pass() {
        for path in [
            "/v1/images/generations",
            "/v1/tasks/abc-123",
            "/",
            "/a..b/.c/d.",
            "/...",
            "/a;b=c/d",
            "/%ff/x",
            "/a%20b",
        ] {
            assert_eq!(check(path), Ok(()), "{path}");
        }
    }

    #[test]
    fn poll_patterns_take_one_segment_per_placeholder() {
        let p = "/v1/tasks/{task_id}";
        assert!(matches_pattern(p, "/v1/tasks/abc"));
        assert!(!matches_pattern(p, "/v1/tasks/"));
        assert!(!matches_pattern(p, "/v1/tasks/a/b"));
        assert!(!matches_pattern(p, "/v1/tasks"));
        assert!(!matches_pattern(p, "/v1/task/abc"));
        let q = "/fal-ai/flux/requests/{request_id}/status";
        assert!(matches_pattern(q, "/fal-ai/flux/requests/r1/status"));
        assert!(!matches_pattern(q, "/fal-ai/flux/requests/r1"));
    }

    #[test]
    fn join_appends_under_the_base() {
        let base = url::Url::parse("http://127.0.0.1:9/base").unwrap();
        let t = join(&base, "/v1/x", Some("a=1")).unwrap();
        assert_eq!(t, "http://127.0.0.1:9/base/v1/x?a=1");
        let root = url::Url::parse("http://127.0.0.1:9").unwrap();
        assert_eq!(
            join(&root, "/v1/x", None).unwrap(),
            "http://127.0.0.1:9/v1/x"
        );
        let slash = url::Url::parse("http://127.0.0.1:9/base/").unwrap();
        assert_eq!(
            join(&slash, "//x", None).unwrap(),
            "http://127.0.0.1:9/base//x"
        );
        // What the plain join leaves to the parser: a query encoded; a path the parser would
        // change (encoded or resolved) refused.
        assert_eq!(
            join(&base, "/a", Some("q='x y'")).unwrap(),
            "http://127.0.0.1:9/base/a?q=%27x%20y%27"
        );
        assert_eq!(join(&base, "/a b{c}", None), None);
        assert_eq!(join(&base, "/a/../../x", None), None);
    }

    /// Every path and query of up to four characters from an alphabet of separators, dots,
    /// escapes and characters the parser encodes, under four upstream URLs: wherever the plain
    /// join answers, the parser writes the same URL.
    #[test]
    fn the_plain_join_writes_what_the_parser_writes() {
        let alphabet = [
            "/", ".", "a", "%", "2", "e", "'", "?", "{", " ", "\\", "|", "~", "é",
        ];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        let upstreams = [
            "http://127.0.0.1:9",
            "http://u:p@127.0.0.1:9/base/",
            "https://example.com/a%20b",
            "http://[::1]:8080/v1",
        ]
        .map(|u| url::Url::parse(u).unwrap());
        let mut plain = 0;
        for upstream in &upstreams {
            for text in &texts {
                let path = format!("/{text}");
                for query in [None, Some(text.as_str())] {
                    if let Some(joined) = plain_join(upstream, &path, query) {
                        plain += 1;
                        let parsed = parsed_join(upstream, &path, query);
                        assert_eq!(
                            Some(&joined),
                            parsed.as_ref(),
                            "{upstream} {path} {query:?}"
                        );
                    }
                }
            }
        }
        assert!(plain > 10_000, "{plain} plain joins");
    }
}
