"""Per-body time from Python bytes: capspec against what a Python user writes instead, on the
conformance suite's bodies of two specs, valid and invalid apart. One run; quote ratios, not
times (machines are shared).

    python bench/bench.py [SUITE_DIR]     # default: target/conformance

Peers: the hand-written pydantic v2 models of bench/peers.py (checked to give capspec's verdict
on every body by tests/test_peers.py), read the careful way (`json.loads` refusing repeated
keys, then `model_validate`) and the quick way (`model_validate_json`, which keeps the last of
a repeated key); fastjsonschema and jsonschema on the schemas capspec emits (standard keywords
only: they ignore capspec's `x-capspec-` ones, so they accept some invalid bodies).
"""

import json
import pathlib
import sys
import time

import fastjsonschema
import jsonschema

import capspec
from peers import PEERS, parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROUNDS = 20


def per_body(fn, bodies):
    """Nanoseconds per body: the best of ROUNDS passes over the bodies."""
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter_ns()
        for raw in bodies:
            fn(raw)
        best = min(best, (time.perf_counter_ns() - start) / len(bodies))
    return best


def quietly(fn):
    def run(raw):
        try:
            fn(raw)
        except Exception:
            pass

    return run


def main():
    suite = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target" / "conformance"
    rows = []
    for spec_id, model in PEERS.items():
        data = json.loads((suite / (spec_id.replace("/", "__") + ".json")).read_text())
        cases = [c for c in data["cases"] if "body" in c]
        schema = {k: v for k, v in data["schema"].items() if k != "$schema"}
        fast = fastjsonschema.compile(schema)
        slow = jsonschema.Draft202012Validator(data["schema"])
        peers = {
            "capspec": quietly(lambda raw: capspec.validate_spec(spec_id, raw)),
            "pydantic (json.loads, no repeated keys)": quietly(lambda raw: model.model_validate(parse(raw))),
            "pydantic (model_validate_json)": quietly(model.model_validate_json),
            "fastjsonschema (json.loads)": quietly(lambda raw: fast(json.loads(raw))),
            "jsonschema (json.loads)": quietly(lambda raw: slow.is_valid(json.loads(raw))),
        }
        for kind in ("valid", "invalid"):
            bodies = [json.dumps(c["body"]).encode() for c in cases if c["valid"] == (kind == "valid")]
            times = {name: per_body(fn, bodies) for name, fn in peers.items()}
            base = times["capspec"]
            for name, ns in times.items():
                rows.append((spec_id, kind, len(bodies), name, ns, ns / base))
    print("| spec | bodies | peer | ns/body | × capspec |")
    print("|---|---|---|---:|---:|")
    for spec_id, kind, count, name, ns, ratio in rows:
        print(f"| `{spec_id}` | {count} {kind} | {name} | {ns:,.0f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
