"""Configuration, kept outside the reports (nobody can edit a published report).

Read from `govdisclosure.toml` (the keys at its top level), else `pyproject.toml`
`[tool.govdisclosure]`, in the working directory or the nearest parent that has one:

    # govdisclosure.toml
    select = ["GD1", "GD3"]                  # code prefixes to run (default: all)
    ignore = ["GD202"]
    per-file-ignores = { "drafts/*.txt" = ["GD201"] }
    ignore-relations = ["legacy.stats.withheld_reasons"]
    ignore-indicators = ["f2021.t2.administrative_fees"]
    severity = { GD201 = "error" }           # rule code = error | warning | info
    region = "350128"                        # the reports' division code (2, 4 or 6 digits), when not read from them
    require-plugins = ["fujian"]             # fail unless these plugins are loaded

In `pyproject.toml` the same keys sit under a `[tool.govdisclosure]` header. Every key's type
is checked (a string where a list is due is an error, never a list of its characters), and
`check_config` checks the codes and plugins named against a registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from attrs import evolve, field, frozen

from .catalog.model import tomllib
from .sources.errors import TwinError
from .vocabulary import SEVERITIES

if TYPE_CHECKING:
    import cattrs

    from .registry import Registry

CONFIG_FILE = "govdisclosure.toml"
KEYS = ("select", "ignore", "per-file-ignores", "ignore-relations", "ignore-indicators", "severity", "region",
        "require-plugins")
# How each key is written, shown in its error (the example above).
EXAMPLES = {"select": '["GD1", "GD3"]', "ignore": '["GD202"]', "per-file-ignores": '{ "drafts/*.txt" = ["GD201"] }',
            "ignore-relations": '["legacy.stats.withheld_reasons"]', "ignore-indicators": '["f2021.t2.administrative_fees"]',
            "severity": '{ GD201 = "error" }', "region": '"350128"', "require-plugins": '["fujian"]'}
# A division code as the gazetteer writes it: province (2 digits), prefecture (4) or county (6).
DIVISION_CODE = re.compile(r"[0-9]{2}(?:[0-9]{2}){0,2}")


class ConfigError(TwinError, ValueError):
    """A configuration file that cannot be used; says which and why (`en`: in English)."""


@frozen
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ignore_relations: frozenset[str] = field(factory=frozenset)
    ignore_indicators: frozenset[str] = field(factory=frozenset)
    severity: tuple[tuple[str, str], ...] = ()
    origin: str = ""
    region: str | None = None
    require_plugins: tuple[str, ...] = ()

    def ignores_for(self, source: str) -> tuple[str, ...]:
        return self.ignore + tuple(code for pattern, codes in self.per_file_ignores
                                   if fnmatch(source, pattern) or fnmatch(Path(source).name, pattern) for code in codes)

    def apply(self, diagnostics: list) -> list:
        """Drop what the configuration silences and set the overridden severities."""
        overrides = dict(self.severity)
        kept = []
        for diagnostic in diagnostics:
            if diagnostic.relation and diagnostic.relation in self.ignore_relations:
                continue
            if self.ignore_indicators.intersection(diagnostic.indicators):
                continue
            if diagnostic.code in overrides:
                diagnostic = evolve(diagnostic, severity=overrides[diagnostic.code])
            kept.append(diagnostic)
        return kept


@frozen
class _Written:
    """The keys as a file writes them, structured strictly by `_CONVERTER` (attribute `a_b` is key `a-b`)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(factory=dict)
    ignore_relations: tuple[str, ...] = ()
    ignore_indicators: tuple[str, ...] = ()
    severity: dict[str, str] = field(factory=dict)
    region: str | None = None
    require_plugins: tuple[str, ...] = ()


class _WrongType(TwinError, TypeError):
    """A value of the wrong type, said in the tool's words (the key is added by the caller)."""


_KINDS = {bool: "布尔值", int: "整数", float: "小数", str: "字符串", list: "数组", dict: "表"}
_KINDS_EN = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}


def _kind(value: Any, lang: str = "zh") -> str:
    kinds, when = (_KINDS_EN, "datetime") if lang == "en" else (_KINDS, "日期时间")
    return kinds.get(type(value), when if hasattr(value, "isoformat") else type(value).__name__)


def _seen(value: Any, lang: str = "zh") -> str:
    shown = repr(value)
    return f"{_kind(value, lang)} {shown if len(shown) <= 60 else shown[:57] + '...'}"


def _en(value: Any) -> str:
    return _seen(value, "en")


@lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    # cattrs' own hooks are lenient (str(5) is "5", list("GD1") is ['G', 'D', '1']): these are not.
    # (Made, and cattrs imported, only when a configuration file is read: most runs have none.)
    import cattrs
    from cattrs.gen import make_dict_structure_fn, override

    converter = cattrs.Converter()

    def string(value: Any, _: type) -> str:
        if not isinstance(value, str):
            raise _WrongType(f"应为字符串，而不是{_seen(value)}", en=f"expected a string, not {_en(value)}")
        return value

    def strings(value: Any, _: type) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise _WrongType(f"应为字符串数组，而不是{_seen(value)}", en=f"expected an array of strings, not {_en(value)}")
        wrong = [(n, item) for n, item in enumerate(value, 1) if not isinstance(item, str)]
        if wrong:
            raise _WrongType(f"应为字符串数组，而{'；'.join(f'第 {n} 项是{_seen(item)}' for n, item in wrong)}",
                             en="expected an array of strings, but "
                                + "; ".join(f"item {n} is {_en(item)}" for n, item in wrong))
        return tuple(value)

    def table(value: Any, kind: type) -> dict:
        if not isinstance(value, dict):
            raise _WrongType(f"应为表，而不是{_seen(value)}", en=f"expected a table, not {_en(value)}")
        of = get_args(kind)[1]
        structured = {}
        for key, item in value.items():
            try:
                structured[key] = converter.structure(item, of)
            except _WrongType as error:
                raise error.prefixed(f"{key}: ") from None
        return structured

    converter.register_structure_hook(str, string)
    converter.register_structure_hook_func(lambda kind: kind == tuple[str, ...], strings)
    converter.register_structure_hook_func(lambda kind: get_origin(kind) is dict, table)
    converter.register_structure_hook(_Written, make_dict_structure_fn(
        _Written, converter, per_file_ignores=override(rename="per-file-ignores"),
        ignore_relations=override(rename="ignore-relations"), ignore_indicators=override(rename="ignore-indicators"),
        require_plugins=override(rename="require-plugins")))
    return converter


def parse_config(data: Any, origin: str) -> Config:
    """The configuration of a file's table (`origin` names the file in the errors)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: 配置应为表，而不是{_seen(data)}",
                          en=f"{origin}: the configuration should be a table, not {_en(data)}")
    unknown = set(data) - set(KEYS)
    if unknown:
        tool = unknown == {"tool"}
        hint = "；govdisclosure.toml 的配置项直接写在顶层，不用 [tool.govdisclosure]" if tool else ""
        hint_en = "; govdisclosure.toml has its keys at the top level, without [tool.govdisclosure]" if tool else ""
        raise ConfigError(f"{origin}: 未知的配置项 {', '.join(sorted(unknown))}（可用：{', '.join(KEYS)}{hint}）",
                          en=f"{origin}: unknown configuration key {', '.join(sorted(unknown))} "
                             f"(available: {', '.join(KEYS)}{hint_en})")
    import cattrs

    try:
        written = _converter().structure(data, _Written)
    except cattrs.ClassValidationError as error:
        raise ConfigError(f"{origin}: " + "；".join(_problems(error)),
                          en=f"{origin}: " + "; ".join(_problems(error, "en"))) from None
    bad = {code: level for code, level in written.severity.items() if level not in SEVERITIES}
    if bad:
        raise ConfigError(f"{origin}: severity: 只能是 {', '.join(SEVERITIES)}：{bad}",
                          en=f"{origin}: severity: must be one of {', '.join(SEVERITIES)}: {bad}")
    if written.region is not None and not DIVISION_CODE.fullmatch(written.region):
        raise ConfigError(f"{origin}: region: 应为行政区划代码（2、4 或 6 位数字），而不是 {written.region!r}"
                          f"（例：region = {EXAMPLES['region']}）",
                          en=f"{origin}: region: expected a division code (2, 4 or 6 digits), not {written.region!r} "
                             f"(e.g. region = {EXAMPLES['region']})")
    return Config(
        select=written.select, ignore=written.ignore,
        per_file_ignores=tuple(written.per_file_ignores.items()),
        ignore_relations=frozenset(written.ignore_relations),
        ignore_indicators=frozenset(written.ignore_indicators),
        severity=tuple(sorted(written.severity.items())), origin=origin,
        region=written.region, require_plugins=written.require_plugins,
    )


def _problems(error: cattrs.ClassValidationError, lang: str = "zh") -> list[str]:
    """Each wrong key, named as the file writes it, with what is wrong with it (in `lang`)."""
    import cattrs

    en = lang == "en"
    problems = []
    for problem in error.exceptions:
        names = [note.name for note in getattr(problem, "__notes__", ()) if isinstance(note, cattrs.AttributeValidationNote)]
        key = names[0].replace("_", "-") if names else "?"
        why = problem.in_language(lang) if isinstance(problem, _WrongType) else \
            (f"invalid value ({problem})" if en else f"值无效（{problem}）")
        example = (f" (e.g. {key} = {EXAMPLES[key]})" if en else f"（例：{key} = {EXAMPLES[key]}）") if key in EXAMPLES else ""
        problems.append(f"{key}: {why}{example}")
    return problems


def check_config(config: Config, registry: Callable[[], Registry]) -> None:
    """Raise ConfigError when the configuration names codes no rule of the registry has, or
    requires plugins it has not loaded. `registry` builds it, only when the configuration names any."""
    from .engine import INTERNAL_CODE, unknown_selections
    from .registry import missing_plugins

    named = (("select", config.select), ("ignore", config.ignore),
             ("per-file-ignores", [code for _, codes in config.per_file_ignores for code in codes]))
    if not (config.severity or config.require_plugins or any(codes for _, codes in named)):
        return
    loaded = registry()
    problems = {lang: [f"{key}: {problem}" for key, codes in named for problem in unknown_selections(loaded, codes, lang)]
                for lang in ("zh", "en")}
    # A severity applies to one rule's code exactly: a prefix or a typo would change nothing.
    known = sorted({rule.code for rule in loaded.rules} | {INTERNAL_CODE})
    unknown = [code for code, _ in config.severity if code not in known]
    if unknown:
        problems["zh"].append(f"severity: 没有规则 {', '.join(unknown)}（已注册的规则：{', '.join(known)}）")
        problems["en"].append(f"severity: no rule {', '.join(unknown)} (registered rules: {', '.join(known)})")
    for lang in ("zh", "en"):
        missing = missing_plugins(loaded, config.require_plugins, lang) if config.require_plugins else None
        if missing:
            problems[lang].append(f"require-plugins: {missing}")
    if problems["zh"]:
        raise ConfigError(f"{config.origin}: " + "；".join(problems["zh"]),
                          en=f"{config.origin}: " + "; ".join(problems["en"]))


def load_config(path: str | Path | None = None, start: Path | None = None) -> Config:
    """The configuration in `path`, else the nearest `govdisclosure.toml` or `pyproject.toml`
    with a `[tool.govdisclosure]` table from `start` (the working directory) upwards."""
    if path is not None:
        config = _read(Path(path), explicit=True)
        assert config is not None  # a file named and not usable is an error, never None
        return config
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        for name in (CONFIG_FILE, "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                config = _read(candidate, explicit=False)
                if config is not None:
                    return config
    return Config()


def _read(path: Path, explicit: bool) -> Config | None:
    try:
        data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: 无法读取配置（{error}）", en=f"{path}: cannot read the configuration ({error})") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: tool 应为表，而不是{_seen(tool)}", en=f"{path}: tool should be a table, not {_en(tool)}")
        data = tool.get("govdisclosure")
        if data is None:
            if explicit:
                raise ConfigError(f"{path}: 没有 [tool.govdisclosure] 配置", en=f"{path}: no [tool.govdisclosure] table")
            return None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: tool.govdisclosure 应为表，而不是{_seen(data)}",
                              en=f"{path}: tool.govdisclosure should be a table, not {_en(data)}")
    return parse_config(data, str(path))
