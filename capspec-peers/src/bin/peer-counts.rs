//! `peer-counts <peers|catalog> <function> <kind> <iterations>`: runs one measured function
//! over the bodies of one kind of a set, `iterations` times, for `benches/counts.py`, which
//! runs it under callgrind at two iteration counts and divides the difference (setup cancels
//! out).

use capspec_peers::{Function, KINDS, bodies, catalog};

fn fail(why: &str) -> ! {
    eprintln!("{why}\nusage: peer-counts <peers|catalog> <function> <kind> <iterations>");
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [set, function, kind, iterations] = args.as_slice() else {
        fail("four arguments");
    };
    let Some(k) = KINDS.iter().position(|n| n == kind) else {
        fail("unknown kind");
    };
    let Ok(n) = iterations.parse::<u64>() else {
        fail("iterations must be a number");
    };
    // The registry is built on first use: before counting.
    let _ = capspec::CATALOG.registry();
    match set.as_str() {
        "peers" => {
            let Some(f) = Function::ALL.into_iter().find(|f| f.name() == function) else {
                fail("unknown function");
            };
            let sets = bodies();
            eprintln!("bodies: {}", sets[k].len());
            for _ in 0..n {
                f.run(&sets[k], k == 0);
            }
        }
        "catalog" => {
            let Some(f) = catalog::Function::ALL
                .into_iter()
                .find(|f| f.name() == function)
            else {
                fail("unknown function");
            };
            let set = catalog::bodies();
            eprintln!("bodies: {}", set.kinds[k].len());
            for _ in 0..n {
                f.run(&set, k);
            }
        }
        _ => fail("unknown set"),
    }
}
