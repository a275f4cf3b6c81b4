#!/usr/bin/env bash
# User-space instructions per proxied request, counted by valgrind's callgrind: nginx as a plain
# reverse proxy, the floor of capspec's stack (examples/bench_bare_proxy.rs) and capspec serve,
# each with one worker, in front of the same upstream (BENCHMARKS.md, "capspec serve").
#
# Throughput on a shared 2-core machine moves by 10-15% from run to run; an instruction count
# by under 1% (capspec serve: 67,039 to 67,085 in five runs), so it shows what a change to
# the proxy's own code is worth where a throughput run cannot. It leaves out the kernel's
# share of a request (about half of its CPU time: loopback TCP, four socket calls) and what
# memory and scheduling cost, so it complements the throughput runs of scripts/bench-serve.sh
# and does not replace them.
#
# Each server runs under callgrind: 1,000 requests to warm it up, the counters zeroed
# (`callgrind_control -z`), 5,000 requests (8 connections, the README's gccai body), the
# counters dumped: start-up (which calibrates clocks in loops that take time, not a fixed
# count) and shutdown are left out.
# Installs valgrind (Debian) and oha when missing; builds release binaries.
# Usage: scripts/bench-serve-instructions.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# oha, nginx, the binaries, $work, cleanup, address, free_port
source scripts/bench-common.sh
command -v valgrind >/dev/null || install_debian valgrind

target/release/examples/bench_upstream > "$work/upstream.out" & pids+=($!)
upstream="$(address "$work/upstream.out")"
body="$root/examples/gccai-16x9-2k.json"

REQUESTS=5000
load() { # URL N
    "$oha" --no-tui --output-format json -n "$2" -c 8 -m POST -D "$body" \
        -H 'content-type: application/json' "$1" > "$work/load.json"
    python3 -c "import json,sys; c=json.load(open('$work/load.json'))['statusCodeDistribution']; sys.exit(0 if list(c) == ['200'] else f'$1: {c}')"
}

# instructions NAME: starts NAME under callgrind, warms it up, prints the instructions of
# REQUESTS requests.
instructions() {
    local name="$1" out="$work/$1"
    local grind=(valgrind --tool=callgrind --callgrind-out-file="$out.cg")
    local path=/v1/images/generations pid
    case "$name" in
    nginx)
        local listen="127.0.0.1:$(free_port)"
        mkdir -p "$out.d"
        sed -e "s|@WORKERS@|1|" -e "s|@DIR@|$out.d|g" -e "s|@UPSTREAM@|${upstream#http://}|" \
            -e "s|@LISTEN@|$listen|" scripts/bench-nginx.conf > "$out.conf"
        "${grind[@]}" "$nginx" -c "$out.conf" -e "$out.d/nginx.err" -g 'master_process off;' \
            2> "$out.err" & pid=$!
        for _ in $(seq 300); do
            curl -s -o /dev/null "http://$listen/" && break
            sleep 0.1
        done
        echo "listening on http://$listen" > "$out.out"
        ;;
    floor)
        TOKIO_WORKER_THREADS=1 "${grind[@]}" target/release/examples/bench_bare_proxy "$upstream" \
            > "$out.out" 2> "$out.err" & pid=$!
        ;;
    capspec)
        TOKIO_WORKER_THREADS=1 "${grind[@]}" target/release/capspec serve \
            --listen 127.0.0.1:0 --upstream "gccai=$upstream" > "$out.out" 2> "$out.err" & pid=$!
        path=/gccai/v1/images/generations
        ;;
    esac
    pids+=("$pid")
    local at
    at="$(address "$out.out")"
    load "$at$path" 1000
    callgrind_control -z "$pid" > /dev/null 2>&1
    load "$at$path" "$REQUESTS"
    callgrind_control -d "$pid" > /dev/null 2>&1
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    sed -n 's/^totals: //p' "$out.cg.1" | head -1
}

printf '| proxy (one worker) | user-space instructions per request |\n|---|---:|\n'
declare -A per
for name in nginx floor capspec; do
    per[$name]=$(( $(instructions "$name") / REQUESTS ))
    printf '| %s | %s |\n' "$name" "${per[$name]}"
done
echo
echo "capspec serve: $(python3 -c "print(f'{${per[capspec]} / ${per[nginx]}:.2f}x nginx, {${per[capspec]} / ${per[floor]}:.2f}x its floor, {${per[capspec]} - ${per[floor]}:,} instructions above the floor')")"
