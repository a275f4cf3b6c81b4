#!/usr/bin/env python3
"""Instruction counts per body for the `peers` and `validate` benchmarks (`capspec-peers`), with
callgrind.

Counts, unlike times, do not move with what else a shared machine runs. For each function and
kind of body, `peer-counts` runs under `valgrind --tool=callgrind` at two iteration counts; the
difference, divided by the extra iterations and the three bodies, is the cost of one body
(setup, corpus building and the registry's construction cancel out).

    cargo build --release -p capspec-peers --bin peer-counts
    python3 benches/counts.py            # prints a Markdown table per set
"""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "peer-counts")
SETS = {
    "peers": [
        "serde_typed_bytes",
        "garde_bytes",
        "capspec_bytes",
        "registry_bytes",
        "jsonschema_compiled_bytes",
        "capspec_value",
        "registry_value",
        "jsonschema_compiled_value",
    ],
    "catalog": [
        "capspec_bytes",
        "registry_bytes",
        "jsonschema_bytes",
        "capspec_value",
        "registry_value",
        "jsonschema_value",
    ],
}
KINDS = ["valid", "one_violation", "three_violations"]
LOW, HIGH = 100, 300


def instructions(set_name, function, kind, iterations):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", BIN, set_name, function, kind, str(iterations)],
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.search(r"Collected : (\d+)", run.stderr)
        bodies = re.search(r"bodies: (\d+)", run.stderr)
        if not found or not bodies:
            sys.exit(f"no count in callgrind's output:\n{run.stderr}")
        return int(found.group(1)), int(bodies.group(1))


def main():
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: cargo build --release -p capspec-peers --bin peer-counts")
    for set_name, functions in SETS.items():
        print(f"\n`{set_name}` set, instructions per body:\n")
        print("| function | " + " | ".join(KINDS) + " |")
        print("|---|" + "---:|" * len(KINDS))
        for function in functions:
            cells = []
            for kind in KINDS:
                low, bodies = instructions(set_name, function, kind, LOW)
                high, _ = instructions(set_name, function, kind, HIGH)
                cells.append(f"{(high - low) / ((HIGH - LOW) * bodies):,.0f}")
            print(f"| `{function}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
