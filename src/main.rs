//! `capspec`: list models, validate a request body, print a model document.
//!
//! Exit codes of `validate`: 0 valid, 1 invalid (the error body on stdout), 2 usage errors
//! (unknown provider, unreadable file; a message on stderr).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::json;

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
    },
    /// Validate one request body for a provider, routed by its `model` field.
    Validate {
        /// Provider id, e.g. `gccai`.
        provider: String,
        /// JSON file with the request body; `-` or none reads stdin.
        file: Option<PathBuf>,
    },
    /// Print the model document (with its request JSON Schema) of a spec id.
    Schema {
        /// Spec id, e.g. `gccai/qwen-image-2.0`.
        id: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Models { json } => models(json),
        Command::Validate { provider, file } => validate(&provider, file),
        Command::Schema { id } => schema(&id),
    }
}

fn models(json: bool) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let written = if json {
        writeln!(out, "{:#}", capspec::schema::model_list())
    } else {
        capspec::SPEC_IDS
            .iter()
            .try_for_each(|id| writeln!(out, "{id}"))
    };
    exit_written(written)
}

fn validate(provider: &str, file: Option<PathBuf>) -> ExitCode {
    let provider: capspec::Provider = match provider.parse() {
        Ok(p) => p,
        Err(e) => return usage(&e.to_string()),
    };
    let body = match read_body(file.as_ref()) {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    let (value, code) = match provider.validate_slice(&body) {
        Ok(request) => {
            let output = request.output();
            let value = json!({
                "model": request.spec_id(),
                "width": output.width,
                "height": output.height,
                "n": output.count,
                "request": request,
            });
            (value, ExitCode::SUCCESS)
        }
        Err(violations) => (json!(violations), ExitCode::from(1)),
    };
    match writeln!(std::io::stdout().lock(), "{value}") {
        Ok(()) => code,
        Err(e) => usage(&format!("cannot write the result: {e}")),
    }
}

fn schema(id: &str) -> ExitCode {
    match capspec::schema::model_document(id) {
        Some(doc) => exit_written(writeln!(std::io::stdout().lock(), "{doc:#}")),
        None => usage(&format!(
            "unknown spec id {id:?}; `capspec models` lists them"
        )),
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

fn usage(message: &str) -> ExitCode {
    eprintln!("capspec: {message}");
    ExitCode::from(2)
}

fn exit_written(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage(&format!("cannot write: {e}")),
    }
}
