"""Write the golden outputs: `check` and `extract` JSON over tests/corpus, the version normalised.

    python scripts/golden.py          # rewrite tests/data/golden/*.json
    python scripts/golden.py --diff   # say which outputs differ from the golden files

plugins/test_golden.py fails when the outputs differ from these files. A change that means to
change an output rewrites them in the same commit, so the commit's diff shows what changed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
COMMANDS = {"check.json": ["check", "--output-format", "json", "-q", "-j", "1"],
            "extract.json": ["extract", "--output-format", "json", "-q", "-j", "1"]}


def outputs() -> dict[str, str]:
    """Each golden file's name and the output it should hold (run from the repository root)."""
    sys.path.insert(0, str(ROOT / "src"))
    from govdisclosure import __version__
    from govdisclosure.cli import main

    found = {}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for name, arguments in COMMANDS.items():
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                main([*arguments, "tests/corpus"])
            found[name] = out.getvalue().replace(f'"{__version__}"', '"VERSION"')
    finally:
        os.chdir(cwd)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--diff", action="store_true")
    args = parser.parse_args()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, text in outputs().items():
        path = GOLDEN / name
        if args.diff:
            print(f"{name}: {'same' if path.exists() and path.read_text(encoding='utf-8') == text else 'differs'}")
        else:
            path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
