//! Compiles capspec capability specs into typed request types and validators, in a build
//! script (the way `prost-build` compiles `.proto` files):
//!
//! ```no_run
//! // in build.rs's `fn main()`:
//! capspec_build::Config::new()
//!     .spec_dir("specs")          // <dir>/<provider>/*.toml
//!     .compile()
//!     .unwrap_or_else(|e| { eprintln!("{e}"); std::process::exit(1) });
//! ```
//!
//! and in the crate, `capspec::include_specs!();` brings in a module per provider with a
//! router and a typed `Request` per model: for `specs/acme/pixel-1.toml`,
//! `acme::pixel_1::Request::validate_slice(bytes)`. The generated code names only
//! `::capspec::…` items, so the crate depends on `capspec` (and on `capspec-build` as a
//! build-dependency) and nothing else.
//!
//! Compiling prints `cargo::rerun-if-changed` for every file it reads, writes its output only
//! when it changed, and reports a broken spec as `file:line:col: message` (through
//! `cargo::error=` from a build script).

mod codegen;

use std::fmt;
use std::path::{Path, PathBuf};

use capspec_spec::{self as spec, Context, Diagnostic, SourceText, Sources};

/// The file `include_specs!()` includes, in `OUT_DIR`.
pub const OUTPUT_FILE: &str = "capspec_specs.rs";

/// What to compile and where to put it.
#[derive(Clone, Debug, Default)]
pub struct Config {
    spec_dirs: Vec<PathBuf>,
    sources_dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    cargo: Option<bool>,
}

/// Why compiling failed: broken specs (every diagnostic) or a file that could not be read or
/// written.
#[derive(Debug)]
pub enum Error {
    /// Every fault of the specs, each `file:line:col: message`.
    Specs(Vec<Diagnostic>),
    /// A file or directory that could not be read or written.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// `OUT_DIR` is not set (not run from a build script) and no `out_dir` was given.
    NoOutDir,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Specs(diagnostics) => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Error::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Error::NoOutDir => {
                f.write_str("OUT_DIR is not set: run from a build script, or give Config::out_dir")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Compiles one spec directory with the default configuration: the one-line build script.
pub fn compile_specs(dir: impl AsRef<Path>) -> Result<(), Error> {
    Config::new().spec_dir(dir).compile()
}

impl Config {
    pub fn new() -> Config {
        Config::default()
    }

    /// Adds a spec directory, laid out `<dir>/<provider>/*.toml`; relative to the crate (the
    /// build script's working directory). Several may be given; their providers merge.
    pub fn spec_dir(mut self, dir: impl AsRef<Path>) -> Config {
        self.spec_dirs.push(dir.as_ref().to_owned());
        self
    }

    /// Requires each spec's top-level `source` to name a file in `dir`, as a path relative to
    /// it (`seed.txt`, `openai-python/image_generate_params.py`); capspec's catalog cites its
    /// source docs this way. Several may be given. Without any, `source` is free text.
    pub fn sources_dir(mut self, dir: impl AsRef<Path>) -> Config {
        self.sources_dirs.push(dir.as_ref().to_owned());
        self
    }

    /// Writes the output into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Config {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Whether to print `cargo::` directives (default: when run from a build script, i.e.
    /// when `OUT_DIR` is set).
    pub fn cargo_directives(mut self, on: bool) -> Config {
        self.cargo = Some(on);
        self
    }

    /// Reads, checks and compiles the specs, and writes `OUTPUT_FILE` if its content changed.
    /// From a build script, a broken spec also fails the build with `cargo::error=` lines.
    pub fn compile(&self) -> Result<(), Error> {
        let cargo = self
            .cargo
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        let result = self.run(cargo);
        if cargo && let Err(e) = &result {
            for line in e.to_string().lines() {
                println!("cargo::error={line}");
            }
        }
        result
    }

    /// The generated source for the configured specs, without writing it.
    pub fn generate(&self) -> Result<String, Error> {
        let texts = self.read(false)?;
        let specs = self.check(&texts)?;
        Ok(codegen::generate(&specs, &texts))
    }

    fn run(&self, cargo: bool) -> Result<(), Error> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or(Error::NoOutDir)?),
        };
        let texts = self.read(cargo)?;
        let specs = self.check(&texts)?;
        let code = codegen::generate(&specs, &texts);
        let out = out_dir.join(OUTPUT_FILE);
        // Unchanged output keeps its timestamp, so nothing that includes it rebuilds.
        if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
            std::fs::write(&out, code).map_err(|error| Error::Io { path: out, error })?;
        }
        Ok(())
    }

    /// Every spec file's text, named as given (`specs/acme/pixel-1.toml`).
    fn read(&self, cargo: bool) -> Result<Vec<SourceText>, Error> {
        let io = |path: &Path| {
            let path = path.to_owned();
            move |error| Error::Io { path, error }
        };
        let mut texts = Vec::new();
        for dir in &self.spec_dirs {
            if cargo {
                println!("cargo::rerun-if-changed={}", dir.display());
            }
            for f in spec::discover(dir).map_err(io(dir))? {
                if cargo {
                    println!("cargo::rerun-if-changed={}", f.path.display());
                }
                let text = std::fs::read_to_string(&f.path).map_err(io(&f.path))?;
                texts.push(SourceText {
                    file: shown(&f.path),
                    provider: f.provider,
                    text,
                });
            }
        }
        if cargo {
            for dir in &self.sources_dirs {
                println!("cargo::rerun-if-changed={}", dir.display());
            }
        }
        Ok(texts)
    }

    fn check(&self, texts: &[SourceText]) -> Result<Vec<spec::Spec>, Error> {
        let mut files = Vec::new();
        for dir in &self.sources_dirs {
            file_names(dir, "", &mut files)?;
        }
        files.sort();
        let dirs: Vec<String> = self.sources_dirs.iter().map(|d| shown(d)).collect();
        let dir = dirs.join("/ or ");
        let cx = Context {
            sources: (!self.sources_dirs.is_empty()).then_some(Sources {
                dir: &dir,
                files: &files,
            }),
        };
        spec::load(texts, &cx).map_err(Error::Specs)
    }
}

/// A path as diagnostics and generated code show it: as given (relative to the crate), with
/// `/` between components.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The files under a directory, as paths relative to it (`prefix` and `/` before each
/// subdirectory's files).
fn file_names(dir: &Path, prefix: &str, names: &mut Vec<String>) -> Result<(), Error> {
    let io = |error| Error::Io {
        path: dir.to_owned(),
        error,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        match entry.file_type() {
            Ok(t) if t.is_file() => names.push(name),
            Ok(t) if t.is_dir() => file_names(&entry.path(), &format!("{name}/"), names)?,
            _ => {}
        }
    }
    Ok(())
}
