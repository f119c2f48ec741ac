"""GD403 (published-late): deadlines as data, chosen by year, kind of body, level, summary and
region; a plugin's stricter local deadline; the corpus pages that carry a publication date."""

import datetime

import pytest

import govdisclosure
from govdisclosure.deadlines import Deadline, deadline_for, parse_deadlines, published_date
from govdisclosure.engine import check_report
from govdisclosure.issuer_type import IssuerType
from govdisclosure.registry import load as load_registry

from conftest import CORPUS


def _late(path, registry=None):
    report = govdisclosure.load(path)
    return [(d.arguments["kind"], d.arguments.get("days"), d.severity)
            for d in check_report(report, registry)[1] if d.code == "GD403"]


# Every corpus page with a publication date, and what GD403 makes of it, worked out by hand from
# the date on the page, the report year and the issuer (data/deadlines.toml's sources).
CORPUS_PAGES = {
    # before 2019: every body by 3月31日 of the next year
    "2011_legacy_pingtan_county.html": [("late", 18, "warning")],   # 2012-04-18
    "2011_legacy_pingtan_zone.html": [("late", 11, "warning")],     # 2012-04-11
    "2012_legacy_pingtan_zone.html": [],                            # 2013-02-25
    "2013_legacy_pingtan_dishui.html": [],                          # 2014-02-25 (a tax office: before 2019 all alike)
    "2018_legacy_pingtan_zone.html": [],                            # 2019-01-10
    # from 2019: departments by 1月31日
    "2019_f2019_shanghai_office.html": [],                          # 2020-01-31, the last day
    "2023_f2021_shuyang_fgw.html": [],                              # 公开日期 2024-01-17
    # 平潭综合实验区 (no 管委会 in its name) is a body of unknown kind: not judged, and said so
    "2021_f2021_pingtan_zone.html": [("unknown-issuer", None, "info")],
    # a PDF has no page metadata: not assessable
    "2024_f2021_huaian_city.pdf": [("no-date", None, "info")],
}


@pytest.mark.parametrize("name", sorted(CORPUS_PAGES))
def test_corpus_pages_are_judged_by_their_publication_date(name):
    assert _late(CORPUS / name) == CORPUS_PAGES[name]


def test_the_text_export_of_a_page_is_judged_alike():
    # (the crawl keeps the page's 发布时间 in its header)
    assert _late(CORPUS / "2011_legacy_pingtan_county.txt") == [("late", 18, "warning")]


GOVERNMENT = IssuerType("government", "county")
DEPARTMENT = IssuerType("department", "county")


def test_the_deadline_follows_year_kind_level_and_summary():
    core = load_registry(autoload=False).deadlines
    due = lambda year, issuer, summary=False: deadline_for(core, year, issuer, "320813", summary).date(year)  # noqa: E731
    assert due(2018, DEPARTMENT) == datetime.date(2019, 3, 31)
    assert due(2019, DEPARTMENT) == datetime.date(2020, 1, 31)
    assert due(2023, IssuerType("township", "township")) == datetime.date(2024, 1, 31)
    assert due(2023, GOVERNMENT) == datetime.date(2024, 3, 31)
    assert due(2023, GOVERNMENT, summary=True) == datetime.date(2024, 2, 20)
    assert due(2023, IssuerType("government", "prefecture"), summary=True) == datetime.date(2024, 3, 10)
    assert due(2023, IssuerType("government", "province"), summary=True) == datetime.date(2024, 3, 31)
    assert deadline_for(core, 2023, IssuerType("vertical", "county"), None) is None
    assert deadline_for(core, 2023, IssuerType("unknown", None), None) is None
    assert deadline_for(core, 2015, IssuerType("unknown", None), None) is not None


def test_the_narrowest_region_wins_then_the_later_entry():
    national = Deadline(2019, None, ("department",), 1, 31, "national")
    province = Deadline(2019, None, ("department",), 1, 28, "province", regions=("43",))
    city = Deadline(2021, 2021, ("department",), 1, 26, "city", regions=("4312",))
    later = Deadline(2019, None, ("department",), 1, 20, "later national")
    entries = [national, city, province]
    assert deadline_for(entries, 2021, DEPARTMENT, "431202") is city
    assert deadline_for(entries, 2022, DEPARTMENT, "431202") is province  # (the city's was for 2021 only)
    assert deadline_for(entries, 2021, DEPARTMENT, "430102") is province
    assert deadline_for(entries, 2021, DEPARTMENT, "350128") is national
    assert deadline_for(entries, 2021, DEPARTMENT, None) is national
    assert deadline_for(entries + [later], 2021, DEPARTMENT, "350128") is later


@pytest.mark.parametrize("metadata, expected", [
    ({"发布时间": "2022-02-08 16:34"}, datetime.date(2022, 2, 8)),
    ({"发布日期": "2020年1月31日"}, datetime.date(2020, 1, 31)),
    ({"时间": "", "公开日期": "2024/1/17"}, datetime.date(2024, 1, 17)),
    ({"发布日期": "2020-02-30"}, None),  # no such day
    ({"成文日期": "2020-01-01"}, None),  # signed, not published
    ({}, None),
])
def test_the_publication_date_is_read_from_the_page_metadata(metadata, expected):
    found = published_date(metadata, ["发布日期", "发布时间", "公开日期", "时间"])
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize("entry, problem", [
    ('years = [2019]\nkinds = ["department"]\nmonth = 2\nday = 30\nsource = "x"', "make a date"),
    ('years = [2019]\nkinds = ["department"]\nmonth = 2\nday = 29\nsource = "x"', "make a date"),  # (not every year)
    ('years = [2021, 2019]\nkinds = ["department"]\nmonth = 1\nday = 31\nsource = "x"', "first ≤ last"),
    ('years = [2019]\nkinds = ["ministry"]\nmonth = 1\nday = 31\nsource = "x"', "kinds"),
    ('years = "2019"\nkinds = ["department"]\nmonth = 1\nday = 31\nsource = "x"', "years"),
    ('years = [2019]\nkinds = ["department"]\nmonth = 1\nday = 31', "source"),
    ('years = [2019]\nkinds = ["department"]\nregions = ["Hunan"]\nmonth = 1\nday = 31\nsource = "x"', "regions"),
    ('years = [2019]\nkinds = ["department"]\nmonth = 1\nday = 31\nsource = "x"\ndue = "soon"', "unknown key"),
])
def test_a_wrong_entry_is_refused_with_what_is_wrong(entry, problem):
    from govdisclosure.catalog.model import CatalogError, tomllib

    with pytest.raises(CatalogError, match=problem):
        parse_deadlines(tomllib.loads(f"[[deadlines]]\n{entry}\n"), "local.toml")


def _with_local_deadlines(tmp_path, text: str):
    from govdisclosure.hookspecs import hookimpl
    from govdisclosure.registry import make_plugin_manager, of_manager

    local = tmp_path / "deadlines.toml"
    local.write_text(text, encoding="utf-8")

    class Hunan:
        @hookimpl
        def govdisclosure_deadlines(self):
            return [local]

    manager, failures = make_plugin_manager(False, ())
    manager.register(Hunan(), name="hunan")
    return lambda: of_manager(manager, failures)


REPORT = """标题: 鹤城区财政局2021年政府信息公开工作年度报告
发布时间: 2022-01-27
==== 正文 ====
鹤城区财政局2021年政府信息公开工作年度报告
本报告所列数据的统计期限自2021年1月1日至2021年12月31日。
一、总体情况
全年主动公开政府信息一千余条。
"""


def test_a_plugin_sets_a_stricter_local_deadline(tmp_path):
    # 怀化's 2021 notice: its city's units publish by 1月26日 (evaluators.md E1), four days before
    # the national 1月31日.
    registry = _with_local_deadlines(tmp_path, '[[deadlines]]\nyears = [2021, 2021]\nkinds = ["department"]\n'
                                               'regions = ["4312"]\nmonth = 1\nday = 26\nsource = "怀化市通知"\n')()
    report = govdisclosure.parse(REPORT)
    found = lambda region: [(d.arguments["kind"], d.arguments.get("days"), d.arguments.get("source"))  # noqa: E731
                            for d in check_report(report, registry, region=region)[1] if d.code == "GD403"]
    assert found("431202") == [("late", 1, "怀化市通知")]  # 鹤城区, 怀化
    assert found("320813") == []  # elsewhere the national deadline holds
    # (the region is resolved from the report when not given: 鹤城区 is in 怀化)
    assert [d.arguments["kind"] for d in check_report(report, registry)[1] if d.code == "GD403"] == ["late"]


def test_a_broken_deadlines_file_is_the_plugin_s_failure_and_skips_it_whole(tmp_path):
    load = _with_local_deadlines(tmp_path, '[[deadlines]]\nyears = [2021]\nkinds = ["department"]\nmonth = 13\nday = 1\nsource = "x"\n')
    with pytest.warns(Warning, match="hunan"):
        registry = load()
    assert [f.name for f in registry.failures] == ["hunan"]
    assert registry.deadlines and all(d.plugin == "core" for d in registry.deadlines)


def test_what_could_not_be_checked_is_a_reading_note():
    report = govdisclosure.load(CORPUS / "2024_f2021_huaian_city.pdf")
    [note] = [d for d in check_report(report)[1] if d.code == "GD403"]
    assert (note.arguments["kind"], note.severity, note.category) == ("no-date", "info", "reading")
    [late] = [d for d in check_report(govdisclosure.load(CORPUS / "2011_legacy_pingtan_county.html"))[1] if d.code == "GD403"]
    assert late.category == "report"


def test_a_summary_named_by_its_region_has_the_summary_deadline():
    report = govdisclosure.parse("标题: 淮安市洪泽区2023年政府信息公开工作年度报告（汇总）\n发布时间: 2024-02-25\n==== 正文 ====\n"
                                 "淮安市洪泽区2023年政府信息公开工作年度报告（汇总）\n一、总体情况\n全区主动公开政府信息一万余条。\n")
    [late] = [d for d in check_report(report)[1] if d.code == "GD403"]
    assert (late.arguments["kind"], late.arguments["deadline"], late.arguments["days"]) == ("late", "2024-02-20", 5)
