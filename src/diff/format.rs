//! The output formats of `capspec diff`: text for people, JSON for programs (its schema is
//! [`schema`]), Markdown for a pull-request comment, GitHub Actions annotations.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Change, Level, Report};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Github,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" => Ok(Format::Markdown),
            "github" => Ok(Format::Github),
            other => Err(format!(
                "unknown format {other:?}; use text, json, markdown or github"
            )),
        }
    }
}

/// The report in a format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => format!("{:#}", serde_json::to_value(report).unwrap_or_default()),
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Github => github(report),
    }
}

/// The JSON Schema of `--format json`'s output (`capspec diff --schema`).
pub fn schema() -> Value {
    let ids: Vec<&str> = super::Check::ALL.iter().map(|c| c.id()).collect();
    let count = json!({"type": "integer", "minimum": 0});
    json!({
        "$schema": crate::schema::DIALECT,
        "title": "capspec diff report",
        "type": "object",
        "required": ["changes", "summary"],
        "additionalProperties": false,
        "properties": {
            "changes": {
                "type": "array",
                "description": "Every change, ERR first.",
                "items": {
                    "type": "object",
                    "required": ["spec", "check", "level", "param", "message", "witness"],
                    "additionalProperties": false,
                    "properties": {
                        "spec": {"type": "string", "description": "The spec id the change is in."},
                        "check": {"type": "string", "enum": ids, "description": "The stable check id (docs/diff.md)."},
                        "level": {"type": "string", "enum": ["ERR", "WARN", "INFO"]},
                        "param": {"type": ["string", "null"], "description": "The dotted path of the parameter, where the change is about one."},
                        "message": {"type": "string"},
                        "witness": {"type": ["object", "null"], "description": "A request body valid under OLD that NEW rejects, or valid under both with another normalized body, spec or output under NEW."}
                    }
                }
            },
            "summary": {
                "type": "object",
                "required": ["ERR", "WARN", "INFO"],
                "additionalProperties": false,
                "properties": {"ERR": count, "WARN": count, "INFO": count}
            }
        }
    })
}

fn summary(report: &Report) -> String {
    format!(
        "{} ERR, {} WARN, {} INFO",
        report.count(Level::Err),
        report.count(Level::Warn),
        report.count(Level::Info)
    )
}

fn witness(c: &Change) -> Option<String> {
    c.witness
        .as_ref()
        .map(|w| serde_json::to_string(w).unwrap_or_default())
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    for c in &report.changes {
        let _ = writeln!(
            out,
            "{:<4} {} {} {}: {}",
            c.level.as_str(),
            c.check.id(),
            c.spec,
            c.param.as_deref().unwrap_or("-"),
            c.message
        );
        if let Some(w) = witness(c) {
            let _ = writeln!(out, "     witness: {w}");
        }
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

/// `|` and line breaks escaped for a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &Report) -> String {
    let mut out = format!("**capspec diff**: {}\n\n", summary(report));
    if report.changes.is_empty() {
        out.push_str("No change.\n");
        return out;
    }
    out.push_str(
        "| level | check | spec | param | change | witness |\n|---|---|---|---|---|---|\n",
    );
    for c in &report.changes {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} | {} | {} |",
            c.level.as_str(),
            c.check.id(),
            c.spec,
            c.param
                .as_deref()
                .map_or(String::new(), |p| format!("`{p}`")),
            cell(&c.message),
            witness(c).map_or(String::new(), |w| format!("`{}`", cell(&w)))
        );
    }
    out
}

/// GitHub Actions workflow commands: data escaped as the runner expects.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(report: &Report) -> String {
    let mut out = String::new();
    for c in &report.changes {
        let command = match c.level {
            Level::Err => "error",
            Level::Warn => "warning",
            Level::Info => "notice",
        };
        let mut message = format!("{}: {}", c.spec, c.message);
        if let Some(w) = witness(c) {
            message.push_str(&format!("\nwitness: {w}"));
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},title={}::{}",
            escape_property(&c.file),
            c.line,
            escape_property(&format!("capspec diff: {}", c.check.id())),
            escape_data(&message)
        );
    }
    let _ = writeln!(out, "capspec diff: {}", summary(report));
    out
}
