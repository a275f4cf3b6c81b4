//! Compiles the capability specs under `specs/` (and the directories listed in
//! `CAPSPEC_EXTRA_SPECS`) into request types and validators: `$OUT_DIR/capspec_generated.rs`,
//! included by `src/lib.rs`. A broken spec fails the build with
//! `cargo::error=<file>:<line>:<col>: <message>`; nothing here panics on a spec.

#[path = "src/codegen/mod.rs"]
mod codegen;
#[path = "src/spec/mod.rs"]
mod spec;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    for watched in ["specs", "seeds", "src/spec", "src/codegen", "build.rs"] {
        println!("cargo::rerun-if-changed={watched}");
    }
    println!("cargo::rerun-if-env-changed=CAPSPEC_EXTRA_SPECS");
    match run(&root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            for e in errors {
                println!("cargo::error={}", e.replace('\n', " "));
            }
            // cargo::error fails the build; the exit code stays 0 so cargo shows those messages
            // rather than a generic "build script failed".
            ExitCode::SUCCESS
        }
    }
}

fn run(root: &Path) -> Result<(), Vec<String>> {
    let seeds = seed_names(&root.join("seeds")).map_err(|e| vec![format!("seeds/: {e}")])?;
    let mut dirs = vec![root.join("specs")];
    if let Some(extra) = std::env::var_os("CAPSPEC_EXTRA_SPECS") {
        for dir in std::env::split_paths(&extra).filter(|d| !d.as_os_str().is_empty()) {
            // Relative to the package, like every other path here.
            let dir = root.join(dir);
            println!("cargo::rerun-if-changed={}", dir.display());
            dirs.push(dir);
        }
    }
    let mut files = Vec::new();
    let mut sources = Vec::new();
    for dir in &dirs {
        let found = spec::discover(dir).map_err(|e| vec![format!("{}: {e}", dir.display())])?;
        for f in found {
            let text = std::fs::read_to_string(&f.path)
                .map_err(|e| vec![format!("{}: {e}", f.path.display())])?;
            let shown = f
                .path
                .strip_prefix(root)
                .unwrap_or(&f.path)
                .display()
                .to_string();
            sources.push(f.path.display().to_string());
            files.push(spec::SourceText {
                file: shown,
                provider: f.provider,
                text,
            });
        }
    }
    let mut clock = Clock::start();
    let cx = spec::Context {
        seeds: Some(&seeds),
    };
    let specs = spec::load(&files, &cx).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    })?;
    clock.lap("read and check specs");
    let inputs: Vec<codegen::Input> = specs
        .iter()
        .zip(&sources)
        .map(|(spec, path)| codegen::Input {
            spec,
            path: path.clone(),
        })
        .collect();
    let code = codegen::generate(&inputs);
    clock.lap("generate and format (syn, prettyplease)");
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("capspec_generated.rs");
    std::fs::write(&out, code).map_err(|e| vec![format!("{}: {e}", out.display())])?;
    clock.lap("write");
    clock.report(specs.len());
    Ok(())
}

/// Phase timings, printed as a cargo warning when `CAPSPEC_BUILD_TIMINGS` is set.
struct Clock {
    on: bool,
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    fn start() -> Clock {
        println!("cargo::rerun-if-env-changed=CAPSPEC_BUILD_TIMINGS");
        Clock {
            on: std::env::var_os("CAPSPEC_BUILD_TIMINGS").is_some(),
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, what: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((what, now - self.last));
        self.last = now;
    }

    fn report(&self, specs: usize) {
        if self.on {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(w, d)| format!("{w} {:.0} ms", d.as_secs_f64() * 1000.0))
                .collect();
            println!(
                "cargo::warning=capspec build.rs, {specs} specs: {}",
                laps.join(", ")
            );
        }
    }
}

fn seed_names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}
