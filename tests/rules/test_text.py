"""The wording rules on the real corpus: each finding read by hand (all true: a doubled word, a
common mistake), so that a new one, true or false, fails until it is read and listed."""

from __future__ import annotations

import govdisclosure
from govdisclosure.engine import check
from govdisclosure.registry import default

from conftest import CORPUS

EXPECTED = sorted([
    ("2012_legacy_nanping_city_EXCERPT.txt", "GD602", "“做为”应为“作为”：“了积极作用。做为政府信息公开”"),
    ("2017_legacy_pingtan_zone.html", "GD602", "“截止目前”应为“截至目前”：“时进行公开，截止目前，共发布46”"),
    ("2017_legacy_pingtan_zone.txt", "GD602", "“截止目前”应为“截至目前”：“时进行公开，截止目前，共发布46”"),
    ("2021_f2021_pingtan_zone.html", "GD601", "“审核”连写了两次：“位。二是规范审核审核发布机制。落”"),
    ("2021_f2021_pingtan_zone.txt", "GD601", "“审核”连写了两次：“位。二是规范审核审核发布机制。落”"),
    ("2024_f2021_shanghai_kewei.txt", "GD601", "“资金”连写了两次：“海市科技计划资金资金分配结果信息”"),
])


def test_the_wording_rules_find_on_the_corpus_only_what_was_read_by_hand():
    registry = default()
    found = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".tsv":
            continue
        found += [(path.name, d.code, d.message) for d in check(govdisclosure.load(path), registry)
                  if d.code in ("GD601", "GD602")]
    assert sorted(found) == EXPECTED


def test_half_width_punctuation_on_the_corpus_one_finding_per_report_counting_each_mark_once():
    registry = default()
    shanghai = govdisclosure.load(CORPUS / "2019_f2019_shanghai_office.txt")
    (finding,) = [d for d in check(shanghai, registry) if d.code == "GD603"]
    # Read by hand: seven commas typed half width in the overview (line 10) and the improvements.
    assert finding.message == "中文里用了半角标点“,”（7 处），应为全角：“文件均开展了解读,通过“中国上海””"
    assert (finding.span.line, dict(finding.values)) == (10, {"count": "7"})
    # One comma in Pingtan 2023, in a paragraph its section's span also covers: counted once.
    pingtan = govdisclosure.load(CORPUS / "2023_f2021_pingtan_zone.txt")
    assert [dict(d.values) for d in check(pingtan, registry) if d.code == "GD603"] == [{"count": "1"}]
    # Pingtan 2022 types every mark full width; `1,234` and `电话:123` are not Chinese text.
    assert not [d for d in check(govdisclosure.load(CORPUS / "2022_f2021_pingtan_zone.txt"), registry)
                if d.code == "GD603"]


def _with_province_lexicon(tmp_path, entries: str):
    """The core's registry and a province plugin whose lexicon file holds `entries`."""
    from govdisclosure.hookspecs import hookimpl
    from govdisclosure.registry import make_plugin_manager, of_manager

    words = tmp_path / "words.toml"
    words.write_text(entries, encoding="utf-8")

    class Province:
        @hookimpl
        def govdisclosure_lexicon(self):
            return [words]

    manager, failures = make_plugin_manager(False, ())
    manager.register(Province(), name="province")
    return lambda: of_manager(manager, failures)


def test_a_plugin_adds_to_the_lexicon(tmp_path):
    registry = _with_province_lexicon(tmp_path, '[[entries]]\nwrong = "公开公示"\nright = "公开"\n')()
    assert ("公开公示", "公开", "province") in registry.lexicon and ("布署", "部署", "core") in registry.lexicon
    report = govdisclosure.parse("某局2023年政府信息公开工作年度报告\n一、总体情况\n全年公开公示信息，按照布署推进。\n")
    found = {(d.code, d.arguments["wrong"]) for d in check(report, registry) if d.code == "GD602"}
    assert found == {("GD602", "公开公示"), ("GD602", "布署")}


def test_a_broken_lexicon_is_the_plugin_s_failure_and_skips_it_whole(tmp_path):
    import pytest

    load = _with_province_lexicon(tmp_path, '[[entries]]\nwrong = "同样"\nright = "同样"\n')
    with pytest.warns(Warning, match="province"):
        registry = load()
    assert [f.name for f in registry.failures] == ["province"] and all(p != "province" for _, _, p in registry.lexicon)
