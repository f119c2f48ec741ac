"""Normalisation before the grammar, with a source map back to the original text.

Each pass works on whole lines. A `NormLine` keeps, for each run of its text, the offset in the
original text the run came from, so every position the parser reports is a position the user
sees in the file, whatever was folded, removed or joined on the way.

Passes, in order:
1. split into lines (any line end), fold characters to one canonical form (ASCII digits and
   letters, the full-width （）：，；！？ the templates print, one kind of space), drop
   zero-width characters and the BOM, trim and collapse spaces (tabs stay: they separate cells);
   rebuild tables printed one cell per line (`govdisclosure.assemble`);
2. take a crawler header (`标题: …` … `==== 正文 ====`) as metadata; drop page footers
   (`- 3 -`, `— 5 —`, `第 3 页`) markdown heading marks, table rules and empty table rows;
3. split flattened text (a whole report on one line) at its title and numbered headings;
4. join hard line wraps of PDF extraction (see `join_wrapped_lines`), and table labels that
   a PDF split around their row of numbers.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from attrs import define, field, frozen

from . import patterns as P
from .textutil import display_width
from .ast import HalfWidthMark, Problem, Span

# Full-width ASCII variants fold to ASCII, except the punctuation the templates print full width.
_KEEP_FULL_WIDTH = set("（）：，；！？")
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULL_WIDTH}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x202F: 0x20, 0x205F: 0x20})
_FOLD.update({cp: 0x20 for cp in range(0x2000, 0x200B)})
# Characters to delete are first mapped to NUL (keeping lengths), then dropped with the spaces.
_FOLD.update({cp: 0 for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xAD)})
_FOLD.update({cp: 0 for cp in range(0x01, 0x20) if cp != 0x09})
_FOLD.update({0x7F: 0})

_ASCII_TO_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_ASCII_PUNCT = re.compile(r"[(),:;!?]")
_SPACE_RUN = re.compile(r"[ \x00]+(?:\t[ \t\x00]*)?|\t[ \t\x00]*")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")

# A line this long is a flattened report (a crawl that lost its line breaks).
FLATTENED_LINE_CHARS = 1500


@frozen
class NormLine:
    """One normalised line: its text and, per run, where the run came from in the original.

    `pieces` are (column, offset) pairs, sorted by column: from `column` on, character
    `column + k` of the text came from original offset `offset + k`.
    """

    text: str
    pieces: tuple[tuple[int, int], ...]
    columns: tuple[int, ...] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self):
        pieces = self.pieces  # most lines are one run: no generator for them
        object.__setattr__(self, "columns", (pieces[0][0],) if len(pieces) == 1 else tuple([col for col, _ in pieces]))

    def _piece(self, column: int) -> int:
        return max(bisect.bisect_right(self.columns, column) - 1, 0)

    def offset(self, column: int) -> int:
        """Original offset of the character at `column`."""
        start, origin = self.pieces[self._piece(column)]
        return origin + (column - start)

    def slice(self, start: int, end: int) -> "NormLine":
        # Only the runs inside start..end are looked at (bisect), so cutting a long line many
        # times stays linear in the cuts (a flattened report has thousands of runs).
        first = self._piece(start)
        last = bisect.bisect_left(self.columns, end, lo=first)
        pieces = [(0, self.offset(start))]
        pieces.extend((col - start, origin) for col, origin in self.pieces[first + 1:last] if col > start)
        return NormLine(self.text[start:end], tuple(pieces))

    def strip(self) -> "NormLine":
        start, end = 0, len(self.text)
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        return self if (start, end) == (0, len(self.text)) else self.slice(start, end)


def join(first: NormLine, second: NormLine, separator: str = "") -> NormLine:
    """`first` + `separator` + `second`; the separator (one character at most) maps to where
    `first` ends."""
    shift = len(first.text)
    pieces = list(first.pieces)
    if separator:
        pieces.append((shift, first.offset(shift - 1) + 1 if shift else second.offset(0)))
    pieces.extend((col + shift + len(separator), off) for col, off in second.pieces)
    return NormLine(first.text + separator + second.text, tuple(pieces))


def join_all(lines: list[NormLine], separator: str = "") -> NormLine:
    """The lines joined by `separator` (one character at most), built once: linear in the
    total length, where joining pairwise would copy the row again for every cell."""
    texts: list[str] = []
    pieces: list[tuple[int, int]] = []
    shift = 0
    for index, line in enumerate(lines):
        if index and separator:
            previous = lines[index - 1]
            end = len(previous.text)
            pieces.append((shift, previous.offset(end - 1) + 1 if end else line.offset(0)))
            texts.append(separator)
            shift += len(separator)
        pieces.extend((col + shift, off) for col, off in line.pieces)
        texts.append(line.text)
        shift += len(line.text)
    # A run that starts where the next one does is empty (an empty cell): drop it.
    kept = [p for i, p in enumerate(pieces) if i + 1 == len(pieces) or pieces[i + 1][0] != p[0]]
    return NormLine("".join(texts), tuple(kept) or ((0, 0),))


class SourceMap:
    """Original offsets to 1-based line and column (columns count characters)."""

    def __init__(self, original: str):
        self.original = original
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", original)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        """A span from original offset `start` to `end` (exclusive), kept inside the text (the
        space a join puts between two runs maps just past the first)."""
        size = len(self.original)
        start = min(max(start, 0), size)
        end = min(max(end, start), size)
        starts = self._line_starts
        index = bisect.bisect_right(starts, start) - 1
        last = max(end - 1, start)
        if index + 1 < len(starts) and last >= starts[index + 1]:
            end_line, end_column = self.position(last)
        else:  # the usual case: a span on one line
            end_line, end_column = index + 1, last - starts[index] + 1
        return Span(index + 1, start - starts[index] + 1, end_line, end_column + (1 if end > start else 0), start, end)

    def cell_spans(self, line: NormLine, cells: list[tuple[int, int]]) -> list[Span]:
        """Spans of many column ranges of one line (a row's cells), with one look-up of the
        original line when the normalised line maps to one run of it."""
        if len(line.pieces) == 1 and line.text:
            column, origin = line.pieces[0]
            base = origin - column
            first, last = base, base + len(line.text)
            index = bisect.bisect_right(self._line_starts, first) - 1
            line_start = self._line_starts[index]
            next_start = self._line_starts[index + 1] if index + 1 < len(self._line_starts) else len(self.original) + 1
            if last <= next_start and last <= len(self.original):
                number = index + 1
                return [
                    Span(number, base + a - line_start + 1, number, base + max(b, a) - line_start + 1,
                         base + a, base + max(b, a))
                    for a, b in cells
                ]
        return [self.line_span(line, a, b) for a, b in cells]

    def line_spans(self, lines: list[NormLine]) -> list[Span]:
        """`line_span` of each of many whole lines (a run of paragraphs), with the usual case (a
        line that maps to one run of one original line) made without the general checks."""
        starts, size, count = self._line_starts, len(self.original), len(self._line_starts)
        out = []
        for line in lines:
            if len(line.pieces) == 1 and line.text:
                column, origin = line.pieces[0]
                start = origin - column
                end = start + len(line.text)
                if 0 <= start and end <= size:
                    index = bisect.bisect_right(starts, start) - 1
                    line_start = starts[index]
                    if index + 1 == count or end - 1 < starts[index + 1]:
                        out.append(Span(index + 1, start - line_start + 1, index + 1, end - line_start + 1, start, end))
                        continue
            out.append(self.line_span(line))
        return out

    def line_span(self, line: NormLine, start: int = 0, end: int | None = None) -> Span:
        """The span of columns `start`..`end` of a normalised line: from the first to the last
        original character they came from (a joined line may take its runs out of order)."""
        end = len(line.text) if end is None else end
        if len(line.pieces) == 1:  # the usual case: the line maps to one run of the original
            column, origin = line.pieces[0]
            return self.span(origin + start - column, origin + max(end, start) - column)
        if end <= start:
            offset = line.offset(start) if line.text else line.pieces[0][1]
            return self.span(offset, offset)
        low, high = line.offset(start), line.offset(end - 1) + 1
        first, last = line._piece(start), line._piece(end - 1)
        if first != last:  # runs joined out of order: take the outermost original positions
            for index in range(first, last + 1):
                col, origin = line.pieces[index]
                next_col = line.columns[index + 1] if index + 1 < len(line.columns) else len(line.text)
                a, b = max(col, start), min(next_col, end)
                if a < b:
                    low = min(low, origin + a - col)
                    high = max(high, origin + b - col)
        return self.span(low, high)


@define
class Normalized:
    """The result of normalisation: lines for the lexer, metadata and problems."""

    lines: list[NormLine]
    metadata: list[tuple[str, str]]
    problems: list[Problem]
    source_map: SourceMap


def _ascii_context(ch: str) -> bool:
    # Convertible punctuation never counts as context, so folding twice changes nothing.
    return " " < ch < "\x7f" and ch not in _ASCII_TO_FULL


def _fold_punct(match: re.Match) -> str:
    text, i = match.string, match.start()
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    # ASCII punctuation between ASCII characters stays (`15:22`, `https://`, `1,234`).
    if _ascii_context(before) and _ascii_context(after):
        return match.group()
    return _ASCII_TO_FULL[match.group()]


# Any character the fold changes: most lines have none, and skip the (slow) translate.
_FOLDED = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD)) + "]")


# Anything any step below changes (a folded character, ASCII punctuation, a space, tab or NUL):
# a line with none is its own normal form (one search instead of three passes).
_NEEDS_WORK = re.compile(_FOLDED.pattern[:-1] + re.escape("(),:;!? \t\x00") + "]")


def _normalise_line(raw: str, origin: int) -> NormLine:
    if not _NEEDS_WORK.search(raw):
        return NormLine(raw, ((0, origin),))
    text = raw.translate(_FOLD) if _FOLDED.search(raw) else raw
    if _ASCII_PUNCT.search(text):
        text = _ASCII_PUNCT.sub(_fold_punct, text)
    out: list[str] = []
    pieces: list[tuple[int, int]] = [(0, origin)]
    length = position = 0
    for match in _SPACE_RUN.finditer(text):
        run = match.group()
        # Every tab separates two cells (empty cells included); a run of spaces is one space;
        # spaces at either end and deleted characters go.
        replacement = "\t" * run.count("\t") or (" " if " " in run else "")
        if replacement == " " and (match.start() == 0 or match.end() == len(text)):
            replacement = ""
        if replacement == run:
            continue  # unchanged: the mapping runs on
        out.append(text[position : match.start()])
        out.append(replacement)
        length += match.start() - position + len(replacement)
        position = match.end()
        pieces.append((length, origin + position))
    if not out:
        return NormLine(text, ((0, origin),))
    out.append(text[position:])
    return NormLine("".join(out), tuple(pieces))


# ASCII punctuation with Chinese on both sides (a Han character or full-width punctuation):
# what the fold above silently corrects, kept for the wording check (GD603).
_CHINESE = "\u3001-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20“”‘’"
_HALF_WIDTH_IN_CHINESE = re.compile(f"(?<=[{_CHINESE}])[(),:;!?](?=[{_CHINESE}])")


def halfwidth_marks(text: str) -> tuple[HalfWidthMark, ...]:
    """Every ASCII punctuation mark of `text` written between Chinese characters, with the text
    around it (one pass, linear in the text)."""
    return tuple(HalfWidthMark(m.start(), m.group(), text[max(0, m.start() - 8) : m.end() + 8].replace("\n", " "))
                 for m in _HALF_WIDTH_IN_CHINESE.finditer(text))


def normalize(text: str) -> Normalized:
    source_map = SourceMap(text)
    lines: list[NormLine] = []
    for match in _LINE.finditer(text):
        raw = match.group().rstrip("\r\n")
        lines.append(_normalise_line(raw, match.start()))
    result = Normalized(lines, [], [], source_map)
    from .assemble import assemble_cell_tables  # it reads the catalogues, which use normalize

    result.lines = assemble_cell_tables(result.lines)
    _drop_page_chrome(result)
    _take_crawler_header(result)
    _split_flattened(result)
    result.lines = [line for line in join_wrapped_lines(result.lines) if line.text]
    result.lines = join_split_labels(result.lines)
    return result


def _take_crawler_header(result: Normalized) -> None:
    """`标题: …` lines before `==== 正文 ====` become metadata (the Pingtan crawls). A mark with
    no `key: value` line before it is no header and stays text."""
    for index, line in enumerate(result.lines[:40]):
        if not P.CRAWLER_BODY_MARK.match(line.text):
            continue
        header = [h.text.strip() for h in result.lines[:index] if h.text.strip()]
        if not any(P.METADATA_LINE.match(text) and not P.CRAWLER_BODY_MARK.match(text) for text in header):
            continue
        for text in header:
            match = P.METADATA_LINE.match(text)
            if match:
                result.metadata.append((match.group(1).strip(), match.group(2).strip()))
            else:
                result.metadata.append(("header", text))
        del result.lines[: index + 1]
        return


def _drop_page_chrome(result: Normalized) -> None:
    """Drop page footers, markdown rule rows and blank lines, and `#` marks before headings.
    A run of blank lines between two lines of text stays as one empty line, a paragraph break
    that wrapped lines are never joined across (`join_wrapped_lines` drops it); blank lines
    around page chrome are a page break, across which a wrapped paragraph goes on."""
    kept: list[NormLine] = []
    blank = chrome = False
    for line in result.lines:
        if not line.text.strip():
            if line.text.count("\t") >= 2 and kept and not blank and "\t" in kept[-1].text:
                kept.append(line)  # tabs alone under a tab-separated row: a row of blank cells
                continue
            blank = True
            continue
        if P.PAGE_FOOTER.match(line.text) or P.EMPTY_TABLE_MARKUP.match(line.text):
            chrome = True
            continue
        heading = P.MD_HEADING.match(line.text)
        if heading:
            line = line.slice(heading.end(), len(line.text))
            if P.PAGE_FOOTER.match(line.text) or P.EMPTY_TABLE_MARKUP.match(line.text):
                chrome = True  # `# |`: chrome behind a heading mark is chrome too (`| |` reads as none)
                continue
            # Punctuation the mark stood before now starts the line: folded as at any line start.
            first = _ASCII_PUNCT.match(line.text)
            if first:
                line = NormLine(_fold_punct(first) + line.text[1:], line.pieces)
        if blank and not chrome and kept:
            kept.append(line.slice(0, 0))
        blank = chrome = False
        kept.append(line)
    result.lines = kept


# A report title inside flattened text: `平潭综合实验区2017年度政府信息公开工作年度报告 `.
_FLAT_TITLE = re.compile(r"[^\s。：]{2,40}?(?:19|20)\d{2} ?年度?[^\s。]{0,30}?报告(?= )")
FLAT_TITLE_REACH = 1000
# Heading markers inside flattened text: not after 第 (`第（一）项`), a digit or another numeral,
# unless a known heading follows (`…24252.31三、收到和处理政府信息公开申请情况`).
_FLAT_SECTION = re.compile(rf"({P.CN_NUMERAL})、")
_NOT_BEFORE_SECTION = set("第0123456789一二三四五六七八九十、")
_FLAT_SUBSECTION = re.compile(rf"(?<![第\d一二三四五六七八九十])（({P.CN_NUMERAL})）")


def _split_flattened(result: Normalized) -> None:
    """Cut a flattened line before its title's end and its numbered headings, in sequence."""
    out: list[NormLine] = []
    for line in result.lines:
        if len(line.text) < FLATTENED_LINE_CHARS:
            out.append(line)
            continue
        result.problems.append(
            Problem(
                "flattened-text",
                f"正文被压成一行（{len(line.text)} 字），表格无法还原，只按标题编号切分段落",
                span=result.source_map.line_span(line),
            )
        )
        cuts: set[int] = set()
        for title in _FLAT_TITLE.finditer(line.text, 0, FLAT_TITLE_REACH):
            cuts.update((title.start(), title.end()))
        section_cuts = _sequence_cuts(_FLAT_SECTION, line.text, 0, len(line.text))
        cuts.update(section_cuts)
        bounds = sorted(section_cuts) + [len(line.text)]
        for start, end in zip([0] + sorted(section_cuts), bounds):
            cuts.update(_sequence_cuts(_FLAT_SUBSECTION, line.text, start, end))
        start = 0
        for cut in sorted(cuts) + [len(line.text)]:
            if cut > start:
                piece = line.slice(start, cut).strip()
                if piece.text:
                    out.append(piece)
            start = cut
    result.lines = out


def _sequence_cuts(pattern: re.Pattern, text: str, start: int, end: int) -> list[int]:
    """Positions of numbered markers that follow each other (一 then 二 …; one gap allowed)."""
    cuts, expected = [], 1
    for match in pattern.finditer(text, start, end):
        if pattern is _FLAT_SECTION and match.start() > 0 and text[match.start() - 1] in _NOT_BEFORE_SECTION:
            if not P.starts_with_known_heading(text, match.end()):
                continue
        number = P.cn_number(match.group(1))
        if expected <= number <= expected + 1:
            cuts.append(match.start())
            expected = number + 1
    return cuts


# --- hard line wraps -------------------------------------------------------------------------

# A document counts as hard-wrapped when this share of its longer lines end near one width.
WRAPPED_SHARE = 0.35
# Columns (a CJK character is two) a wrapped line may fall short of the wrap width.
WRAP_TOLERANCE = 6
# A page's text width in columns: a band of shorter lines is a list, a longer one no wrap.
MIN_WRAP_WIDTH, MAX_WRAP_WIDTH = 40, 120


def _starts_block(text: str) -> bool:
    return bool(
        P.SECTION.match(text)
        or P.SUBSECTION.match(text)
        or P.ITEM.match(text)
        or P.CAPTION.match(text)
        or P.SIGNOFF.match(text)
        or P.TABLE_NOTE.match(text)
    )


@lru_cache(maxsize=4096)
def _is_row(text: str) -> bool:
    return P.split_pipe_row(text) is not None or "\t" in text or P.split_space_row(text) is not None


def wrap_width(lines: list[NormLine]) -> int | None:
    """The width a PDF extraction wrapped the prose at, or None when the text is not wrapped.

    The wrap width is the top of the densest band, WRAP_TOLERANCE wide, of the widths of lines
    that stop mid-sentence; the text counts as wrapped when that band holds WRAPPED_SHARE of the
    longer lines.
    """
    # Short headings say nothing of the wrap (and a report heavy with tables has many).
    longer = [l.text for l in lines if len(l.text) >= 10 and not _is_row(l.text)
              and not (_starts_block(l.text) and display_width(l.text) < MIN_WRAP_WIDTH)]
    if len(longer) < 8:
        return None
    # Only lines that stop mid-sentence show the wrap: a paragraph's last line ends where its
    # text does, and a title or a sentence near the width is no evidence. Lines longer than any
    # wrap width need no exact width (and a flattened line is megabytes).
    widths = sorted(display_width(text) if len(text) <= MAX_WRAP_WIDTH else MAX_WRAP_WIDTH * 2
                    for text in longer if text[-1] not in P.LINE_END_PUNCT)
    best_count, best_width = 0, None
    low = 0
    for high, width in enumerate(widths):
        while widths[low] < width - WRAP_TOLERANCE:
            low += 1
        if high - low + 1 > best_count:
            best_count, best_width = high - low + 1, width
    # None: no line stops mid-sentence (best_count is 0 then, too).
    if (best_width is None or best_count < WRAPPED_SHARE * len(longer)
            or not MIN_WRAP_WIDTH <= best_width <= MAX_WRAP_WIDTH):
        return None
    return best_width


def join_wrapped_lines(lines: list[NormLine]) -> list[NormLine]:
    """Join the hard wraps of a PDF extraction.

    Heuristic: when a document has a wrap width (most of its longer lines end within a few
    columns of the same width), a line that reaches that width and does not end a sentence is
    joined with the next line, unless either is a table row or the next one opens a heading,
    an item, a caption or a sign-off. Anything else stays apart.
    """
    width = wrap_width(lines)
    if width is None:
        return lines
    out: list[NormLine] = []
    last_physical = ""
    for line in lines:
        if out and may_continue(last_physical, line.text) and display_width(last_physical) >= width - WRAP_TOLERANCE:
            out[-1] = join(out[-1], line)
        else:
            out.append(line)
        last_physical = line.text
    return out


def may_continue(last: str, text: str) -> bool:
    """Whether line `text` may go on the line `last` a PDF wrapped (when `last` reaches the wrap
    width): neither is empty (a paragraph break) or a table row, `last` does not end a sentence,
    and `text` opens no heading, item, caption or sign-off and is no page footer."""
    return bool(
        text
        and last
        and last[-1] not in P.LINE_END_PUNCT
        and not _is_row(last)
        and not _is_row(text)
        and not _starts_block(text)
        and not P.PAGE_FOOTER.match(text)
    )


def _values_only(text: str) -> bool:
    if " " not in text or text[-1] not in P.VALUE_CELL_ENDS:
        return False  # (cheap) two cells, the last a value
    cells = text.split(" ")
    return len(cells) >= 2 and all(P.is_value_cell(c) for c in cells)


# The longest tail of a split label (`具已获取信息`) joined back without a bracket to close.
SPLIT_LABEL_TAIL = 20


def _label_start(text: str) -> bool:
    return bool(P.ITEM.match(text) or P.SUBSECTION.match(text)) and not _is_row(text) and not P.is_prose(text)


def _open_bracket(text: str) -> bool:
    return text.count("（") > text.count("）")


def join_split_labels(lines: list[NormLine]) -> list[NormLine]:
    """Put back table labels a PDF split around their row of numbers.

    Two shapes: `label start（…` / `numbers` / `…end）` (Huai'an, Hongze) becomes
    `label start（…end） numbers`, and so does a numbered label start with a short tail; `numbers` / `1.label` becomes `1.label numbers` when the
    label line has no numbers of its own and the line after it is not numbers.
    """
    out: list[NormLine] = []
    # Both shapes need a line of numbers here or next: a line next to none stays (one look each).
    numbers = [_values_only(line.text) for line in lines] + [False]
    i = 0
    while i < len(lines):
        line = lines[i]
        if not numbers[i] and not numbers[i + 1]:
            out.append(line)
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        after = lines[i + 2] if i + 2 < len(lines) else None
        if (
            nxt is not None
            and after is not None
            and (_open_bracket(line.text) or _label_start(line.text) and len(after.text) <= SPLIT_LABEL_TAIL)
            and not _is_row(line.text)
            and _values_only(nxt.text)
            and ("）" in after.text or not _open_bracket(line.text))
            and not _is_row(after.text)
            and not _starts_block(after.text)
        ):
            out.append(join(join(line, after), nxt, " "))
            i += 3
            continue
        if (
            nxt is not None
            and _values_only(line.text)
            and _is_label_line(nxt.text)
            and (after is None or not _values_only(after.text))
        ):
            out.append(join(nxt, line, " "))
            i += 2
            continue
        out.append(line)
        i += 1
    return out


_LABEL_LINE = re.compile(r"^(?:\S )?\d{1,2}\.\S")


def _is_label_line(text: str) -> bool:
    return bool(_LABEL_LINE.match(text)) and not _is_row(text) and not P.is_prose(text)
