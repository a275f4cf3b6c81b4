#!/usr/bin/env bash
# capspec serve under load, on loopback only, each run bounded in time (BENCHMARKS.md, "capspec
# serve"). Installs the load generator (oha) into target/tools, builds release binaries,
# starts a fast upstream (examples/bench_upstream.rs) and `capspec serve --upstream
# gccai=<it>`, then measures with the README's gccai request:
#   1. direct to the upstream and through the proxy at a fixed 1,000 requests/s: p50, p99;
#   2. both at saturation (50 connections): requests/s, and the ratio;
#   3. the same against an upstream that takes 1 ms per request (a second upstream and proxy);
#   4. POST /v1/validate/gccai at saturation.
# Usage: scripts/bench-serve.sh [SECONDS per run, default 10]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
secs="${1:-10}"
oha="$root/target/tools/bin/oha"
[ -x "$oha" ] || cargo install --locked --quiet --root "$root/target/tools" oha
cargo build --release --quiet --bin capspec --example bench_upstream

work="$(mktemp -d)"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

address() { # the first stdout line of a server: "listening on http://ADDR"
    for _ in $(seq 100); do
        if [ -s "$1" ]; then sed -n '1s/^listening on //p' "$1"; return; fi
        sleep 0.1
    done
    echo "no address in $1" >&2; exit 1
}

target/release/examples/bench_upstream > "$work/upstream.out" & pids+=($!)
upstream="$(address "$work/upstream.out")"
target/release/capspec serve --listen 127.0.0.1:0 --upstream "gccai=$upstream" \
    > "$work/serve.out" 2> "$work/serve.err" & pids+=($!)
proxy="$(address "$work/serve.out")"
target/release/examples/bench_upstream 127.0.0.1:0 1 > "$work/upstream1.out" & pids+=($!)
upstream1="$(address "$work/upstream1.out")"
target/release/capspec serve --listen 127.0.0.1:0 --upstream "gccai=$upstream1" \
    > "$work/serve1.out" 2> "$work/serve1.err" & pids+=($!)
proxy1="$(address "$work/serve1.out")"

# The body: the README's request (valid, checked first).
body="$root/examples/gccai-16x9-2k.json"
target/release/capspec validate gccai "$body" > /dev/null

run() { # NAME URL [oha flags...] -> JSON in $work/NAME.json
    local name="$1" url="$2"; shift 2
    "$oha" --no-tui --output-format json -z "${secs}s" -m POST -D "$body" \
        -H 'content-type: application/json' "$@" "$url" > "$work/$name.json"
}
run direct_1k "$upstream/v1/images/generations" -q 1000 -c 16
run proxy_1k "$proxy/gccai/v1/images/generations" -q 1000 -c 16
run direct_max "$upstream/v1/images/generations" -c 50
run proxy_max "$proxy/gccai/v1/images/generations" -c 50
run direct_max_1ms "$upstream1/v1/images/generations" -c 50
run proxy_max_1ms "$proxy1/gccai/v1/images/generations" -c 50
run validate_max "$proxy/v1/validate/gccai" -c 50

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
r = {n: json.load(open(f"{work}/{n}.json")) for n in
     ["direct_1k", "proxy_1k", "direct_max", "proxy_max", "direct_max_1ms", "proxy_max_1ms",
      "validate_max"]}
def pct(n, p):
    return r[n]["latencyPercentiles"][p] * 1000
def rps(n):
    return r[n]["summary"]["requestsPerSec"]
def ok(n):
    codes = r[n]["statusCodeDistribution"]
    return f'{codes}'
print("| run | requests/s | p50 ms | p99 ms | status codes |")
print("|---|---:|---:|---:|---|")
for n in r:
    print(f"| `{n}` | {rps(n):,.0f} | {pct(n, 'p50'):.3f} | {pct(n, 'p99'):.3f} | {ok(n)} |")
print()
print(f"added latency at 1,000 requests/s: p50 {pct('proxy_1k','p50') - pct('direct_1k','p50'):.3f} ms, "
      f"p99 {pct('proxy_1k','p99') - pct('direct_1k','p99'):.3f} ms")
print(f"throughput through the proxy at saturation: {rps('proxy_max') / rps('direct_max'):.2f}x direct "
      f"(upstream answering at once), {rps('proxy_max_1ms') / rps('direct_max_1ms'):.2f}x (upstream taking 1 ms)")
print(f"POST /v1/validate at saturation: {rps('validate_max'):,.0f} requests/s")
PY
