"""The batch rules on generated runs (rules/across_reports.py): a consolidated (汇总) report against the sum
of its units' reports (GD703), compared only when a roster says every unit is there."""

from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure.strategies import ROW_STYLES, _build, _catalog, _values, _variant
from govdisclosure.testing import batch_diagnostics

UNITS = ("洪泽区财政局", "洪泽区教育局")
ROSTER = "issuer,years\n洪泽区财政局,2023\n洪泽区教育局,2023\n"


def _run(data, change: int = 0):
    """A summary of 洪泽区 (320813) and its two units' reports of 2023: the summary's figures the
    sum of the units', its 本年新收 总计 off by `change`."""
    catalog = _catalog("f2021")
    units = [data.draw(_values("f2021", catalog)) for _ in UNITS]
    summary = {key: units[0][key] + units[1][key] for key in units[0]}
    summary[("f2021.t3.new", "total")] += change
    variant = data.draw(_variant("f2021", table_styles=ROW_STYLES))
    text, _ = _build("f2021", catalog, summary, 2023, "淮安市洪泽区", variant)
    text = text.replace("年度报告", "年度报告（汇总）", 1)
    others = [_build("f2021", catalog, values, 2023, unit, variant)[0] for unit, values in zip(UNITS, units)]
    return [text, *others]


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_a_summary_that_adds_up_is_quiet_and_one_that_does_not_is_said(data):
    texts = _run(data)
    assert batch_diagnostics("GD703", texts, roster=ROSTER) == []
    change = data.draw(st.integers(1, 5))
    found = batch_diagnostics("GD703", _run(data, change), roster=ROSTER)
    assert [(d.arguments["kind"], d.arguments["column"], d.arguments["count"]) for d in found] == [("differs", "total", 2)]
    values = dict(found[0].values)
    assert int(values["actual"]) - int(values["expected"]) == change and values["units"] == "2"
    assert {r.source for r in found[0].related} == {"<other 1>", "<other 2>"}


@settings(max_examples=3, deadline=None)
@given(st.data())
def test_without_a_complete_roster_nothing_is_added_up_and_that_is_said(data):
    texts = _run(data, change=3)
    kinds = lambda roster: [d.arguments["kind"] for d in batch_diagnostics("GD703", texts, roster=roster)]  # noqa: E731
    assert kinds(None) == ["no-roster"]
    assert kinds("issuer,years\n洪泽区财政局,2023\n洪泽区教育局,2023\n洪泽区民政局,2023\n") == ["units-absent"]
    assert kinds("issuer,years\n沭阳县财政局,2023\n") == ["no-units"]
    assert kinds(ROSTER.replace("2023", "2022")) == ["no-units"]  # (the roster's units report in other years)


OWN = """淮安市洪泽区人民政府2023年政府信息公开工作年度报告
一、总体情况
本级政府全年主动公开政府信息一千余条。
"""
SUMMARY = """淮安市洪泽区2023年政府信息公开工作年度报告（汇总）
一、总体情况
全区主动公开政府信息一万余条。
"""


def test_a_summary_and_the_government_s_own_report_are_two_reports_whatever_their_names(tmp_path):
    from govdisclosure.run import CheckRun, ReportChecker, RunOptions
    from govdisclosure.roster import parse_roster

    roster = parse_roster("issuer,division,years\n,320813,2023\n", "roster.csv")
    for summary_name, own_name in (("f0.txt", "z.txt"), ("z.txt", "f0.txt")):
        folder = tmp_path / summary_name
        folder.mkdir()
        (folder / summary_name).write_text(SUMMARY, encoding="utf-8")
        (folder / own_name).write_text(OWN, encoding="utf-8")
        checker = ReportChecker(RunOptions())
        records = [checker(str(folder / name))["record"] for name in sorted((summary_name, own_name))]
        assert {r["key"] for r in records} == {"洪泽区", "洪泽区#汇总"}
        found, _ = CheckRun(RunOptions(), roster=roster).across(records)
        # the government's own report is there: nothing missing; the summary's one unit has it
        assert [d.code for d in found if d.code == "GD702"] == []
        assert [d.arguments["kind"] for d in found if d.code == "GD703"] == []  # (no tables: nothing to add up)


def test_a_roster_unit_by_division_counts_and_one_the_gazetteer_cannot_place_stops_the_sum():
    texts = [SUMMARY, OWN]
    assert [d.arguments["kind"] for d in batch_diagnostics("GD703", texts, roster="issuer,division,years\n,320813,2023\n")] == []
    unplaced = batch_diagnostics("GD703", texts, roster="issuer,years\n洪泽区人民政府,2023\n某某乡人民政府,2023\n")
    assert [(d.arguments["kind"], d.arguments["names"], d.category) for d in unplaced] == \
        [("units-unplaced", "某某乡人民政府", "reading")]


def test_a_roster_says_every_unit_missing_when_no_report_of_the_run_could_be_used():
    from govdisclosure.run import CheckRun, RunOptions
    from govdisclosure.roster import parse_roster

    roster = parse_roster("issuer,years\n某某县财政局,2023\n某某县教育局,2022-2023\n", "roster.csv")
    found, _ = CheckRun(RunOptions(), roster=roster).across([])
    assert [(d.code, d.span.line, d.arguments["years"]) for d in found] == [("GD702", 2, "2023"), ("GD702", 3, "2022、2023")]
