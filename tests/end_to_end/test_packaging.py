"""The package as users install it: a wheel carries the grammar, an editable install reads it from
the source tree, and both parse the seed report."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE as SEED

# Run in a fresh interpreter: import govdisclosure from where PYTHONPATH says, parse the seed, and
# print where the package came from and what the seed gave.
PARSE_SEED = """
import sys, govdisclosure
report = govdisclosure.load(sys.argv[1])
facts = govdisclosure.extract(report)
print(govdisclosure.__file__)
print(len(report.sections), facts.template, len(facts.facts))
"""


def _parse_seed_with(pythonpath: Path) -> tuple[Path, str]:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    result = subprocess.run(
        [sys.executable, "-c", PARSE_SEED, str(SEED)],
        capture_output=True, text=True, env=env, cwd=pythonpath, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    where, counts = result.stdout.splitlines()
    return Path(where).resolve(), counts


def _in_process_counts() -> str:
    import govdisclosure

    report = govdisclosure.load(SEED)
    facts = govdisclosure.extract(report)
    return f"{len(report.sections)} {facts.template} {len(facts.facts)}"


def test_the_grammar_has_one_home_at_the_top_level():
    assert (ROOT / "grammars" / "report.lark").is_file()
    assert not (ROOT / "src" / "govdisclosure" / "grammars").exists()


def test_an_editable_install_parses_the_seed_from_the_source_tree(tmp_path):
    # A fresh environment with `pip install -e .`: the package is imported from src/, and the
    # grammar read from the top-level grammars/ (nothing is copied).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "-e", str(ROOT)],
                             capture_output=True, text=True, timeout=600)
    if install.returncode != 0 and "No matching distribution" in install.stderr:
        pytest.skip("the dependencies cannot be fetched here")
    assert install.returncode == 0, install.stderr
    result = subprocess.run([str(python), "-c", PARSE_SEED, str(SEED)], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    where, counts = result.stdout.splitlines()
    assert Path(where).resolve() == ROOT / "src" / "govdisclosure" / "__init__.py"
    assert counts == _in_process_counts()
    assert counts.split()[1] == "legacy" and int(counts.split()[2]) > 50


def test_a_built_wheel_carries_the_grammar_and_parses_the_seed(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    if build.returncode != 0 and "hatchling" in build.stderr and "No matching distribution" in build.stderr:
        pytest.skip("hatchling cannot be fetched to build the wheel here")
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("govdisclosure-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "govdisclosure/grammars/report.lark" in archive.namelist()
    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stderr
    # PYTHONPATH comes before the editable install's path, so the wheel's copy is the one imported.
    where, counts = _parse_seed_with(site)
    assert where == (site / "govdisclosure" / "__init__.py").resolve()
    assert counts == _in_process_counts()


# --- what `import govdisclosure` costs (issue 18) ---------------------------------------------------

LIGHT_IMPORT = """
import sys, govdisclosure
heavy = sorted(name for name in ("lark", "lxml", "cattrs", "govdisclosure.grammar", "govdisclosure.rules", "typing")
               if name in sys.modules)
print(" ".join(heavy) or "none")
import govdisclosure.extract, govdisclosure.render
from govdisclosure import extract, render
print(callable(govdisclosure.extract), govdisclosure.extract is extract, callable(govdisclosure.render), render.__module__)
"""


def test_the_package_imports_its_parts_on_first_use():
    # `import govdisclosure` (and so `--version`) loads neither lark, lxml nor the rules; a public
    # name imports its module when first used. `extract` and `render` stay the functions although
    # they name their modules too (importing the module does not replace the function).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", LIGHT_IMPORT], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["none", "True True True govdisclosure.render"]


def test_every_public_name_resolves():
    import govdisclosure

    for name in govdisclosure.__all__:
        assert getattr(govdisclosure, name) is not None, name
    assert set(govdisclosure.__all__) <= set(dir(govdisclosure))
    with pytest.raises(AttributeError, match="no_such_name"):
        govdisclosure.no_such_name
