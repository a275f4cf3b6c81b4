"""The official OpenAI Python SDK generating through `capspec serve`'s
`POST /v1/images/generations`: one canonical request, translated for the model the `model`
spec id names.

Usage: openai_translate.py BASE_URL SPEC_ID
Prints one JSON object with what the SDK returned, for the Rust test to check.
"""

import json
import sys

import openai


def main() -> None:
    base, spec_id = sys.argv[1:3]
    client = openai.OpenAI(base_url=f"{base}/v1", api_key="sk-upstream", max_retries=0)
    out = {}

    # Exact: a size the model cannot produce is refused before any upstream call.
    try:
        client.images.generate(model=spec_id, prompt="a fox", size="1024x1024")
        out["exact"] = None
    except openai.BadRequestError as e:
        out["exact"] = {"status": e.status_code, "param": e.param, "code": e.code}

    # Allowed: nearest size, five images in as many calls as it takes; the changes in a header.
    raw = client.images.with_raw_response.generate(
        model=spec_id,
        prompt="a fox",
        size="1024x1024",
        n=5,
        extra_headers={"capspec-allow": "nearest-size,split-n"},
        extra_body={"negative_prompt": "rain"},
    )
    image = raw.parse()
    out["urls"] = [d.url for d in image.data]
    out["changes"] = json.loads(raw.headers["capspec-changes"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
