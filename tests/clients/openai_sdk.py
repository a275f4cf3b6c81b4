"""The official OpenAI Python SDK as a client of `capspec serve`.

Usage: openai_sdk.py BASE_URL PROVIDER MODEL_ID VALID_BODY INVALID_BODY
- BASE_URL: the server, e.g. http://127.0.0.1:PORT
- MODEL_ID: a spec id to retrieve, e.g. gccai/qwen-image-2.0
- VALID_BODY / INVALID_BODY: JSON request bodies for PROVIDER's images endpoint

Prints one JSON object with what the SDK returned, for the Rust test to check.
"""

import json
import sys

import openai


def main() -> None:
    base, provider, model_id, valid, invalid = sys.argv[1:6]
    valid, invalid = json.loads(valid), json.loads(invalid)
    out = {}

    catalog = openai.OpenAI(base_url=f"{base}/v1", api_key="sk-catalog", max_retries=0)
    models = catalog.models.list()
    out["listed"] = [m.id for m in models.data]
    out["listed_types"] = sorted({type(m).__name__ for m in models.data})
    model = catalog.models.retrieve(model_id)
    out["retrieved"] = {"id": model.id, "object": model.object, "created": model.created, "owned_by": model.owned_by}
    try:
        catalog.models.retrieve(model_id + "-nope")
        out["missing"] = None
    except openai.NotFoundError as e:
        out["missing"] = {"status": e.status_code, "code": e.code, "param": e.param}

    # Through the proxy: the provider's path prefix is the SDK's base URL.
    proxy = openai.OpenAI(base_url=f"{base}/{provider}/v1", api_key="sk-upstream", max_retries=0)
    extra = {k: v for k, v in valid.items() if k not in ("model", "prompt", "n", "size")}
    image = proxy.images.generate(
        model=valid["model"],
        prompt=valid["prompt"],
        **({"n": valid["n"]} if "n" in valid else {}),
        **({"size": valid["size"]} if "size" in valid else {}),
        extra_body=extra or None,
    )
    out["generated"] = [d.url for d in image.data]

    extra = {k: v for k, v in invalid.items() if k not in ("model", "prompt")}
    try:
        proxy.images.generate(model=invalid["model"], prompt=invalid["prompt"], extra_body=extra)
        out["invalid"] = None
    except openai.BadRequestError as e:
        out["invalid"] = {
            "status": e.status_code,
            "param": e.param,
            "code": e.code,
            "message": e.body.get("message") if isinstance(e.body, dict) else None,
            "type": e.type,
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
