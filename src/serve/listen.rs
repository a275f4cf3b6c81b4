//! Accepting connections: HTTP/1.1 with a header read timeout, and a graceful shutdown that
//! lets requests in flight finish.

use std::future::Future;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use super::app::App;

pub(super) struct Timeouts {
    /// How long a client may take to send a request's headers.
    pub header_read: Duration,
    /// How long shutdown waits for connections to finish.
    pub drain: Duration,
}

/// Serves `app` on `listener` until `shutdown` completes, then drains.
pub(super) async fn serve(
    listener: TcpListener,
    app: App,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    // Small request and response writes should not wait for Nagle.
                    let _ = stream.set_nodelay(true);
                    let connection = builder.serve_connection(TokioIo::new(stream), app.clone());
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::debug!("connection closed: {e}");
                        }
                    });
                }
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // keep serving the connections there are.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tracing::info!("shutting down: draining requests in flight");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("drained"),
        () = tokio::time::sleep(timeouts.drain) => {
            tracing::warn!("drain timeout: closing the connections left");
        }
    }
}
