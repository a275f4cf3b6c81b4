//! The upstream of `scripts/bench-serve.sh`: answers every request with a fixed image
//! response after reading its body, at once or after a fixed delay (a stand-in for the
//! provider's work). Prints `listening on http://ADDR`.
//!
//! `cargo run --release --example bench_upstream [ADDR] [DELAY_MS]` (default `127.0.0.1:0`,
//! no delay).

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;

async fn answer(delay: Duration, body: Bytes) -> ([(&'static str, &'static str); 1], &'static str) {
    std::hint::black_box(body);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    (
        [("content-type", "application/json")],
        r#"{"created":1,"data":[{"url":"https://images.example/1.png"}]}"#,
    )
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let delay_ms: u64 = match args.next() {
        Some(ms) => ms.parse().map_err(std::io::Error::other)?,
        None => 0,
    };
    let delay = Duration::from_millis(delay_ms);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    let app = Router::new().fallback(move |body: Bytes| answer(delay, body));
    axum::serve(listener, app).await
}
