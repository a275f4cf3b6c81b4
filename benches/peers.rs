//! `cargo bench --bench peers`: capspec against what a Rust user would write instead, on the
//! same bodies (`capspec-peers`): hand-written serde structs (the floor) and serde + garde,
//! jsonschema's compile-time validator on the emitted schemas, and capspec compiled and at
//! run time. `peers/<function>/<valid|one_violation|three_violations>`, three bodies each.

use capspec_peers::{Function, KINDS, bodies};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn peers(c: &mut Criterion) {
    let sets = bodies();
    let mut g = c.benchmark_group("peers");
    for (kind, set) in KINDS.iter().zip(&sets) {
        let valid = *kind == "valid";
        for f in Function::ALL {
            g.bench_with_input(BenchmarkId::new(f.name(), kind), set, |b, set| {
                b.iter(|| f.run(set, valid))
            });
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = peers
}
criterion_main!(benches);
