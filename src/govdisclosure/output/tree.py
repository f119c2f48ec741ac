"""A report's tree as an indented outline, for people (`govdisclosure parse`)."""

from __future__ import annotations

from ..ast import Item, Paragraph, Report, SignOff, Subsection, Table, Title, Unplaced
from .base import shown


def format_tree(report: Report) -> str:
    """An indented outline of a report, for people."""
    lines = [
        f"Report {shown(report.source or '')}".rstrip(),
        f"  title: {report.title}",
        f"  year: {report.year}  issuer: {report.issuer}  period: {report.period}",
    ]
    for key, value in report.metadata_items:
        lines.append(f"  metadata {key}: {value}")
    for block in report.preamble:
        _tree_block(block, "  ", lines)
    for section in report.sections:
        lines.append(f"  {_at(section.span):>4}  Section {section.marker}{section.title}")
        for child in section.children:
            _tree_block(child, "    ", lines)
    for problem in report.problems:
        where = f"line {problem.span.line}" if problem.span else "-"
        lines.append(f"  problem [{problem.code}] {where}: {problem.message}")
    return "\n".join(lines)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _at(span) -> str:
    """A node's line in the outline: `p3:12` in a PDF (page 3, line 12)."""
    if span is None:
        return "0"
    return f"p{span.page}:{span.line}" if span.page is not None else str(span.line)


def _tree_block(block, indent: str, lines: list[str]) -> None:
    line = _at(block.span)
    if isinstance(block, Subsection):
        lines.append(f"  {line:>4}{indent}Subsection {block.marker}{_short(block.title)}")
        for child in block.children:
            _tree_block(child, indent + "  ", lines)
    elif isinstance(block, Table):
        lines.append(f"  {line:>4}{indent}Table ({len(block.rows)} rows)")
        for caption in block.captions:
            lines.append(f"  {_at(caption.span):>4}{indent}  Caption {_short(caption.text)}")
        for row in block.rows:
            lines.append(f"  {_at(row.span):>4}{indent}  Row[{row.kind}] " + " | ".join(_short(t, 24) for t in row.texts))
        for signoff in block.signoffs:
            lines.append(f"  {_at(signoff.span):>4}{indent}  SignOff {_short(signoff.text)}")
    elif isinstance(block, Item):
        lines.append(f"  {line:>4}{indent}Item {block.marker}{_short(block.text)}")
    elif isinstance(block, (Paragraph, SignOff, Unplaced, Title)):
        lines.append(f"  {line:>4}{indent}{type(block).__name__} {_short(block.text)}")
