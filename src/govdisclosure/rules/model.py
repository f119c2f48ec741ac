"""Rules and diagnostics: values, not exceptions.

A `Rule` carries its metadata (a stable code, a kebab-case name, a family, a default severity,
where it applies, a Chinese summary, the source it rests on) and a check function. A check yields
`Finding`s: the arguments of the rule's message template, where, and the values involved. The
engine turns each into a frozen `Diagnostic`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from attrs import field, frozen

from ..ast import Report, Span

SEVERITIES = ("error", "warning", "info")
FAMILIES = ("arithmetic", "structure", "prose", "periods", "compliance", "input", "internal", "cross-year")
# What a rule's check receives: one report (a `Context`), or two consecutive years of one issuer
# (a `rules.cross_year.PairContext`).
SCOPES = ("report", "pair")


@frozen
class Related:
    """Another place a diagnostic involves: the other cells of a broken sum, the table cell a
    sentence contradicts."""

    message: str
    span: Span | None = field(default=None, eq=False)
    source: str | None = None  # another report's file (a cross-year finding); None: the same report


@frozen
class Finding:
    """What a check yields: message arguments, places, indicators, relation and values."""

    args: dict[str, Any]
    span: Span | None = None
    related: tuple[Related, ...] = ()
    indicators: tuple[str, ...] = ()
    relation: str | None = None
    values: dict[str, str] = field(factory=dict)
    severity: str | None = None  # overrides the rule's (an exact relation is an error, a heuristic a warning)
    key: str = ""  # what makes this finding itself, for the fingerprint (a column, a prose fact)


@frozen
class Context:
    """What a check sees: the report, its facts, the catalogue, the source name."""

    report: Report
    facts: Any
    catalog: Any
    source: str
    registry: Any = field(default=None, eq=False, repr=False)  # the registry.Registry in force
    # What several rules derive from one report, derived once (the relations' evaluation): a
    # per-report memo, outside equality.
    memo: dict = field(factory=dict, eq=False, repr=False)


@frozen
class Rule:
    code: str
    name: str
    family: str
    severity: str
    message: str  # a template: str.format with the finding's args
    summary: str
    check: Callable[[Context], Iterable[Finding]] = field(eq=False, repr=False)
    rationale: str = ""
    source: str = ""
    templates: tuple[str, ...] = ()  # template generations it applies to; () = all
    first_year: int | None = None
    last_year: int | None = None
    plugin: str = ""
    message_en: str = ""  # the English template (`--lang en`); the Chinese one when empty
    scope: str = "report"  # see SCOPES
    regions: tuple[str, ...] = ()  # division-code prefixes where it applies ("35": Fujian); () = everywhere

    def template(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def applies(self, template: str, year: int | None, region: str | None = None, base: str = "") -> bool:
        """Whether the rule runs on a report of this template (or a variant of `base`), year
        and region."""
        if self.templates and template not in self.templates and base not in self.templates:
            return False
        if self.regions and (region is None or not region.startswith(self.regions)):
            return False
        if year is not None:
            if self.first_year is not None and year < self.first_year:
                return False
            if self.last_year is not None and year > self.last_year:
                return False
        return True


@frozen
class RuleOverride:
    """A plugin's change to a rule where it applies: its severity, its message templates."""

    code: str
    severity: str | None = None
    message: str | None = None
    message_en: str | None = None
    regions: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    plugin: str = ""

    def applies(self, template: str, region: str | None, base: str = "") -> bool:
        if self.templates and template not in self.templates and base not in self.templates:
            return False
        return not self.regions or (region is not None and region.startswith(self.regions))


@frozen
class Diagnostic:
    code: str
    name: str
    severity: str
    message: str
    source: str
    span: Span | None = field(default=None, eq=False)
    related: tuple[Related, ...] = ()
    indicators: tuple[str, ...] = ()
    relation: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    fingerprint: str = ""
    plugin: str = ""


def fingerprint(code: str, finding: Finding) -> str:
    """Stable across runs and across edits elsewhere in the file: made of what the finding is
    about (rule, relation, indicators, its key and values), not of line numbers."""
    parts = [code, finding.relation or "", ",".join(finding.indicators), finding.key,
             ";".join(f"{k}={v}" for k, v in sorted(finding.values.items()))]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]
