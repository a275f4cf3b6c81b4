#!/usr/bin/env bash
# capspec serve under load, on loopback only, each run bounded in time (BENCHMARKS.md, "capspec
# serve"). Installs the load generator (oha) into target/tools and nginx (Debian's
# nginx-light) when missing, builds release binaries, starts a fast upstream
# (examples/bench_upstream.rs), `capspec serve --upstream gccai=<it>` and, as the anchor, nginx
# as a plain reverse proxy in front of the same upstream (scripts/bench-nginx.conf: keepalive
# upstream, no access log, as many workers as the proxy has threads) and the floor of capspec's
# own stack (examples/bench_bare_proxy.rs: the same HTTP server and client, no work), then
# measures with the README's gccai request:
#   1. direct, through nginx and through capspec at a fixed 1,000 requests/s: p50, p99;
#   2. the four at saturation (50 connections): requests/s, and the ratios; nginx, capspec
#      and the floor take turns, ROUNDS times (default 3), and the ratios are given for each
#      round and as their median (a single run moves by 10-15% here);
#   3. capspec against an upstream that takes 1 ms per request (a second upstream and proxy);
#   4. POST /v1/validate/gccai at saturation;
#   5. user-space instructions per request of nginx, the floor and capspec serve
#      (scripts/bench-serve-instructions.sh, under valgrind).
# Usage: [ROUNDS=N] scripts/bench-serve.sh [SECONDS per run, default 10]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
secs="${1:-10}"
rounds="${ROUNDS:-3}"
# oha, nginx, the binaries, $work, cleanup, address, free_port
source scripts/bench-common.sh
# capspec serve runs one tokio worker per core; nginx gets as many workers.
workers="${TOKIO_WORKER_THREADS:-$(nproc)}"

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
target/release/examples/bench_bare_proxy "$upstream" > "$work/floor.out" & pids+=($!)
floor="$(address "$work/floor.out")"

nginx_addr="127.0.0.1:$(free_port)"
sed -e "s|@WORKERS@|$workers|" -e "s|@DIR@|$work|g" -e "s|@UPSTREAM@|${upstream#http://}|" \
    -e "s|@LISTEN@|$nginx_addr|" scripts/bench-nginx.conf > "$work/nginx.conf"
"$nginx" -c "$work/nginx.conf" -e "$work/nginx.err" & pids+=($!)
for _ in $(seq 100); do
    curl -s -o /dev/null "http://$nginx_addr/" && break
    sleep 0.1
done

# The body: the README's request (valid, checked first).
body="$root/examples/gccai-16x9-2k.json"
target/release/capspec validate gccai "$body" > /dev/null

run() { # NAME URL [oha flags...] -> JSON in $work/NAME.json
    local name="$1" url="$2"; shift 2
    "$oha" --no-tui --output-format json -z "${secs}s" -m POST -D "$body" \
        -H 'content-type: application/json' "$@" "$url" > "$work/$name.json"
}
run direct_1k "$upstream/v1/images/generations" -q 1000 -c 16
run nginx_1k "http://$nginx_addr/v1/images/generations" -q 1000 -c 16
run proxy_1k "$proxy/gccai/v1/images/generations" -q 1000 -c 16
run direct_max "$upstream/v1/images/generations" -c 50
for round in $(seq "$rounds"); do
    run "nginx_max.$round" "http://$nginx_addr/v1/images/generations" -c 50
    run "proxy_max.$round" "$proxy/gccai/v1/images/generations" -c 50
    run "floor_max.$round" "$floor/v1/images/generations" -c 50
done
run direct_max_1ms "$upstream1/v1/images/generations" -c 50
run proxy_max_1ms "$proxy1/gccai/v1/images/generations" -c 50
run validate_max "$proxy/v1/validate/gccai" -c 50

python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
names = ["direct_1k", "nginx_1k", "proxy_1k", "direct_max"]
names += [f"{n}_max.{i}" for i in range(1, rounds + 1) for n in ["nginx", "proxy", "floor"]]
names += ["direct_max_1ms", "proxy_max_1ms", "validate_max"]
r = {n: json.load(open(f"{work}/{n}.json")) for n in names}
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
def median(name):
    return statistics.median(rps(f"{name}_max.{i}") for i in range(1, rounds + 1))
def ratios(a, b):
    return [rps(f"{a}_max.{i}") / rps(f"{b}_max.{i}") for i in range(1, rounds + 1)]
def shown(values):
    return f"median {statistics.median(values):.2f}x (rounds: {', '.join(f'{v:.2f}' for v in values)})"
print(f"throughput through the proxy at saturation: {median('proxy') / rps('direct_max'):.2f}x direct "
      f"(upstream answering at once, median of the rounds), "
      f"{rps('proxy_max_1ms') / rps('direct_max_1ms'):.2f}x (upstream taking 1 ms)")
print(f"POST /v1/validate at saturation: {rps('validate_max'):,.0f} requests/s")
print()
print("capspec serve against nginx as a plain reverse proxy (same upstream, same machine):")
print(f"  throughput at saturation, {rounds} rounds of nginx, capspec and the floor in turn: "
      f"capspec {median('proxy'):,.0f}, nginx {median('nginx'):,.0f} requests/s (medians); "
      f"capspec / nginx {shown(ratios('proxy', 'nginx'))} (target >= 0.8x); "
      f"nginx is {median('nginx') / rps('direct_max'):.2f}x direct")
print(f"  at 1,000 requests/s: p50 capspec {pct('proxy_1k','p50'):.3f} ms, nginx {pct('nginx_1k','p50'):.3f} ms; "
      f"p99 capspec {pct('proxy_1k','p99'):.3f} ms, nginx {pct('nginx_1k','p99'):.3f} ms "
      f"(capspec - nginx: {pct('proxy_1k','p99') - pct('nginx_1k','p99'):+.3f} ms, target <= +0.5 ms)")
print(f"  the stack's floor (same server and client, no work): {median('floor'):,.0f} requests/s; "
      f"floor / nginx {shown(ratios('floor', 'nginx'))}; capspec / floor {shown(ratios('proxy', 'floor'))}")
PY
echo
echo "User-space instructions per request (scripts/bench-serve-instructions.sh):"
scripts/bench-serve-instructions.sh
