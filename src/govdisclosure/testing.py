"""Helpers for testing rules, public for plugin authors: rule cases as data.

A case file is TOML (as sqlfluff's YAML rule cases): per case the rule's code, a name, the report
text (and for a cross-year rule the same issuer's report of the year before), and the findings
expected of that rule, each with its line and, where given, message arguments. No finding
expected: the rule must stay silent.

    # tests/cases.toml
    [texts.filler]                 # a snippet, written {{filler}} in a text (repeat: n times)
    text = "本年度政务公开工作有序推进。"
    repeat = 3

    [[cases]]
    code = "XX101"
    name = "sum broken"
    text = '''
    某区人民政府2018年政府信息公开工作年度报告
    …
    '''
    expect = [{ line = 7, args = { actual = 4, expected = 3 } }]

    # tests/test_rules.py
    from govdisclosure.testing import load_cases, run_rule_case

    @pytest.mark.parametrize("case", load_cases("tests/cases.toml"), ids=str)
    def test_rules(case):
        run_rule_case(case)

`RuleCase(...)` objects can be written in Python too; `expect` then holds (code, line) pairs.
The core's own cases are in `govdisclosure/rules/cases/`, one file per family.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from attrs import field, frozen

from .catalog.model import tomllib
from .grammar import parse


@frozen
class Expected:
    """A finding a case expects: its code, its line (None: a finding with no place) and the
    message arguments it must carry (a subset of them; {} checks none)."""

    code: str
    line: int | None
    args: dict[str, Any] = field(factory=dict)


@frozen
class RuleCase:
    """One case: a rule code, a name, a report text, and the findings expected of that rule
    (`Expected`, or (code, line) pairs; an empty list: the rule must stay silent)."""

    code: str
    name: str
    text: str
    expect: list = field(factory=list)
    # For a cross-year rule: the same issuer's report of the year before.
    previous: str | None = None
    # For a batch rule: the other reports of the run (`<other 1>`, …), and a roster's CSV text.
    others: tuple[str, ...] = ()
    roster: str | None = None
    origin: str = field(default="", eq=False)  # the case file it came from

    def __str__(self) -> str:
        return f"{self.code}-{self.name}"

    @property
    def expected(self) -> list[Expected]:
        return [item if isinstance(item, Expected) else Expected(*item) for item in self.expect]


class CaseError(ValueError):
    """A case file that is not valid: says which file and case, and what is wrong."""


_SNIPPET = re.compile(r"\{\{(\w+)\}\}")


def load_cases(path) -> list[RuleCase]:
    """The cases of a case file (a path or a package resource)."""
    name = getattr(path, "name", str(path))
    try:
        text = path.read_text(encoding="utf-8") if hasattr(path, "read_text") else Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CaseError(f"{name}: {error}") from None
    snippets = {}
    for key, value in data.get("texts", {}).items():
        snippets[key] = value if isinstance(value, str) else str(value["text"]) * int(value.get("repeat", 1))

    def filled(value: str, where: str) -> str:
        def snippet(match):
            if match.group(1) not in snippets:
                raise CaseError(f"{where}: no text {{{{{match.group(1)}}}}} in [texts]")
            return snippets[match.group(1)]

        return _SNIPPET.sub(snippet, value)

    cases = []
    for number, case in enumerate(data.get("cases", ()), 1):
        where = f"{name}: case {number} ({case.get('code', '?')} {case.get('name', '?')})"
        try:
            code = str(case["code"])
            expect = [Expected(str(item.get("code", code)), item.get("line"), dict(item.get("args", {})))
                      for item in case.get("expect", ())]
            previous = case.get("previous")
            others = tuple(filled(str(other), where) for other in case.get("others", ()))
            roster = case.get("roster")
            cases.append(RuleCase(code, str(case["name"]), filled(case["text"], where), expect,
                                  None if previous is None else filled(previous, where), origin=name,
                                  others=others, roster=None if roster is None else str(roster)))
        except (KeyError, TypeError, AttributeError) as error:
            raise CaseError(f"{where}: {type(error).__name__}: {error}") from None
    return cases


def core_case_files() -> list:
    """The core's case files, one per family (govdisclosure/rules/cases/*.toml)."""
    folder = resources.files("govdisclosure").joinpath("rules/cases")
    return sorted((item for item in folder.iterdir() if item.name.endswith(".toml")), key=lambda item: item.name)


def core_cases() -> list[RuleCase]:
    return [case for path in core_case_files() for case in load_cases(path)]


def diagnostics_of(code: str, text: str, registry=None, previous: str | None = None,
                   others: tuple[str, ...] = (), roster: str | None = None) -> list:
    """The diagnostics of the rule `code` on a report text (with `previous`, on the two reports
    as consecutive years of one issuer; for a batch rule, on a run of the report and `others`,
    with a roster's CSV text)."""
    from .engine import check, check_pairs
    from .registry import resolve

    rule = resolve(registry).rule(code)
    if rule is not None and rule.scope == "batch":
        return batch_diagnostics(code, [text, *others], registry, roster)
    report = parse(text, source="<case>")
    if previous is None:
        return check(report, registry, select=(code,))
    from .collection import record_of, series_of
    from .extract import extract, report_region

    earlier = parse(previous, source="<previous>")
    records = []
    for one in (earlier, report):
        region = report_region(one)  # pair rules are scoped by the later report's region
        records.append(record_of(one, extract(one, registry, region), region, registry))
    return check_pairs(series_of(records), registry, select=(code,))


def batch_diagnostics(code: str, texts: list[str], registry=None, roster: str | None = None) -> list:
    """The diagnostics of the batch rule `code` on a run of report texts (the first `<case>`, the
    others `<other 1>`, …; a roster's CSV text `<roster>`), grouped as `CheckRun` groups them;
    those on the first report and on the roster."""
    from .collection import YearRecord, record_of
    from .engine import batch_groups, check_batch
    from .extract import extract, report_region
    from .registry import resolve
    from .roster import parse_roster
    from .rules.model import BatchContext

    registry = resolve(registry)
    rule = registry.rule(code)
    assert rule is not None and rule.scope == "batch", code
    entries = []
    for number, text in enumerate(texts):
        report = parse(text, source="<case>" if number == 0 else f"<other {number}>")
        region = report_region(report)
        record = record_of(report, extract(report, registry, region), region, registry)
        record = YearRecord.from_json(record.to_json())  # (as the run's spool gives it back)
        entries.append((record.key, record.year, record.kind, record.source, record.region, record))
    plan = parse_roster(roster, "<roster>") if roster is not None else None
    found = []
    for group, records in batch_groups(rule, entries).items():
        def read(records: list = records):
            return iter(records)

        context = BatchContext(group, len(records), read, registry, roster=plan)
        found += check_batch(rule, context, registry, select=(code,))
    return [d for d in found if d.source in ("<case>", "<roster>")]


def findings_of(code: str, text: str, registry=None, previous: str | None = None) -> list[tuple[str, int | None]]:
    """(code, line) of every finding of the rule `code` on a report text."""
    return [(d.code, d.span.line if d.span else None) for d in diagnostics_of(code, text, registry, previous)]


def run_rule_case(case: RuleCase, registry=None) -> None:
    """Assert that the case's rule finds what the case expects: the same (code, line) findings in
    order, each with the message arguments the case gives."""
    found = diagnostics_of(case.code, case.text, registry, case.previous, case.others, case.roster)
    got = [(d.code, d.span.line if d.span else None) for d in found]
    expected = case.expected
    assert got == [(e.code, e.line) for e in expected], f"{case}: expected {[(e.code, e.line) for e in expected]}, got {got}"
    for diagnostic, wanted in zip(found, expected):
        args = diagnostic.arguments
        wrong = {k: (v, args.get(k)) for k, v in wanted.args.items() if args.get(k) != v}
        assert not wrong, f"{case}: line {wanted.line}: arguments (expected, got): {wrong}"
