"""Canonical text from a tree: `parse(render(report)) == report` for every tree `parse` makes.

The canonical form: the crawler metadata header (when there is one), then the blocks in order,
the title on one line, one line per paragraph, item and heading, and every table as pipe rows (captions and sign-offs as
one-cell rows before and after its other rows, which is how the parser reads them back). A blank
line keeps apart two lines that could read back as one wrapped line, and a line that starts
with `#` is written after one more markdown heading mark (the parser drops one).
"""

from __future__ import annotations

from . import patterns as P
from .textutil import display_width
from .ast import Item, Paragraph, Report, Section, SignOff, Subsection, Table, Title, Unplaced
from .lexer import MAX_TITLE_LINE, is_title
from .normalize import MIN_WRAP_WIDTH, WRAP_TOLERANCE, may_continue

BODY_MARK = "==================== 正文 ===================="


def render(report: Report) -> str:
    lines: list[str] = []
    if report.metadata_items:
        lines.extend(f"{key}: {value}" for key, value in report.metadata_items)
        lines.append(BODY_MARK)
    for block in report.preamble:
        _render_block(block, lines)
    for section in report.sections:
        lines.append(section.marker + section.title + section.text)
        for child in section.children:
            _render_block(child, lines)
    lines = [_keep_mark(line) for line in _keep_apart(lines)]
    return "\n".join(lines) + "\n" if lines else ""


def _keep_mark(line: str) -> str:
    """A line that starts with `#` (a block whose text kept a mark: `# # x` reads as `# x`) gets
    a heading mark before it, the one the parser strips, so the `#` it holds reads back."""
    return "# " + line if line.startswith("#") else line


def _keep_apart(lines: list[str]) -> list[str]:
    """A blank line between two lines that a reader of PDF text could take for one wrapped line
    (whether it does depends on the whole document), or before a paragraph of values alone (`0`),
    which the table assembler would join to a row label before it (`2.其他` / `0`): so they read
    back as the two blocks they are."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] and (_values_alone(line) or display_width(out[-1]) >= MIN_WRAP_WIDTH - WRAP_TOLERANCE
                                and may_continue(out[-1], line)):
            out.append("")
        out.append(line)
    return out


def _values_alone(line: str) -> bool:
    return bool(line) and all(P.is_value_cell(word) for word in line.split(" "))


# ASCII punctuation the normaliser folds to full width unless both its neighbours are ASCII: a
# cell that ends in one it kept (`0?|`) must not get a space beside it (`| 0? |` reads `0？`).
_FOLDABLE = frozenset("(),:;!?")


def _cell(text: str) -> str:
    before = "" if text[:1] in _FOLDABLE else " "
    after = "" if text[-1:] in _FOLDABLE else " "
    return before + text + after


def _one_cell_line(text: str) -> str:
    # A one-cell row; one holding a `|` was read from a tab-separated row.
    return text + "\t" if "|" in text else f"|{_cell(text)}|"


def _row_line(texts: tuple[str, ...]) -> str:
    # A cell holding a `|` came from a tab-separated row: it is written back the same way.
    if any("|" in text for text in texts):
        return "\t".join(texts)
    return "|" + "|".join(_cell(text) for text in texts) + "|"


def _tab_line(texts: tuple[str, ...]) -> str:
    return "\t".join(texts) if len(texts) > 1 else texts[0] + "\t"


def _title_lines(title: str) -> list[str]:
    """A title found over two or three lines (a PDF's wrap), written over as many again: lines
    short enough to be title lines, none of which (nor two of three) reads as the title alone,
    so that the lexer takes them together as it did."""
    def fits(parts: list[str]) -> bool:
        return all(0 < len(p) <= MAX_TITLE_LINE and not P.is_prose(p) for p in parts) and not any(
            is_title("".join(parts[i:j])) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)
            if (i, j) != (0, len(parts)))

    n = len(title)
    for first in range(max(1, n - MAX_TITLE_LINE), min(n, MAX_TITLE_LINE + 1)):
        if fits([title[:first], title[first:]]):
            return [title[:first], title[first:]]
    for first in range(1, min(n, MAX_TITLE_LINE + 1)):
        for second in range(first + 1, min(n, first + MAX_TITLE_LINE + 1)):
            parts = [title[:first], title[first:second], title[second:]]
            if fits(parts):
                return parts
    return [title]  # (no such lines: the lexer could not have found it so either)


def _render_block(block, lines: list[str]) -> None:
    if isinstance(block, Subsection):
        lines.append(block.marker + block.title + block.text)
        for child in block.children:
            _render_block(child, lines)
    elif isinstance(block, Item):
        lines.append(block.marker + block.text)
    elif isinstance(block, Title) and len(block.text) > MAX_TITLE_LINE:
        lines.extend(_title_lines(block.text))
    elif isinstance(block, (Paragraph, SignOff, Unplaced, Title)):
        lines.append(block.text)
    elif isinstance(block, Table):
        lines.extend(_one_cell_line(caption.text) for caption in block.captions)
        blank = [not any(row.texts) for row in block.rows]
        for index, row in enumerate(block.rows):
            # A row of blank cells reads back only as tabs under a tab-separated row (pipes
            # alone are page chrome), so it and the row above it are written with tabs.
            if blank[index] or (index + 1 < len(blank) and blank[index + 1]):
                lines.append(_tab_line(row.texts))
            else:
                lines.append(_row_line(row.texts))
        lines.extend(_one_cell_line(signoff.text) for signoff in block.signoffs)
    elif isinstance(block, Section):  # pragma: no cover - sections are top level
        raise TypeError("a section cannot stand inside a block")
