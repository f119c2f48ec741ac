"""The registry: everything the core and the plugins contribute, gathered once through one plugin
manager and frozen.

`load(blocked=…, autoload=…, require=…)` registers the core and the installed plugins (entry-point
group `govdisclosure`), calls each hook of each plugin on its own, and returns a `Registry`:
the plugins and their versions, the failures, the indicator catalogues, the rules, the rule
overrides, the required sections and the prose patterns. A plugin that fails anywhere (it does
not import, implements an unknown hook, contributes an invalid rule, a catalogue that does not
load, a code another plugin uses) is reported and skipped whole: none of what it contributes is
used. The core's own contributions come through the same hooks and must load.

A registry is built once per run and passed explicitly to `extract`, `check`, the strategies and
`testing`; `default()` is the registry of the installed plugins, built once per process.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy
from attrs import frozen

from .ast import Report, Section
from .cache import toml
from .deadlines import Deadline, parse_deadlines
from .derived import DerivedIndicator, parse_derived
from .derived import merged as merged_derived
from .catalog.model import Catalog, CatalogError, parse_catalog, tomllib
from .plugins import (CORE_PLUGINS, PluginFailure, PluginInfo, make_plugin_manager, stdout_to_stderr,
                      stops_the_run, trace, warn)
from .rules.model import Rule, RuleOverride, declared
from .vocabulary import CATEGORIES, FAMILIES, SCOPES, SEVERITIES, SectionRole

if TYPE_CHECKING:
    from .prose import ProsePattern

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

# Rule codes: the core's are GD and three digits; a plugin's share one prefix of two or three
# capital letters of its own (FJ101, HB101), never GD.
CORE_CODE = re.compile(r"^GD\d{3}$")
PLUGIN_CODE = re.compile(r"^(?!GD)([A-Z]{2,3})\d{3}$")


class RegistryError(Exception):
    """A registry that cannot be what was asked for: a required plugin is not loaded."""


@frozen
class Catalogs:
    """Every catalogue, in registration order, and the plugins whose catalogues failed."""

    catalogs: tuple[Catalog, ...]
    failures: tuple[PluginFailure, ...] = ()

    def get(self, template: str) -> Catalog | None:
        return next((c for c in self.catalogs if c.template == template), None)

    @property
    def templates(self) -> tuple[str, ...]:
        return tuple(c.template for c in self.catalogs)


@frozen
class RequiredSection:
    """A section a template requires: its name, words any of which its title contains, and its
    role (a `SectionRole` value)."""

    name: str
    words: tuple[str, ...]
    role: str = ""


@frozen
class Registry:
    """Everything the core and the plugins contributed, and what failed."""

    catalogs: Catalogs
    rules: tuple[Rule, ...]
    failures: tuple[PluginFailure, ...] = ()
    plugins: tuple[str, ...] = ()  # the registered plugins' names
    infos: tuple[PluginInfo, ...] = ()  # each loaded plugin's distribution and version
    overrides: tuple[RuleOverride, ...] = ()
    # template → its required sections, in order (data/sections.toml and the plugins')
    sections: Mapping[str, tuple[RequiredSection, ...]] = attrs.field(factory=lambda: MappingProxyType({}))
    # section role → the words by which a title is known for it (data/sections.toml's [roles])
    section_roles: Mapping[str, tuple[str, ...]] = attrs.field(factory=lambda: MappingProxyType({}))
    prose_patterns: tuple[ProsePattern, ...] = ()  # in registration order
    blocked: tuple[str, ...] = ()  # plugins left out (`-p no:NAME`)
    # Common mistakes of wording: (wrong, right, the plugin that gave it), in registration order.
    lexicon: tuple[tuple[str, str, str], ...] = ()
    # Publication deadlines (GD403), in registration order: the core's, then the plugins'.
    deadlines: tuple[Deadline, ...] = ()
    # Derived indicators (rates), the plugins' variants merged into the core's by id.
    derived: tuple[DerivedIndicator, ...] = ()

    def __repr__(self) -> str:  # (the catalogues and rules would fill a screen)
        return (f"Registry(plugins={list(self.plugins)}, templates={list(self.catalogs.templates)}, "
                f"rules={len(self.rules)}, failures={len(self.failures)}, blocked={list(self.blocked)})")

    def rule(self, code: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.code == code), None)

    def required_sections(self, template: str, base: str = "") -> tuple[RequiredSection, ...]:
        """A template's required sections; a variant requires what its base does unless it says."""
        return self.sections.get(template) or self.sections.get(base) or ()

    def section(self, report: Report, role: str) -> Section | None:
        """The report's first section of this role (its title holds one of the role's words)."""
        words = self.section_roles.get(role, ())
        return next((s for s in report.sections if any(word in s.title for word in words)), None)

    def override(self, rule: Rule, template: str, region: str | None, base: str = "") -> RuleOverride | None:
        """The plugins' change to a rule for a report of this template and region: their
        overrides that apply, merged in plugin order (a later plugin's field wins)."""
        found = [o for o in self.overrides if o.code == rule.code and o.applies(template, region, base)]
        if not found:
            return None
        severity: str | None = None
        message: str | None = None
        message_en: str | None = None
        for o in found:  # a later plugin's field wins, unless it leaves it empty
            severity = o.severity or severity
            message = o.message or message
            message_en = o.message_en or message_en
        return RuleOverride(rule.code, severity, message, message_en, plugin=",".join(o.plugin for o in found))


def load(blocked: Iterable[str] = (), autoload: bool | None = None, require: Iterable[str] = ()) -> Registry:
    """The registry of the core and the installed plugins, less the `blocked` ones (by
    entry-point name: `-p no:NAME`). `autoload=False` (or GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD=1)
    loads the core only. Raises RegistryError when a plugin of `require` (an entry-point or a
    distribution name) is not loaded."""
    blocked = tuple(sorted(set(blocked)))
    manager, failures = make_plugin_manager(autoload, blocked)
    registry = of_manager(manager, failures, blocked)
    missing = missing_plugins(registry, require)
    if missing:
        raise RegistryError(missing)
    return registry


def missing_plugins(registry: Registry, require: Iterable[str], lang: str = "zh") -> str | None:
    """Why the plugins of `require` that are not loaded are not, as a message in `lang`; None when all are."""
    loaded = {info.name for info in registry.infos} | {info.distribution for info in registry.infos}
    missing = [name for name in require if name not in loaded]
    if not missing:
        return None
    failed = {f.name: f for f in registry.failures}
    if lang == "en":
        said = "; ".join(f"plugin {name} failed to load and was skipped: {failed[name].error}" if name in failed else
                         f"{name} is disabled (-p no:{name})" if name in registry.blocked else
                         f"{name} is not installed or is disabled" for name in missing)
        return f"plugins the configuration requires are not loaded: {said}"
    why = "；".join(str(failed[name]) if name in failed else
                   f"{name} 已停用（-p no:{name}）" if name in registry.blocked else f"{name} 未安装或已停用"
                   for name in missing)
    return f"配置要求的插件没有加载：{why}"


@lru_cache(maxsize=4)
def _default(blocked: tuple[str, ...], autoload: bool) -> Registry:
    return load(blocked, autoload)


def default(blocked: Iterable[str] = ()) -> Registry:
    """The registry of the installed plugins (less `blocked`), built once per process."""
    return _default(tuple(sorted(set(blocked))), not os.environ.get("GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD"))


def resolve(given: "Registry | Catalogs | None" = None) -> Registry:
    """The registry to use: `given`, or the default one. Catalogues alone (the 0.1 API) stand in
    for the default registry's."""
    if isinstance(given, Registry):
        return given
    registry = default()
    if isinstance(given, Catalogs):
        return attrs.evolve(registry, catalogs=given)
    if given is not None:
        raise TypeError(f"not a Registry: {given!r}")
    return registry


def clear_default() -> None:
    """Forget the default registries (after installing or removing a plugin in-process)."""
    _default.cache_clear()


def of_manager(manager: pluggy.PluginManager, failures: Iterable[PluginFailure] = (),
               blocked: tuple[str, ...] = ()) -> Registry:
    """The registry of a plugin manager's plugins. A plugin that fails in any hook is skipped
    whole: none of its catalogues, rules, overrides, sections or prose patterns is used (a rule
    of a plugin whose catalogue failed would check tables nobody can read)."""
    failures = list(failures)
    gathered = _gather_catalogs(manager, failures)
    # grows as hooks fail
    failed: Callable[[], frozenset[str]] = lambda: frozenset(f.name for f in failures)  # noqa: E731
    rules = _gather_rules(manager, failures, failed())
    overrides = _gather_overrides(manager, failures, rules, failed())
    sections = _gather_sections(manager, failures, failed())
    contributed_patterns = _gather_prose_patterns(manager, failures, failed())
    contributed_words = _gather_lexicon(manager, failures, failed())
    contributed_derived = _gather_derived(manager, failures, failed())
    contributed_deadlines = list(_each(manager, "govdisclosure_deadlines", failures, failed(),
                                       lambda plugin, items: [d for item in items
                                                              for d in parse_deadlines(*_read_toml(item), plugin)]))
    skipped = failed()
    rules = tuple(r for r in rules if r.plugin not in skipped)
    overrides = tuple(o for o in overrides if o.plugin not in skipped)
    catalogs = Catalogs(tuple(c for c in gathered if c.plugin not in skipped), tuple(failures))
    merged: dict[str, tuple[RequiredSection, ...]] = {}
    roles: dict[str, tuple[str, ...]] = {}
    for plugin, (templates, role_words) in sections:
        if plugin not in skipped:
            merged.update(templates)
            for role, words in role_words.items():
                roles[role] = tuple(dict.fromkeys(roles.get(role, ()) + words))
    patterns = tuple(p for plugin, contributed in contributed_patterns if plugin not in skipped for p in contributed)
    lexicon = tuple((wrong, right, plugin) for plugin, entries in contributed_words if plugin not in skipped
                    for wrong, right in entries)
    deadlines = tuple(d for plugin, entries in contributed_deadlines if plugin not in skipped for d in entries)
    derived = merged_derived(d for plugin, entries in contributed_derived if plugin not in skipped for d in entries)
    # (a registered plugin always has its name)
    names = tuple(sorted(name for name in map(manager.get_name, manager.get_plugins()) if name is not None))
    return Registry(catalogs, rules, tuple(failures), names, getattr(manager, "govdisclosure_infos", ()), overrides,
                    MappingProxyType(merged), MappingProxyType(roles), patterns, blocked, lexicon, deadlines,
                    derived)


def _fail(failures: list[PluginFailure], plugin: str, hook: str, error: BaseException) -> None:
    """Report a plugin's failure in a hook (the core's failures are bugs, and raise)."""
    if plugin in CORE_PLUGINS:
        raise error
    failure = PluginFailure(plugin, hook, f"{type(error).__name__}: {error}")
    failures.append(failure)
    warn(failure, stacklevel=5)


_Made = TypeVar("_Made")


def _each(manager: pluggy.PluginManager, hook: str, failures: list[PluginFailure], skip: frozenset[str],
          read: Callable[[str, list[Any]], _Made]) -> Iterator[tuple[str, _Made]]:
    """(plugin, what `read(plugin, items)` makes of its contribution) for each plugin that
    implements `hook`, in registration order (the core first); a plugin whose hook or contribution
    fails is reported and left out."""
    # In registration order, the core first: pluggy's call order (tryfirst/trylast) must not let a
    # plugin's catalogue come before the core's, which would then clash and fail the whole run.
    registered = {name: place for place, (name, _) in enumerate(manager.list_name_plugin())}
    impls = sorted(getattr(manager.hook, hook).get_hookimpls(),
                   key=lambda impl: registered.get(impl.plugin_name, len(registered)))
    for impl in impls:
        if impl.plugin_name in skip:
            continue
        try:
            with stdout_to_stderr():  # (a plugin's print() must not reach the results)
                contributed = list(impl.function() or ())
            made = read(impl.plugin_name, contributed)
        except BaseException as error:  # noqa: BLE001 - a plugin's failure (sys.exit too) is reported, not raised
            if stops_the_run(error):
                raise
            _fail(failures, impl.plugin_name, hook, error)
            continue
        yield impl.plugin_name, made


def _read_toml(item: Traversable | str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """The TOML data of a data file (a path or a package resource) and its name."""
    name = getattr(item, "name", str(item))
    try:
        text = item.read_text(encoding="utf-8") if hasattr(item, "read_text") else Path(item).read_text(encoding="utf-8")
        return toml(text), name
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{name}: not valid TOML: {error}") from None


def _gather_catalogs(manager: pluggy.PluginManager, failures: list[PluginFailure]) -> list[Catalog]:
    """Each plugin's catalogues; variants (`extends`) are read after every catalogue they may
    extend. Two catalogues of one template are a plugin's failure (the later one's)."""
    catalogs: list[Catalog] = []
    variants: list[tuple[str, dict[str, Any], str]] = []

    def read(plugin: str, items: list[Any]) -> list[Catalog]:
        loaded: list[Catalog] = []
        held: list[tuple[str, dict[str, Any], str]] = []
        for item in items:
            if isinstance(item, Catalog):
                loaded.append(item)
                continue
            data, origin = _read_toml(item)
            if data.get("template", {}).get("extends"):
                held.append((plugin, data, origin))
            else:
                loaded.append(parse_catalog(data, origin))
        variants.extend(held)
        return loaded

    def add(plugin: str, catalog: Catalog) -> None:
        clash = next((c for c in catalogs if c.template == catalog.template), None)
        if clash is not None:
            raise CatalogError(f"two catalogues define template {catalog.template!r}: {clash.origin} and {catalog.origin}")
        catalogs.append(attrs.evolve(catalog, plugin=plugin))
        trace(f"govdisclosure_catalogs [{plugin}] → {catalog.template} ({catalog.origin})")

    for plugin, loaded in _each(manager, "govdisclosure_catalogs", failures, frozenset(), read):
        try:
            for catalog in loaded:
                add(plugin, catalog)
        except CatalogError as error:
            _fail(failures, plugin, "govdisclosure_catalogs", error)
    for plugin, data, origin in variants:
        if plugin in {f.name for f in failures}:
            continue
        base = next((c for c in catalogs if c.template == data["template"]["extends"]), None)
        try:
            if base is None:
                raise CatalogError(f"{origin}: extends {data['template']['extends']!r}, which is not loaded")
            add(plugin, parse_catalog(data, origin, base))
        except Exception as error:  # noqa: BLE001
            _fail(failures, plugin, "govdisclosure_catalogs", error)
    return catalogs


def _rule_problem(rule: object, plugin: str) -> str | None:
    """What makes a contributed rule unusable, or None."""
    if not isinstance(rule, Rule):
        return f"不是 Rule：{rule!r}"[:120]
    if plugin in CORE_PLUGINS:
        if not CORE_CODE.match(rule.code):
            return f"核心规则代码 {rule.code!r} 不是 GD 加三位数字"
    elif rule.code.startswith("GD") and CORE_CODE.match(rule.code):
        return f"规则代码 {rule.code} 用了核心规则的前缀 GD：插件的规则用它自己的前缀（如 FJ101、HB101）"
    elif not PLUGIN_CODE.match(rule.code):
        return f"规则代码 {rule.code!r} 不是两到三个大写字母加三位数字"
    if rule.severity not in SEVERITIES:
        return f"{rule.code} 的 severity {rule.severity!r} 不是 {', '.join(SEVERITIES)}"
    if rule.family not in FAMILIES:
        return f"{rule.code} 的 family {rule.family!r} 不是 {', '.join(FAMILIES)}"
    if rule.category not in CATEGORIES:
        return f"{rule.code} 的 category {rule.category!r} 不是 {', '.join(CATEGORIES)}"
    if rule.scope not in SCOPES or not callable(rule.check):
        return f"{rule.code} 的 scope {rule.scope!r} 或 check 不可用"
    return None


def _gather_rules(manager: pluggy.PluginManager, failures: list[PluginFailure],
                  skip: frozenset[str]) -> tuple[Rule, ...]:
    """Each plugin's rules, checked: codes of the plugin's own prefix, known severities,
    families and scopes, each code once."""
    rules: dict[str, Rule] = {}
    prefixes: dict[str, str] = {}  # a plugin's code prefix → the plugin

    def read(plugin: str, items: list[Any]) -> list[Rule]:
        problem = next((p for p in (_rule_problem(rule, plugin) for rule in items) if p), None)
        if problem:
            raise ValueError(problem)
        codes = [rule.code for rule in items]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"规则代码 {twice[0]} 在插件 {plugin} 中出现两次")
        clash = next((rule for rule in items if rule.code in rules), None)
        if clash is not None:
            raise ValueError(f"规则代码 {clash.code} 已由插件 {rules[clash.code].plugin} 使用，与插件 {plugin} 冲突")
        if plugin not in CORE_PLUGINS:
            # (every code matches: _rule_problem checked them)
            own = sorted({match.group(1) for match in map(PLUGIN_CODE.match, codes) if match})
            if len(own) > 1:
                raise ValueError(f"插件 {plugin} 的规则代码用了多个前缀（{'、'.join(own)}）：一个插件只用一个前缀")
            if own and prefixes.get(own[0], plugin) != plugin:
                raise ValueError(f"规则代码前缀 {own[0]} 已由插件 {prefixes[own[0]]} 使用，与插件 {plugin} 冲突")
            prefixes.update((prefix, plugin) for prefix in own)
        made = [attrs.evolve(declared(rule, plugin), plugin=plugin) for rule in items]
        trace(f"govdisclosure_rules [{plugin}] → {', '.join(codes) or 'none'}")
        rules.update((rule.code, rule) for rule in made)
        return made

    for _ in _each(manager, "govdisclosure_rules", failures, skip, read):
        pass
    return tuple(sorted(rules.values(), key=lambda rule: rule.code))


def _gather_overrides(manager: pluggy.PluginManager, failures: list[PluginFailure], rules: tuple[Rule, ...],
                      skip: frozenset[str]) -> tuple[RuleOverride, ...]:
    """Each plugin's rule overrides; one naming an unknown rule or severity fails its plugin."""
    codes = {rule.code for rule in rules}

    def read(plugin: str, items: list[Any]) -> list[RuleOverride]:
        for override in items:
            if not isinstance(override, RuleOverride):
                raise ValueError(f"不是 RuleOverride：{override!r}"[:120])
            if override.code not in codes:
                raise ValueError(f"没有规则 {override.code}")
            if override.severity and override.severity not in SEVERITIES:
                raise ValueError(f"{override.code} 的 severity {override.severity!r} 不是 {', '.join(SEVERITIES)}")
        trace(f"govdisclosure_rule_overrides [{plugin}] → {', '.join(o.code for o in items) or 'none'}")
        return [attrs.evolve(o, plugin=plugin) for o in items]

    found = _each(manager, "govdisclosure_rule_overrides", failures, skip, read)
    return tuple(o for _, made in found for o in made)


# A plugin's section catalogue: template → its required sections, and role → words.
_Sections = tuple[dict[str, tuple[RequiredSection, ...]], dict[str, tuple[str, ...]]]


def _gather_sections(manager: pluggy.PluginManager, failures: list[PluginFailure],
                     skip: frozenset[str]) -> list[tuple[str, _Sections]]:
    """Each plugin's section catalogue (TOML, as data/sections.toml): the words of section roles
    (`[roles.ROLE] words = […]`, added to the earlier plugins') and the required sections per
    template (`[templates.NAME] sections = [{role = …, name = …, words = […]}, …]`, a later
    plugin's template replacing an earlier's)."""
    def words_of(value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
            raise CatalogError(f"{where}: words must be a non-empty list of texts")
        return tuple(value)

    def role_of(value: object, where: str) -> str:
        if value not in SectionRole.values():
            raise CatalogError(f"{where}: role {value!r} is not one of {', '.join(SectionRole.values())}")
        return str(value)

    def read(plugin: str, items: list[Any]) -> _Sections:
        templates_out: dict[str, tuple[RequiredSection, ...]] = {}
        roles_out: dict[str, tuple[str, ...]] = {}
        for item in items:
            data, origin = _read_toml(item)
            roles, templates = data.get("roles", {}), data.get("templates", {})
            if not isinstance(roles, dict) or not isinstance(templates, dict) or not (roles or templates):
                raise CatalogError(f"{origin}: no [roles.ROLE] or [templates.NAME] tables")
            for role, table in roles.items():
                where = f"{origin}: [roles.{role}]"
                roles_out[role_of(role, where)] = words_of(table.get("words") if isinstance(table, dict) else None, where)
            for template, table in templates.items():
                where = f"{origin}: [templates.{template}]"
                entries = table.get("sections") if isinstance(table, dict) else None
                if not isinstance(entries, list):
                    raise CatalogError(f"{where}: sections must be a list")
                required: list[RequiredSection] = []
                for entry in entries:
                    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                        raise CatalogError(f"{where}: sections need a name and words (and may name a role)")
                    role = role_of(entry.get("role"), where) if "role" in entry else ""
                    required.append(RequiredSection(entry["name"], words_of(entry.get("words"), where), role))
                templates_out[template] = tuple(required)
        return templates_out, roles_out

    return list(_each(manager, "govdisclosure_sections", failures, skip, read))


def _gather_lexicon(manager: pluggy.PluginManager, failures: list[PluginFailure],
                    skip: frozenset[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each plugin's common mistakes (TOML `[[entries]]` of `wrong` and `right`)."""

    def read(plugin: str, items: list[Any]) -> list[tuple[str, str]]:
        entries: list[tuple[str, str]] = []
        for item in items:
            data, origin = _read_toml(item)
            for number, entry in enumerate(data.get("entries", []), 1):
                wrong, right = entry.get("wrong"), entry.get("right")
                if not isinstance(wrong, str) or not isinstance(right, str) or not wrong or wrong == right:
                    raise CatalogError(f"{origin}: entry {number}: needs a `wrong` and a different `right` (text)")
                entries.append((wrong, right))
        return entries

    return list(_each(manager, "govdisclosure_lexicon", failures, skip, read))


def _gather_derived(manager: pluggy.PluginManager, failures: list[PluginFailure],
                    skip: frozenset[str]) -> list[tuple[str, list[DerivedIndicator]]]:
    """Each plugin's derived indicators; a variant that another plugin (or the core) already
    defines is the later plugin's failure."""
    so_far: list[DerivedIndicator] = []

    def read(plugin: str, items: list[Any]) -> list[DerivedIndicator]:
        parsed = [d for item in items for d in parse_derived(*_read_toml(item), plugin)]
        merged_derived(so_far + parsed)  # (raises on a variant defined twice)
        so_far.extend(parsed)
        return parsed

    return list(_each(manager, "govdisclosure_derived", failures, skip, read))


def _gather_prose_patterns(manager: pluggy.PluginManager, failures: list[PluginFailure],
                           skip: frozenset[str]) -> list[tuple[str, list[ProsePattern]]]:
    """Each plugin's prose patterns (TOML `[[patterns]]`, docs/catalog-format.md)."""
    from .prose import parse_prose_patterns

    def read(plugin: str, items: list[Any]) -> list[ProsePattern]:
        patterns: list[ProsePattern] = []
        for item in items:
            data, origin = _read_toml(item)
            patterns.extend(parse_prose_patterns(data, origin))
        return patterns

    return list(_each(manager, "govdisclosure_prose_patterns", failures, skip, read))
