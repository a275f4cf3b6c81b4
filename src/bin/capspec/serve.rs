//! `capspec serve`: flags to a `capspec::serve::Config`, logs, signals.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use capspec::serve::{Config, Server, Url};
use tokio::signal::unix::{SignalKind, signal};

#[derive(clap::Args)]
pub struct Args {
    /// Serve the specs under DIR (`<DIR>/<provider>/*.toml`), reloaded on SIGHUP and when a
    /// file under DIR changes, instead of the compiled catalog.
    #[arg(long, value_name = "DIR")]
    specs: Option<PathBuf>,
    /// The address to listen on (port 0 picks a free port; the first line on stdout says
    /// which).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Proxy `POST /PROVIDER/<path>` to `URL<path>` once the body is valid; repeat for each
    /// provider.
    #[arg(long, value_name = "PROVIDER=URL", value_parser = upstream)]
    upstream: Vec<(String, Url)>,
    /// Send upstream requests through this HTTP proxy. Without it upstreams are reached
    /// directly: HTTP_PROXY, HTTPS_PROXY and ALL_PROXY are ignored.
    #[arg(long, value_name = "URL")]
    upstream_proxy: Option<Url>,
    /// Forward any path of a proxied provider, not only the endpoint and poll paths its specs
    /// name (dot-segments and encoded separators are refused all the same).
    #[arg(long)]
    any_path: bool,
    /// The largest request body in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = Config::DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Seconds an upstream may take to answer with headers (then 504), and the longest pause
    /// while its body streams.
    #[arg(long, value_name = "SECS", default_value = "300", value_parser = secs)]
    upstream_timeout: Duration,
    /// Seconds a client may take to send a request's headers (then the connection closes).
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = secs)]
    header_read_timeout: Duration,
    /// Seconds a client may take to send a request's body (then 408).
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = secs)]
    body_read_timeout: Duration,
    /// Seconds between looks for changed files under `--specs`; 0 reloads on SIGHUP only.
    #[arg(long, value_name = "SECS", default_value = "1", value_parser = secs)]
    watch_interval: Duration,
    /// Seconds SIGTERM waits for requests in flight before it closes their connections.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = secs)]
    drain_timeout: Duration,
}

fn upstream(s: &str) -> Result<(String, Url), String> {
    let (provider, url) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not PROVIDER=URL"))?;
    let url = Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    Ok((provider.to_owned(), url))
}

fn secs(s: &str) -> Result<Duration, String> {
    s.parse::<f64>()
        .ok()
        .and_then(|f| Duration::try_from_secs_f64(f).ok())
        .ok_or_else(|| format!("{s:?} is not a number of seconds"))
}

pub fn run(args: Args) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let mut config = Config::new()
        .listen(args.listen)
        .max_body(args.max_body)
        .upstream_timeout(args.upstream_timeout)
        .header_read_timeout(args.header_read_timeout)
        .body_read_timeout(args.body_read_timeout)
        .drain_timeout(args.drain_timeout)
        .any_path(args.any_path)
        .watch_interval((!args.watch_interval.is_zero()).then_some(args.watch_interval));
    if let Some(dir) = args.specs {
        config = config.specs_dir(dir);
    }
    if let Some(proxy) = args.upstream_proxy {
        config = config.upstream_proxy(proxy);
    }
    for (provider, url) in args.upstream {
        config = config.upstream(provider, url);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return crate::usage(&format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(serve(config))
}

async fn serve(config: Config) -> ExitCode {
    let server = match Server::bind(config).await {
        Ok(s) => s,
        Err(e) => return crate::usage(&e.to_string()),
    };
    let addr = server.local_addr();
    // The first line on stdout: tests and scripts that ask for port 0 read it.
    let mut out = std::io::stdout().lock();
    if writeln!(out, "listening on http://{addr}")
        .and_then(|()| out.flush())
        .is_err()
    {
        tracing::warn!("cannot write the address to stdout");
    }
    drop(out);
    tracing::info!(%addr, "serving");
    let handle = server.handle();
    tokio::spawn(async move {
        let Ok(mut hangup) = signal(SignalKind::hangup()) else {
            return;
        };
        while hangup.recv().await.is_some() {
            let h = handle.clone();
            let _ = tokio::task::spawn_blocking(move || h.reload()).await;
        }
    });
    let shutdown = async {
        let terminate = async {
            match signal(SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            () = terminate => {},
        }
        tracing::info!("shutdown requested");
    };
    match server.run(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}
