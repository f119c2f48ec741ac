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
from .assemble import is_row_label
from .normalize import NormLine, SourceMap
from .textutil import YEAR

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
# A line of a title is short: longer, it is a sentence (a title over two or three lines is a
# PDF's wrap, each line within this).
MAX_TITLE_LINE = 60
# Tables only grow from round to round, so this bound is never reached on real text.
MAX_SETTLE_ROUNDS = 50
# Last characters of the names of government bodies (人民政府, 办公厅, 发改委, 科技局 …).
ISSUER_ENDINGS = "府厅局委办室会院处区县市省镇乡队站所心馆司行部署"


@define
class LexLine:
    kind: str
    line: NormLine
    cells: list[tuple[int, int]] | None = None
    number: int | None = None
    marker_end: int = 0
    demoted: bool = False  # a heading out of sequence, kept as text


# The first characters of a heading (a numeral, `（`) or a sign-off (SIGNOFF); an item starts
# with a digit (`isdecimal` is what `\d` matches).
_HEAD_CHARS = frozenset("一二三四五六七八九十（单审填联制统")


def _classify(line: NormLine) -> LexLine:
    text = line.text
    # Every row shape needs a tab, a pipe or a value at the end: most lines skip the splitting.
    maybe_row = "\t" in text or "|" in text or text[-1:] in P.VALUE_CELL_ENDS
    cells = P.split_row(text) if maybe_row else None
    if cells is not None:
        return LexLine(ROW, line, cells)
    first = text[:1]
    if first not in _HEAD_CHARS and not first.isdecimal():
        return LexLine(TEXT, line)  # no heading, item or sign-off starts so (most prose)
    for kind, pattern in ((SECTION, P.SECTION), (SUBSECTION, P.SUBSECTION)):
        match = pattern.match(text)
        # A bare `三、` is no heading: a piece of a vertical label a PDF broke up.
        # A row label of the statistics table (`四、结转下年度继续办理`) is no section heading
        # either, wherever it stands (a sub-section-like label, `（一）予以公开`, may be a heading
        # a converter made of it).
        if match and match.end() < len(text) and not (kind == SECTION and is_row_label(text)):
            return LexLine(kind, line, number=P.cn_number(match.group(1)), marker_end=match.end())
    match = P.ITEM.match(text)
    if match:
        return LexLine(ITEM, line, number=int(match.group(1)), marker_end=match.end())
    if P.SIGNOFF.match(text):
        return LexLine(SIGNOFF, line)
    # Captions and table notes are decided by _mark_tables: only a table can claim them.
    return LexLine(TEXT, line)


def lex(lines: list[NormLine], source_map: SourceMap, problems: list[Problem]) -> list[LexLine]:
    lexed = [_classify(line) for line in lines if line.text]
    _mark_title(lexed)
    # Tables and headings decide each other: a line a table claims is no heading, a heading out
    # of sequence is text a table may claim. Run both until nothing changes, so the result does
    # not depend on the order the lines were met in (and the canonical rendering reads back the
    # same).
    for _ in range(MAX_SETTLE_ROUNDS):
        while _mark_tables(lexed):
            pass
        kinds = [entry.kind for entry in lexed]
        _check_heading_sequence(lexed)
        if [entry.kind for entry in lexed] == kinds:
            break
    for entry in lexed:
        if entry.demoted and entry.kind == TEXT:
            what = "一级标题" if P.SECTION.match(entry.line.text) else "二级标题"
            problems.append(
                Problem(
                    "heading-out-of-sequence",
                    f"{what}编号“{entry.line.text[:entry.marker_end]}”未按顺序出现，按正文处理：{entry.line.text[:30]}",
                    span=source_map.line_span(entry.line),
                )
            )
    return lexed


# A title ends in 报告 or 年报, maybe with a short note in brackets: `…年度报告（汇总）`, `（全文）`.
_TITLE_END = re.compile(r"(?:报告|年报)(?:（[^（）]{1,8}）)?$")




def _title_head(before: LexLine, title: LexLine) -> bool:
    """Whether the line before a title is its first part: the issuer before a title that starts
    with its year (`淮安市人民政府` / `2024 年…年度报告`), or the issuer and year before a title
    without one (`宿州市人民政府2016年` / `政府信息公开工作年度报告`)."""
    head = before.line.text
    if len(head) > 30:
        return False
    if YEAR.match(title.line.text):
        return len(head) >= 3 and head[-1] in ISSUER_ENDINGS and not re.search(r"\d", head)
    return bool(re.search(r"(?:19|20)\d{2} ?年度?$", head))


def is_title(text: str) -> bool:
    """Whether a text names a report (a year, ending in 报告 or 年报): a title, on its lines."""
    return bool(_TITLE_END.search(text)) and bool(
        re.search(r"(?:19|20)\d{2}", text) or re.search(r"政府信息公开工作年度报告(?:（[^（）]{1,8}）)?$", text)
    )


def _mark_title(lexed: list[LexLine]) -> None:
    """The title: among the first lines, before any heading or table, the first single line that
    names a report (a year, ending in 报告), else the first two or three short lines that do
    together (a PDF wrapped the title)."""
    limit = min(len(lexed), TITLE_SEARCH_LINES)
    for stop, entry in enumerate(lexed[:limit]):
        if entry.kind in (SECTION, SUBSECTION, ROW):
            limit = stop
            break
    candidates = [
        entry.kind == TEXT and len(entry.line.text) <= MAX_TITLE_LINE and not P.is_prose(entry.line.text)
        for entry in lexed[:limit]
    ]
    for size in (1, 2, 3):
        for start in range(limit - size + 1):
            if all(candidates[start : start + size]):
                if is_title("".join(e.line.text for e in lexed[start : start + size])):
                    if start > 0 and candidates[start - 1] and _title_head(lexed[start - 1], lexed[start]):
                        start, size = start - 1, size + 1
                    for entry in lexed[start : start + size]:
                        entry.kind = TITLE
                    return


def _tableish(entry: LexLine) -> bool:
    """A line that may belong to a table it stands in or next to: short and not prose (and with
    no `|`, which only a cell of a tab-separated row may hold)."""
    text = entry.line.text
    if "|" in text:
        return False
    if entry.kind not in (TEXT, SECTION, SUBSECTION, ITEM, SIGNOFF, CAPTION, TABLE_NOTE):
        return False
    return len(text) <= MAX_FRAGMENT_CHARS and not P.is_prose(text)


def _closes_table(text: str) -> bool:
    return bool(P.SIGNOFF.match(text) or P.TABLE_NOTE.match(text))


def _is_real_heading(entry: LexLine) -> bool:
    return entry.kind == SECTION and len(entry.line.text[entry.marker_end :].strip()) >= MIN_HEADING_TITLE


def _as_row(entry: LexLine) -> None:
    entry.kind = ROW
    entry.cells = [(0, len(entry.line.text))]


def _mark_tables(lexed: list[LexLine]) -> bool:
    """Claim the lines around and between table rows. True if any line changed its kind."""
    kinds_before = [entry.kind for entry in lexed]
    rows = [i for i, entry in enumerate(lexed) if entry.kind == ROW]
    if not rows:
        return False
    # Lines between two lines of tables: fragments of merged cells, repeated captions. Captions
    # and notes count as table lines here, as they do once rendered as one-cell rows.
    anchors = [i for i, entry in enumerate(lexed) if entry.kind in (ROW, CAPTION, TABLE_NOTE)]
    for previous, following in zip(anchors, anchors[1:]):
        gap = lexed[previous + 1 : following]
        if 0 < len(gap) <= MAX_GAP_LINES and all(_tableish(e) and not _is_real_heading(e) for e in gap):
            for entry in gap:
                _as_row(entry)
    _settle_table_regions(lexed)
    rows = [i for i, entry in enumerate(lexed) if entry.kind == ROW]
    # Lines just before a table's first row, back to the previous heading, item, prose line or
    # table: its captions, then its header pieces. (No count limit: a limit would read the same
    # table differently when its header came as pipe rows or as lines of words.)
    for first in [i for i in rows if i == 0 or lexed[i - 1].kind != ROW]:
        start = first
        while start > 0 and _tableish(lexed[start - 1]) and lexed[start - 1].kind not in (SECTION, SUBSECTION, ITEM, TABLE_NOTE):
            start -= 1
        in_header = False
        for entry in lexed[start:first]:
            in_header = in_header or _header_words(entry.line.text)
            if in_header:
                entry.kind = ROW
                entry.cells = P.split_row(entry.line.text) or _space_cells(entry.line.text)
            else:
                entry.kind = CAPTION
    # Lines just after a table's last row: its notes and sign-offs.
    for last in [i for i in rows if i + 1 >= len(lexed) or lexed[i + 1].kind != ROW]:
        index = last + 1
        while index < len(lexed) and lexed[index].kind in (TEXT, SIGNOFF) and _closes_table(lexed[index].line.text):
            lexed[index].kind = TABLE_NOTE
            index += 1
    return [entry.kind for entry in lexed] != kinds_before


def _settle_table_regions(lexed: list[LexLine]) -> None:
    """In a run of table lines, a caption after the first row or a note before the last row
    stands inside the table: it is a one-cell row."""
    index = 0
    while index < len(lexed):
        if lexed[index].kind not in (ROW, CAPTION, TABLE_NOTE):
            index += 1
            continue
        end = index
        while end < len(lexed) and lexed[end].kind in (ROW, CAPTION, TABLE_NOTE):
            end += 1
        rows = [i for i in range(index, end) if lexed[i].kind == ROW]
        if rows:
            for i in range(rows[0], rows[-1]):
                if lexed[i].kind != ROW:
                    _as_row(lexed[i])
        index = end


def _header_words(text: str) -> bool:
    """Two or more short space-separated words: a header row of a space-separated table."""
    words = text.split(" ")
    return len(words) >= 2 and all(len(word) <= 10 for word in words)


def _space_cells(text: str) -> list[tuple[int, int]]:
    cells, start = [], 0
    for word in text.split(" "):
        cells.append((start, start + len(word)))
        start += len(word) + 1
    return cells


def _check_heading_sequence(lexed: list[LexLine]) -> None:
    """Section numbers rise through a report, sub-section numbers through a section; a heading
    that goes backwards is a broken table label or a list, and becomes text. Decided afresh
    each round over the headings no table has claimed (a heading demoted in an earlier round
    may stand again once a table took the heading before it)."""
    last_section = last_subsection = 0
    for entry in lexed:
        if entry.demoted and entry.kind == TEXT:
            entry.kind, entry.demoted = (SECTION if P.SECTION.match(entry.line.text) else SUBSECTION), False
        if entry.kind not in (SECTION, SUBSECTION):
            continue
        assert entry.number is not None  # _classify numbers every heading
        if entry.kind == SECTION:
            if entry.number > last_section:
                last_section, last_subsection = entry.number, 0
                continue
        elif entry.number > last_subsection:
            last_subsection = entry.number
            continue
        entry.kind, entry.demoted = TEXT, True
