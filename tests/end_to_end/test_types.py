"""`mypy` over the package is clean, with the model modules (facts, ast, rules.model, registry,
vocabulary) under --strict's flags (pyproject.toml's [tool.mypy])."""
import os
import subprocess
import sys

from conftest import ROOT


def test_mypy_is_clean():
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull, "--config-file",
                             str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Success: no issues found" in result.stdout
