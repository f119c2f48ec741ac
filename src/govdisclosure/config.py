"""Configuration, kept outside the reports (nobody can edit a published report).

Read from `govdisclosure.toml`, else `pyproject.toml` `[tool.govdisclosure]`, in the working
directory or the nearest parent that has one:

    [tool.govdisclosure]
    select = ["GD1", "GD3"]                  # code prefixes to run (default: all)
    ignore = ["GD202"]
    per-file-ignores = { "drafts/*.txt" = ["GD201"] }
    ignore-relations = ["legacy.stats.withheld_reasons"]
    ignore-indicators = ["f2021.t2.administrative_fees"]
    severity = { GD201 = "error" }
    region = "350128"                        # the reports' division code, when not read from them
    require-plugins = ["fujian"]             # fail unless these plugins are loaded
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from attrs import evolve, field, frozen

from .catalog.model import tomllib
from .vocabulary import SEVERITIES

CONFIG_FILE = "govdisclosure.toml"
KEYS = ("select", "ignore", "per-file-ignores", "ignore-relations", "ignore-indicators", "severity", "region",
        "require-plugins")


class ConfigError(ValueError):
    """A configuration file that cannot be used; says which and why."""


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


def parse_config(data: dict, origin: str) -> Config:
    unknown = set(data) - set(KEYS)
    if unknown:
        raise ConfigError(f"{origin}: 未知的配置项 {', '.join(sorted(unknown))}（可用：{', '.join(KEYS)}）")
    severity = data.get("severity", {})
    bad = {code: level for code, level in severity.items() if level not in SEVERITIES}
    if bad:
        raise ConfigError(f"{origin}: severity 只能是 {', '.join(SEVERITIES)}：{bad}")
    return Config(
        select=tuple(data.get("select", ())), ignore=tuple(data.get("ignore", ())),
        per_file_ignores=tuple((pattern, tuple(codes)) for pattern, codes in data.get("per-file-ignores", {}).items()),
        ignore_relations=frozenset(data.get("ignore-relations", ())),
        ignore_indicators=frozenset(data.get("ignore-indicators", ())),
        severity=tuple(sorted(severity.items())), origin=origin,
        region=str(data["region"]) if data.get("region") else None,
        require_plugins=tuple(data.get("require-plugins", ())),
    )


def load_config(path: str | Path | None = None, start: Path | None = None) -> Config:
    """The configuration in `path`, else the nearest `govdisclosure.toml` or `pyproject.toml`
    with a `[tool.govdisclosure]` table from `start` (the working directory) upwards."""
    if path is not None:
        return _read(Path(path), explicit=True)
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        for name in (CONFIG_FILE, "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                config = _read(candidate, explicit=False)
                if config is not None:
                    return config
    return Config()


def _read(path: Path, explicit: bool):
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: 无法读取配置（{error}）") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("govdisclosure")
        if data is None:
            if explicit:
                raise ConfigError(f"{path}: 没有 [tool.govdisclosure] 配置")
            return None
    return parse_config(data, str(path))
