"""Misuse the stubs must flag (tests/test_types.py expects an error on every marked line)."""

import capspec

capspec.validate("gccai", 42)  # error: not bytes, str or dict
width: str = capspec.validate("gccai", b"{}")["width"]  # error: Optional[int], not str
capspec.translate("gccai/qwen-image-2.0", b"{}", allow=True)  # error: allow is a str
