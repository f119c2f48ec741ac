"""The closed vocabularies: each word is its text everywhere it goes, and each has one home."""
import json
import re
from pathlib import Path

import pytest

import govdisclosure
from govdisclosure.vocabulary import FAMILIES, SEVERITIES, Family, SectionRole, Severity, Status


def test_a_word_is_its_text_in_comparisons_dicts_json_and_formatting():
    assert Severity.ERROR == "error" and {"error": 1}[Severity.ERROR] == 1
    assert json.dumps({"severity": Severity.WARNING}) == '{"severity": "warning"}'
    assert f"{Status.BLANK}|{Status.BLANK:>6}" == "blank| blank" and str(Family.CROSS_YEAR) == "cross-year"
    assert SEVERITIES == ("error", "warning", "info") and "cross-year" in FAMILIES


def test_every_core_rule_speaks_the_vocabulary(seed):
    registry = govdisclosure.registry.default()
    for rule in registry.rules:
        assert rule.severity in Severity.values() and rule.family in Family.values(), rule.code
    for diagnostic in govdisclosure.check(seed):
        assert diagnostic.severity in Severity.values()


def test_every_section_role_has_words_and_every_required_section_a_role():
    registry = govdisclosure.registry.default()
    assert set(registry.section_roles) == set(SectionRole.values())
    for template in ("legacy", "f2019", "f2021"):
        assert all(section.role in SectionRole.values() for section in registry.required_sections(template))


@pytest.mark.parametrize("literal", [
    r'\("error", "warning", "info"\)',  # the severities
    r'\(\("overview", \(',  # section roles by their titles
    r'"总体情况" in (?:s|section)\.title',
])
def test_the_vocabularies_are_not_spelt_out_again_in_the_code(literal):
    package = Path(govdisclosure.__file__).parent
    offenders = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if path.name != "vocabulary.py" and re.search(literal, path.read_text(encoding="utf-8"))]
    assert offenders == []
