"""Canonical text from a tree: `parse(render(report)) == report` for every tree `parse` makes.

The canonical form: the crawler metadata header (when there is one), the title on one line, one
line per paragraph, item and heading, and every table as pipe rows (captions and sign-offs as
one-cell rows around it, which is how the parser reads them back).
"""

from __future__ import annotations

from .lexer import stands_as_caption
from .ast import Item, Paragraph, Report, Section, SignOff, Subsection, Table, Unplaced

BODY_MARK = "==================== 正文 ===================="


def render(report: Report) -> str:
    lines: list[str] = []
    if report.metadata_items:
        lines.extend(f"{key}: {value}" for key, value in report.metadata_items)
        lines.append(BODY_MARK)
    if report.title:
        lines.append(report.title)
    for block in report.preamble:
        _render_block(block, lines)
    for section in report.sections:
        lines.append(section.marker + section.title + section.text)
        for child in section.children:
            _render_block(child, lines)
    return "\n".join(lines) + "\n" if lines else ""


def _render_block(block, lines: list[str]) -> None:
    if isinstance(block, Subsection):
        lines.append(block.marker + block.title + block.text)
        for child in block.children:
            _render_block(child, lines)
    elif isinstance(block, Item):
        lines.append(block.marker + block.text)
    elif isinstance(block, (Paragraph, SignOff, Unplaced)):
        lines.append(block.text)
    elif isinstance(block, Table):
        # Captions as plain lines above the table, as reports print them (so the lines between
        # two tables stay as many as they were), unless a plain line would read back otherwise.
        lines.extend(c.text if stands_as_caption(c.text) else f"| {c.text} |" for c in block.captions)
        lines.extend("| " + " | ".join(row.texts) + " |" for row in block.rows)
        lines.extend(f"| {signoff.text} |" for signoff in block.signoffs)
    elif isinstance(block, Section):  # pragma: no cover - sections are top level
        raise TypeError("a section cannot stand inside a block")
