//! The upstream HTTP client: hyper-util's pooled HTTP/1.1 client with keep-alive, TLS by
//! rustls (the platform's verifier), `TCP_NODELAY`, and `--upstream-proxy` (plain-HTTP
//! upstreams in absolute form through the proxy, HTTPS upstreams through a `CONNECT` tunnel).
//! The environment's proxy variables are never read.
//!
//! Timeouts (`--upstream-timeout`): connecting, then the whole wait for the answer's headers,
//! then each pause while its body streams ([`Paced`]).

use std::error::Error as StdError;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::uri::Scheme;
use axum::http::{HeaderMap, HeaderValue, Method, Request, Response, Uri, header};
use http_body_util::Full;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_rustls::{ConfigBuilderExt as _, HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::time::Sleep;
use tower_service::Service;
use url::Url;

type BoxError = Box<dyn StdError + Send + Sync>;

/// The client every proxied request goes through.
pub(super) struct Client {
    inner: hyper_util::client::legacy::Client<Connector, Full<Bytes>>,
    /// `Proxy-Authorization` for plain-HTTP upstreams reached through a proxy with credentials
    /// (an HTTPS upstream's tunnel carries it in its `CONNECT`).
    proxy_auth: Option<HeaderValue>,
    timeout: Duration,
}

/// Why the client could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ClientError(String);

/// Why a request got no answer.
pub(super) enum SendError {
    /// No headers within `--upstream-timeout`, or no connection within it.
    Timeout,
    /// Refused, reset, DNS, TLS: the error and its causes.
    Unavailable(String),
}

impl Client {
    pub(super) fn new(timeout: Duration, proxy: Option<&Url>) -> Result<Client, ClientError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(timeout));
        // One TLS configuration (the platform's verifier, loaded once) for both connectors.
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.try_with_platform_verifier())
        .map_err(|e| ClientError(format!("TLS: {e}")))?
        .with_no_client_auth();
        let tls = || HttpsConnectorBuilder::new().with_tls_config(config.clone());
        let direct = tls()
            .https_or_http()
            .enable_http1()
            .wrap_connector(http.clone());
        let (proxy, proxy_auth) = match proxy {
            None => (None, None),
            Some(url) => {
                let uri = proxy_uri(url)?;
                let auth = basic_auth(url);
                let mut tunnel = Tunnel::new(uri.clone(), direct.clone());
                if let Some(auth) = &auth {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let tunnel = tls().https_only().enable_http1().wrap_connector(tunnel);
                (Some(Proxy { uri, tunnel }), auth)
            }
        };
        let connector = Connector {
            direct,
            proxy: proxy.map(Arc::new),
        };
        let inner = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(connector);
        Ok(Client {
            inner,
            proxy_auth,
            timeout,
        })
    }

    /// Sends a request and waits for the answer's headers; its body is [`Paced`].
    pub(super) async fn send(
        &self,
        method: Method,
        target: String,
        mut headers: HeaderMap,
        body: Option<Bytes>,
    ) -> Result<Response<Paced>, SendError> {
        let uri = Uri::from_maybe_shared(Bytes::from(target))
            .map_err(|e| SendError::Unavailable(format!("invalid upstream URL: {e}")))?;
        if let Some(auth) = &self.proxy_auth
            && uri.scheme() != Some(&Scheme::HTTPS)
        {
            headers.insert(header::PROXY_AUTHORIZATION, auth.clone());
        }
        let mut request = Request::new(Full::new(body.unwrap_or_default()));
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        match tokio::time::timeout(self.timeout, self.inner.request(request)).await {
            Err(_) => Err(SendError::Timeout),
            Ok(Err(e)) if timed_out(&e) => Err(SendError::Timeout),
            Ok(Err(e)) => Err(SendError::Unavailable(chain(&e))),
            Ok(Ok(response)) => Ok(response.map(|body| Paced::new(body, self.timeout))),
        }
    }
}

/// The proxy's address as a URI, without credentials.
fn proxy_uri(url: &Url) -> Result<Uri, ClientError> {
    let host = url
        .host_str()
        .ok_or_else(|| ClientError(format!("--upstream-proxy {url}: no host")))?;
    let port = url
        .port_or_known_default()
        .ok_or_else(|| ClientError(format!("--upstream-proxy {url}: no port")))?;
    format!("{}://{host}:{port}/", url.scheme())
        .parse()
        .map_err(|e| ClientError(format!("--upstream-proxy {url}: {e}")))
}

/// `Basic` credentials from the proxy URL's user and password (percent-decoded), if it has any.
fn basic_auth(url: &Url) -> Option<HeaderValue> {
    use base64::Engine as _;
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    let decode = |s: &str| percent_encoding::percent_decode_str(s).collect::<Vec<u8>>();
    let mut pair = decode(url.username());
    pair.push(b':');
    pair.extend(decode(url.password().unwrap_or_default()));
    let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
    let mut value = HeaderValue::from_str(&format!("Basic {encoded}")).ok()?;
    value.set_sensitive(true);
    Some(value)
}

fn timed_out(e: &(dyn StdError + 'static)) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(s) = source {
        if s.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = s.source();
    }
    false
}

/// What went wrong, with its causes (`client error (Connect): tcp connect error: Connection
/// refused (os error 111)`).
pub(super) fn chain(e: &(dyn StdError + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Connections to the upstreams: direct, or through `--upstream-proxy`.
#[derive(Clone)]
struct Connector {
    direct: HttpsConnector<HttpConnector>,
    proxy: Option<Arc<Proxy>>,
}

struct Proxy {
    uri: Uri,
    tunnel: HttpsConnector<Tunnel<HttpsConnector<HttpConnector>>>,
}

impl Service<Uri> for Connector {
    type Response = Stream;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Stream, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Both connectors are always ready: they connect in `call`.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let mut direct = self.direct.clone();
        let proxy = self.proxy.clone();
        Box::pin(async move {
            let Some(proxy) = proxy else {
                let io = direct.call(dst).await?;
                return Ok(Stream::new(io, false));
            };
            if dst.scheme() == Some(&Scheme::HTTPS) {
                let io = proxy.tunnel.clone().call(dst).await?;
                Ok(Stream::new(io, false))
            } else {
                // Requests go to the proxy in absolute form (`Connected::proxy`).
                let io = direct.call(proxy.uri.clone()).await?;
                Ok(Stream::new(io, true))
            }
        })
    }
}

/// What a connection is made of, whatever the layers (TCP, TLS, tunnel).
trait Io: Read + Write + Connection + Unpin + Send {}
impl<T: Read + Write + Connection + Unpin + Send> Io for T {}

/// A connection to an upstream or to the proxy in front of it.
struct Stream {
    io: Box<dyn Io>,
    proxied: bool,
}

impl Stream {
    fn new(io: impl Io + 'static, proxied: bool) -> Stream {
        Stream {
            io: Box::new(io),
            proxied,
        }
    }
}

impl Connection for Stream {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.proxied)
    }
}

impl Read for Stream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.io).poll_read(cx, buf)
    }
}

impl Write for Stream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.io).poll_write_vectored(cx, bufs)
    }
}

/// An upstream's body that fails when it pauses longer than `--upstream-timeout` between
/// frames: the relayed response then breaks off, as a body broken off upstream does. The timer
/// is armed only when the body has to wait (a small answer read with its headers needs none).
pub(super) struct Paced {
    body: Incoming,
    pause: Duration,
    deadline: Option<Pin<Box<Sleep>>>,
}

impl Paced {
    fn new(body: Incoming, pause: Duration) -> Paced {
        Paced {
            body,
            pause,
            deadline: None,
        }
    }
}

impl Body for Paced {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            // The pause starts again from the next wait.
            this.deadline = None;
            return Poll::Ready(frame.map(|f| f.map_err(BoxError::from)));
        }
        let pause = this.pause;
        let deadline = this
            .deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(pause)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(
                "the upstream paused its answer longer than the upstream timeout".into(),
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
