"""The engine: applies each rule of a registry (`govdisclosure.registry`) where it is in scope,
isolates a rule that fails, and turns findings into diagnostics."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from attrs import evolve

from .ast import Report
from .config import Config
from .extract import NO_REGION, extract, report_region
from .plugins import stdout_to_stderr, stops_the_run
from .registry import Registry, resolve
from .rules.model import (BatchContext, BatchFinding, Context, Diagnostic, Finding, PairContext, Rule, RuleOverride,
                          fingerprint, json_safe)
from .sources.errors import TwinError
from .vocabulary import CATEGORIES

INTERNAL_CODE = "GD999"
# In a selection: every rule.
ALL = "ALL"


class SelectionError(TwinError, ValueError):
    """A code or prefix in a selection (`--select`, `--ignore`, the configuration) that names no
    registered rule: a check that would run nothing, or silence nothing, without a word."""


def unknown_selections(registry: Registry, codes, lang: str = "zh") -> list[str]:
    """What is wrong with each code or prefix that matches no registered rule, with the nearest
    known codes (`gd1`: did you mean GD1?), in `lang`."""
    from difflib import get_close_matches

    known = sorted({rule.code for rule in registry.rules} | {INTERNAL_CODE})
    problems = []
    for prefix in dict.fromkeys(codes):
        if prefix == ALL or any(code.startswith(prefix) for code in known):
            continue
        upper = prefix.upper()
        near = [upper] if upper != prefix and any(code.startswith(upper) for code in known) else \
            get_close_matches(upper, known, n=3, cutoff=0.5)
        families = "、".join(sorted({code.rstrip("0123456789") for code in known}))
        if lang == "en":
            families = ", ".join(sorted({code.rstrip("0123456789") for code in known}))
            hint = f" (did you mean {', '.join(near)}?)" if near else f" (registered codes start with {families}, or use {ALL})"
            problems.append(f"\"{prefix}\" is not the code or code prefix of any registered rule{hint}")
            continue
        hint = f"（是否指 {'、'.join(near)}？）" if near else f"（已注册的代码以 {families} 开头，或用 {ALL}）"
        problems.append(f"“{prefix}”不是任何已注册规则的代码或代码前缀{hint}")
    return problems


def check_selection(registry: Registry, *selections) -> None:
    """Raise SelectionError naming every code or prefix of `selections` no rule matches."""
    codes = [code for selection in selections for code in selection]
    problems = unknown_selections(registry, codes)
    if problems:
        raise SelectionError("；".join(problems), en="; ".join(unknown_selections(registry, codes, "en")))


def check(report: Report, registry: Registry | None = None, select=(), ignore=(), config=None,
          lang: str = "zh", region: str | None = None) -> list[Diagnostic]:
    """The diagnostics of one report, sorted by place and code."""
    return check_report(report, registry, select, ignore, config, lang, region)[1]


def check_report(report: Report, registry: Registry | None = None, select=(), ignore=(), config=None,
                 lang: str = "zh", region: str | None = None):
    """The facts the rules ran on, and the diagnostics of one report, sorted by place and code.
    `select`/`ignore` (code prefixes) add to the configuration's; `config` defaults to none."""
    registry = resolve(registry)
    check_selection(registry, select, ignore)
    config = config or Config()
    select = tuple(select) or config.select
    ignore = tuple(ignore) + config.ignores_for(report.source or "")
    if region is None:
        region = config.region
    if region is None and (any(rule.regions for rule in registry.rules) or any(c.regions for c in registry.catalogs.catalogs)
                           or any(d.regions for d in registry.deadlines)):
        region = report_region(report) or NO_REGION  # resolved once: extract does not look again
    facts = extract(report, registry, region)
    region = region or None
    catalog = registry.catalogs.get(facts.template)
    source = report.source or "<text>"
    context = Context(report, facts, catalog, source, registry, region=region)
    diagnostics: list[Diagnostic] = []
    with stdout_to_stderr():  # (once per report: a rule's print() must not reach the results)
        for rule in registry.rules:
            if rule.scope != "report":
                continue
            base = catalog.extends if catalog is not None else ""
            if not _selected(rule.code, select, ignore) or not rule.applies(facts.template, report.year, region, base):
                continue
            if catalog is None and rule.family in ("arithmetic", "prose"):
                continue  # no statistics table to check against
            override = registry.override(rule, facts.template, region, base) if registry.overrides else None
            diagnostics.extend(_run(rule, context, source, lang, override, report.span, rule.code))
    diagnostics = config.apply(diagnostics)
    diagnostics.sort(key=lambda d: (d.span.line if d.span else 0, d.span.column if d.span else 0, d.code))
    return facts, diagnostics


def check_pairs(series, registry: Registry | None = None, select=(), ignore=(), config=None,
                lang: str = "zh") -> list[Diagnostic]:
    """The cross-year diagnostics of collections (`collection.Series`): every pair rule on every
    two consecutive years of an issuer, scoped by the later report's template and year. In order
    of issuer, year, then place and code."""
    registry = resolve(registry)
    check_selection(registry, select, ignore)
    config = config or Config()
    select = tuple(select) or config.select
    out: list[Diagnostic] = []
    with stdout_to_stderr():  # (a rule's print() must not reach the results)
        for one in series:
            for previous, current in one.pairs():
                context = PairContext(previous, current, registry.catalogs.get(current.template), registry)
                base = context.catalog.extends if context.catalog is not None else ""
                found: list[Diagnostic] = []
                for rule in registry.rules:
                    if rule.scope != "pair" or not rule.applies(current.template, current.year, current.region, base):
                        continue
                    if not _selected(rule.code, select, tuple(ignore) + config.ignores_for(current.source)):
                        continue
                    override = registry.override(rule, current.template, current.region, base) if registry.overrides else None
                    found.extend(_run(rule, context, current.source, lang, override, None, f"{rule.code}:{previous.source}"))
                found = config.apply(found)
                found.sort(key=lambda d: (d.span.line if d.span else 0, d.span.column if d.span else 0, d.code))
                out.extend(found)
    return out


def batch_group(rule: Rule, year: int, region: str | None):
    """The group a report of `year` and `region` belongs to for a batch rule (its `group_by`):
    its year, (its year, its province), or the whole run; None: in none (no division known)."""
    if rule.group_by == "region":
        return (year, region[:2]) if region else None
    return "run" if rule.group_by == "run" else year


def batch_groups(rule: Rule, entries) -> dict:
    """A batch rule's groups of a run's reports: `entries` are (key, year, kind, source, region,
    payload) per report read; one per issuer and year is kept (the preferred reading,
    `collection.reading_rank`), a report without a key or a year in none; the payloads by group,
    in key and year order. A rule of the whole run has its group even when no report is in it
    (a roster's units are missing all the same)."""
    from .collection import reading_rank

    kept: dict[tuple[str, int], tuple[tuple[int, str], str | None, object]] = {}
    for key, year, kind, source, region, payload in entries:
        if not key or year is None:
            continue
        rank = reading_rank(kind, source)
        if (key, year) not in kept or rank < kept[(key, year)][0]:
            kept[(key, year)] = (rank, region, payload)
    groups: dict = {"run": []} if rule.group_by == "run" else {}
    for (key, year), (_, region, payload) in sorted(kept.items()):
        group = batch_group(rule, year, region)
        if group is not None:
            groups.setdefault(group, []).append(payload)
    return dict(sorted(groups.items(), key=lambda item: str(item[0])))


def check_batch(rule: Rule, context, registry: Registry | None = None, select=(), ignore=(), config_for=None,
                lang: str = "zh") -> list[Diagnostic]:
    """One batch rule on one group of a run's reports (`BatchContext`): each finding on the
    report it names, scoped and configured as that report is (`config_for(source)`: its
    configuration; None: none). A rule that raises gives one GD999 diagnostic on the group."""
    registry = resolve(registry)
    out: list[Diagnostic] = []
    if not _selected(rule.code, select, ignore):
        return out
    check: Callable[[BatchContext], Iterable[BatchFinding]] = rule.check  # type: ignore[assignment]  # (a batch rule's)
    with stdout_to_stderr():
        try:
            found = list(check(context))
            wrong = next((item for item in found if not isinstance(item, BatchFinding)), None)
            if wrong is not None:
                raise TypeError(f"a batch rule yields BatchFinding(source, finding), not {type(wrong).__name__}")
        except BaseException as error:  # noqa: BLE001 - as `_run`: reported, not raised
            if stops_the_run(error) or os.environ.get("GOVDISCLOSURE_DEBUG"):
                raise
            finding = Finding({"code": rule.code, "name": rule.name, "plugin": rule.plugin,
                               "error": f"{type(error).__name__}: {error}"}, key=f"{rule.code}:{context.key}")
            internal = registry.rule(INTERNAL_CODE)
            assert internal is not None  # (the core's, always registered)
            return [evolve(_diagnostic(internal, finding, "<batch>", lang), plugin=rule.plugin)]
    for item in found:
        config = config_for(item.source) if config_for is not None else Config()
        if not _selected(rule.code, tuple(select) or config.select, tuple(ignore) + config.ignores_for(item.source)):
            continue
        out.extend(config.apply([_diagnostic(rule, item.finding, item.source, lang)]))
    out.sort(key=lambda d: (d.source, d.span.line if d.span else 0, d.span.column if d.span else 0, d.code))
    return out


def _run(rule: Rule, context, source: str, lang: str, override, span, key: str) -> list[Diagnostic]:
    """A rule's diagnostics; a rule that raises gives one GD999 diagnostic naming it and its
    plugin instead (one failing rule must not stop the others)."""
    try:
        return [_diagnostic(rule, finding, source, lang, override) for finding in rule(context)]
    except BaseException as error:  # noqa: BLE001 - reported as a diagnostic, sys.exit() too (not Ctrl-C)
        if stops_the_run(error) or os.environ.get("GOVDISCLOSURE_DEBUG"):
            raise
        finding = Finding({"code": rule.code, "name": rule.name, "plugin": rule.plugin,
                           "error": f"{type(error).__name__}: {error}"}, span=span, key=key)
        # (the diagnostic names the failing rule's plugin: the one to report it to)
        return [evolve(_diagnostic(context.registry.rule(INTERNAL_CODE), finding, source, lang), plugin=rule.plugin)]


def _selected(code: str, select, ignore) -> bool:
    if select and ALL not in select and not any(code.startswith(prefix) for prefix in select):
        return False
    return ALL not in ignore and not any(code.startswith(prefix) for prefix in ignore)


def _diagnostic(rule: Rule, finding: Finding, source: str, lang: str, override: RuleOverride | None = None) -> Diagnostic:
    if override is not None:  # a plugin's severity and wording where it applies
        rule = evolve(rule, severity=override.severity or rule.severity, message=override.message or rule.message,
                      message_en=override.message_en or rule.message_en)
        finding = evolve(finding, severity=override.severity or finding.severity)
    return Diagnostic(
        code=rule.code, name=rule.name, severity=finding.severity or rule.severity,
        template=rule.template("zh", finding.args.get("kind")),
        source=source, span=finding.span, related=finding.related, indicators=finding.indicators,
        relation=finding.relation, values=tuple(sorted(finding.values.items())),
        fingerprint=fingerprint(rule.code, finding), plugin=rule.plugin,
        args=tuple(sorted((str(k), json_safe(v)) for k, v in finding.args.items())),
        template_en=rule.template("en", finding.args.get("kind")),
        lang=lang, category=finding.category if finding.category in CATEGORIES else rule.category,
        quote=finding.quote, quote_at=finding.quote_at,
    )
