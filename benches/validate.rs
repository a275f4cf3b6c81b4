//! `cargo bench --bench validate`: capspec (compiled and at run time) against the `jsonschema`
//! crate's run-time validator with capspec's keywords, on the catalog set of
//! `capspec_peers::catalog` (per shipped spec, a realistic valid body, the same with one
//! violation and with three): `validate/<function>/<valid|one_violation|three_violations>`.
//! And the cost of codegen.

use capspec_peers::KINDS;
use capspec_peers::catalog::{Function, bodies};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn validate(c: &mut Criterion) {
    let set = bodies();
    let mut g = c.benchmark_group("validate");
    for (k, kind) in KINDS.iter().enumerate() {
        for f in Function::ALL {
            g.bench_with_input(BenchmarkId::new(f.name(), kind), &k, |b, &k| {
                b.iter(|| f.run(&set, k))
            });
        }
    }
    g.finish();
}

fn codegen(c: &mut Criterion) {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let config = capspec_build::Config::new().spec_dir(specs);
    let mut g = c.benchmark_group("codegen");
    g.bench_function("shipped_specs", |b| {
        b.iter(|| black_box(config.generate().unwrap().len()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(4)).warm_up_time(std::time::Duration::from_secs(1));
    targets = validate, codegen
}
criterion_main!(benches);
