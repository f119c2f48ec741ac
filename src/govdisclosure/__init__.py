"""govdisclosure: read, extract and check Chinese government information-disclosure annual reports
(政府信息公开工作年度报告)."""

from .ast import (
    Caption,
    Cell,
    Item,
    Paragraph,
    Problem,
    Report,
    Row,
    Section,
    SignOff,
    Span,
    Subsection,
    Table,
    Title,
    Unplaced,
    walk,
)
from .extract import Fact, Facts, detect_template, extract
from .grammar import parse
from .render import render
from .sources import LoadError, load

__version__ = "0.2.0"


def check(report_or_path, config=None, registry=None) -> list:
    """The diagnostics of a report (a `Report`, or the path of a report file), sorted by place.
    `config`: a `govdisclosure.config.Config` (e.g. `load_config()`); none by default."""
    from .engine import check as run_checks

    report = report_or_path if isinstance(report_or_path, Report) else load(report_or_path)
    return run_checks(report, registry, config=config)

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
