"""LiteLLM prices requests with capspec's exported price entries.

Usage: litellm_cost.py EXPORTED_JSON REQUESTS_JSON
- EXPORTED_JSON: `capspec export --format litellm`'s model_prices.json
- REQUESTS_JSON: [{"model", "provider", "quality" (or null), "size", "n"}, ...]

Prints, for each request, repr() of what LiteLLM's image cost calculator returns (the
`cost_per_image` LiteLLM applies to an image generation), one JSON list.
"""

import json
import os
import sys

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # the bundled map; no fetch from GitHub

import litellm  # noqa: E402
from litellm.cost_calculator import default_image_cost_calculator  # noqa: E402

litellm.suppress_debug_info = True  # no "Provider List" lines on stdout


def main() -> None:
    exported, requests = sys.argv[1:3]
    with open(exported) as f:
        entries = json.load(f)
    # Only capspec's entries: drop the bundled ones that share a key.
    for key in entries:
        litellm.model_cost.pop(key, None)
    litellm.register_model(entries)
    with open(requests) as f:
        requests = json.load(f)
    out = []
    for r in requests:
        cost = default_image_cost_calculator(
            model=r["model"],
            custom_llm_provider=r["provider"],
            quality=r["quality"],
            size=r["size"],
            n=r["n"],
        )
        out.append(repr(cost))
    print(json.dumps(out))  # the last line: what the test reads


if __name__ == "__main__":
    main()
