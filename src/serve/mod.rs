//! `capspec serve` as a library (feature `serve`): a validating proxy in front of providers'
//! APIs, with the model catalog OpenAI's SDKs list and fetch. docs/serve.md is the contract:
//! routes, answers, error codes, metrics.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use capspec::serve::{Config, Server};
//!
//! let config = Config::new()
//!     .listen("127.0.0.1:8080".parse()?)
//!     .upstream("gccai", "https://api.example.com".parse()?);
//! let server = Server::bind(config).await?;
//! println!("listening on {}", server.local_addr());
//! server.run(async { tokio::signal::ctrl_c().await.ok(); }).await?;
//! # Ok(()) }
//! ```

mod app;
mod client;
mod forms;
mod headers;
mod listen;
mod metrics;
mod paths;
mod proxy;
mod routes;
mod specs;
mod translate;

use std::collections::BTreeMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::LoadError;

pub use client::ClientError;
pub use url::Url;

/// What a server serves and how: the builder `capspec serve`'s flags fill.
#[derive(Clone, Debug)]
pub struct Config {
    specs_dir: Option<PathBuf>,
    listen: SocketAddr,
    upstreams: BTreeMap<String, Url>,
    upstream_proxy: Option<Url>,
    any_path: bool,
    max_body: usize,
    upstream_timeout: Duration,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    watch_interval: Option<Duration>,
    drain_timeout: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            specs_dir: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            upstreams: BTreeMap::new(),
            upstream_proxy: None,
            any_path: false,
            max_body: Config::DEFAULT_MAX_BODY,
            upstream_timeout: Duration::from_secs(300),
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            watch_interval: Some(Duration::from_secs(1)),
            drain_timeout: Duration::from_secs(30),
        }
    }
}

impl Config {
    /// The largest request body, in bytes, unless set: 10 MiB (a JSON body with a few
    /// base64-encoded input images).
    pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

    /// Listens on 127.0.0.1:8080 and serves the compiled catalog, with no upstream.
    pub fn new() -> Config {
        Config::default()
    }

    /// Serves the specs under `dir` (`<dir>/<provider>/*.toml`), reloaded on
    /// [`Handle::reload`] and when a file under `dir` changes, instead of the compiled catalog.
    pub fn specs_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.specs_dir = Some(dir.into());
        self
    }

    /// The address to listen on; port 0 picks a free one ([`Server::local_addr`]).
    pub fn listen(mut self, addr: SocketAddr) -> Config {
        self.listen = addr;
        self
    }

    /// Forwards valid requests to `POST /<provider>/<path>` to `<url><path>`: the client's
    /// path appended to the URL's path, never resolved against it.
    pub fn upstream(mut self, provider: impl Into<String>, url: Url) -> Config {
        self.upstreams.insert(provider.into(), url);
        self
    }

    /// Sends upstream requests through this HTTP proxy. Without it, upstreams are reached
    /// directly: `HTTP_PROXY`, `HTTPS_PROXY` and `ALL_PROXY` are ignored.
    pub fn upstream_proxy(mut self, url: Url) -> Config {
        self.upstream_proxy = Some(url);
        self
    }

    /// Forwards any path of a proxied provider (dot-segments and encoded separators are still
    /// refused), instead of only the endpoint and poll paths its specs name.
    pub fn any_path(mut self, any: bool) -> Config {
        self.any_path = any;
        self
    }

    /// The largest request body, in bytes; a larger one is answered 413.
    pub fn max_body(mut self, bytes: usize) -> Config {
        self.max_body = bytes;
        self
    }

    /// How long an upstream may take to connect and answer with headers (then 504), and the
    /// longest pause while its body streams (then the response is cut). Default 300 s.
    pub fn upstream_timeout(mut self, timeout: Duration) -> Config {
        self.upstream_timeout = timeout;
        self
    }

    /// How long a client may take to send a request's headers (then the connection is
    /// closed). Default 30 s.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Config {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a client may take to send a request's body (then 408). Default 30 s.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Config {
        self.body_read_timeout = timeout;
        self
    }

    /// How often to look for changed files under the specs directory; `None` reloads on
    /// [`Handle::reload`] only. Default 1 s.
    pub fn watch_interval(mut self, interval: Option<Duration>) -> Config {
        self.watch_interval = interval;
        self
    }

    /// How long shutdown waits for requests in flight before it closes their connections.
    /// Default 30 s.
    pub fn drain_timeout(mut self, timeout: Duration) -> Config {
        self.drain_timeout = timeout;
        self
    }
}

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the specs under {} do not load ({} fault(s)):\n{error}", dir.display(), error.diagnostics.len())]
    Specs { dir: PathBuf, error: LoadError },
    #[error("--upstream {provider}=…: no spec of provider {provider:?}; providers: {}", providers.join(", "))]
    UnknownProvider {
        provider: String,
        providers: Vec<String>,
    },
    #[error(
        "--upstream {provider}={url}: only http and https URLs without a query or fragment are supported"
    )]
    UpstreamScheme { provider: String, url: Url },
    #[error("--upstream-proxy {0}: only http and https proxies are supported")]
    ProxyScheme(Url),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot set up the upstream HTTP client: {0}")]
    Client(#[from] client::ClientError),
}

/// What every handler shares.
struct State {
    specs: specs::Source,
    upstreams: BTreeMap<String, Url>,
    client: client::Client,
    metrics: metrics::Metrics,
    cost_values: headers::CostValues,
    max_body: usize,
    body_read_timeout: Duration,
    upstream_timeout: Duration,
}

/// A server bound to its address, not yet serving.
pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
    config: Config,
}

impl Server {
    /// Loads the specs, checks the upstreams against them and binds the address.
    pub async fn bind(config: Config) -> Result<Server, Error> {
        let dir = config.specs_dir.clone();
        let any_path = config.any_path;
        let source = tokio::task::spawn_blocking(move || {
            specs::Source::load(dir.clone(), any_path).map_err(|error| Error::Specs {
                dir: dir.unwrap_or_default(),
                error,
            })
        })
        .await
        .map_err(|e| Error::Bind {
            addr: config.listen,
            source: io::Error::other(e),
        })??;
        let current = source.current();
        for (provider, url) in &config.upstreams {
            if !current.specs.has_provider(provider) {
                return Err(Error::UnknownProvider {
                    provider: provider.clone(),
                    providers: current
                        .specs
                        .registry()
                        .providers()
                        .map(str::to_owned)
                        .collect(),
                });
            }
            let plain = url.query().is_none() && url.fragment().is_none();
            if !matches!(url.scheme(), "http" | "https") || !plain || url.cannot_be_a_base() {
                return Err(Error::UpstreamScheme {
                    provider: provider.clone(),
                    url: url.clone(),
                });
            }
        }
        if let Some(proxy) = &config.upstream_proxy
            && !matches!(proxy.scheme(), "http" | "https")
        {
            return Err(Error::ProxyScheme(proxy.clone()));
        }
        // Never the environment's proxy variables: they would send every request, with the
        // client's Authorization, somewhere the operator did not name.
        let client = client::Client::new(config.upstream_timeout, config.upstream_proxy.as_ref())?;
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|source| Error::Bind {
                addr: config.listen,
                source,
            })?;
        for provider in config.upstreams.keys() {
            if let Some(paths) = current.paths.paths(provider) {
                tracing::info!(provider, "proxied paths: {}", paths.describe());
            }
        }
        let metrics = metrics::Metrics::new();
        metrics.generation(current.number);
        let state = Arc::new(State {
            specs: source,
            upstreams: config.upstreams.clone(),
            client,
            metrics,
            cost_values: headers::CostValues::new(),
            max_body: config.max_body,
            body_read_timeout: config.body_read_timeout,
            upstream_timeout: config.upstream_timeout,
        });
        Ok(Server {
            listener,
            state,
            config,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        // A bound listener has an address.
        self.listener.local_addr().unwrap_or(self.config.listen)
    }

    /// Reloads the specs of a running server.
    pub fn handle(&self) -> Handle {
        Handle {
            state: self.state.clone(),
        }
    }

    /// Serves until `shutdown` completes, then stops accepting, lets the requests in flight
    /// finish (up to the drain timeout) and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> io::Result<()> {
        let Server {
            listener,
            state,
            config,
        } = self;
        let background = background(&state, config.watch_interval);
        let app = app::App::new(state);
        let timeouts = listen::Timeouts {
            header_read: config.header_read_timeout,
            drain: config.drain_timeout,
        };
        listen::serve(listener, app, timeouts, shutdown).await;
        background.abort();
        Ok(())
    }
}

/// Looks for spec changes and keeps the metrics' histograms bounded.
fn background(state: &Arc<State>, watch: Option<Duration>) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    tokio::spawn(async move {
        let tick = watch.unwrap_or(Duration::from_secs(5));
        let mut since_upkeep = Duration::ZERO;
        loop {
            tokio::time::sleep(tick).await;
            since_upkeep += tick;
            if since_upkeep >= Duration::from_secs(5) {
                state.metrics.upkeep();
                since_upkeep = Duration::ZERO;
            }
            if watch.is_some() && state.specs.dir().is_some() {
                let s = state.clone();
                let _ = tokio::task::spawn_blocking(move || {
                    if let Some(result) = s.specs.reload_if_changed() {
                        report_reload(&s, "a spec file changed", &result);
                    }
                })
                .await;
            }
        }
    })
}

fn report_reload(state: &State, why: &str, result: &Result<u64, LoadError>) {
    match result {
        Ok(generation) => {
            state.metrics.reload(true, *generation);
            tracing::info!(generation, "{why}: specs reloaded");
        }
        Err(e) => {
            let serving = state.specs.current().number;
            state.metrics.reload(false, serving);
            tracing::error!(
                serving,
                faults = e.diagnostics.len(),
                "{why}: reload failed; the previous specs stay in service"
            );
            for d in &e.diagnostics {
                tracing::error!("{d}");
            }
        }
    }
}

/// Controls a running server.
#[derive(Clone)]
pub struct Handle {
    state: Arc<State>,
}

impl Handle {
    /// Reloads the specs directory (what SIGHUP does): the new generation's number, or every
    /// diagnostic, with the previous specs still in service. Blocks while it reads the files.
    pub fn reload(&self) -> Result<u64, LoadError> {
        let result = self.state.specs.reload();
        if self.state.specs.dir().is_some() {
            report_reload(&self.state, "reload requested", &result);
        }
        result
    }

    /// The generation of the specs in service: 1 at start, one more per successful reload.
    pub fn generation(&self) -> u64 {
        self.state.specs.current().number
    }
}
