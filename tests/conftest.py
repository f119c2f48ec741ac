import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: `dev` for quick local runs, `ci` (chosen when CI is set) for the CI budget,
# `soak` for long runs by hand: GOVDISCLOSURE_HYPOTHESIS_PROFILE=soak pytest tests/test_grammar.py
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("soak", max_examples=50_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("GOVDISCLOSURE_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLE = ROOT / "samples" / "2018_legacy_tianyuan_district.txt"
CORPUS_TEXTS = sorted(CORPUS.glob("*.txt"))
# The originals beside them: HTML pages, PDFs, and the blank 2021 template as DOCX.
CORPUS_ORIGINALS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".html", ".pdf", ".docx"))


@pytest.fixture(scope="session")
def seed():
    import govdisclosure

    return govdisclosure.load(SAMPLE)


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    assert path.exists(), f"missing corpus file {name}"
    return path


@pytest.fixture(autouse=True, scope="module")
def core_only():
    """The core's own tests run on the core alone, whatever plugins the environment has (the
    regional plugins' tests, in plugins/*/tests, run with theirs). Tests of plugin loading set
    their own entry points."""
    from govdisclosure.registry import clear_default as _clear_registries
    from govdisclosure.plugins import DISABLE_AUTOLOAD

    before = os.environ.get(DISABLE_AUTOLOAD)
    os.environ[DISABLE_AUTOLOAD] = "1"
    _clear_registries()
    yield
    if before is None:
        os.environ.pop(DISABLE_AUTOLOAD, None)
    else:
        os.environ[DISABLE_AUTOLOAD] = before
    _clear_registries()


# The long suite: tests marked `slow` (growth from 10 KB to 1 MB, tests/end_to_end/test_growth.py)
# run only with GOVDISCLOSURE_LONG=1 (docs/testing.md).
def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long test, run only with GOVDISCLOSURE_LONG=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("GOVDISCLOSURE_LONG") == "1":
        return
    skip = pytest.mark.skip(reason="long suite only: set GOVDISCLOSURE_LONG=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
