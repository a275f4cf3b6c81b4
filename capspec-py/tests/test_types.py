"""The stubs (capspec/_capspec.pyi, py.typed shipped in the wheel) as mypy and pyright read
them: a typed use passes both, and each misuse in tests/typed_misuse.py is an error."""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).parent
BIN = pathlib.Path(sys.executable).parent


def run(*args):
    return subprocess.run([*args], capture_output=True, text=True, cwd=HERE)


def misuse_lines():
    return [i + 1 for i, line in enumerate((HERE / "typed_misuse.py").read_text().splitlines()) if "# error" in line]


def test_mypy_accepts_typed_use_and_flags_misuse():
    ok = run(str(BIN / "mypy"), "--strict", "--no-incremental", "typed_usage.py")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = run(str(BIN / "mypy"), "--no-incremental", "typed_misuse.py")
    flagged = {int(line.split(":")[1]) for line in bad.stdout.splitlines() if ": error:" in line}
    assert set(misuse_lines()) <= flagged, bad.stdout


def test_pyright_accepts_typed_use_and_flags_misuse():
    ok = run(str(BIN / "pyright"), "--pythonpath", sys.executable, "typed_usage.py")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = run(str(BIN / "pyright"), "--pythonpath", sys.executable, "typed_misuse.py")
    flagged = {int(line.split(":")[1]) for line in bad.stdout.splitlines() if " - error:" in line}
    assert set(misuse_lines()) <= flagged, bad.stdout
