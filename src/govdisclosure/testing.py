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


def findings_of(code: str, text: str, registry=None) -> list[tuple[str, int | None]]:
    """(code, line) of every finding of the rule `code` on a report text."""
    from .engine import check

    report = parse(text, source="<case>")
    return [(d.code, d.span.line if d.span else None) for d in check(report, registry, select=(code,))]


def run_rule_case(case: RuleCase, registry=None) -> None:
    got = findings_of(case.code, case.text, registry)
    expected = [tuple(item) for item in case.expect]
    assert got == expected, f"{case.code} {case.name}: expected {expected}, got {got}"
