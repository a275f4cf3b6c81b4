//! The two sides of a diff: a spec directory, or `git:REV` for the checkout's `specs/` at a
//! git revision; and where a change is in its spec file, for annotations.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::process::Command;

use super::checks::Check;
use super::compare::Finding;
use crate::Registry;
use crate::registry::LoadError;
use crate::spec::SourceText;

/// A spec set with the texts of its files (by the names its specs carry).
pub struct Specs {
    pub registry: Registry,
    texts: BTreeMap<String, String>,
}

/// Why a side of a diff could not be loaded.
#[derive(Debug)]
pub enum SourceError {
    /// Specs that do not load: every diagnostic.
    Specs(LoadError),
    /// A directory or revision that could not be read.
    Read(String),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Specs(e) => write!(f, "{e}"),
            SourceError::Read(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for SourceError {}

impl Specs {
    /// `DIR` (the `specs/` layout) or `git:REV` (the checkout's `specs/` at `REV`).
    pub fn load(arg: &str) -> Result<Specs, SourceError> {
        match arg.strip_prefix("git:") {
            Some(rev) => Specs::from_git(rev),
            None => Specs::from_dir(Path::new(arg)),
        }
    }

    /// The specs under `dir`, named `<dir>/<provider>/<file>`.
    pub fn from_dir(dir: &Path) -> Result<Specs, SourceError> {
        let files = crate::spec::discover(dir)
            .map_err(|e| SourceError::Read(format!("cannot read {}: {e}", dir.display())))?;
        let mut texts = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f.path)
                .map_err(|e| SourceError::Read(format!("cannot read {}: {e}", f.path.display())))?;
            texts.push(SourceText {
                file: f.path.to_string_lossy().replace('\\', "/"),
                provider: f.provider,
                text,
            });
        }
        Specs::from_texts(texts)
    }

    /// The checkout's `specs/` at the git revision `rev`, named `specs/<provider>/<file>`.
    pub fn from_git(rev: &str) -> Result<Specs, SourceError> {
        let git = |args: &[&str]| -> Result<String, SourceError> {
            let out = Command::new("git")
                .args(args)
                .output()
                .map_err(|e| SourceError::Read(format!("cannot run git: {e}")))?;
            if !out.status.success() {
                return Err(SourceError::Read(format!(
                    "git {}: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                )));
            }
            String::from_utf8(out.stdout)
                .map_err(|_| SourceError::Read(format!("git {}: not UTF-8", args.join(" "))))
        };
        let root = git(&["rev-parse", "--show-toplevel"])?;
        let root = root.trim();
        let listing = git(&[
            "-C",
            root,
            "ls-tree",
            "-r",
            "--name-only",
            rev,
            "--",
            "specs",
        ])?;
        let mut texts = Vec::new();
        for file in listing.lines().filter(|f| f.ends_with(".toml")) {
            let mut parts = file.split('/');
            let (Some("specs"), Some(provider), Some(_), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let text = git(&["-C", root, "show", &format!("{rev}:{file}")])?;
            texts.push(SourceText {
                file: file.to_owned(),
                provider: provider.to_owned(),
                text,
            });
        }
        Specs::from_texts(texts)
    }

    /// Spec texts with their providers given.
    pub fn from_texts(texts: Vec<SourceText>) -> Result<Specs, SourceError> {
        let by_file = texts
            .iter()
            .map(|t| (t.file.clone(), t.text.clone()))
            .collect();
        let registry = Registry::from_texts(texts).map_err(SourceError::Specs)?;
        Ok(Specs {
            registry,
            texts: by_file,
        })
    }
}

/// The file and line of a change: in NEW's spec file where the spec is still there (the
/// table of the parameter, the rule, the size table or `[model]`), else OLD's first line.
pub fn locate(old: &Specs, new: &Specs, f: &Finding) -> (String, usize) {
    let Some(spec) = new.registry.spec(&f.spec) else {
        let file = old
            .registry
            .spec(&f.spec)
            .map(|s| s.file.clone())
            .unwrap_or_default();
        return (file, 1);
    };
    let text = new.texts.get(&spec.file).map_or("", String::as_str);
    let line_of = |needle: &str, nth: usize| -> Option<usize> {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with(needle))
            .nth(nth)
            .map(|(i, _)| i + 1)
    };
    let line = match (f.check, &f.param, f.rule) {
        (Check::RuleAdded, _, Some(i)) => line_of("[[rules]]", i),
        (
            Check::SizeTableCellAdded | Check::SizeTableCellChanged | Check::SizeTableCellRemoved,
            _,
            _,
        ) => line_of("[size_table", 0),
        (Check::ModelNameAdded | Check::ModelNameRemoved | Check::DefaultModelChanged, _, _)
        | (Check::MetadataChanged | Check::PricingChanged, _, _) => line_of("[model]", 0),
        (Check::OutputChanged, None, _) => line_of("[output]", 0),
        (_, Some(param), _) => {
            // The table of the parameter, else of the nearest object around it.
            let mut path: Vec<&str> = param.split('.').collect();
            let mut found = None;
            while !path.is_empty() && found.is_none() {
                let header = format!("[properties.{}]", path.join(".properties."));
                found = line_of(&header, 0);
                path.pop();
            }
            found
        }
        _ => None,
    };
    (spec.file.clone(), line.unwrap_or(1))
}
