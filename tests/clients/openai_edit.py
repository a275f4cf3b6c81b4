"""The official OpenAI Python SDK's `images.edit` as a client of `capspec serve`'s proxy.

Usage: openai_edit.py BASE_URL DIR
- BASE_URL: the server, e.g. http://127.0.0.1:PORT (the proxy's OpenAI path is /openai/v1)
- DIR: a directory holding image.png, mask.png (both 256x256), oblong.png (256x128) and
  photo.jpg, made by the Rust test

Prints one JSON object with what the SDK returned, for the Rust test to check.
"""

import json
import pathlib
import sys

import openai


def main() -> None:
    base, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    client = openai.OpenAI(base_url=f"{base}/openai/v1", api_key="sk-upstream", max_retries=0)
    out = {}

    # dall-e-2: one square PNG and a mask of its size.
    with open(folder / "image.png", "rb") as image, open(folder / "mask.png", "rb") as mask:
        edited = client.images.edit(
            model="dall-e-2", image=image, mask=mask, prompt="a fox in the snow", n=2, size="256x256"
        )
    out["dall-e-2"] = [d.url for d in edited.data]

    # gpt-image-1: a list of images (sent as `image[]` parts), a PNG and a JPEG.
    with open(folder / "image.png", "rb") as png, open(folder / "photo.jpg", "rb") as jpg:
        edited = client.images.edit(
            model="gpt-image-1", image=[png, jpg], prompt="the same fox, at night", quality="low"
        )
    out["gpt-image-1"] = [d.url for d in edited.data]

    # dall-e-2 with an oblong image: refused by capspec, never forwarded.
    try:
        with open(folder / "oblong.png", "rb") as image:
            client.images.edit(model="dall-e-2", image=image, prompt="a fox")
        out["oblong"] = None
    except openai.BadRequestError as e:
        out["oblong"] = {"status": e.status_code, "code": e.code, "param": e.param, "message": e.message}

    print(json.dumps(out))


if __name__ == "__main__":
    main()
