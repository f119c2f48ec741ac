"""The engine: gathers rules through the hooks, applies each where it is in scope, isolates a rule
that fails, and turns findings into diagnostics."""

from __future__ import annotations

import os
import re
import warnings
from functools import lru_cache

from attrs import evolve, frozen

from .ast import Report
from .catalog.registry import Catalogs, gather_catalogs
from .config import Config
from .extract import extract, report_region
from .plugins import PluginFailure, PluginWarning, make_plugin_manager, trace
from .rules.model import FAMILIES, SEVERITIES, Context, Diagnostic, Finding, Rule, RuleOverride, fingerprint

INTERNAL_CODE = "GD999"
# In a selection: every rule.
ALL = "ALL"


class SelectionError(ValueError):
    """A code or prefix in a selection (`--select`, `--ignore`, the configuration) that names no
    registered rule: a check that would run nothing, or silence nothing, without a word."""


def unknown_selections(registry: "Registry", codes) -> list[str]:
    """What is wrong with each code or prefix that matches no registered rule, with the nearest
    known codes (`gd1`: did you mean GD1?)."""
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
        hint = f"（是否指 {'、'.join(near)}？）" if near else f"（已注册的代码以 {families} 开头，或用 {ALL}）"
        problems.append(f"“{prefix}”不是任何已注册规则的代码或代码前缀{hint}")
    return problems


def check_selection(registry: "Registry", *selections) -> None:
    """Raise SelectionError naming every code or prefix of `selections` no rule matches."""
    problems = unknown_selections(registry, [code for selection in selections for code in selection])
    if problems:
        raise SelectionError("；".join(problems))


@frozen
class Registry:
    """Everything the plugins contributed: catalogues, rules, and the failures."""

    catalogs: Catalogs
    rules: tuple[Rule, ...]
    failures: tuple[PluginFailure, ...] = ()
    plugins: tuple[str, ...] = ()
    infos: tuple = ()  # plugins.PluginInfo of each loaded plugin
    overrides: tuple[RuleOverride, ...] = ()

    def override(self, rule: Rule, template: str, region: str | None, base: str = "") -> RuleOverride | None:
        """The plugins' change to a rule for a report of this template and region: their
        overrides that apply, merged in plugin order (a later plugin's field wins)."""
        found = [o for o in self.overrides if o.code == rule.code and o.applies(template, region, base)]
        if not found:
            return None
        merged = {}
        for override in found:
            merged.update({k: v for k, v in (("severity", override.severity), ("message", override.message),
                                             ("message_en", override.message_en)) if v})
        return RuleOverride(rule.code, plugin=",".join(o.plugin for o in found), **merged)

# A rule code: two to four capital letters and three digits (GD101, FJ101, HB101).
RULE_CODE = re.compile(r"^[A-Z]{2,4}\d{3}$")
SCOPES = ("report", "pair")


def _invalid(rule) -> str | None:
    """What makes a contributed rule unusable, or None."""
    if not isinstance(rule, Rule):
        return f"不是 Rule：{rule!r}"[:120]
    if not RULE_CODE.match(rule.code):
        return f"规则代码 {rule.code!r} 不是两到四个大写字母加三位数字"
    if rule.severity not in SEVERITIES:
        return f"{rule.code} 的 severity {rule.severity!r} 不是 {', '.join(SEVERITIES)}"
    if rule.family not in FAMILIES:
        return f"{rule.code} 的 family {rule.family!r} 不是 {', '.join(FAMILIES)}"
    if rule.scope not in SCOPES or not callable(rule.check):
        return f"{rule.code} 的 scope {rule.scope!r} 或 check 不可用"
    return None


def gather_rules(manager, failures: list[PluginFailure], skip: frozenset[str] = frozenset()) -> tuple[Rule, ...]:
    """Each plugin's rules on its own; a plugin that fails, contributes an invalid rule (its
    code, severity, family or scope) or reuses a code is reported and all its rules skipped.
    The core's must load. Plugins in `skip` (failed elsewhere) contribute none."""
    rules: dict[str, Rule] = {}
    for impl in manager.hook.govdisclosure_rules.get_hookimpls():  # in registration order: the core first
        if impl.plugin_name in skip:
            continue
        try:
            contributed = list(impl.function() or ())
            problem = next((p for p in map(_invalid, contributed) if p), None)
            if problem:
                raise ValueError(problem)
            contributed = [evolve(rule, plugin=impl.plugin_name) for rule in contributed]
            trace(f"govdisclosure_rules [{impl.plugin_name}] → {', '.join(r.code for r in contributed) or 'none'}")
            codes = [r.code for r in contributed]
            twice = sorted({c for c in codes if codes.count(c) > 1})
            if twice:
                raise ValueError(f"规则代码 {twice[0]} 在插件 {impl.plugin_name} 中出现两次")
            clashes = [r for r in contributed if r.code in rules]
            if clashes:
                clash = clashes[0]
                raise ValueError(f"规则代码 {clash.code} 已由插件 {rules[clash.code].plugin} 使用，"
                                 f"与插件 {impl.plugin_name} 冲突")
        except Exception as error:  # noqa: BLE001 - a plugin's failure is reported, not raised
            if impl.plugin_name.startswith("core"):
                raise
            failure = PluginFailure(impl.plugin_name, "govdisclosure_rules", f"{type(error).__name__}: {error}")
            failures.append(failure)
            warnings.warn(str(failure), PluginWarning, stacklevel=2)
            continue
        rules.update((rule.code, rule) for rule in contributed)
    return tuple(sorted(rules.values(), key=lambda rule: rule.code))


def gather_overrides(manager, failures: list[PluginFailure], rules: tuple[Rule, ...],
                     skip: frozenset[str] = frozenset()) -> tuple[RuleOverride, ...]:
    """Each plugin's rule overrides on its own; one naming an unknown rule or severity is reported
    and its plugin's overrides skipped (plugins in `skip` contribute none)."""
    codes = {rule.code for rule in rules}
    out: list[RuleOverride] = []
    for impl in manager.hook.govdisclosure_rule_overrides.get_hookimpls():
        if impl.plugin_name in skip:
            continue
        try:
            contributed = [evolve(o, plugin=impl.plugin_name) for o in impl.function() or ()]
            for override in contributed:
                if override.code not in codes:
                    raise ValueError(f"没有规则 {override.code}")
                if override.severity and override.severity not in SEVERITIES:
                    raise ValueError(f"{override.code} 的 severity {override.severity!r} 不是 {', '.join(SEVERITIES)}")
            trace(f"govdisclosure_rule_overrides [{impl.plugin_name}] → {', '.join(o.code for o in contributed) or 'none'}")
        except Exception as error:  # noqa: BLE001 - a plugin's failure is reported, not raised
            failure = PluginFailure(impl.plugin_name, "govdisclosure_rule_overrides", f"{type(error).__name__}: {error}")
            failures.append(failure)
            warnings.warn(str(failure), PluginWarning, stacklevel=2)
            continue
        out.extend(contributed)
    return tuple(out)


def build_registry(autoload: bool | None = None) -> Registry:
    manager, failures = make_plugin_manager(autoload)
    return registry_of(manager, failures)


def registry_of(manager, failures) -> Registry:
    """The registry of a plugin manager's plugins. A plugin that fails in any hook is skipped
    whole: none of its catalogues, rules or overrides is used (a rule of a plugin whose
    catalogue failed would check tables nobody can read)."""
    failures = list(failures)
    catalogs = gather_catalogs(manager, failures)
    failed = frozenset(f.name for f in (*failures, *catalogs.failures))
    rules = gather_rules(manager, failures, failed)
    failed |= {f.name for f in failures}
    overrides = gather_overrides(manager, failures, rules, failed)
    failed |= {f.name for f in failures}
    rules = tuple(r for r in rules if r.plugin not in failed)
    overrides = tuple(o for o in overrides if o.plugin not in failed)
    if any(c.plugin in failed for c in catalogs.catalogs):
        catalogs = evolve(catalogs, catalogs=tuple(c for c in catalogs.catalogs if c.plugin not in failed))
    names = tuple(manager.get_name(plugin) for plugin in manager.get_plugins())
    return Registry(catalogs, rules, tuple(failures) + catalogs.failures, tuple(sorted(names)),
                    getattr(manager, "govdisclosure_infos", ()), overrides)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return build_registry()


def check(report: Report, registry: Registry | None = None, select=(), ignore=(), config=None,
          lang: str = "zh", region: str | None = None) -> list[Diagnostic]:
    """The diagnostics of one report, sorted by place and code."""
    return check_report(report, registry, select, ignore, config, lang, region)[1]


def check_report(report: Report, registry: Registry | None = None, select=(), ignore=(), config=None,
                 lang: str = "zh", region: str | None = None):
    """The facts the rules ran on, and the diagnostics of one report, sorted by place and code.
    `select`/`ignore` (code prefixes) add to the configuration's; `config` defaults to none."""
    registry = registry or default_registry()
    check_selection(registry, select, ignore)
    config = config or Config()
    select = tuple(select) or config.select
    ignore = tuple(ignore) + config.ignores_for(report.source or "")
    region = region or config.region
    if region is None and (any(rule.regions for rule in registry.rules) or any(c.regions for c in registry.catalogs.catalogs)):
        region = report_region(report)
    facts = extract(report, registry.catalogs, region)
    catalog = registry.catalogs.get(facts.template)
    source = report.source or "<text>"
    context = Context(report, facts, catalog, source)
    diagnostics: list[Diagnostic] = []
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
    from .rules.cross_year import PairContext

    registry = registry or default_registry()
    check_selection(registry, select, ignore)
    config = config or Config()
    select = tuple(select) or config.select
    out: list[Diagnostic] = []
    for one in series:
        for previous, current in one.pairs():
            context = PairContext(previous, current, registry.catalogs.get(current.template))
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


def _run(rule: Rule, context, source: str, lang: str, override, span, key: str) -> list[Diagnostic]:
    """A rule's diagnostics; a rule that raises gives one GD999 diagnostic naming it and its
    plugin instead (one failing rule must not stop the others)."""
    try:
        return [_diagnostic(rule, finding, source, lang, override) for finding in rule.check(context)]
    except Exception as error:  # noqa: BLE001 - reported as a diagnostic
        if os.environ.get("GOVDISCLOSURE_DEBUG"):
            raise
        return [Diagnostic(
            INTERNAL_CODE, "rule-failed", "error",
            f"规则 {rule.code}（{rule.name}，插件 {rule.plugin}）运行出错，已跳过：{type(error).__name__}: {error}",
            source, span=span, plugin=rule.plugin, fingerprint=fingerprint(INTERNAL_CODE, Finding({}, key=key)),
        )]


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
        message=rule.template(lang).format(**finding.args), source=source, span=finding.span,
        related=finding.related, indicators=finding.indicators, relation=finding.relation,
        values=tuple(sorted(finding.values.items())), fingerprint=fingerprint(rule.code, finding),
        plugin=rule.plugin,
    )
