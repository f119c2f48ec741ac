"""The core rules' cases (govdisclosure/rules/cases/*.toml), and the case format plugin authors use."""

import pytest

from govdisclosure.registry import load as load_registry
from govdisclosure.testing import CaseError, RuleCase, core_case_files, core_cases, load_cases, run_rule_case

CASES = core_cases()


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_cases(case):
    run_rule_case(case)


def test_every_core_rule_has_a_passing_and_a_failing_case_in_its_family_file():
    rules = {r.code: r for r in load_registry(autoload=False).rules if r.plugin.startswith("core")}
    # GD000 and GD999 are made where they happen, by the readers and the engine (test_collection's
    # Dask test and test_a_failing_rule_becomes_an_internal_diagnostic_and_the_run_goes_on); GD108
    # checks catalogue relations of kind column_not_above, which only plugins' catalogues have
    # (test_a_column_relation_without_a_rule_of_its_own_is_the_cores).
    codes = set(rules) - {"GD000", "GD999", "GD108"}
    failing = {c.code for c in CASES if c.expect}
    passing = {c.code for c in CASES if not c.expect}
    assert codes - failing == set() and codes - passing == set()
    for path in core_case_files():
        family = path.name.removesuffix(".toml")
        assert {rules[c.code].family for c in load_cases(path)} == {family}


def test_a_case_that_fails_says_what_differs():
    case = next(c for c in CASES if c.code == "GD101" and c.expect)
    wrong_line = RuleCase(case.code, case.name, case.text, [("GD101", 99)])
    with pytest.raises(AssertionError, match=r"expected \[\('GD101', 99\)\], got \[\('GD101', 7\)\]"):
        run_rule_case(wrong_line)
    wrong_args = RuleCase(case.code, case.name, case.text, [type(case.expected[0])("GD101", 7, {"actual": 5})])
    with pytest.raises(AssertionError, match=r"arguments \(expected, got\): \{'actual': \(5, 4\)\}"):
        run_rule_case(wrong_args)


@pytest.mark.parametrize("text, message", [
    ("[[cases]]\nname = 'x'\ntext = 'y'\n", "case 1 (? x): KeyError"),
    ("[[cases]]\ncode = 'GD101'\nname = 'x'\ntext = '{{nothing}}'\n", "no text {{nothing}}"),
    ("[[cases]\n", "line 1"),
])
def test_a_case_file_that_is_not_valid_is_named(tmp_path, text, message):
    path = tmp_path / "cases.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError, match="cases.toml") as raised:
        load_cases(path)
    assert message in str(raised.value)


def test_snippets_are_filled_in(tmp_path):
    path = tmp_path / "cases.toml"
    path.write_text("[texts.filler]\ntext = 'ab'\nrepeat = 3\n[texts]\nhead = 'H'\n", encoding="utf-8")
    path.write_text("[texts]\nhead = 'H'\nfiller = { text = 'ab', repeat = 3 }\n"
                    "[[cases]]\ncode = 'GD101'\nname = 'n'\ntext = '{{head}}-{{filler}}'\n", encoding="utf-8")
    (case,) = load_cases(path)
    assert case.text == "H-ababab" and case.expect == [] and case.previous is None
