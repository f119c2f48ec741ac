"""The project's closed vocabularies, each an enum in one place.

Each member is a `str` (`Status.NUMBER == "number"`, JSON writes the text, a dict keyed by the text
finds the member), so data files, plugins and outputs keep writing plain words; code names the
member, and `values()` gives the words in their documented order for validation and messages.
"""

from __future__ import annotations

from enum import Enum


class Word(str, Enum):
    """A vocabulary word: compares, hashes, prints and formats as its text."""

    def __str__(self) -> str:  # "number", not "Status.NUMBER" (CSV, f-strings)
        return str(self.value)

    def __format__(self, format_spec: str) -> str:  # as its text, not Enum's member formatting
        return str.__format__(self, format_spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


class Status(Word):
    """How a cell was read. Blank is not zero."""

    NUMBER = "number"
    ZERO = "zero"
    BLANK = "blank"
    DASH = "dash"
    TEXT = "text"
    UNRECOVERABLE = "unrecoverable"  # a damaged table whose digits cannot be told apart


class Certainty(Word):
    """How sure a fact's value is."""

    EXACT = "exact"
    APPROXIMATE = "approximate"  # a lower bound ("超过 30 件")
    AMBIGUOUS = "ambiguous"  # two readings
    RECOVERED = "recovered"  # a flattened table's digits split by the catalogue's relations


class FactKind(Word):
    """Where a fact comes from."""

    TABLE = "table"
    PROSE = "prose"


class Severity(Word):
    """How much a diagnostic matters, most first."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Family(Word):
    """What a rule checks (its documentation page groups rules by family)."""

    ARITHMETIC = "arithmetic"
    STRUCTURE = "structure"
    PROSE = "prose"
    PERIODS = "periods"
    COMPLIANCE = "compliance"
    INPUT = "input"
    INTERNAL = "internal"
    CROSS_YEAR = "cross-year"
    TEXT = "text"  # the wording: repeated words, common mistakes
    BATCH = "batch"  # the reports of a run together: units copying each other, reports missing


class Category(Word):
    """Whom a finding is for: `report`, the report is wrong (the agency's to mend); `reading`,
    the tool could not read or check something (a note on its own reading, not the agency's
    error). Not a severity: SARIF's levels are fixed, and a reading problem may be a warning."""

    REPORT = "report"
    READING = "reading"


# The category of a rule's findings by its family, where the rule does not say its own.
FAMILY_CATEGORY: dict[str, Category] = {Family.INPUT: Category.READING, Family.INTERNAL: Category.READING}


def category_of(family: str) -> str:
    """The category of the findings of a rule of `family` (a rule may declare its own)."""
    category: Category = FAMILY_CATEGORY.get(family, Category.REPORT)
    return category.value


class Scope(Word):
    """What a rule's check receives: one report, two consecutive years of one issuer, or the
    reports of a run grouped as the rule declares (`BatchGrouping`)."""

    REPORT = "report"
    PAIR = "pair"
    BATCH = "batch"


class BatchGrouping(Word):
    """How a batch rule's reports are grouped: all of one year, one year's of one province, or
    the whole run at once."""

    YEAR = "year"
    REGION = "region"
    RUN = "run"


class SectionRole(Word):
    """What a section of a report is for, whatever its template calls it (`data/sections.toml`
    gives each template's titles for each role)."""

    OVERVIEW = "overview"  # 总体情况 / 概述
    PROACTIVE = "proactive"  # 主动公开政府信息情况
    APPLICATIONS = "applications"  # 收到和处理政府信息公开申请情况 / 依申请公开
    FEES = "fees"  # 政府信息公开的收费及减免情况 (legacy)
    REVIEW_LITIGATION = "review-litigation"  # 行政复议、行政诉讼情况
    PROBLEMS = "problems"  # 存在的主要问题及改进情况
    OTHER = "other"  # 其他需要报告的事项


STATUSES = Status.values()
SEVERITIES = Severity.values()
FAMILIES = Family.values()
SCOPES = Scope.values()
CATEGORIES = Category.values()
