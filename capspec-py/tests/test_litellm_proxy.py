"""capspec's guard in a real LiteLLM proxy (the pinned `litellm[proxy]`), started on loopback
with a config that loads the guard and routes an image model to a recording upstream; the
OpenAI Python SDK as the client. A valid request is forwarded once; an invalid one is refused
with 400 and capspec's violations, and the upstream never hears of it."""

import json
import os
import secrets
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import openai
import pytest

import capspec

SPEC = "openai/gpt-image-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder(BaseHTTPRequestHandler):
    """An OpenAI-compatible image upstream that records every request."""

    seen: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        Recorder.seen.append({"path": self.path, "body": json.loads(body or b"null")})
        out = json.dumps({"created": 1, "data": [{"url": "https://images.example/1.png"}]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    upstream = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    work = tmp_path_factory.mktemp("litellm")
    (work / "capspec_guard.py").write_text(
        textwrap.dedent(
            """
            from capspec.litellm import CapspecGuard

            guard = CapspecGuard(models={"my-image-model": "%s"})
            translating = CapspecGuard(models={"canonical-image-model": "openai/dall-e-3"}, translate=True, allow="nearest-size")
            """
            % SPEC
        )
    )
    base = f"http://127.0.0.1:{upstream.server_port}/v1"
    (work / "config.yaml").write_text(
        textwrap.dedent(
            f"""
            model_list:
              - model_name: my-image-model
                litellm_params: {{model: openai/gpt-image-1, api_base: "{base}", api_key: sk-upstream}}
                model_info: {{mode: image_generation}}
              - model_name: canonical-image-model
                litellm_params: {{model: openai/dall-e-3, api_base: "{base}", api_key: sk-upstream}}
                model_info: {{mode: image_generation}}
              - model_name: unguarded-image-model
                litellm_params: {{model: openai/gpt-image-1, api_base: "{base}", api_key: sk-upstream}}
            litellm_settings:
              callbacks: ["capspec_guard.guard", "capspec_guard.translating"]
            """
        )
    )
    port = free_port()
    key = "sk-" + secrets.token_hex(16)
    env = dict(os.environ, LITELLM_MASTER_KEY=key, LITELLM_LOCAL_MODEL_COST_MAP="True", NO_PROXY="*")
    litellm = os.path.join(os.path.dirname(sys.executable), "litellm")
    log = open(work / "litellm.log", "w")
    process = subprocess.Popen(
        [litellm, "--config", "config.yaml", "--host", "127.0.0.1", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/health/liveliness", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the LiteLLM proxy did not start:\n" + (work / "litellm.log").read_text()[-4000:])
            time.sleep(0.5)
    client = openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0)
    yield client
    process.terminate()
    process.wait(timeout=20)
    upstream.shutdown()
    log.close()


def test_a_valid_request_is_forwarded_as_capspec_normalizes_it(proxy):
    Recorder.seen.clear()
    image = proxy.images.generate(model="my-image-model", prompt="a fox", quality="low", size="1024x1024", n=2)
    assert [d.url for d in image.data] == ["https://images.example/1.png"]
    assert len(Recorder.seen) == 1
    sent = Recorder.seen[0]
    assert sent["path"].endswith("/images/generations")
    expected = capspec.validate_spec(SPEC, {"model": "gpt-image-1", "prompt": "a fox", "quality": "low", "size": "1024x1024", "n": 2})
    # LiteLLM names the upstream model itself; every other member is capspec's normalized one.
    for key, value in expected["request"].items():
        if key != "model":
            assert sent["body"][key] == value, key


def test_an_invalid_request_is_refused_with_capspecs_violations_and_never_forwarded(proxy):
    Recorder.seen.clear()
    body = {"model": "gpt-image-1", "prompt": "a fox", "n": 11, "style": "vivid"}
    with pytest.raises(capspec.ValidationError) as expected:
        capspec.validate_spec(SPEC, body)
    with pytest.raises(openai.BadRequestError) as refused:
        proxy.images.generate(model="my-image-model", prompt="a fox", n=11, extra_body={"style": "vivid"})
    error = refused.value
    assert error.status_code == 400
    assert error.param == expected.value.errors[0]["param"]
    assert json.loads(error.body["message"]) == expected.value.body
    assert {(v["param"], v["code"]) for v in expected.value.errors} == {("n", "out_of_range"), ("style", "unknown_parameter")}
    assert Recorder.seen == [], "the upstream never heard of it"


def test_a_canonical_request_is_translated_and_other_models_pass(proxy):
    Recorder.seen.clear()
    proxy.images.generate(model="canonical-image-model", prompt="a fox", size="1024x1000")
    translated = capspec.translate("openai/dall-e-3", {"prompt": "a fox", "size": "1024x1000"}, allow="nearest-size")
    assert translated["changes"][0]["code"] == "size_changed"
    assert Recorder.seen[-1]["body"]["size"] == translated["calls"][0]["size"]
    with pytest.raises(openai.BadRequestError) as refused:
        proxy.images.generate(model="canonical-image-model", prompt="a fox", n=2)
    assert json.loads(refused.value.body["message"])["error"]["code"] == "not_translatable"
    # A model the guard does not map is not its business.
    proxy.images.generate(model="unguarded-image-model", prompt="a fox", extra_body={"anything": 1})
    assert Recorder.seen[-1]["body"]["anything"] == 1
