"""The module's contract: shapes, errors, inputs, the registry, against the CLI's answers."""

import json
import subprocess
import threading

import pytest

import capspec

GCCAI = {"model": "qwen-image-2.0", "prompt": "a fox", "size": "16:9", "resolution": "2K", "n": 2}


def cli(root, *args, body=None):
    """What the `capspec` binary prints (target/debug/capspec, built by cargo before these tests)."""
    out = subprocess.run(
        [str(root / "target" / "debug" / "capspec"), *args],
        input=json.dumps(body).encode() if body is not None else None,
        capture_output=True,
    )
    return out.returncode, json.loads(out.stdout) if out.stdout.strip() else None


def test_validate_returns_what_the_cli_prints_for_every_input_type(root):
    code, expected = cli(root, "validate", "gccai", body=GCCAI)
    assert code == 0
    for body in (json.dumps(GCCAI).encode(), json.dumps(GCCAI), dict(GCCAI)):
        out = capspec.validate("gccai", body)
        assert out == expected
        assert list(out) == ["model", "width", "height", "n", "request", "cost"]
        assert isinstance(out["width"], int) and out["n"] == 2


def test_an_invalid_body_raises_validation_error_with_every_violation(root):
    body = dict(GCCAI, n=9, colour="red")
    code, expected = cli(root, "validate", "gccai", body=body)
    assert code == 1
    with pytest.raises(capspec.ValidationError) as raised:
        capspec.validate("gccai", body)
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.body == expected
    assert error.errors == expected["errors"]
    assert {(v["param"], v["code"]) for v in error.errors} == {("n", "out_of_range"), ("colour", "unknown_parameter")}
    assert all(set(v) == {"message", "type", "param", "code"} for v in error.errors)


def test_bad_json_and_bad_input_types():
    with pytest.raises(capspec.ValidationError) as raised:
        capspec.validate("gccai", b"{")
    assert raised.value.errors[0]["code"] == "invalid_json"
    with pytest.raises(TypeError):
        capspec.validate("gccai", 42)
    with pytest.raises(ValueError, match="unknown provider"):
        capspec.validate("nobody", b"{}")
    with pytest.raises(KeyError):
        capspec.document("gccai/nope")


def test_catalog_documents_translation_and_cost(root):
    code, listed = subprocess.run([str(root / "target/debug/capspec"), "models"], capture_output=True, text=True).returncode, None
    ids = subprocess.run([str(root / "target/debug/capspec"), "models"], capture_output=True, text=True).stdout.split()
    assert capspec.models() == ids
    code, doc = cli(root, "schema", "openai/gpt-image-1")
    assert capspec.document("openai/gpt-image-1") == doc
    canonical = {"prompt": "a fox", "size": "1024x1024", "n": 5}
    code, translated = cli(root, "translate", "--to", "bailian/wan2.6-t2i", "--allow", "nearest-size,split-n", body=canonical)
    assert capspec.translate("bailian/wan2.6-t2i", canonical, allow="nearest-size,split-n") == translated
    with pytest.raises(capspec.ValidationError) as raised:
        capspec.translate("bailian/wan2.6-t2i", canonical)
    assert {v["code"] for v in raised.value.errors} == {"not_translatable"}
    priced = {"model": "gpt-image-1", "prompt": "a fox", "quality": "low", "size": "1024x1024", "n": 2}
    code, cost = cli(root, "cost", "openai", body=priced)
    assert capspec.cost("openai", priced) == cost
    assert cost["amount"] == "0.022" and isinstance(cost["amount"], str)


def test_a_registry_from_a_directory_answers_as_the_catalog(root):
    registry = capspec.Registry.from_dir(root / "specs")
    assert registry.models() == capspec.models()
    assert registry.validate("gccai", GCCAI) == capspec.validate("gccai", GCCAI)
    assert registry.validate_spec("gccai/qwen-image-2.0", GCCAI) == capspec.validate_spec("gccai/qwen-image-2.0", GCCAI)
    loaded, compiled = registry.document("gccai/qwen-image-2.0"), capspec.document("gccai/qwen-image-2.0")
    assert loaded.pop("source")["spec"].endswith(compiled.pop("source")["spec"])
    assert loaded == compiled
    assert registry.cost("gccai", GCCAI) == capspec.cost("gccai", GCCAI)
    canonical = {"prompt": "a fox", "size": "2048x1152"}
    assert registry.translate("gccai/qwen-image-2.0", canonical) == capspec.translate("gccai/qwen-image-2.0", canonical)
    with pytest.raises(ValueError):
        registry.validate_spec("gccai/nope", GCCAI)


def test_specs_that_do_not_load_raise_load_error_with_every_diagnostic(tmp_path):
    provider = tmp_path / "acme"
    provider.mkdir()
    (provider / "a.toml").write_text('source = "x"\n[model]\nid = "a"\n')
    (provider / "b.toml").write_text("[[[ not toml\n")
    with pytest.raises(capspec.LoadError) as raised:
        capspec.Registry.from_dir(tmp_path)
    diagnostics = raised.value.diagnostics
    assert len(diagnostics) >= 2
    assert any("a.toml" in d for d in diagnostics) and any("b.toml" in d for d in diagnostics)
    assert all(d.count(":") >= 3 for d in diagnostics), "file:line:col: message"


def test_threads_validate_at_once_and_each_gets_its_answer():
    bodies = [dict(GCCAI, n=n) for n in range(1, 7)] + [dict(GCCAI, n=n) for n in (0, 7, 100)]
    results = {}

    def run(i, body):
        try:
            results[i] = capspec.validate("gccai", json.dumps(body).encode())["n"]
        except capspec.ValidationError as e:
            results[i] = e.errors[0]["code"]

    threads = [threading.Thread(target=run, args=(i, b)) for _ in range(4) for i, b in enumerate(bodies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(bodies))] == [1, 2, 3, 4, 5, 6, "out_of_range", "out_of_range", "out_of_range"]
