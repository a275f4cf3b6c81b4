//! Compiles this crate's specs (`specs/acme/`) and capspec's fixture spec, which uses every
//! construct of the format (`tests/fixtures/codegen/demo/`), into typed requests.

fn main() {
    capspec_build::Config::new()
        .spec_dir("specs")
        .spec_dir("../../tests/fixtures/codegen")
        .compile()
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
}
