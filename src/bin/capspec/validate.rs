//! `capspec validate` and `capspec cost`: one body, for a provider (the body's `model` picks the
//! spec), a spec id exactly (`--spec`), or the spec an endpoint path selects (`--endpoint`, for
//! providers whose bodies name no model, such as fal).

use std::path::PathBuf;
use std::process::ExitCode;

use capspec::{Registry, ValidRequest, Violations};

use super::{print_json, read_body, usage, with_specs};

/// What to validate a body for, and the body.
#[derive(clap::Args)]
pub struct Target {
    /// Provider id, e.g. `gccai` (the body's `model` picks the spec); left out with `--spec`
    /// or `--endpoint`.
    provider: Option<String>,
    /// JSON file with the request body; `-` or none reads stdin.
    file: Option<PathBuf>,
    /// Validate for this spec exactly, e.g. `fal/flux-dev`.
    #[arg(long, value_name = "SPEC_ID", conflicts_with = "endpoint")]
    spec: Option<String>,
    /// Validate for the spec this endpoint path selects, e.g. `/fal-ai/flux/dev` (providers
    /// whose bodies name no model).
    #[arg(long, value_name = "PATH")]
    endpoint: Option<String>,
    /// The body's media type: `application/json` (the default), or `multipart/form-data;
    /// boundary=...` for a form with files (OpenAI's image edits), whose FILE is the raw body.
    #[arg(long, value_name = "TYPE")]
    content_type: Option<String>,
    /// Use the specs under DIR instead of the compiled ones.
    #[arg(long, value_name = "DIR")]
    specs: Option<PathBuf>,
}

impl Target {
    /// The form's `Content-Type`, where the body is `multipart/form-data`.
    fn form(&self) -> Option<&str> {
        self.content_type.as_deref().filter(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/")
        })
    }
}

/// What the command prints for a valid body.
#[derive(Clone, Copy)]
pub enum Print {
    /// `capspec validate`: the summary (`model`, size, count, `request`, `cost`).
    Summary,
    /// `capspec cost`: the cost alone.
    Cost,
}

/// A target resolved against a set of specs.
enum Resolved {
    Provider(String),
    Spec(String),
    /// A provider's endpoint that takes multipart forms.
    Form(String, String),
}

pub fn run(target: Target, print: Print) -> ExitCode {
    if let Some(content_type) = target.form().map(str::to_owned) {
        let dir = target.specs.clone();
        return with_specs(dir.as_deref(), |registry| {
            let (resolved, body) = match prepare(target, registry) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let result = match &resolved {
                Resolved::Form(provider, path) => {
                    registry.validate_multipart(provider, path, &content_type, &body)
                }
                Resolved::Spec(id) => registry.validate_spec_multipart(id, &content_type, &body),
                Resolved::Provider(p) => {
                    return usage(&format!(
                        "{p} takes no multipart form; give --endpoint PATH or --spec SPEC_ID"
                    ));
                }
            };
            match result {
                None => usage("no spec takes that form"),
                Some(Ok(form)) => match print {
                    Print::Summary => print_json(Ok(capspec::Summary::of_form(&form))),
                    Print::Cost => print_json(Ok(form.cost())),
                },
                Some(Err(v)) => print_json(Err::<(), _>(v)),
            }
        });
    }
    match target.specs.clone() {
        None => {
            let registry = capspec::CATALOG.registry();
            let (resolved, body) = match prepare(target, registry) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let result = match &resolved {
                Resolved::Provider(p) => match p.parse::<capspec::Provider>() {
                    Ok(p) => p.validate_slice(&body),
                    Err(e) => return usage(&e.to_string()),
                },
                Resolved::Spec(id) => match capspec::validate_spec_slice(id, &body) {
                    Some(result) => result,
                    None => return usage(&format!("unknown spec id {id:?}")),
                },
                Resolved::Form(provider, path) => return needs_form(provider, path),
            };
            answer(result, print)
        }
        Some(dir) => with_specs(Some(&dir), |registry| {
            let (resolved, body) = match prepare(target, registry) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let result = match &resolved {
                Resolved::Provider(p) => registry.validate_slice(p, &body),
                Resolved::Spec(id) => match registry.validate_spec_slice(id, &body) {
                    Some(result) => result,
                    None => return usage(&format!("unknown spec id {id:?}")),
                },
                Resolved::Form(provider, path) => return needs_form(provider, path),
            };
            answer(result, print)
        }),
    }
}

fn needs_form(provider: &str, path: &str) -> ExitCode {
    usage(&format!(
        "{provider}'s {path} takes a multipart/form-data body: give its --content-type (with the boundary)"
    ))
}

fn answer<R: ValidRequest>(result: Result<R, Violations>, print: Print) -> ExitCode {
    match print {
        Print::Summary => print_json(
            result
                .as_ref()
                .map(capspec::Summary::new)
                .map_err(Clone::clone),
        ),
        Print::Cost => print_json(result.map(|r| r.cost())),
    }
}

/// The target checked against `registry` (usage errors exit 2 before stdin is read), and the
/// body.
fn prepare(target: Target, registry: &Registry) -> Result<(Resolved, Vec<u8>), ExitCode> {
    let form = target.form().is_some();
    let Target {
        provider,
        file,
        spec,
        endpoint,
        ..
    } = target;
    let by_spec = spec.is_some() || endpoint.is_some();
    // With --spec or --endpoint, the one positional argument is the body's file.
    let file = match (by_spec, provider.as_ref(), file) {
        (true, Some(_), Some(_)) => {
            return Err(usage(
                "with --spec or --endpoint, give no provider: only the body's FILE",
            ));
        }
        (true, Some(positional), None) => Some(PathBuf::from(positional)),
        (_, _, file) => file,
    };
    let resolved = match (spec, endpoint, provider) {
        (Some(id), _, _) => {
            if registry.spec(&id).is_none() {
                return Err(usage(&format!(
                    "unknown spec id {id:?}; `capspec models` lists them"
                )));
            }
            Resolved::Spec(id)
        }
        (None, Some(path), _) => endpoint_spec(registry, &path, form)?,
        (None, None, Some(provider)) => {
            if !registry.providers().any(|p| p == provider) {
                let known: Vec<&str> = registry.providers().collect();
                return Err(usage(&format!(
                    "unknown provider {provider:?}; providers: {}",
                    known.join(", ")
                )));
            }
            Resolved::Provider(provider)
        }
        (None, None, None) => {
            return Err(usage(
                "name a provider, or a spec with --spec SPEC_ID or --endpoint PATH",
            ));
        }
    };
    let body = read_body(file.as_ref()).map_err(|e| usage(&e))?;
    Ok((resolved, body))
}

/// What an endpoint path names: the one provider whose forms it takes (a form, or a JSON body
/// sent there by mistake), or the one spec it selects among every provider routed by path.
fn endpoint_spec(registry: &Registry, path: &str, form: bool) -> Result<Resolved, ExitCode> {
    let forms: Vec<&str> = registry
        .providers()
        .filter(|p| registry.takes_multipart(p, path))
        .collect();
    match forms.as_slice() {
        [provider] => return Ok(Resolved::Form((*provider).to_owned(), path.to_owned())),
        [] if form => {
            return Err(usage(&format!(
                "no spec takes a multipart form at the endpoint path {path:?}"
            )));
        }
        [] => {}
        several => {
            return Err(usage(&format!(
                "the endpoint path {path:?} takes forms of several providers ({}); name the spec with --spec",
                several.join(", ")
            )));
        }
    }
    let found: Vec<&str> = registry
        .providers()
        .filter_map(|p| registry.spec_for_endpoint(p, path))
        .collect();
    match found.as_slice() {
        [id] => Ok(Resolved::Spec((*id).to_owned())),
        [] => Err(usage(&format!(
            "no spec is selected by the endpoint path {path:?} (only providers whose bodies name no model, such as fal, route by path); `capspec models --json` lists each spec's endpoint"
        ))),
        several => Err(usage(&format!(
            "the endpoint path {path:?} selects a spec of several providers ({}); name one with --spec",
            several.join(", ")
        ))),
    }
}
