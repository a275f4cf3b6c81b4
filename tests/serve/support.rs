//! What the HTTP tests share: a recording upstream, a server on a loopback port (in process or
//! the `capspec` binary), a client, and bodies derived from the specs.

use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use capspec::serve::{Config, Server, Url};
use serde_json::{Map, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// One request the upstream received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: Method,
    /// Path and query, as sent.
    pub target: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A real HTTP server standing in for a provider: it records every request and answers by
/// path:
/// - `/slow...`: answers after [`SLOW`];
/// - `/hang...`: never answers;
/// - `/cut...`: 200 with a body that breaks off after its first chunk;
/// - `/stall...`: 200 with a body that stops after its first chunk and never ends;
/// - `/busy...`: 429 with `retry-after: 7` and an error body of its own;
/// - `.../status/NNN`: status NNN with a body of two bytes;
/// - anything else: 200 with an image-response body and `x-upstream-request: <count>`.
pub struct Upstream {
    pub url: Url,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: JoinHandle<()>,
}

/// How long `/slow` takes.
pub const SLOW: Duration = Duration::from_millis(1500);

/// The first chunk `/cut` sends before it breaks off.
pub const CUT_CHUNK: &str = "{\"data\": [";

impl Upstream {
    pub async fn start() -> Upstream {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new().fallback(record).with_state(seen.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Upstream { url, seen, task }
    }

    /// An upstream URL where nothing listens (a port just freed).
    pub async fn down() -> Url {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        Url::parse(&format!("http://{addr}")).unwrap()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn record(State(seen): State<Arc<Mutex<Vec<Seen>>>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let count = {
        let mut seen = seen.lock().unwrap();
        seen.push(Seen {
            method: parts.method,
            target: target.clone(),
            headers: parts.headers,
            body,
        });
        seen.len()
    };
    if target.starts_with("/slow") {
        tokio::time::sleep(SLOW).await;
    }
    if target.starts_with("/hang") {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    if target.starts_with("/cut") {
        use futures_util::StreamExt;
        let first = futures_util::stream::once(async {
            Ok::<_, std::io::Error>(Bytes::from_static(CUT_CHUNK.as_bytes()))
        });
        let then = futures_util::stream::once(async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            Err(std::io::Error::other("the upstream broke off"))
        });
        let stream = first.chain(then);
        return ([("content-length", "1000")], Body::from_stream(stream)).into_response();
    }
    if target.starts_with("/stall") {
        use futures_util::StreamExt;
        let first = futures_util::stream::once(async {
            Ok::<_, std::io::Error>(Bytes::from_static(CUT_CHUNK.as_bytes()))
        });
        let stream = first.chain(futures_util::stream::pending());
        return ([("content-length", "1000")], Body::from_stream(stream)).into_response();
    }
    if let Some(code) = target
        .split_once("/status/")
        .and_then(|(_, code)| code.parse::<u16>().ok())
    {
        let status = StatusCode::from_u16(code).unwrap();
        return (status, "{}").into_response();
    }
    if target.starts_with("/busy") {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "7"), ("content-type", "application/json")],
            r#"{"error":{"message":"slow down","code":"rate_limited"}}"#,
        )
            .into_response();
    }
    (
        [
            ("content-type", "application/json"),
            ("x-upstream-request", &count.to_string()),
        ],
        r#"{"created":1,"data":[{"url":"https://images.example/1.png"}]}"#,
    )
        .into_response()
}

/// `capspec::serve` in this process, on a loopback port.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Running {
    pub async fn start(config: Config) -> Running {
        let server = Server::bind(config.listen(loopback())).await.unwrap();
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        Running {
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Asks the server to stop and waits until it has drained.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A client that talks to loopback directly (no proxy from the environment).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

pub async fn get(url: &str) -> (StatusCode, Value) {
    let response = client().get(url).send().await.unwrap();
    let status = response.status();
    let body = response.bytes().await.unwrap();
    (status, json(&body))
}

pub async fn post(url: &str, body: impl Into<reqwest::Body>) -> (StatusCode, HeaderMap, Value) {
    let response = client()
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response.bytes().await.unwrap();
    (status, headers, json(&body))
}

pub fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

/// The `(param, code)` of every violation in an OpenAI error body, checking its shape.
pub fn violations(body: &Value) -> Vec<(Value, String)> {
    let errors = body["errors"].as_array().expect("an errors array");
    assert_eq!(body["error"], errors[0], "`error` is the first of `errors`");
    errors
        .iter()
        .map(|e| {
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
            assert!(e["type"].is_string(), "{e}");
            (e["param"].clone(), e["code"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// The smallest valid body of each shipped spec (the corpus's `minimal`), with its provider.
pub fn minimal_bodies() -> Vec<(String, Map<String, Value>)> {
    capspec::specs()
        .iter()
        .map(|spec| (spec.provider.clone(), capspec_corpus::minimal(spec)))
        .collect()
}

/// The minimal valid body of the first spec of `provider`.
pub fn minimal_body(provider: &str) -> Vec<u8> {
    let (_, body) = minimal_bodies()
        .into_iter()
        .find(|(p, _)| p == provider)
        .unwrap_or_else(|| panic!("no spec for {provider}"));
    serde_json::to_vec(&body).unwrap()
}

/// The minimal valid body of the spec `id`.
pub fn minimal_body_of(id: &str) -> Vec<u8> {
    let spec = capspec::specs().iter().find(|s| s.id == id).unwrap();
    serde_json::to_vec(&capspec_corpus::minimal(spec)).unwrap()
}

/// The minimal valid body of `provider` with `changes` merged in.
pub fn body_with(provider: &str, changes: Value) -> Vec<u8> {
    let mut body: Map<String, Value> = serde_json::from_slice(&minimal_body(provider)).unwrap();
    body.extend(changes.as_object().unwrap().clone());
    serde_json::to_vec(&body).unwrap()
}

/// `capspec serve` as a child process; `stdout`'s first line gives the address.
pub struct Binary {
    pub child: Child,
    pub addr: SocketAddr,
    /// Kept open: the server may write more.
    _stdout: BufReader<tokio::process::ChildStdout>,
}

impl Binary {
    pub async fn start(args: &[&str]) -> Binary {
        Binary::start_with_env(args, &[]).await
    }

    /// With these environment variables set as well.
    pub async fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_capspec"))
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        let read = stdout.read_line(&mut line);
        tokio::time::timeout(Duration::from_secs(30), read)
            .await
            .expect("the server starts within 30 s")
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("first line: {line:?}"))
            .parse()
            .unwrap();
        Binary {
            child,
            addr,
            _stdout: stdout,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = nix::unistd::Pid::from_raw(self.child.id().unwrap().try_into().unwrap());
        nix::sys::signal::kill(pid, signal).unwrap();
    }

    /// Everything the server logged, once it has exited.
    pub async fn logs(&mut self) -> String {
        let mut stderr = self.child.stderr.take().unwrap();
        let mut out = String::new();
        tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut out)
            .await
            .unwrap();
        out
    }
}

/// Polls `check` every 50 ms until it holds, for at most `limit`.
pub async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// A copy of the shipped specs in a fresh directory, removed on drop.
pub struct SpecsDir {
    pub path: std::path::PathBuf,
}

impl SpecsDir {
    pub fn copy(name: &str) -> SpecsDir {
        let path =
            std::env::temp_dir().join(format!("capspec serve {name} {}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        for entry in std::fs::read_dir("specs").unwrap() {
            let provider = entry.unwrap().path();
            if !provider.is_dir() {
                continue;
            }
            let to = path.join(provider.file_name().unwrap());
            std::fs::create_dir_all(&to).unwrap();
            for file in std::fs::read_dir(&provider).unwrap() {
                let file = file.unwrap().path();
                std::fs::copy(&file, to.join(file.file_name().unwrap())).unwrap();
            }
        }
        SpecsDir { path }
    }

    pub fn arg(&self) -> &str {
        self.path.to_str().unwrap()
    }
}

impl Drop for SpecsDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// An answer read off a raw socket.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Lowercase names, in order.
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    pub fn json(&self) -> Value {
        json(&self.body)
    }
}

/// One request on a fresh connection, written byte for byte (no client library normalizes
/// its target or headers), with `host`, `connection: close` and, for a body, its length.
pub async fn raw_request(
    addr: SocketAddr,
    method: &str,
    target: &[u8],
    headers: &[(&str, &[u8])],
    body: &[u8],
) -> RawResponse {
    let mut request = Vec::new();
    request.extend_from_slice(method.as_bytes());
    request.push(b' ');
    request.extend_from_slice(target);
    request.extend_from_slice(b" HTTP/1.1\r\nhost: x\r\nconnection: close\r\n");
    for (name, value) in headers {
        request.extend_from_slice(name.as_bytes());
        request.extend_from_slice(b": ");
        request.extend_from_slice(value);
        request.extend_from_slice(b"\r\n");
    }
    if !body.is_empty() {
        request.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    }
    request.extend_from_slice(b"\r\n");
    request.extend_from_slice(body);
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut socket, &request)
        .await
        .unwrap();
    read_answer(socket, method == "HEAD").await
}

/// What the server writes on `socket` until it closes it (within 30 s), parsed.
async fn read_answer(mut socket: tokio::net::TcpStream, head: bool) -> RawResponse {
    let mut answer = Vec::new();
    let read = tokio::io::AsyncReadExt::read_to_end(&mut socket, &mut answer);
    let _ = tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .expect("the server answers within 30 s");
    parse_response(&answer, head)
}

/// A POST on a fresh connection with its body in chunks of 64 KiB (`transfer-encoding:
/// chunked`, so no length is declared up front).
pub async fn chunked_post(addr: SocketAddr, target: &str, body: &[u8]) -> RawResponse {
    let mut request = format!(
        "POST {target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\
         content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for chunk in body.chunks(64 * 1024) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    // The server may answer 413 and close before it has read everything.
    let _ = tokio::io::AsyncWriteExt::write_all(&mut socket, &request).await;
    read_answer(socket, false).await
}

/// An HTTP/1.1 response: status line, headers, body (de-chunked); interim responses (`100
/// Continue`) are skipped.
pub fn parse_response(bytes: &[u8], head: bool) -> RawResponse {
    if bytes.starts_with(b"HTTP/1.1 1")
        && !bytes.starts_with(b"HTTP/1.1 101")
        && let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n")
    {
        return parse_response(&bytes[end + 4..], head);
    }
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete head: {:?}", String::from_utf8_lossy(bytes)));
    let head_text = &bytes[..end];
    let mut lines = head_text
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let status_line = String::from_utf8_lossy(lines.next().unwrap()).into_owned();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("status line {status_line:?}"));
    let headers: Vec<(String, Vec<u8>)> = lines
        .filter_map(|l| {
            let colon = l.iter().position(|&b| b == b':')?;
            let name = String::from_utf8_lossy(&l[..colon]).to_ascii_lowercase();
            Some((name, l[colon + 1..].trim_ascii().to_vec()))
        })
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case(b"chunked"));
    if chunked && !head {
        body = dechunk(&body);
    }
    RawResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&rest[..line_end]).unwrap_or("0");
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = line_end + 2;
        let end = (start + size).min(rest.len());
        out.extend_from_slice(&rest[start..end]);
        rest = &rest[(end + 2).min(rest.len())..];
    }
}

/// A hostile upstream over raw sockets: reads each request's head (and body, by its length),
/// writes what `answer` returns for the request target, and closes the connection.
pub struct RawUpstream {
    pub url: Url,
    pub requests: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl RawUpstream {
    pub async fn start(answer: fn(&str) -> Vec<u8>) -> RawUpstream {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let seen = seen.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    let head_end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                    let length = head
                        .lines()
                        .filter_map(|l| l.split_once(':'))
                        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    while buf.len() < head_end + length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let target = head.split(' ').nth(1).unwrap_or("").to_owned();
                    seen.lock().unwrap().push(head);
                    let _ = socket.write_all(&answer(&target)).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        RawUpstream {
            url,
            requests,
            task,
        }
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for RawUpstream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Runs a client script of `tests/clients/` with the OpenAI Python SDK (the virtualenv
/// `scripts/python-env.sh` makes from the pinned `tests/clients/requirements.txt`); what it
/// prints, as JSON. The script failing fails the test, with its stderr.
pub async fn sdk_script(script: &str, args: &[&std::ffi::OsStr]) -> Value {
    let out = Command::new("bash")
        .arg("scripts/python-env.sh")
        .stderr(Stdio::inherit())
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "scripts/python-env.sh failed");
    let python = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let out = Command::new(&python)
        .arg(format!("tests/clients/{script}"))
        .args(args)
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{script} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out.stdout)
}
