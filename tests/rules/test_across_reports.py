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
