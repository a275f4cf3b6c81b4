//! The floor of `capspec serve`'s stack, for `scripts/bench-serve.sh`: a reverse proxy on the
//! same parts (hyper's HTTP/1.1 server and hyper-util's pooled client on tokio's multi-thread
//! runtime) that validates nothing, reads nothing and forwards every request, body streamed,
//! to one upstream. What it reaches is what the stack allows before capspec does any work.
//! Prints `listening on http://ADDR`.
//!
//! `cargo run --release --example bench_bare_proxy -- UPSTREAM_URL`

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, Uri, header};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};

struct Proxy {
    client: Client<HttpConnector, Body>,
    base: String,
}

impl Proxy {
    async fn forward(&self, request: Request<Incoming>) -> Result<Response<Body>, String> {
        let target = format!("{}{}", self.base, request.uri().path());
        let (parts, body) = request.into_parts();
        let mut out = Request::new(Body::new(body));
        *out.method_mut() = parts.method;
        *out.uri_mut() = target.parse::<Uri>().map_err(|e| e.to_string())?;
        *out.headers_mut() = parts.headers;
        out.headers_mut().remove(header::HOST);
        let answer = self.client.request(out).await.map_err(|e| e.to_string())?;
        Ok(answer.map(Body::new))
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let base = std::env::args().nth(1).expect("the upstream URL");
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    let proxy = Arc::new(Proxy {
        client: Client::builder(TokioExecutor::new()).build(connector),
        base: base.trim_end_matches('/').to_owned(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on http://{}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let proxy = proxy.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let proxy = proxy.clone();
                async move {
                    let answer = proxy.forward(request).await;
                    Ok::<_, Infallible>(answer.unwrap_or_else(|e| {
                        let mut response = Response::new(Body::from(e));
                        *response.status_mut() = StatusCode::BAD_GATEWAY;
                        response
                    }))
                }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
