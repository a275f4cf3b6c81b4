"""capspec's conformance suite through the module: every case's verdict, (param, code) pairs,
messages, normalized body, output and cost are capspec's, from a dict and from bytes."""

import json

import pytest

import capspec


def load(suite_dir):
    index = json.loads((suite_dir / "index.json").read_text())
    for spec in index["specs"]:
        yield json.loads((suite_dir / spec["file"]).read_text())


def check(spec, case, body):
    try:
        out = capspec.validate_spec(spec["spec"], body)
    except capspec.ValidationError as e:
        assert not case["valid"], f"{case['name']}: refused {e.errors}"
        got = [(v["param"], v["code"], v["message"]) for v in e.errors]
        want = [(v["param"], v["code"], v["message"]) for v in case["violations"]]
        assert got == want, case["name"]
        return "invalid"
    assert case["valid"], f"{case['name']}: accepted {out}"
    assert out["model"] == spec["spec"]
    assert (out["width"], out["height"], out["n"]) == (case["output"]["width"], case["output"]["height"], case["output"]["n"])
    assert out["request"] == case["normalized"], case["name"]
    assert out["cost"] == case["cost"], case["name"]
    return "valid"


def test_every_case_of_the_suite(suite_dir):
    if not (suite_dir / "index.json").exists():
        pytest.fail(f"no conformance suite at {suite_dir}: write it with `capspec conformance --out {suite_dir}`")
    counts = {"valid": 0, "invalid": 0, "bytes": 0}
    for spec in load(suite_dir):
        for case in spec["cases"]:
            if "bytes" in case:
                counts["bytes"] += 1
                check(spec, case, case["bytes"].encode())
                continue
            verdict = check(spec, case, case["body"]) if isinstance(case["body"], dict) else None
            verdict = check(spec, case, json.dumps(case["body"]).encode())
            counts[verdict] += 1
    print(f"conformance through the module: {counts}")
    assert counts["valid"] > 1000 and counts["invalid"] > 1000 and counts["bytes"] > 10
