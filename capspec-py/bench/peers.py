"""What a Python user writes instead of capspec: pydantic v2 models of two specs' rules, by
hand (gccai/qwen-image-2.0 and bailian/wan2.6-t2i, from their docs as the specs state them).
tests/test_peers.py checks that they give capspec's verdict on every body of the conformance
suite; bench/bench.py times them against capspec."""

from __future__ import annotations

import ipaddress
import json
import urllib.parse
from typing import Annotated, Any, List, Literal, Optional

import pydantic
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

SAFE = 2**53 - 1  # JSON's exact integers


def _integer(v: Any) -> int:
    """JSON Schema's integers: 2 and 2.0, not 2.5, true or "2"; within ±(2^53 − 1)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("not an integer")
    if isinstance(v, float) and not v.is_integer():
        raise ValueError("not an integer")
    if abs(v) > SAFE:
        raise ValueError("beyond the integers JSON carries exactly")
    return int(v)


def _text(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError("not a string")
    if "\x00" in v:
        raise ValueError("NUL in a string")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("a lone surrogate, which is no text") from None
    return v


def _boolean(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("not a boolean")
    return v


LOCAL = (".localhost", ".local", ".internal", ".home.arpa")


def _public_url(v: Any) -> str:
    """An http(s) URL a provider may fetch: written as browsers write it back, on a public host."""
    v = _text(v)
    if "\\" in v or any(c.isspace() or ord(c) < 0x20 for c in v):
        raise ValueError("not a URL")
    p = urllib.parse.urlsplit(v)
    if p.scheme not in ("http", "https"):
        raise ValueError("not http or https")
    if not p.netloc or not p.path or p.geturl() != v or p.username or p.password:
        raise ValueError("not a URL in its written-back form")
    host = p.hostname or ""
    if host != host.lower() or host == "localhost" or host.endswith(LOCAL):
        raise ValueError("not a public host")
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return v
    if not ip.is_global:
        raise ValueError("not a public address")
    return v


Integer = Annotated[int, BeforeValidator(_integer)]
Text = Annotated[str, BeforeValidator(_text)]
Boolean = Annotated[bool, BeforeValidator(_boolean)]
PublicUrl = Annotated[str, BeforeValidator(_public_url)]
Strict = ConfigDict(extra="forbid")


def _between(lo: int, hi: int):
    def check(v: int) -> int:
        if not lo <= v <= hi:
            raise ValueError(f"not within {lo}..{hi}")
        return v

    return AfterValidator(check)


def _chars(lo: int, hi: Optional[int] = None):
    def check(v: str) -> str:
        if len(v) < lo or (hi is not None and len(v) > hi):
            raise ValueError("length out of range")
        return v

    return AfterValidator(check)


class GccaiQwenImage20(BaseModel):
    """gccai/qwen-image-2.0: aspect ratio × resolution tier, 1–6 images."""

    model_config = Strict
    model: Literal["qwen-image-2.0"]
    prompt: Annotated[Text, _chars(1, 800)]
    size: Literal["1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3"] = "1:1"
    resolution: Literal["1K", "2K"] = "1K"
    # Absent is allowed, `null` is not: the defaults are not validated, a given null is.
    n: Annotated[Integer, _between(1, 6)] = None  # type: ignore[assignment]
    negative_prompt: Annotated[Text, _chars(0, 500)] = None  # type: ignore[assignment]
    image: Annotated[List[PublicUrl], Field(min_length=1)] = None  # type: ignore[assignment]


def _wan_size(v: Any) -> str:
    """`W*H` with 1280×1280 to 1440×1440 pixels and an aspect ratio from 1:4 to 4:1."""
    v = _text(v)
    w, sep, h = v.partition("*")
    if not sep or not w.isdigit() or not h.isdigit() or w.startswith("0") or h.startswith("0") or not w.isascii() or not h.isascii():
        raise ValueError("not W*H")
    width, height = int(w), int(h)
    if not 1280 * 1280 <= width * height <= 1440 * 1440:
        raise ValueError("pixels out of range")
    if not (width <= 4 * height and height <= 4 * width):
        raise ValueError("aspect ratio out of range")
    return v


class WanParameters(BaseModel):
    model_config = Strict
    negative_prompt: Text = None  # type: ignore[assignment]
    prompt_extend: Boolean = True
    watermark: Boolean = None  # type: ignore[assignment]
    size: Annotated[str, BeforeValidator(_wan_size)] = None  # type: ignore[assignment]
    n: Annotated[Integer, _between(1, 4)] = 4
    seed: Annotated[Integer, _between(0, 2147483647)] = None  # type: ignore[assignment]


class BailianWan26(BaseModel):
    """bailian/wan2.6-t2i: `content` and a `parameters` object, free `W*H` sizes."""

    model_config = Strict
    model: Literal["wan2.6-t2i"]
    content: Annotated[Text, _chars(1)]
    parameters: WanParameters = None  # type: ignore[assignment]


def _unique(pairs: List[Any]) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("a repeated key")
    return dict(pairs)


def parse(raw: bytes) -> Any:
    """The body as a careful user reads it: JSON without repeated keys (the last copy would
    win silently otherwise)."""
    return json.loads(raw, object_pairs_hook=_unique)


def verdict(model: type, raw: bytes) -> bool:
    """Whether the peer accepts a body."""
    try:
        model.model_validate(parse(raw))
        return True
    except (ValueError, pydantic.ValidationError):
        return False


PEERS = {
    "gccai/qwen-image-2.0": GccaiQwenImage20,
    "bailian/wan2.6-t2i": BailianWan26,
}
