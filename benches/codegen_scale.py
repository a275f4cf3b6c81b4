#!/usr/bin/env python3
"""Codegen at scale: build.rs time and crate build time for N synthetic specs.

    python3 benches/codegen_scale.py            # N = 10, 100, 1000
    python3 benches/codegen_scale.py 10 100     # chosen sizes

For each N it writes N specs under target/codegen-scale/<N>/ (copies of the shipped specs,
renamed and spread over providers of ten models each, with their numbers varied), then with
CAPSPEC_EXTRA_SPECS pointing there it measures, in the dev profile with dependencies built:

  build.rs   the build script alone (read, check, generate, format, write), median of 3 runs
  build      `cargo build --lib` after the spec set changed (build.rs + compiling the crate)
  touch      `cargo build --lib` after one spec file changed

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


def templates():
    out = []
    for path in sorted((ROOT / "specs").glob("*/*.toml")):
        out.append(path.read_text())
    return out


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


def run(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def build_script():
    scripts = sorted(
        (ROOT / "target" / "debug" / "build").glob("capspec-*/build-script-build"),
        key=lambda p: p.stat().st_mtime,
    )
    return scripts[-1]


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    env = dict(os.environ)
    env.pop("CAPSPEC_EXTRA_SPECS", None)
    run(["cargo", "build", "--lib"], env)  # dependencies, and the crate with the shipped specs
    rows = []
    for n in sizes:
        specs = write_specs(n)
        env["CAPSPEC_EXTRA_SPECS"] = str(specs)
        build = run(["cargo", "build", "--lib"], env)
        (specs / "synth0000" / "synth-0.toml").touch()
        touch = run(["cargo", "build", "--lib"], env)
        script_env = dict(env, OUT_DIR=str(OUT / f"out-{n}"), CARGO_MANIFEST_DIR=str(ROOT))
        (OUT / f"out-{n}").mkdir(parents=True, exist_ok=True)
        script = [run([str(build_script())], script_env) for _ in range(3)]
        lines = sum(1 for _ in open(OUT / f"out-{n}" / "capspec_generated.rs"))
        rows.append((n, statistics.median(script), build, touch, lines))
        print(f"N={n}: build.rs {statistics.median(script):.2f} s, build {build:.1f} s, touch {touch:.1f} s, {lines} generated lines", file=sys.stderr)
    env.pop("CAPSPEC_EXTRA_SPECS")
    run(["cargo", "build", "--lib"], env)  # leave the tree built with the shipped specs
    print("| specs (extra) | build.rs (s) | cargo build --lib (s) | after touching one spec (s) | generated lines |")
    print("|---:|---:|---:|---:|---:|")
    for n, script, build, touch, lines in rows:
        print(f"| {n} | {script:.2f} | {build:.1f} | {touch:.1f} | {lines} |")


if __name__ == "__main__":
    main()
