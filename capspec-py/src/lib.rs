//! `capspec._capspec`: capspec as a Python extension module (PyO3, the stable ABI from Python
//! 3.9). `python/capspec/__init__.py` is the public face; `python/capspec/_capspec.pyi` types
//! it. Every function takes a body as `bytes` (validated where it lies, no copy), `str` or
//! `dict`, validates with the GIL released, and returns plain Python objects: what
//! `capspec validate`, `capspec translate` and `capspec cost` print, as dicts.

use std::path::PathBuf;

use capspec::translate::Policy;
use capspec::{Summary, ValidRequest, Violations};
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};
use serde_json::Value;

pyo3::create_exception!(
    capspec,
    ValidationError,
    PyValueError,
    "A request that breaks its spec: `errors` lists every violation (dicts with `message`, `type`, `param`, `code`), `body` is OpenAI's error body."
);
pyo3::create_exception!(
    capspec,
    LoadError,
    PyValueError,
    "Specs that do not load: `diagnostics` lists every fault as `file:line:col: message`."
);

/// A request body as Python gave it: `bytes` borrowed, `str` and `bytearray` copied once into
/// UTF-8, a `dict` converted into a JSON value.
enum Body<'b> {
    Borrowed(&'b [u8]),
    Copied(Vec<u8>),
    Parsed(Value),
}

impl Body<'_> {
    fn of<'b>(body: &'b Bound<'_, PyAny>) -> PyResult<Body<'b>> {
        if let Ok(bytes) = body.cast::<PyBytes>() {
            return Ok(Body::Borrowed(bytes.as_bytes()));
        }
        if let Ok(text) = body.cast::<PyString>() {
            return Ok(Body::Copied(text.to_cow()?.as_bytes().to_vec()));
        }
        if let Ok(array) = body.cast::<PyByteArray>() {
            return Ok(Body::Copied(array.to_vec()));
        }
        if body.is_instance_of::<PyDict>() {
            // Straight into a JSON value; what serde cannot hold (an integer beyond 64 bits,
            // which capspec judges out of range) goes through Python's own JSON text.
            if let Ok(value) = pythonize::depythonize::<Value>(body) {
                return Ok(Body::Parsed(value));
            }
            let text = body.py().import("json")?.call_method1("dumps", (body,))?;
            let text = text.cast::<PyString>()?.to_cow()?.into_owned();
            return Ok(Body::Copied(text.into_bytes()));
        }
        Err(PyTypeError::new_err(format!(
            "the body must be bytes, str or dict, not {}",
            body.get_type().name()?
        )))
    }

    /// Runs `by_bytes` or `by_value` on the body with the GIL released.
    fn with<'b, R: Send>(
        &'b self,
        py: Python<'_>,
        by_bytes: impl Fn(&'b [u8]) -> R + Send + Sync,
        by_value: impl Fn(&'b Value) -> R + Send + Sync,
    ) -> R {
        py.detach(|| match self {
            Body::Borrowed(b) => by_bytes(b),
            Body::Copied(b) => by_bytes(b),
            Body::Parsed(v) => by_value(v),
        })
    }

    /// The body as JSON bytes (a `dict` serialized), for what takes bytes.
    fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self {
            Body::Borrowed(b) => (*b).into(),
            Body::Copied(b) => b.as_slice().into(),
            Body::Parsed(v) => serde_json::to_vec(v).unwrap_or_default().into(),
        }
    }
}

/// `ValidationError` with `errors` and `body`.
fn validation_error(py: Python<'_>, violations: &Violations) -> PyErr {
    let err = ValidationError::new_err(violations.to_string());
    let attrs = (|| -> PyResult<()> {
        let value = err.value(py);
        let body = pythonize::pythonize(py, violations)?;
        value.setattr("errors", body.get_item("errors")?)?;
        value.setattr("body", body)?;
        Ok(())
    })();
    match attrs {
        Ok(()) => err,
        Err(e) => e,
    }
}

fn to_python<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// A validated request's summary (what `capspec validate` prints), or the error.
fn summary<'py, R: ValidRequest>(
    py: Python<'py>,
    result: Result<R, Violations>,
) -> PyResult<Bound<'py, PyAny>> {
    match result {
        Ok(request) => to_python(py, &Summary::new(&request)),
        Err(violations) => Err(validation_error(py, &violations)),
    }
}

fn provider(name: &str) -> PyResult<capspec::Provider> {
    name.parse()
        .map_err(|e: capspec::UnknownProvider| PyValueError::new_err(e.to_string()))
}

fn policy(allow: &str) -> PyResult<Policy> {
    allow.parse().map_err(PyValueError::new_err)
}

#[pymodule(module = "capspec")]
mod _capspec {
    use super::*;

    #[pymodule_export]
    use super::{LoadError, Registry, ValidationError};

    #[pymodule_export]
    const VERSION: &str = env!("CARGO_PKG_VERSION");

    /// Validates a body for a provider of the shipped catalog, routed by its `model`.
    #[pyfunction]
    fn validate<'py>(
        py: Python<'py>,
        provider: &str,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let provider = super::provider(provider)?;
        let body = Body::of(body)?;
        let result = body.with(
            py,
            |b| provider.validate_slice(b),
            |v| provider.validate_value(v),
        );
        summary(py, result)
    }

    /// Validates a body as a request to one spec of the shipped catalog (its `model` must be
    /// one of the spec's names).
    #[pyfunction]
    fn validate_spec<'py>(
        py: Python<'py>,
        spec_id: &str,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let body = Body::of(body)?;
        let result = body.with(
            py,
            |b| capspec::validate_spec_slice(spec_id, b),
            |v| capspec::validate_spec_value(spec_id, v),
        );
        match result {
            Some(result) => summary(py, result),
            None => Err(PyValueError::new_err(format!(
                "unknown spec id {spec_id:?}; capspec.models() lists them"
            ))),
        }
    }

    /// What a valid body costs (`capspec cost`).
    #[pyfunction]
    fn cost<'py>(
        py: Python<'py>,
        provider: &str,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let provider = super::provider(provider)?;
        let body = Body::of(body)?;
        let result = body.with(
            py,
            |b| provider.validate_slice(b).map(|r| r.cost()),
            |v| provider.validate_value(v).map(|r| r.cost()),
        );
        match result {
            Ok(cost) => to_python(py, &cost),
            Err(violations) => Err(validation_error(py, &violations)),
        }
    }

    /// Translates a canonical request for a spec of the shipped catalog (`capspec
    /// translate`); `allow` lists the changes allowed (`"nearest-size,split-n,drop"`).
    #[pyfunction]
    #[pyo3(signature = (spec_id, body, allow = ""))]
    fn translate<'py>(
        py: Python<'py>,
        spec_id: &str,
        body: &Bound<'py, PyAny>,
        allow: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let policy = policy(allow)?;
        if capspec::spec(spec_id).is_none() {
            return Err(PyValueError::new_err(format!(
                "unknown spec id {spec_id:?}; capspec.models() lists them"
            )));
        }
        let body = Body::of(body)?;
        let result = py.detach(|| capspec::translate(spec_id, &body.bytes(), &policy));
        match result {
            Ok(t) => to_python(py, &t),
            Err(violations) => Err(validation_error(py, &violations)),
        }
    }

    /// Every spec id of the shipped catalog, sorted.
    #[pyfunction]
    fn models() -> Vec<String> {
        capspec::CATALOG
            .registry()
            .spec_ids()
            .map(str::to_owned)
            .collect()
    }

    /// The model document of a spec id of the shipped catalog (`GET /v1/models/<id>`).
    #[pyfunction]
    fn document<'py>(py: Python<'py>, spec_id: &str) -> PyResult<Bound<'py, PyAny>> {
        match capspec::CATALOG.registry().document(spec_id) {
            Some(doc) => to_python(py, doc),
            None => Err(PyKeyError::new_err(format!(
                "unknown spec id {spec_id:?}; capspec.models() lists them"
            ))),
        }
    }
}

/// Specs loaded at run time (`capspec.Registry.from_dir`), with the module's functions.
#[pyclass(frozen, module = "capspec")]
struct Registry {
    inner: capspec::Registry,
}

impl Registry {
    fn unknown_spec(&self, spec_id: &str) -> PyErr {
        PyValueError::new_err(format!(
            "unknown spec id {spec_id:?}; Registry.models() lists them"
        ))
    }

    fn known_provider(&self, provider: &str) -> PyResult<()> {
        if self.inner.providers().any(|p| p == provider) {
            return Ok(());
        }
        let known: Vec<&str> = self.inner.providers().collect();
        Err(PyValueError::new_err(format!(
            "unknown provider {provider:?}; providers: {}",
            known.join(", ")
        )))
    }
}

#[pymethods]
impl Registry {
    /// Loads every spec under `path` (`<path>/<provider>/*.toml`); `LoadError` with every
    /// diagnostic when they do not load.
    #[staticmethod]
    fn from_dir(py: Python<'_>, path: PathBuf) -> PyResult<Registry> {
        match py.detach(|| capspec::Registry::from_dir(&path)) {
            Ok(inner) => Ok(Registry { inner }),
            Err(e) => {
                let err = LoadError::new_err(e.to_string());
                let diagnostics: Vec<String> =
                    e.diagnostics.iter().map(ToString::to_string).collect();
                err.value(py).setattr("diagnostics", diagnostics)?;
                Err(err)
            }
        }
    }

    fn validate<'py>(
        &self,
        py: Python<'py>,
        provider: &str,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.known_provider(provider)?;
        let body = Body::of(body)?;
        let registry = &self.inner;
        let result = body.with(
            py,
            |b| registry.validate_slice(provider, b),
            |v| registry.validate_value(provider, v),
        );
        summary(py, result)
    }

    fn validate_spec<'py>(
        &self,
        py: Python<'py>,
        spec_id: &str,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let body = Body::of(body)?;
        let registry = &self.inner;
        let result = body.with(
            py,
            |b| registry.validate_spec_slice(spec_id, b),
            |v| registry.validate_spec_value(spec_id, v),
        );
        match result {
            Some(result) => summary(py, result),
            None => Err(self.unknown_spec(spec_id)),
        }
    }

    fn cost<'py>(
        &self,
        py: Python<'py>,
        provider: &str,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.known_provider(provider)?;
        let body = Body::of(body)?;
        let registry = &self.inner;
        let result = body.with(
            py,
            |b| registry.validate_slice(provider, b).map(|r| r.cost()),
            |v| registry.validate_value(provider, v).map(|r| r.cost()),
        );
        match result {
            Ok(cost) => to_python(py, &cost),
            Err(violations) => Err(validation_error(py, &violations)),
        }
    }

    #[pyo3(signature = (spec_id, body, allow = ""))]
    fn translate<'py>(
        &self,
        py: Python<'py>,
        spec_id: &str,
        body: &Bound<'py, PyAny>,
        allow: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let policy = policy(allow)?;
        if self.inner.spec(spec_id).is_none() {
            return Err(self.unknown_spec(spec_id));
        }
        let body = Body::of(body)?;
        let result = py.detach(|| self.inner.translate(spec_id, &body.bytes(), &policy));
        match result {
            Ok(t) => to_python(py, &t),
            Err(violations) => Err(validation_error(py, &violations)),
        }
    }

    fn models(&self) -> Vec<String> {
        self.inner.spec_ids().map(str::to_owned).collect()
    }

    fn document<'py>(&self, py: Python<'py>, spec_id: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.inner.document(spec_id) {
            Some(doc) => to_python(py, doc),
            None => Err(PyKeyError::new_err(format!(
                "unknown spec id {spec_id:?}; Registry.models() lists them"
            ))),
        }
    }

    fn __repr__(&self) -> String {
        format!("<capspec.Registry of {} spec(s)>", self.inner.specs().len())
    }
}
