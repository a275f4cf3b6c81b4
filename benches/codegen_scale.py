#!/usr/bin/env python3
"""Specs at scale: a user's crate compiling N synthetic specs, and a registry loading them.

    python3 benches/codegen_scale.py            # N = 10, 100, 1000
    python3 benches/codegen_scale.py 10 100     # chosen sizes

For each N it writes N specs under target/codegen-scale/<N>/ (copies of the shipped specs,
renamed and spread over providers of ten models each, with their numbers varied). A throwaway
user crate (target/codegen-scale/crate: `capspec-build` in its build.rs, `include_specs!()` in
its lib) compiles them, in the dev profile with its dependencies already built:

  build      `cargo build --lib` after the spec set changed (build script + compiling the code)
  touch      `cargo build --lib` after one spec file changed
  load       `capspec check <dir>` (release): `Registry::from_dir` and a summary, median of 5

and prints a Markdown table. Times are wall-clock seconds on this machine; compare ratios.
"""

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "codegen-scale"
CRATE = OUT / "crate"


def templates():
    return [p.read_text() for p in sorted((ROOT / "specs").glob("*/*.toml"))]


def synthetic(text, i):
    """A shipped spec renamed to model `synth-<i>` with its bounds varied by `i`."""
    text = re.sub(r'^id = ".*"$', f'id = "synth-{i}"', text, count=1, flags=re.M)
    text = re.sub(r"^names = \[.*\]$", f'names = ["synth-{i}", "synth-{i}-2026-01-01"]', text, count=1, flags=re.M)
    # One default model per provider at most: synthetic providers have none.
    head, sep, rest = text.partition("\n[properties.")
    text = re.sub(r"^default = .*\n", "", head, count=1, flags=re.M) + sep + rest
    # Examples name the original models; synthetic specs carry none.
    text = text.split("\n[[examples]]")[0]
    text = re.sub(r'model = "[^"]*"', f'model = "synth-{i}"', text)
    # Vary the numbers that have room to move.
    text = re.sub(r"^maxLength = (\d+)$", lambda m: f"maxLength = {int(m.group(1)) + i}", text, flags=re.M)
    text = re.sub(r"^maximum = (\d+)$", lambda m: f"maximum = {int(m.group(1)) + i % 7}", text, flags=re.M)
    return text


def write_specs(n):
    base = OUT / str(n)
    if base.exists():
        subprocess.run(["rm", "-rf", str(base)], check=True)
    shapes = templates()
    for i in range(n):
        provider = base / f"synth{i // 10:04d}"
        provider.mkdir(parents=True, exist_ok=True)
        (provider / f"synth-{i}.toml").write_text(synthetic(shapes[i % len(shapes)], i))
    return base


def write_crate(specs):
    (CRATE / "src").mkdir(parents=True, exist_ok=True)
    (CRATE / "Cargo.toml").write_text(
        f"""[package]
name = "scale"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
capspec = {{ path = "{ROOT}", default-features = false }}

[build-dependencies]
capspec-build = {{ path = "{ROOT / 'capspec-build'}" }}

[profile.dev.build-override]
opt-level = 3

[workspace]
"""
    )
    (CRATE / "build.rs").write_text(
        f'fn main() {{ capspec_build::compile_specs("{specs}").unwrap_or_else(|e| {{ eprintln!("{{e}}"); std::process::exit(1) }}) }}\n'
    )
    (CRATE / "src" / "lib.rs").write_text("capspec::include_specs!();\n")


def run(cmd, cwd=ROOT, env=None):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    env = dict(os.environ, CARGO_TARGET_DIR=str(OUT / "target"))
    run(["cargo", "build", "--release", "--bin", "capspec"])
    capspec = ROOT / "target" / "release" / "capspec"
    # Dependencies once, with an empty spec set's worth of code.
    empty = write_specs(1)
    write_crate(empty)
    run(["cargo", "build", "--lib"], cwd=CRATE, env=env)
    rows = []
    for n in sizes:
        specs = write_specs(n)
        write_crate(specs)
        build = run(["cargo", "build", "--lib"], cwd=CRATE, env=env)
        (specs / "synth0000" / "synth-0.toml").touch()
        touch = run(["cargo", "build", "--lib"], cwd=CRATE, env=env)
        load = statistics.median(run([str(capspec), "check", str(specs)]) for _ in range(5))
        generated = next((OUT / "target" / "debug" / "build").glob("scale-*/out/capspec_specs.rs"), None)
        newest = max((OUT / "target" / "debug" / "build").glob("scale-*/out/capspec_specs.rs"), key=lambda p: p.stat().st_mtime, default=generated)
        lines = sum(1 for _ in open(newest)) if newest else 0
        rows.append((n, build, touch, load, lines))
        print(f"N={n}: build {build:.1f} s, touch {touch:.1f} s, load {load * 1000:.0f} ms, {lines} generated lines", file=sys.stderr)
    print("| specs | `cargo build --lib` (s) | after touching one spec (s) | `capspec check` (ms) | generated lines |")
    print("|---:|---:|---:|---:|---:|")
    for n, build, touch, load, lines in rows:
        print(f"| {n} | {build:.1f} | {touch:.1f} | {load * 1000:.0f} | {lines} |")
    for (a, ba, *_), (b, bb, *_) in zip(rows, rows[1:]):
        print(f"compile time per added spec from {a} to {b}: {(bb - ba) / (b - a):.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
