"""Rules and diagnostics: values, not exceptions.

A rule is declared where it checks: `@rule(code=…, name=…, family=…, severity=…, message=…,
summary=…)` on a check function makes a `ReportRule` (its check gets a `ReportContext`: one
report), `@pair_rule(…, reads=…)` a `PairRule` (a `PairContext`: two consecutive years of one
issuer; `reads` names the concepts it reads). The rule carries its metadata (a stable code, a
kebab-case name, a family, a default severity, where it applies, a Chinese summary, the source it
rests on) and stays callable as its check. A check yields `Finding`s: the arguments of the rule's
message templates, where, and the values involved. The engine turns each into a frozen
`Diagnostic`, which keeps the templates and JSON-safe arguments: its message is rendered when it
is shown, in the language asked for.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import Factory, field, frozen

from ..ast import Report, Span

# A rule's severity, family and scope are words of the vocabulary (their tuples are named here too,
# for plugins written against 0.1).
from ..vocabulary import CATEGORIES, FAMILIES, SCOPES, SEVERITIES, category_of  # noqa: F401

if TYPE_CHECKING:  # (imported for the types only: the registry imports the rules)
    from ..catalog.model import Catalog
    from ..collection import YearRecord
    from ..roster import Roster
    from ..facts import Facts
    from ..registry import Registry



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
    # The report's words the finding is about, where they are narrower than its place (the
    # sentence that states a number, in a paragraph), and where they stand in the place's text
    # (`Fact.at`): its excerpt shows their sentence.
    quote: str = ""
    quote_at: int | None = None
    # Overrides the rule's category (CATEGORIES): a note that something could not be checked
    # (`reading`) from a rule whose other findings are the report's.
    category: str | None = None


@frozen
class ReportContext:
    """What a report rule's check sees: the report, its facts, the catalogue of its template
    (None when unknown), the source name and the registry in force."""

    report: Report
    facts: "Facts"
    catalog: "Catalog | None"
    source: str
    registry: "Registry | None" = field(default=None, eq=False, repr=False)
    # What several rules derive from one report, derived once (the relations' evaluation): a
    # per-report memo, outside equality.
    memo: dict[str, Any] = field(factory=dict, eq=False, repr=False)
    # The division code the rules are scoped by (None: not known, or not needed by any rule's scope).
    region: str | None = None


# The 0.1 name of a report rule's context.
Context = ReportContext


@frozen
class PairContext:
    """What a pair rule's check sees: the records of two consecutive years of one issuer, the
    catalogue of the later one's template and the registry in force."""

    previous: "YearRecord"
    current: "YearRecord"
    catalog: "Catalog | None" = None
    registry: "Registry | None" = field(default=None, eq=False, repr=False)


class BatchContext:
    """What a batch rule's check sees: one group of a run's reports, as records
    (`collection.YearRecord`, one per issuer and year: the preferred reading), read from the
    run's spool each time `records()` is called (a group of 100,000 reports is never held), the
    group's key (its year, or (year, province code)), and the registry in force."""

    def __init__(self, key: Any, count: int, read: Callable[[], Iterable["YearRecord"]],
                 registry: "Registry | None" = None, roster: "Roster | None" = None):
        self.key, self.count, self._read, self.registry = key, count, read, registry
        self.roster = roster  # the units expected to report (`check --roster`), when given

    def records(self) -> Iterable["YearRecord"]:
        """The group's records, in issuer order."""
        return self._read()

    def __repr__(self) -> str:
        return f"BatchContext(key={self.key!r}, count={self.count})"


# The variant of a rule's message templates a finding takes when its `kind` argument names none.
ANY_KIND = "*"

# A rule's message templates as it keeps them: a text, or (kind, template) pairs.
Templates = str | tuple[tuple[str, str], ...]

# What a rule is declared with: a text, or templates by kind (a mapping, or the pairs of a rule).
TemplatesGiven = str | Mapping[str, str] | tuple[tuple[str, str], ...]

# A check: a report rule's gets a ReportContext, a pair rule's a PairContext, a batch rule's a
# BatchContext.
ReportCheck = Callable[[ReportContext], Iterable[Finding]]
PairCheck = Callable[[PairContext], Iterable[Finding]]
BatchCheck = Callable[[BatchContext], Iterable["BatchFinding"]]
Check = ReportCheck | PairCheck | BatchCheck


def _templates(value: TemplatesGiven) -> Templates:
    """A message template, or templates by the finding's `kind` (a mapping, kept as sorted pairs:
    a rule stays hashable)."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), str(v)) for k, v in value.items()))
    return value


def template_for(templates: Templates, kind: str | None) -> str:
    """The template of `templates` (a text, or (kind, template) pairs) for a finding's kind."""
    if isinstance(templates, str):
        return templates
    by_kind: dict[str | None, str] = dict(templates)
    return by_kind.get(kind) or by_kind.get(ANY_KIND, "")


@frozen
class Rule:
    """A rule: its metadata and its check. Declare one with `@rule` or `@pair_rule`; a `Rule(…)`
    made directly (the 0.1 API) still loads, with a DeprecationWarning, until 0.3."""

    code: str
    name: str
    family: str
    severity: str
    # A template (str.format with the finding's args), or templates by the finding's `kind`
    # argument ({"missing": …, "order": …}; "*" for any other kind).
    message: Templates = field(converter=_templates)
    summary: str
    check: Check = field(eq=False, repr=False)
    rationale: str = ""
    source: str = ""
    templates: tuple[str, ...] = ()  # template generations it applies to; () = all
    first_year: int | None = None
    last_year: int | None = None
    plugin: str = ""
    # The English (`--lang en`); the Chinese when empty.
    message_en: Templates = field(default="", converter=_templates)
    scope: str = "report"  # see SCOPES
    regions: tuple[str, ...] = ()  # division-code prefixes where it applies ("35": Fujian); () = everywhere
    # A pair rule's facts: the concepts it reads ("*:COLUMN": any concept's COLUMN; "*": all).
    # The records it gets hold only what some pair rule reads (`collection.kept_concepts`).
    reads: tuple[str, ...] = ()
    # Whom its findings are for (CATEGORIES): by default its family's (`category_of`).
    category: str = field(default=Factory(lambda rule: category_of(rule.family), takes_self=True))
    # A batch rule's grouping of the run's reports (BatchGrouping); "" for the other scopes.
    group_by: str = ""

    def __call__(self, context: ReportContext | PairContext | BatchContext) -> Iterable[Finding]:
        check: Callable[..., Iterable[Finding]] = self.check  # type: ignore[assignment]  # (its scope's context)
        return check(context)

    def template(self, lang: str = "zh", kind: str | None = None) -> str:
        """The message template in `lang` for a finding of `kind` (the Chinese when there is no
        English)."""
        english = template_for(self.message_en, kind) if self.message_en else ""
        return english if lang == "en" and english else template_for(self.message, kind)

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
class ReportRule(Rule):
    """A rule on one report: its check gets a `ReportContext`."""

    def __attrs_post_init__(self) -> None:
        if self.scope != "report":
            raise ValueError(f"{self.code}: a ReportRule has scope 'report', not {self.scope!r}")


@frozen
class PairRule(Rule):
    """A rule on two consecutive years of one issuer: its check gets a `PairContext`, and it
    declares the concepts it reads (`reads`)."""

    def __attrs_post_init__(self) -> None:
        if self.scope != "pair":
            raise ValueError(f"{self.code}: a PairRule has scope 'pair', not {self.scope!r}")


@frozen
class BatchRule(Rule):
    """A rule on the reports of a run together, grouped as it declares (`group_by`: by year, by
    year and province, or the whole run): its check gets a `BatchContext` and yields `BatchFinding`s, each on
    the report it names. It declares the concepts it reads (`reads`), as a pair rule does."""

    def __attrs_post_init__(self) -> None:
        from ..vocabulary import BatchGrouping

        if self.scope != "batch":
            raise ValueError(f"{self.code}: a BatchRule has scope 'batch', not {self.scope!r}")
        if self.group_by not in BatchGrouping.values():
            raise ValueError(f"{self.code}: group_by must be one of {', '.join(BatchGrouping.values())}, "
                             f"not {self.group_by!r}")


@frozen
class BatchFinding:
    """What a batch check yields: a finding on one report of the group (`source`, its file)."""

    source: str
    finding: Finding


def rule(*, code: str, name: str, family: str, severity: str, message: TemplatesGiven, summary: str,
         message_en: TemplatesGiven = "", rationale: str = "", source: str = "",
         templates: Iterable[str] = (), years: tuple[int | None, int | None] = (None, None), regions: Iterable[str] = (),
         scope: str = "report", reads: Iterable[str] = (), category: str = "",
         group_by: str = "") -> Callable[[Check], Rule]:
    """Declare the check it decorates a rule: `code` (its plugin's prefix and three digits),
    `name` (kebab-case), `family` (FAMILIES), default `severity` (SEVERITIES), the Chinese
    `message` template and `message_en` (`str.format` with the findings' arguments), a one-line
    `summary`, its `rationale` and `source`; where it applies: `templates` (and their variants),
    report `years` (first, last; None: open), `regions` (division-code prefixes); the `category`
    of its findings (CATEGORIES; default: its family's, `category_of`). The decorated
    name is the rule, still callable as its check."""
    def decorate(check: Check) -> Rule:
        kind = {"pair": PairRule, "batch": BatchRule}.get(scope, ReportRule)
        return kind(code, name, family, severity, message, summary, check, rationale=rationale, source=source,
                    templates=tuple(templates), first_year=years[0], last_year=years[1], message_en=message_en,
                    scope=scope, regions=tuple(regions), reads=tuple(reads),
                    category=category or category_of(family), group_by=group_by)

    return decorate


def pair_rule(*, reads: Iterable[str], **metadata: Any) -> Callable[[Check], Rule]:
    """`@rule` for a check of two consecutive years of one issuer (a `PairContext`); `reads`: the
    concepts of the records it reads ("*:COLUMN": any concept's COLUMN; "*": all of them); a
    record holds no other table facts."""
    return rule(scope="pair", reads=reads, **metadata)


def batch_rule(*, group_by: str, reads: Iterable[str] = (), **metadata: Any) -> Callable[[Check], Rule]:
    """`@rule` for a check of a run's reports together (a `BatchContext`): `group_by` "year" (all
    of one year), "region" (one year's of one province) or "run" (all at once); `reads`: the table concepts its
    records keep, as for a pair rule (the overview and problems texts are always kept)."""
    return rule(scope="batch", group_by=group_by, reads=reads, **metadata)


def declared(rule_or_legacy: Rule, plugin: str) -> Rule:
    """A rule as the registry keeps it: a 0.1 `Rule(…)` becomes the ReportRule or PairRule of its
    scope, with a DeprecationWarning naming its plugin (it loads until 0.3)."""
    if type(rule_or_legacy) is not Rule:
        return rule_or_legacy
    warnings.warn(f"插件 {plugin} 的规则 {rule_or_legacy.code} 用 Rule(...) 定义：0.3 起不再支持，请改用 "
                  "@rule / @pair_rule（docs/plugins.md）", DeprecationWarning, stacklevel=2)
    kind = PairRule if rule_or_legacy.scope == "pair" else ReportRule
    fields = {a.name: getattr(rule_or_legacy, a.name) for a in Rule.__attrs_attrs__}
    if kind is PairRule and not fields["reads"]:
        fields["reads"] = ("*",)  # (0.1 had no `reads`: its pair rules saw every fact)
    return kind(**fields)


def json_safe(value: Any) -> Any:
    """A finding's message argument as JSON data that renders as the value did: an integral
    Decimal as an int, another as a float (`5.0`, `0.5`); sequences as lists; others as text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent  # a letter for NaN and ±Infinity: those are floats
        integral = value == value.to_integral_value() and isinstance(exponent, int) and exponent >= 0
        return int(value) if integral else float(value)
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    return str(value)


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
class Excerpt:
    """The text a finding points at, as the report says it: the line of the report text that
    holds its place (a table row's cells joined by ` | `, a sentence, a PDF page's line, never
    the HTML markup) and the 1-based character where the place starts in it."""

    text: str
    column: int = 1


@frozen
class Diagnostic:
    """A finding of a rule on a report. It keeps its rule's message templates (`template`,
    `template_en`) and the finding's JSON-safe arguments (`args`); `message_in(lang)` renders
    it, and `message` in the language the check was asked for (`lang`)."""

    code: str
    name: str
    severity: str
    template: str
    source: str
    span: Span | None = field(default=None, eq=False)
    related: tuple[Related, ...] = ()
    indicators: tuple[str, ...] = ()
    relation: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    fingerprint: str = ""
    plugin: str = ""
    args: tuple[tuple[str, Any], ...] = ()
    template_en: str = ""
    lang: str = field(default="zh", eq=False)
    category: str = "report"  # its rule's (CATEGORIES): the report is wrong, or the tool could not read it
    excerpt: Excerpt | None = field(default=None, eq=False)  # set where the report text is at hand
    quote: str = field(default="", eq=False)  # its finding's (Finding.quote, Finding.quote_at)
    quote_at: int | None = field(default=None, eq=False)

    def message_in(self, lang: str = "zh") -> str:
        template = self.template_en if lang == "en" and self.template_en else self.template
        return template.format(**dict(self.args))

    @property
    def message(self) -> str:
        return self.message_in(self.lang)

    @property
    def arguments(self) -> dict[str, Any]:
        return dict(self.args)


def fingerprint(code: str, finding: Finding) -> str:
    """Stable across runs and across edits elsewhere in the file: made of what the finding is
    about (rule, relation, indicators, its key and values), not of line numbers."""
    parts = [code, finding.relation or "", ",".join(finding.indicators), finding.key,
             ";".join(f"{k}={v}" for k, v in sorted(finding.values.items()))]
    return hashlib.sha1("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
