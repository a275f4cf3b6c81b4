//! `capspec`: list models, validate a request body, print a model document, check specs.
//!
//! Without `--specs`, commands use the compiled catalog; with `--specs DIR`, the specs under
//! `DIR` loaded at run time, with the same output. Exit codes: 0 success (a valid body), 1 an
//! invalid body (the error body on stdout) or broken specs (`check`), 2 usage errors
//! (unknown provider or spec id, unreadable file, specs that do not load; a message on stderr).

/// mimalloc: glibc's malloc showed lock contention between `capspec serve`'s threads in its
/// profile (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod conformance;
mod serve;
mod validate;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use capspec::{Registry, Violations};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "capspec",
    version,
    about = "Validate image-generation requests against provider capability specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every spec id, one per line.
    Models {
        /// Print `{"object": "list", "data": [...model documents...]}` instead.
        #[arg(long)]
        json: bool,
        /// Use the specs under DIR (`<DIR>/<provider>/*.toml`) instead of the compiled ones.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
    },
    /// Validate one request body for a provider (routed by its `model` field), a spec id or an
    /// endpoint path.
    Validate(validate::Target),
    /// Print what one request body costs: `{"amount", "currency", "per_image", "images",
    /// "basis"}` or `{"unknown", "images"}` (exit 0); an invalid body prints the error body
    /// (exit 1).
    Cost(validate::Target),
    /// Print the model document (with its request JSON Schema) of a spec id.
    Schema {
        /// Spec id, e.g. `gccai/qwen-image-2.0`.
        id: String,
        /// Use the specs under DIR instead of the compiled ones.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
    },
    /// Check the specs under DIR: every fault as `file:line:col: message` on stderr (exit 1),
    /// or a one-line summary (exit 0).
    Check {
        /// A spec directory, `<DIR>/<provider>/*.toml`.
        dir: PathBuf,
    },
    /// Compare two spec sets: every change with a stable check id and level, and a request
    /// that proves each breaking one (docs/diff.md). Exit 0 when no change reaches
    /// `--fail-on`, 1 when one does, 2 on a usage error or specs that do not load.
    Diff {
        /// The old specs: a directory (`<DIR>/<provider>/*.toml`) or `git:REV` (the checkout's
        /// `specs/` at a git revision).
        #[arg(required_unless_present_any = ["schema", "checks"])]
        old: Option<String>,
        /// The new specs, as OLD.
        #[arg(required_unless_present_any = ["schema", "checks"])]
        new: Option<String>,
        /// `text`, `json`, `markdown` or `github` (GitHub Actions annotations).
        #[arg(long, default_value = "text")]
        format: capspec::diff::Format,
        /// The lowest level that fails: `ERR`, `WARN`, `INFO` or `never`.
        #[arg(long, default_value = "ERR", value_parser = fail_on)]
        fail_on: FailOn,
        /// Print the JSON Schema of `--format json`'s output instead.
        #[arg(long)]
        schema: bool,
        /// Print the table of checks (id, level, what, example) instead.
        #[arg(long)]
        checks: bool,
    },
    /// Translate a canonical request (OpenAI's image generation body with shared extensions)
    /// into the body of one model (docs/translate.md). Exit 0 with the calls and changes, 1
    /// with OpenAI's error body when the request is invalid or not translatable under the
    /// policy, 2 on a usage error.
    Translate {
        /// The target spec id, e.g. `gccai/qwen-image-2.0`.
        #[arg(long, value_name = "SPEC_ID")]
        to: String,
        /// Changes translation may make, comma-separated: nearest-size, split-n, drop.
        #[arg(long, value_name = "CHANGES", default_value = "", value_parser = policy)]
        allow: capspec::translate::Policy,
        /// JSON file with the canonical request; `-` or none reads stdin.
        file: Option<PathBuf>,
        /// Use the specs under DIR instead of the compiled ones.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
    },
    /// Write the catalog in another tool's format: LiteLLM's price file entries, models.dev
    /// TOML files, OpenRouter's image-model listing. With `--out DIR` the files are written
    /// under DIR; without, one JSON object `{"files": {path: text}, "skipped": [...]}` is
    /// printed. Specs a format cannot carry are listed on stderr with why.
    Export {
        /// `litellm`, `models.dev` or `openrouter`.
        #[arg(long)]
        format: capspec::export::Format,
        /// Use the specs under DIR instead of the compiled ones.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
        /// Write the files under DIR.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Serve the model catalog and validation over HTTP, and proxy valid requests to the
    /// providers' upstreams (docs/serve.md). SIGHUP reloads `--specs`; SIGTERM drains and
    /// exits 0.
    Serve(serve::Args),
    /// Write the conformance suite (per spec, every derived body with the verdict and
    /// violations capspec gives it) into DIR; docs/conformance.md gives the format.
    Conformance {
        /// Where to write `index.json` and a file per spec.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Use the specs under DIR instead of the compiled ones.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Models { json, specs } => with_specs(specs.as_deref(), |r| models(r, json)),
        Command::Validate(target) => validate::run(target, validate::Print::Summary),
        Command::Cost(target) => validate::run(target, validate::Print::Cost),
        Command::Schema { id, specs } => with_specs(specs.as_deref(), |r| schema(r, &id)),
        Command::Check { dir } => check(&dir),
        Command::Diff {
            old,
            new,
            format,
            fail_on,
            schema,
            checks,
        } => {
            if checks {
                return exit_written(write!(
                    std::io::stdout().lock(),
                    "{}",
                    capspec::diff::table()
                ));
            }
            if schema {
                return exit_written(writeln!(
                    std::io::stdout().lock(),
                    "{:#}",
                    capspec::diff::schema()
                ));
            }
            diff(
                old.as_deref().unwrap_or_default(),
                new.as_deref().unwrap_or_default(),
                format,
                fail_on,
            )
        }
        Command::Translate {
            to,
            allow,
            file,
            specs,
        } => translate(specs.as_deref(), &to, &allow, file.as_ref()),
        Command::Export { format, specs, out } => {
            with_specs(specs.as_deref(), |r| export(r, format, out.as_deref()))
        }
        Command::Serve(args) => serve::run(args),
        Command::Conformance { out, specs } => {
            with_specs(specs.as_deref(), |r| match conformance::write(r, &out) {
                Ok(cases) => {
                    let json = r
                        .specs()
                        .iter()
                        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
                        .count();
                    println!(
                        "{}: {cases} cases of {json} specs (those whose body is JSON)",
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => usage(&format!("cannot write {}: {e}", out.display())),
            })
        }
    }
}

/// Runs `f` with the specs of `dir` loaded, or the compiled catalog's.
fn with_specs(dir: Option<&Path>, f: impl FnOnce(&Registry) -> ExitCode) -> ExitCode {
    match dir {
        None => f(capspec::CATALOG.registry()),
        Some(dir) => match Registry::from_dir(dir) {
            Ok(registry) => f(&registry),
            Err(e) => {
                eprintln!("{e}");
                usage(&format!(
                    "the specs under {} do not load ({} fault(s))",
                    dir.display(),
                    e.diagnostics.len()
                ))
            }
        },
    }
}

fn models(registry: &Registry, json: bool) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let written = if json {
        writeln!(out, "{:#}", registry.model_list())
    } else {
        registry.spec_ids().try_for_each(|id| writeln!(out, "{id}"))
    };
    exit_written(written)
}

fn export(registry: &Registry, format: capspec::export::Format, out: Option<&Path>) -> ExitCode {
    let export = capspec::export::export(registry, format);
    for (id, why) in &export.skipped {
        eprintln!("capspec export --format {format}: {id} left out: {why}");
    }
    let Some(dir) = out else {
        let files: serde_json::Map<String, serde_json::Value> = export
            .files
            .iter()
            .map(|f| (f.path.clone(), serde_json::Value::from(f.text.as_str())))
            .collect();
        let skipped: Vec<serde_json::Value> = export
            .skipped
            .iter()
            .map(|(id, why)| serde_json::json!({"model": id, "reason": why}))
            .collect();
        let all = serde_json::json!({"files": files, "skipped": skipped});
        return exit_written(writeln!(std::io::stdout().lock(), "{all:#}"));
    };
    for file in &export.files {
        let path = dir.join(&file.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &file.text));
        if let Err(e) = written {
            return usage(&format!("cannot write {}: {e}", path.display()));
        }
    }
    eprintln!(
        "capspec export --format {format}: {} file(s) under {}",
        export.files.len(),
        dir.display()
    );
    ExitCode::SUCCESS
}

fn policy(s: &str) -> Result<capspec::translate::Policy, String> {
    s.parse()
}

/// `translate`: with the compiled validators, or the specs of `--specs`.
fn translate(
    specs: Option<&Path>,
    to: &str,
    policy: &capspec::translate::Policy,
    file: Option<&PathBuf>,
) -> ExitCode {
    let known = |r: &Registry| r.spec(to).is_some();
    let body = |r: &Registry| {
        if !known(r) {
            return Err(usage(&format!(
                "unknown spec id {to:?}; `capspec models` lists them"
            )));
        }
        read_body(file).map_err(|e| usage(&e))
    };
    match specs {
        None => match body(capspec::CATALOG.registry()) {
            Ok(b) => print_json(capspec::translate(to, &b, policy)),
            Err(code) => code,
        },
        Some(_) => with_specs(specs, |r| match body(r) {
            Ok(b) => print_json(r.translate(to, &b, policy)),
            Err(code) => code,
        }),
    }
}

/// A result as one line of JSON on stdout: exit 0, or 1 for the error body.
fn print_json<T: serde::Serialize>(result: Result<T, Violations>) -> ExitCode {
    let (written, code) = match result {
        Ok(value) => (serde_json::to_string(&value), ExitCode::SUCCESS),
        Err(violations) => (serde_json::to_string(&violations), ExitCode::from(1)),
    };
    match written.map(|line| writeln!(std::io::stdout().lock(), "{line}")) {
        Ok(Ok(())) => code,
        Ok(Err(e)) => usage(&format!("cannot write the result: {e}")),
        Err(e) => usage(&format!("cannot serialize the result: {e}")),
    }
}

fn schema(registry: &Registry, id: &str) -> ExitCode {
    match registry.document(id) {
        Some(doc) => exit_written(writeln!(std::io::stdout().lock(), "{doc:#}")),
        None => usage(&format!(
            "unknown spec id {id:?}; `capspec models` lists them"
        )),
    }
}

/// `--fail-on`: the lowest level that fails, or `never` (`None`).
#[derive(Clone, Copy, Debug)]
struct FailOn(Option<capspec::diff::Level>);

fn fail_on(s: &str) -> Result<FailOn, String> {
    use capspec::diff::Level;
    match s {
        "ERR" => Ok(FailOn(Some(Level::Err))),
        "WARN" => Ok(FailOn(Some(Level::Warn))),
        "INFO" => Ok(FailOn(Some(Level::Info))),
        "never" => Ok(FailOn(None)),
        other => Err(format!("{other:?} is not ERR, WARN, INFO or never")),
    }
}

fn diff(old: &str, new: &str, format: capspec::diff::Format, FailOn(fail_on): FailOn) -> ExitCode {
    let load = |arg: &str| {
        capspec::diff::Specs::load(arg).map_err(|e| {
            eprintln!("{e}");
            usage(&format!("{arg}: the specs do not load"))
        })
    };
    let (old, new) = match (load(old), load(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let report = capspec::diff::diff(&old, &new);
    let written = write!(
        std::io::stdout().lock(),
        "{}",
        capspec::diff::render(&report, format)
    );
    match written {
        Err(e) => usage(&format!("cannot write: {e}")),
        Ok(()) if fail_on.is_some_and(|l| report.reaches(l)) => ExitCode::from(1),
        Ok(()) => ExitCode::SUCCESS,
    }
}

fn check(dir: &Path) -> ExitCode {
    match Registry::from_dir(dir) {
        Ok(registry) => {
            let specs = registry.specs().len();
            let providers = registry.providers().count();
            println!(
                "{}: {specs} spec(s) of {providers} provider(s), no faults",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn read_body(file: Option<&PathBuf>) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    match file {
        Some(path) if path.as_os_str() != "-" => {
            body =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        }
        _ => {
            std::io::stdin()
                .lock()
                .read_to_end(&mut body)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
        }
    }
    Ok(body)
}

pub(crate) fn usage(message: &str) -> ExitCode {
    eprintln!("capspec: {message}");
    ExitCode::from(2)
}

fn exit_written(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage(&format!("cannot write: {e}")),
    }
}
