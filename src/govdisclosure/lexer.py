"""The line lexer: each normalised line becomes one whole-line token for the grammar.

A line's kind depends on its context as much as on its shape, and that is decided here, before
the grammar: a short line between two table rows is a fragment of the table (a merged cell a PDF
broke up), not a heading; a heading whose number goes backwards is text; the first lines that
name a report are its title.
"""

from __future__ import annotations

import re

from attrs import define

from . import patterns as P
from .ast import Problem
from .normalize import NormLine, SourceMap

# Token kinds (the terminals of grammars/report.lark).
TITLE, SECTION, SUBSECTION, TEXT, ITEM, SIGNOFF, CAPTION, ROW, TABLE_NOTE = (
    "TITLE SECTION SUBSECTION TEXT ITEM SIGNOFF CAPTION ROW TABLE_NOTE".split()
)

# How far a table reaches over lines that are not rows.
MAX_GAP_LINES = 8
MAX_FRAGMENT_CHARS = 60
# A heading inside a table region is kept as a heading when its title is at least this long.
MIN_HEADING_TITLE = 4
TITLE_SEARCH_LINES = 6


@define
class LexLine:
    kind: str
    line: NormLine
    cells: list[tuple[int, int]] | None = None
    number: int | None = None
    marker_end: int = 0


def _classify(line: NormLine) -> LexLine:
    text = line.text
    cells = P.split_pipe_row(text) or P.split_tab_row(text) or P.split_space_row(text)
    if cells is not None:
        return LexLine(ROW, line, cells)
    for kind, pattern in ((SECTION, P.SECTION), (SUBSECTION, P.SUBSECTION)):
        match = pattern.match(text)
        if match:
            return LexLine(kind, line, number=P.cn_number(match.group(1)), marker_end=match.end())
    match = P.ITEM.match(text)
    if match:
        return LexLine(ITEM, line, number=int(match.group(1)), marker_end=match.end())
    if P.SIGNOFF.match(text):
        return LexLine(SIGNOFF, line)
    if P.TABLE_NOTE.match(text):
        return LexLine(TABLE_NOTE, line)
    if P.CAPTION.match(text):
        return LexLine(CAPTION, line)
    return LexLine(TEXT, line)


def lex(lines: list[NormLine], source_map: SourceMap, problems: list[Problem]) -> list[LexLine]:
    lexed = [_classify(line) for line in lines if line.text]
    _mark_title(lexed)
    for entry in lexed:
        if entry.kind in (SECTION, SUBSECTION) and not entry.line.text[entry.marker_end :].strip():
            entry.kind = TEXT  # a bare `三、`: a piece of a broken vertical label
    _mark_tables(lexed)
    _check_heading_sequence(lexed, source_map, problems)
    for entry in lexed:
        if entry.kind in (CAPTION, TABLE_NOTE):
            entry.kind = TEXT  # captions and notes that no table claimed are text
    return lexed


_TITLE_END = re.compile(r"(?:报告|年报)$")


_YEAR_FIRST = re.compile(r"^(?:19|20)\d{2} ?年")


def _title_head(before: LexLine, title: LexLine) -> bool:
    """Whether the line before a title is its first part: the issuer before a title that starts
    with its year (`淮安市人民政府` / `2024 年…年度报告`), or the issuer and year before a title
    without one (`宿州市人民政府2016年` / `政府信息公开工作年度报告`)."""
    head = before.line.text
    if len(head) > 30:
        return False
    if _YEAR_FIRST.match(title.line.text):
        return not re.search(r"\d", head)
    return bool(re.search(r"(?:19|20)\d{2} ?年度?$", head))


def _is_title(text: str) -> bool:
    return bool(_TITLE_END.search(text)) and bool(
        re.search(r"(?:19|20)\d{2}", text) or re.search(r"政府信息公开工作年度报告$", text)
    )


def _mark_title(lexed: list[LexLine]) -> None:
    """The title: among the first lines, before any heading or table, the first single line that
    names a report (a year, ending in 报告), else the first two or three short lines that do
    together (a PDF wrapped the title)."""
    limit = min(len(lexed), TITLE_SEARCH_LINES)
    for stop, entry in enumerate(lexed[:limit]):
        if entry.kind in (SECTION, ROW):
            limit = stop
            break
    candidates = [
        entry.kind in (TEXT, CAPTION) and len(entry.line.text) <= 60 and not P.is_prose(entry.line.text)
        for entry in lexed[:limit]
    ]
    for size in (1, 2, 3):
        for start in range(limit - size + 1):
            if all(candidates[start : start + size]):
                if _is_title("".join(e.line.text for e in lexed[start : start + size])):
                    if start > 0 and candidates[start - 1] and _title_head(lexed[start - 1], lexed[start]):
                        start, size = start - 1, size + 1
                    for entry in lexed[start : start + size]:
                        entry.kind = TITLE
                    return


def _tableish(entry: LexLine) -> bool:
    """A line that may belong to a table it stands in or next to: short and not prose."""
    text = entry.line.text
    if entry.kind not in (TEXT, CAPTION, SECTION, SUBSECTION, ITEM, TABLE_NOTE):
        return False
    return len(text) <= MAX_FRAGMENT_CHARS and not P.is_prose(text)


def _is_real_heading(entry: LexLine) -> bool:
    return entry.kind == SECTION and len(entry.line.text[entry.marker_end :].strip()) >= MIN_HEADING_TITLE


def _as_row(entry: LexLine) -> None:
    entry.kind = ROW
    entry.cells = [(0, len(entry.line.text))]


def _mark_tables(lexed: list[LexLine]) -> None:
    rows = [i for i, entry in enumerate(lexed) if entry.kind == ROW]
    if not rows:
        return
    # Lines between two rows of one table: fragments of merged cells, repeated captions.
    for before, after in zip(rows, rows[1:]):
        gap = lexed[before + 1 : after]
        if 0 < len(gap) <= MAX_GAP_LINES and all(_tableish(e) and not _is_real_heading(e) for e in gap):
            for entry in gap:
                _as_row(entry)
    # Lines just before a table's first row: its captions, then its header pieces.
    for first in [i for i in rows if i == 0 or lexed[i - 1].kind != ROW]:
        start = first
        while (
            start > 0
            and first - start < MAX_GAP_LINES
            and _tableish(lexed[start - 1])
            and lexed[start - 1].kind not in (SECTION, SUBSECTION, ITEM)
        ):
            start -= 1
        in_header = False
        for entry in lexed[start:first]:
            words = entry.line.text.split(" ")
            if len(words) >= 2 and all(len(w) <= 10 for w in words):
                in_header = True
            if in_header:
                entry.kind = ROW
                entry.cells = P.split_row(entry.line.text) or _space_cells(entry.line.text)
            else:
                entry.kind = CAPTION
    # Lines just after a table's last row: its notes and sign-offs.
    for last in [i for i in rows if i + 1 >= len(lexed) or lexed[i + 1].kind != ROW]:
        index = last + 1
        while index < len(lexed) and (
            P.SIGNOFF.match(lexed[index].line.text) or P.TABLE_NOTE.match(lexed[index].line.text)
        ):
            lexed[index].kind = TABLE_NOTE
            index += 1


def _space_cells(text: str) -> list[tuple[int, int]]:
    cells, start = [], 0
    for word in text.split(" "):
        cells.append((start, start + len(word)))
        start += len(word) + 1
    return cells


def _check_heading_sequence(lexed: list[LexLine], source_map: SourceMap, problems: list[Problem]) -> None:
    """Section numbers rise through a report, sub-section numbers through a section; a heading
    that goes backwards is a broken table label or a list, and is kept as text."""
    last_section = last_subsection = 0
    for entry in lexed:
        if entry.kind == SECTION:
            if entry.number > last_section:
                last_section, last_subsection = entry.number, 0
                continue
            what = "一级标题"
        elif entry.kind == SUBSECTION:
            if entry.number > last_subsection:
                last_subsection = entry.number
                continue
            what = "二级标题"
        else:
            continue
        entry.kind = TEXT
        problems.append(
            Problem(
                "heading-out-of-sequence",
                f"{what}编号“{entry.line.text[:entry.marker_end]}”未按顺序出现，按正文处理：{entry.line.text[:30]}",
                span=source_map.line_span(entry.line),
            )
        )
