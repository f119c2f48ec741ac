"""What a run keeps between runs (`govdisclosure.cache`): kept once, read back the same, never
stale, and a broken or missing cache only costs time."""

import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE


@pytest.fixture
def cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_an_entry_is_built_once_and_read_back(cache_dir):
    from govdisclosure.cache import kept

    calls = []

    def build():
        calls.append(1)
        return {"a": [1, 2.5, "三"], "b": None}

    assert kept("demo", "inputs", build) == {"a": [1, 2.5, "三"], "b": None}
    assert kept("demo", "inputs", build) == {"a": [1, 2.5, "三"], "b": None}
    assert len(calls) == 1
    assert len(list(cache_dir.glob("demo-*.pickle"))) == 1
    # other inputs are another entry, built anew: a changed data file is never read stale
    assert kept("demo", "other inputs", lambda: "other") == "other"
    assert len(list(cache_dir.glob("demo-*.pickle"))) == 2


def test_a_damaged_entry_is_built_again(cache_dir):
    from govdisclosure.cache import kept

    kept("demo", "inputs", lambda: "first")
    [entry] = cache_dir.glob("demo-*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    assert kept("demo", "inputs", lambda: "again") == "again"
    assert kept("demo", "inputs", lambda: "third") == "again"  # (and the repaired entry is kept)


def test_no_cache_when_it_is_off_or_cannot_be_made(monkeypatch, tmp_path):
    from govdisclosure.cache import folder, kept

    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", "")
    assert folder() is None
    calls = []
    kept("demo", "inputs", lambda: calls.append(1))
    kept("demo", "inputs", lambda: calls.append(1))
    assert len(calls) == 2
    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", str(SAMPLE / "inside-a-file"))
    assert folder() is None
    assert kept("demo", "inputs", lambda: 7) == 7


def test_an_error_of_the_build_is_not_kept(cache_dir):
    from govdisclosure.cache import toml
    from govdisclosure.catalog.model import tomllib

    with pytest.raises(tomllib.TOMLDecodeError):
        toml("key = ")
    assert not list(cache_dir.glob("toml-*.pickle"))
    assert toml('a = "b"\n[t]\nn = 1\n') == {"a": "b", "t": {"n": 1}}
    assert toml('a = "b"\n[t]\nn = 1\n') == {"a": "b", "t": {"n": 1}}


def test_the_kept_gazetteer_and_catalogues_equal_freshly_built_ones(cache_dir):
    from govdisclosure import jurisdiction, registry

    jurisdiction._gazetteer.cache_clear()
    registry.clear_default()
    try:
        first = jurisdiction._gazetteer()
        catalogs = registry.load(autoload=False).catalogs
        assert list(cache_dir.glob("gazetteer-*.pickle")) and list(cache_dir.glob("toml-*.pickle"))
        jurisdiction._gazetteer.cache_clear()
        registry.clear_default()
        assert jurisdiction._gazetteer() == first  # read back from the cache
        assert registry.load(autoload=False).catalogs == catalogs
        jurisdiction._resolve_name.cache_clear()
        assert jurisdiction.resolve_name("马鞍山市和县").code == "340523"  # (a short name: the index of stems)
    finally:
        jurisdiction._gazetteer.cache_clear()
        registry.clear_default()


def test_a_check_imports_no_cattrs(tmp_path):
    # cattrs structures configuration files and facts; a check without either never loads it
    # (its import was a tenth of a one-report run).
    script = ("import sys\nfrom govdisclosure.cli import main\n"
              f"status = main(['check', '--output-format', 'json', {str(SAMPLE)!r}])\n"
              "assert 'cattrs' not in sys.modules, 'cattrs imported'\nsys.exit(0 if status in (0, 1) else status)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "GOVDISCLOSURE_CACHE_DIR": str(tmp_path),
                               "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr
    assert '"code"' in done.stdout


def test_an_entry_built_by_other_code_is_built_again(cache_dir, tmp_path):
    from govdisclosure.cache import kept

    builder = tmp_path / "builder.py"
    builder.write_text("VERSION = 1\n", encoding="utf-8")
    assert kept("demo", "inputs", lambda: "one", built_by=str(builder)) == "one"
    assert kept("demo", "inputs", lambda: "again", built_by=str(builder)) == "one"
    builder.write_text("VERSION = 2\n", encoding="utf-8")  # (the version of the package unchanged)
    assert kept("demo", "inputs", lambda: "two", built_by=str(builder)) == "two"
