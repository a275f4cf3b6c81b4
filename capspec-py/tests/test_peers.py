"""The benchmark's hand-written pydantic models give capspec's verdict on every body of the
conformance suite of their spec (so the benchmark compares like with like)."""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "bench"))

from peers import PEERS, verdict  # noqa: E402


def test_pydantic_peers_agree_with_capspec_on_every_suite_body(suite_dir):
    checked = 0
    for spec_id, model in PEERS.items():
        suite = json.loads((suite_dir / (spec_id.replace("/", "__") + ".json")).read_text())
        disagree = []
        for case in suite["cases"]:
            raw = case["bytes"].encode() if "bytes" in case else json.dumps(case["body"]).encode()
            valid = verdict(model, raw)
            if valid != case["valid"]:
                disagree.append(f"{case['name']}: pydantic {valid}, capspec {case['valid']}")
            checked += 1
        assert not disagree, f"{spec_id}: {len(disagree)} disagreements:\n" + "\n".join(disagree[:20])
    assert checked > 1000
