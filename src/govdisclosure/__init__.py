"""govdisclosure: read, extract and check Chinese government information-disclosure annual reports
(政府信息公开工作年度报告)."""

from __future__ import annotations

import sys
import types
from importlib import import_module

__version__ = "0.2.0"

# Where each public name lives. They are imported on first use (PEP 562), so that `import
# govdisclosure` and `govdisclosure --version` stay quick: the grammar, lark and the readers load
# only when a report is read.
_PUBLIC = {
    **dict.fromkeys(("Caption", "Cell", "Item", "Paragraph", "Problem", "Report", "Row", "Section", "SignOff",
                     "Span", "Subsection", "Table", "Title", "Unplaced", "walk"), ".ast"),
    **dict.fromkeys(("Fact", "Facts", "detect_template", "extract"), ".extract"),
    "parse": ".grammar",
    "render": ".render",
    **dict.fromkeys(("LoadError", "load"), ".sources"),
}

# (not `typing.TYPE_CHECKING`: importing typing would cost more than the rest of `--version`)
TYPE_CHECKING = False
if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from typing import Any

    from .ast import (Caption, Cell, Item, Paragraph, Problem, Report, Row, Section, SignOff, Span, Subsection,
                      Table, Title, Unplaced, walk)
    from .extract import Fact, Facts, detect_template, extract
    from .grammar import parse
    from .render import render
    from .sources import LoadError, load


def _public(name: str) -> Any:
    """The public name `name`, imported from its module on first use."""
    return getattr(import_module(_PUBLIC[name], __name__), name)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'govdisclosure' has no attribute {name!r}")
    value = _public(name)
    globals()[name] = value  # once: later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})


class _Package(types.ModuleType):
    """`extract` and `render` name both a function and the module it lives in. Imported eagerly,
    the function was bound last and won; imported lazily, the import system would bind the module
    over it the first time anything imports `govdisclosure.extract`. These properties keep the
    function, and ignore the import system's binding of the module."""

    def _function(name: str) -> property:  # type: ignore[misc]  # (a helper of the class body)
        def get(package: types.ModuleType) -> Any:
            value = package.__dict__.get(f"_set_{name}")
            return _public(name) if value is None else value

        def put(package: types.ModuleType, value: Any) -> None:
            if not isinstance(value, types.ModuleType):  # (a test's stand-in; never the submodule)
                package.__dict__[f"_set_{name}"] = value

        return property(get, put)

    extract = _function("extract")
    render = _function("render")
    del _function


sys.modules[__name__].__class__ = _Package


def check(report_or_path, config=None, registry=None, region: str | None = None) -> list:
    """The diagnostics of a report (a `Report`, or the path of a report file), sorted by place.
    `config`: a `govdisclosure.config.Config` (e.g. `load_config()`); none by default. `region`:
    the report's division code (`"350128"`), when known better than its issuer says, as
    `extract` takes it: a regional plugin's rules and catalogues apply there."""
    from .ast import Report
    from .engine import check as run_checks
    from .sources import load

    report = report_or_path if isinstance(report_or_path, Report) else load(report_or_path)
    return run_checks(report, registry, config=config, region=region)


__all__ = [
    "Caption",
    "Fact",
    "Facts",
    "Cell",
    "Item",
    "LoadError",
    "Paragraph",
    "Problem",
    "Report",
    "Row",
    "Section",
    "SignOff",
    "Span",
    "Subsection",
    "Table",
    "Title",
    "Unplaced",
    "check",
    "detect_template",
    "extract",
    "load",
    "parse",
    "render",
    "walk",
]
