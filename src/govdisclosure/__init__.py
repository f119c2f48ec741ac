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

__version__ = "0.1.0"

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
    "detect_template",
    "extract",
    "load",
    "parse",
    "render",
    "walk",
]
