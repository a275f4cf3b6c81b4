//! The specs in service: the compiled catalog, or a directory loaded at run time and reloaded
//! (on SIGHUP, or when a file under it changes) without a restart.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwap;
use serde::Serialize;

use super::paths::Table;
use crate::registry::Validated;
use crate::translate::{Policy, Translation};
use crate::types::Output;
use crate::{LoadError, Registry, ValidRequest, Violations};

/// One set of specs: the compiled catalog's validators, or a registry's.
pub(super) enum Specs {
    Compiled,
    Loaded(Registry),
}

impl Specs {
    /// Documents, lists and model lookups (for the compiled catalog, its registry).
    pub(super) fn registry(&self) -> &Registry {
        match self {
            Specs::Compiled => crate::CATALOG.registry(),
            Specs::Loaded(r) => r,
        }
    }

    pub(super) fn has_provider(&self, provider: &str) -> bool {
        self.registry().providers().any(|p| p == provider)
    }

    /// Validates a body for a provider; `None` for an unknown provider.
    pub(super) fn validate<'s, 'b>(
        &'s self,
        provider: &str,
        body: &'b [u8],
    ) -> Option<Result<Request<'s, 'b>, Violations>> {
        Some(match self {
            Specs::Compiled => provider
                .parse::<crate::Provider>()
                .ok()?
                .validate_slice(body)
                .map(Request::Compiled),
            Specs::Loaded(r) => {
                if !self.has_provider(provider) {
                    return None;
                }
                r.validate_slice(provider, body).map(Request::Loaded)
            }
        })
    }

    /// Validates a body for the spec `id` exactly; `None` for an unknown id.
    pub(super) fn validate_spec<'s, 'b>(
        &'s self,
        id: &str,
        body: &'b [u8],
    ) -> Option<Result<Request<'s, 'b>, Violations>> {
        Some(match self {
            Specs::Compiled => crate::validate_spec_slice(id, body)?.map(Request::Compiled),
            Specs::Loaded(r) => r.validate_spec_slice(id, body)?.map(Request::Loaded),
        })
    }

    /// Translates a canonical body for the spec `id` (`model_not_found` for an unknown id).
    pub(super) fn translate(
        &self,
        id: &str,
        body: &[u8],
        policy: &Policy,
    ) -> Result<Translation<Request<'_, 'static>>, Violations> {
        match self {
            Specs::Compiled => crate::translate(id, body, policy).map(|t| t.map(Request::Compiled)),
            Specs::Loaded(r) => r
                .translate(id, body, policy)
                .map(|t| t.map(Request::Loaded)),
        }
    }

    /// The spec id a body names for a provider (for metrics of invalid bodies), if any.
    pub(super) fn spec_named(&self, provider: &str, body: &[u8]) -> Option<&str> {
        #[derive(serde::Deserialize)]
        struct Named<'a> {
            #[serde(borrow)]
            model: std::borrow::Cow<'a, str>,
        }
        let named: Named<'_> = serde_json::from_slice(body).ok()?;
        self.registry().route(provider, &named.model)
    }
}

/// A request valid for the specs in service, whichever path validated it.
pub(super) enum Request<'s, 'b> {
    Compiled(crate::Request<'b>),
    Loaded(Validated<'s, 'b>),
}

impl ValidRequest for Request<'_, '_> {
    fn spec_id(&self) -> &str {
        match self {
            Request::Compiled(r) => r.spec_id(),
            Request::Loaded(r) => r.spec_id(),
        }
    }

    fn output(&self) -> Output {
        match self {
            Request::Compiled(r) => r.output(),
            Request::Loaded(r) => r.output(),
        }
    }

    fn spec(&self) -> Option<&crate::spec::Spec> {
        match self {
            Request::Compiled(r) => ValidRequest::spec(r),
            Request::Loaded(r) => ValidRequest::spec(r),
        }
    }
}

impl Serialize for Request<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Request::Compiled(r) => r.serialize(serializer),
            Request::Loaded(r) => r.serialize(serializer),
        }
    }
}

/// The specs serving requests, numbered from 1 (each successful reload adds one).
pub(super) struct Generation {
    pub number: u64,
    pub specs: Specs,
    /// The paths the proxy forwards, per provider, from these specs.
    pub paths: Table,
    /// Unix seconds.
    pub loaded_at: u64,
}

impl Generation {
    fn new(number: u64, specs: Specs, any_path: bool) -> Generation {
        Generation {
            number,
            paths: Table::new(specs.registry(), any_path),
            specs,
            loaded_at: now(),
        }
    }
}

/// Where the specs come from, the generation in service and how the last reload went.
pub(super) struct Source {
    dir: Option<PathBuf>,
    /// `--any-path`: forward any (checked) path, whatever the specs name.
    any_path: bool,
    current: ArcSwap<Generation>,
    /// Reloads one at a time; holds what the last attempt saw and how it ended.
    reload: Mutex<Reload>,
}

#[derive(Default)]
struct Reload {
    /// The files under the directory when they were last loaded (or failed to).
    fingerprint: u64,
    /// The diagnostics of the last reload, if it failed.
    error: Option<String>,
}

/// What `/healthz` reports of the specs.
pub(super) struct Status {
    pub generation: Arc<Generation>,
    pub last_reload_error: Option<String>,
}

impl Source {
    /// Loads the specs of `dir`, or the compiled catalog.
    pub(super) fn load(dir: Option<PathBuf>, any_path: bool) -> Result<Source, LoadError> {
        let (specs, fingerprint) = match &dir {
            None => (Specs::Compiled, 0),
            Some(d) => {
                let fingerprint = fingerprint(d);
                (Specs::Loaded(Registry::from_dir(d)?), fingerprint)
            }
        };
        Ok(Source {
            dir,
            any_path,
            current: ArcSwap::from_pointee(Generation::new(1, specs, any_path)),
            reload: Mutex::new(Reload {
                fingerprint,
                error: None,
            }),
        })
    }

    pub(super) fn current(&self) -> Arc<Generation> {
        self.current.load_full()
    }

    pub(super) fn status(&self) -> Status {
        let reload = self.reload.lock().unwrap_or_else(PoisonError::into_inner);
        Status {
            generation: self.current(),
            last_reload_error: reload.error.clone(),
        }
    }

    pub(super) fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Reloads the directory's specs: the new generation's number, or the diagnostics (the
    /// generation in service stays). Without a directory, nothing to reload: `Ok(1)`.
    pub(super) fn reload(&self) -> Result<u64, LoadError> {
        let mut reload = self.reload.lock().unwrap_or_else(PoisonError::into_inner);
        self.reload_locked(&mut reload)
    }

    /// Reloads when a file under the directory changed since the last load (or attempt).
    /// `None` when nothing changed.
    pub(super) fn reload_if_changed(&self) -> Option<Result<u64, LoadError>> {
        let dir = self.dir.as_deref()?;
        let mut reload = self.reload.lock().unwrap_or_else(PoisonError::into_inner);
        if fingerprint(dir) == reload.fingerprint {
            return None;
        }
        Some(self.reload_locked(&mut reload))
    }

    fn reload_locked(&self, reload: &mut Reload) -> Result<u64, LoadError> {
        let Some(dir) = self.dir.as_deref() else {
            return Ok(self.current().number);
        };
        reload.fingerprint = fingerprint(dir);
        match Registry::from_dir(dir) {
            Ok(registry) => {
                let number = self.current().number + 1;
                let specs = Specs::Loaded(registry);
                let generation = Generation::new(number, specs, self.any_path);
                self.current.store(Arc::new(generation));
                reload.error = None;
                Ok(number)
            }
            Err(e) => {
                reload.error = Some(e.to_string());
                Err(e)
            }
        }
    }
}

/// A hash of every spec file's path and content under `dir` (or of why it cannot be read).
fn fingerprint(dir: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    match crate::spec::discover(dir) {
        Ok(found) => {
            for f in found {
                f.path.hash(&mut h);
                match std::fs::read(&f.path) {
                    Ok(bytes) => bytes.hash(&mut h),
                    Err(e) => e.kind().hash(&mut h),
                }
            }
        }
        Err(e) => e.kind().hash(&mut h),
    }
    h.finish()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
