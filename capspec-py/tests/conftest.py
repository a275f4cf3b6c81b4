"""Shared paths for the tests of the Python package."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def suite_dir() -> pathlib.Path:
    """The conformance suite `capspec conformance --out target/conformance` writes (CI writes it
    before these tests); CAPSPEC_SUITE overrides."""
    return pathlib.Path(os.environ.get("CAPSPEC_SUITE", ROOT / "target" / "conformance"))
