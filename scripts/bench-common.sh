# Shared by scripts/bench-serve.sh and scripts/bench-serve-instructions.sh (sourced, from the
# repository's root): the tools they install when missing, the release binaries, a work
# directory with the servers started in it stopped on exit, and how to find a server's address.

oha="$PWD/target/tools/bin/oha"
[ -x "$oha" ] || cargo install --locked --quiet --root "$PWD/target/tools" oha

install_debian() { # PACKAGE...: from Debian's archive, with sudo where not root
    local sudo=""
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo=sudo; fi
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq "$@" >&2
}
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || install_debian nginx-light
nginx="$(command -v nginx || echo /usr/sbin/nginx)"
cargo build --release --quiet --bin capspec --example bench_upstream --example bench_bare_proxy

work="$(mktemp -d)"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

address() { # FILE: the first stdout line of a server, "listening on http://ADDR"
    for _ in $(seq 300); do
        if [ -s "$1" ]; then sed -n '1s/^listening on //p' "$1"; return; fi
        sleep 0.1
    done
    echo "no address in $1" >&2; exit 1
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
