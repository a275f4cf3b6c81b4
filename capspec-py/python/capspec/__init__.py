"""capspec for Python: capability specs of image-generation APIs.

Validate a request body before paying for it, translate one OpenAI-shaped request into any
model's dialect, and price it, with the same specs and the same semantics as capspec's Rust
library and command-line tool (``capspec validate``, ``capspec translate``, ``capspec cost``).

>>> import capspec
>>> out = capspec.validate("gccai", b'{"model": "qwen-image-2.0", "prompt": "a fox", "size": "16:9"}')
>>> out["model"], out["width"], out["height"], out["n"]
('gccai/qwen-image-2.0', 1280, 720, 1)

Bodies are ``bytes`` (validated in place), ``str`` or ``dict``. Validation releases the GIL.
"""

from capspec._capspec import (
    VERSION,
    LoadError,
    Registry,
    ValidationError,
    cost,
    document,
    models,
    translate,
    validate,
    validate_spec,
)

__version__ = VERSION

__all__ = [
    "LoadError",
    "Registry",
    "ValidationError",
    "cost",
    "document",
    "models",
    "translate",
    "validate",
    "validate_spec",
]
