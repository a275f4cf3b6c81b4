//! `cargo run -p capspec-example-axum-service [ADDR]` (default `127.0.0.1:3000`), then
//! `curl -d '{"model": "qwen-image-2.0", "prompt": "a fox"}' localhost:3000/v1/images/generations`.

use std::net::SocketAddr;

use capspec_example_axum_service::{app, shipped};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr: SocketAddr = match std::env::args().nth(1) {
        Some(a) => a.parse().map_err(std::io::Error::other)?,
        None => SocketAddr::from(([127, 0, 0, 1], 3000)),
    };
    let specs = shipped("dieyuyun").ok_or_else(|| std::io::Error::other("no dieyuyun specs"))?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(specs)).await
}
