"""Installing or removing the regional plugins changes results only inside their regions.

Runs with the plugins installed (`pip install ./plugins/fujian ./plugins/hubei`): the whole
corpus is checked with them and without them (`-p no:NAME`), report by report.
"""

import json
from pathlib import Path

from govdisclosure.cli import main
from govdisclosure.registry import clear_default as _clear_registries
from govdisclosure.extract import report_region

import govdisclosure

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
REGIONS = {"fujian": "35", "hubei": "42"}


def findings(capsys, *options) -> dict[str, set]:
    _clear_registries()
    main([*options, "check", "--output-format", "json", "--no-cross-year", str(CORPUS)])
    document = json.loads(capsys.readouterr().out)
    _clear_registries()
    out: dict[str, set] = {f["source"]: set() for f in document["files"]}
    for d in document["diagnostics"]:
        out[d["source"]].add((d["code"], d["fingerprint"]))
    return out


def test_plugins_are_installed_and_loaded(capsys):
    _clear_registries()
    main(["plugins"])
    listed = capsys.readouterr().out
    assert "fujian" in listed and "hubei" in listed and "FJ101" in listed and "fj-legacy" in listed


def test_removing_the_plugins_changes_results_only_in_their_regions(capsys):
    with_plugins = findings(capsys)
    without = findings(capsys, "-p", "no:fujian", "-p", "no:hubei")
    assert set(with_plugins) == set(without)
    changed = sorted(source for source in with_plugins if with_plugins[source] != without[source])
    assert changed, "the Fujian plugin must change the Pingtan legacy reports"
    for source in changed:
        region = report_region(govdisclosure.load(source)) or ""
        assert region.startswith(tuple(REGIONS.values())), (source, region)
    assert any("2016_legacy_pingtan_zone" in source for source in changed)
