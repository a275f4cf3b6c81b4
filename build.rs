//! The shipped catalog: capspec's own specs, compiled by `capspec-build` exactly as a user's
//! crate compiles theirs, with one more check: every spec's `source` names a file in `seeds/` or
//! `sources/`.

fn main() {
    capspec_build::Config::new()
        .spec_dir("specs")
        .sources_dir("seeds")
        .sources_dir("sources")
        .compile()
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
}
