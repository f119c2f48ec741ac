"""Helpers for testing rules, public for plugin authors: table-driven rule cases.

    from govdisclosure.testing import RuleCase, run_rule_case

    CASES = [RuleCase("GD101", "sum broken", TEXT_WITH_BROKEN_SUM, expect=[("GD101", 12)]),
             RuleCase("GD101", "sum holds", TEXT_WITH_SUM, expect=[])]

    @pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}-{c.name}")
    def test_rules(case):
        run_rule_case(case)
"""

from __future__ import annotations

from attrs import field, frozen

from .grammar import parse


@frozen
class RuleCase:
    """One case: a rule code, a name, a report text, and the (code, line) findings expected of
    that rule (an empty list: the rule must stay silent)."""

    code: str
    name: str
    text: str
    expect: list = field(factory=list)
    # For a cross-year rule: the same issuer's report of the year before.
    previous: str | None = None


def findings_of(code: str, text: str, registry=None, previous: str | None = None) -> list[tuple[str, int | None]]:
    """(code, line) of every finding of the rule `code` on a report text (with `previous`, on
    the two reports as consecutive years of one issuer)."""
    from .engine import check, check_pairs

    report = parse(text, source="<case>")
    if previous is None:
        return [(d.code, d.span.line if d.span else None) for d in check(report, registry, select=(code,))]
    from .collection import record_of, series_of
    from .extract import extract, report_region

    earlier = parse(previous, source="<previous>")
    records = []
    for one in (earlier, report):
        region = report_region(one)  # pair rules are scoped by the later report's region
        records.append(record_of(one, extract(one, registry, region), region))
    found = check_pairs(series_of(records), registry, select=(code,))
    return [(d.code, d.span.line if d.span else None) for d in found]


def run_rule_case(case: RuleCase, registry=None) -> None:
    got = findings_of(case.code, case.text, registry, case.previous)
    expected = [tuple(item) for item in case.expect]
    assert got == expected, f"{case.code} {case.name}: expected {expected}, got {got}"
