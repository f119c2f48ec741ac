"""The test suite mirrors the package: `tests/<dir>/test_<name>.py` tests `govdisclosure/<dir>/<name>`
(a module, or a sub-package when <name> is the directory itself); what crosses the whole library
(the corpus, the docs, the installed package) lives in `tests/end_to_end/`."""
from pathlib import Path

import govdisclosure
from conftest import ROOT

PACKAGE = Path(govdisclosure.__file__).parent
TESTS = ROOT / "tests"
CROSS_CUTTING = "end_to_end"


def _tested_module(test: Path) -> Path:
    relative = test.relative_to(TESTS)
    name = relative.stem.removeprefix("test_")
    folder = PACKAGE.joinpath(*relative.parts[:-1])
    if relative.parts[:-1] and name == relative.parts[-2]:
        return folder / "__init__.py"
    return folder / f"{name}.py" if (folder / f"{name}.py").exists() else folder / name


def test_every_test_module_names_the_module_it_tests():
    tests = [p for p in TESTS.rglob("test_*.py") if CROSS_CUTTING not in p.relative_to(TESTS).parts]
    assert len(tests) > 20
    strays = [str(p.relative_to(TESTS)) for p in tests if not _tested_module(p).exists()]
    assert strays == []


def test_test_module_names_are_unique_across_the_suite():
    # pytest imports test modules by their base names (no __init__.py in tests/).
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")] + [p.name for p in (ROOT / "plugins").rglob("test_*.py")]
    assert sorted(names) == sorted(set(names))
