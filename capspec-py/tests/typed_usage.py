"""Typed use of the module: mypy and pyright must accept this file (tests/test_types.py)."""

from typing import Any, Dict, List, Optional

import capspec


def size_of(provider: str, body: bytes) -> Optional[int]:
    out = capspec.validate(provider, body)
    width: Optional[int] = out["width"]
    images: int = out["n"]
    return width if images > 0 else None


def refusals(body: Dict[str, Any]) -> List[str]:
    try:
        capspec.validate("gccai", body)
    except capspec.ValidationError as e:
        return [v["code"] for v in e.errors]
    return []


def translated(canonical: str) -> int:
    t = capspec.translate("gccai/qwen-image-2.0", canonical, allow="nearest-size")
    return len(t["calls"])


def loaded(path: str) -> List[str]:
    try:
        registry = capspec.Registry.from_dir(path)
    except capspec.LoadError as e:
        return e.diagnostics
    cost = registry.cost("openai", b"{}")
    return [cost.get("amount") or cost.get("unknown") or ""] + registry.models()
