"""`govdisclosure new-plugin NAME --region CODE --code-prefix XX`: a new regional plugin's package.

It writes `govdisclosure-NAME/`: a pyproject with a build system and a version, the package with
one rule (`XX101`, scoped to the region) and the hooks that contribute it and a catalogue variant
stub, the rule's cases and tests that run them against the installed plugin. The files are
templates in `data/plugin_template/` (`string.Template`: `$name`, `$prefix`, `$region`, …).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

from .registry import PLUGIN_CODE
from .sources.errors import TwinError

# A plugin's name: its distribution is govdisclosure-NAME and its entry point NAME.
NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
# What goes where, from data/plugin_template/.
FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "__init__.py.tmpl": "src/govdisclosure_{module}/__init__.py",
    "catalog.toml.tmpl": "src/govdisclosure_{module}/catalog.toml",
    "cases.toml.tmpl": "tests/cases.toml",
    "test_plugin.py.tmpl": "tests/test_{module}.py",
}


class ScaffoldError(TwinError, ValueError):
    """A plugin that cannot be made as asked: says why (`en`: in English)."""


def _names_in(region: str) -> tuple[str, str, str]:
    """The place's name, a body of it for the cases' reports, and a body elsewhere."""
    from .jurisdiction import divisions, full_name, resolve_name

    codes = sorted(code for code in divisions() if code.startswith(region))
    if not codes:
        raise ScaffoldError(f"区划代码 {region} 不在行政区划表中", en=f"no division of the gazetteer has the code {region}")
    code = next((c for c in codes if c == region.ljust(6, "0")), codes[0])
    place = full_name(code)
    issuer = next((name for name in (place + "人民政府", place + "财政局")
                   if (found := resolve_name(name)) is not None and found.code.startswith(region)), None)
    if issuer is None:
        raise ScaffoldError(f"区划 {region}（{place}）的机关名称无法对应回该区划",
                            en=f"the bodies of {region} ({place}) cannot be told back to it")
    elsewhere = "上海市人民政府办公厅" if not region.startswith("31") else "北京市人民政府办公厅"
    return place, issuer, elsewhere


def new_plugin(name: str, region: str, prefix: str, folder: str | Path = ".") -> Path:
    """Write the package of plugin `name` for division code `region` (2, 4 or 6 digits) with
    rule codes `prefix` + three digits, under `folder`; the package's directory. Raises
    ScaffoldError for a name, region or prefix that cannot be used, or a directory that exists."""
    from . import __version__

    if not NAME.fullmatch(name):
        raise ScaffoldError(f"插件名 {name!r} 应为小写字母开头的字母、数字（可用 - 或 _ 连接）",
                            en=f"the plugin name {name!r} must be lower-case letters and digits (joined by - or _)")
    if not re.fullmatch(r"\d{2}(?:\d{2}){0,2}", region):
        raise ScaffoldError(f"区划代码应为 2、4 或 6 位数字，而不是 {region!r}",
                            en=f"a division code has 2, 4 or 6 digits, not {region!r}")
    if not PLUGIN_CODE.match(f"{prefix}101"):
        raise ScaffoldError(f"规则代码前缀 {prefix!r} 应为两到三个大写字母，且不是 GD（核心规则的前缀）",
                            en=f"the rule code prefix {prefix!r} must be two or three capital letters, not GD (the core's)")
    place, issuer, elsewhere = _names_in(region)
    module = name.replace("-", "_")
    target = Path(folder) / f"govdisclosure-{name}"
    if target.exists():
        raise ScaffoldError(f"{target} 已存在：不覆盖", en=f"{target} exists: not overwritten")
    values = {"name": name, "module": module, "region": region, "prefix": prefix, "lowerprefix": prefix.lower(),
              "place": place, "issuer": issuer, "elsewhere": elsewhere, "version": __version__}
    templates = resources.files("govdisclosure").joinpath("data/plugin_template")
    # (every file made before any is written: a template that fails leaves no half package)
    made = {target / destination.format(module=module):
            Template(templates.joinpath(source).read_text(encoding="utf-8")).substitute(values)
            for source, destination in FILES.items()}
    for path, text in made.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target
