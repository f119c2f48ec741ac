"""What an adapter reads out of an HTML page, a DOCX or a PDF: the report text the grammar parses,
and for every piece of it where it came from in the original.

Adapters write the report text as plain lines and tab-separated table rows (the shapes the parser
already reads), through a `DocumentBuilder` that records an `Origin` for each line and cell.
After parsing, `remap` moves every span of the tree from that text back to the original:
line and column of the HTML element, PDF page and line on the page, DOCX table/row/cell or
paragraph. Offsets stay offsets into the report text (`Document.text`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import attrs
from attrs import define, field, frozen

from ..ast import Span

if TYPE_CHECKING:
    from ..rules.model import Excerpt


@frozen
class Origin:
    """Where a piece of report text came from: 1-based line and column in the original (for a
    PDF, the line on its page), the PDF page, and a locator for sources without lines (DOCX:
    `表2 第3行 第1列`, `段落12`)."""

    line: int
    column: int = 1
    page: int | None = None
    locator: str | None = None


@define
class Document:
    """An adapter's reading of one file."""

    kind: str  # "text", "html", "docx", "pdf"
    text: str
    # Per line of `text`: (column where a piece starts, its origin), sorted by column.
    origins: list[list[tuple[int, Origin]]] = field(factory=list)
    metadata: list[tuple[str, str]] = field(factory=list)
    encoding: str | None = None
    # Plain-language notes about the reading (a scanned page, a table read as text …).
    notes: list[str] = field(factory=list)

    # Per line, the columns of its pieces, made once on first look (a row of 20,000 cells is
    # looked up 20,000 times: making the list each time was quadratic).
    _columns: dict[int, list[int]] = field(factory=dict, init=False, repr=False, eq=False)
    _joins: dict[tuple[int, int], str] = field(factory=dict, init=False, repr=False, eq=False)

    def origin(self, line: int, column: int) -> Origin | None:
        """The origin of 1-based `line` and `column` of `text`."""
        if not 0 < line <= len(self.origins) or not self.origins[line - 1]:
            return None
        pieces = self.origins[line - 1]
        columns = self._columns.get(line)
        if columns is None or len(columns) != len(pieces):  # (origins may be changed after a look)
            columns = self._columns[line] = [c for c, _ in pieces]
        index = bisect.bisect_right(columns, column - 1) - 1
        return pieces[max(index, 0)][1]

    def excerpt(self, span: Span | None, quote: str = "", at: int | None = None) -> Excerpt | None:
        """What the report says where `span` stands (`excerpt_of` its text); a span's joined
        text is made once, however many findings quote it."""
        return excerpt_of(self.text, span, quote, at, self._joined)

    def _joined(self, start: int, end: int) -> str:
        key = (start, end)
        if key not in self._joins:
            self._joins[key] = _join(self.text, start, end)
        return self._joins[key]


# Characters of a report text's line an excerpt keeps around its place (an HTML page's
# paragraph may be thousands of characters long).
EXCERPT_CHARS = 120
# How a table row's cells are shown in an excerpt (the report text separates them by tabs).
CELL_SEPARATOR = " | "
# What ends a sentence, for the excerpt of a quote.
_SENTENCE_END = "。；！？"


def excerpt_of(text: str, span: Span | None, quote: str = "", at: int | None = None,
               joined: Callable[[int, int], str] | None = None) -> Excerpt | None:
    """The line of report text `text` holding `span`'s start (its offset), tabs shown as
    ` | `, cut to EXCERPT_CHARS around the place; None without a place in it. With a `quote`
    (the words a finding is about) standing at `at` in the span's text with its line breaks
    dropped (a PDF's wrapped lines joined, as the parser joins them): the sentence holding it.
    Each excerpt looks at no more than a few EXCERPT_CHARS of the text, so that 25,000 findings
    in one long paragraph cost what 25,000 short ones do."""
    from ..rules.model import Excerpt

    if span is None or not 0 <= span.offset <= len(text):
        return None
    quoted = _sentence_of(text, span, quote, at, joined) if quote and at is not None else None
    if quoted is not None:
        line, column = quoted
    else:
        low, high = max(0, span.offset - EXCERPT_CHARS), min(len(text), span.offset + EXCERPT_CHARS)
        start = text.rfind("\n", low, span.offset) + 1 or low
        end = text.find("\n", span.offset, high)
        line = text[start : high if end < 0 else end]
        column = span.offset - start
    if not line.strip():
        return None
    before = line[:column]
    column += before.count("\t") * (len(CELL_SEPARATOR) - 1)
    line = line.replace("\t", CELL_SEPARATOR)
    if len(line) > EXCERPT_CHARS:
        first = max(0, min(column - EXCERPT_CHARS // 2, len(line) - EXCERPT_CHARS))
        line, column = line[first : first + EXCERPT_CHARS], column - first
    return Excerpt(line, column + 1)


def _join(text: str, start: int, end: int) -> str:
    """The text from `start` to `end` with its line breaks dropped."""
    return text[start:end].replace("\n", "")


def _sentence_of(text: str, span: Span, quote: str, at: int,
                 joined: Callable[[int, int], str] | None) -> tuple[str, int] | None:
    """The sentence around `quote`, which stands at `at` in the span's joined text; None when
    it does not stand there (a finding whose words are not the span's own)."""
    flat = (joined or (lambda a, b: _join(text, a, b)))(span.offset, span.end_offset)
    if flat[at : at + len(quote)] != quote:
        return None
    low, high = max(0, at - EXCERPT_CHARS), min(len(flat), at + len(quote) + EXCERPT_CHARS)
    start = max(flat.rfind(mark, low, at) for mark in _SENTENCE_END) + 1 or low
    ends = [i for i in (flat.find(mark, at + len(quote), high) for mark in _SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else high  # (its full stop kept)
    return flat[start:end], at - start


def clean(text: str) -> str:
    """A piece of text as one line: breaks, tabs and runs of white space become one space
    (a tab would separate cells and a line break end a line in the text the parser reads)."""
    return " ".join(text.split())


class DocumentBuilder:
    """Collects the report text line by line, with origins."""

    def __init__(self, kind: str):
        self.kind = kind
        self.lines: list[str] = []
        self.origins: list[list[tuple[int, Origin]]] = []
        self.metadata: list[tuple[str, str]] = []
        self.notes: list[str] = []

    def line(self, text: str, origin: Origin) -> None:
        """A line of prose or a heading (empty text adds nothing)."""
        text = clean(text)
        if text:
            self.lines.append(text)
            self.origins.append([(0, origin)])

    def blank(self) -> None:
        """A paragraph break: the parser never joins lines across it."""
        if self.lines and self.lines[-1]:
            self.lines.append("")
            self.origins.append([])

    def row(self, cells: list[tuple[str, Origin]]) -> None:
        """A table row: its cells, tab-separated (a blank cell stays an empty cell)."""
        texts = [clean(text) for text, _ in cells]
        if not any(texts) and (len(texts) < 2 or not self.lines or "\t" not in self.lines[-1]):
            return  # (a row of blank cells under another row stays: a form's empty value row)
        if len(texts) == 1:  # a one-cell row: a trailing tab keeps it a row (as `render` writes it)
            texts = [texts[0], ""]
            cells = [cells[0], cells[0]]
        pieces, column = [], 0
        for text, (_, origin) in zip(texts, cells):
            pieces.append((column, origin))
            column += len(text) + 1
        self.lines.append("\t".join(texts))
        self.origins.append(pieces)

    def build(self, encoding: str | None = None) -> Document:
        return Document(self.kind, "\n".join(self.lines) + "\n" if self.lines else "", self.origins,
                        self.metadata, encoding, self.notes)


# A grid slot: (text, Origin) from the HTML and DOCX adapters, (text, None) from the PDF one.
_Entry = TypeVar("_Entry")


def written_rows(grid: list[list[_Entry]]) -> list[list[_Entry]]:
    """The rows of a full grid (where a merged cell is the same entry object in every slot it
    covers) to write for the parser: a cell spanning columns once per row (its copies would count its
    value twice, and when a header's spans and its values' spans disagree, as on Shanghai's
    2019 page, the cells in order still line up), a cell spanning rows in every row it covers
    (a merged row label names each row); a row that only continues the row above is dropped."""
    out = []
    previous = None
    for row in grid:
        cells = [cell for i, cell in enumerate(row) if i == 0 or cell is not row[i - 1]]
        if previous is not None and len(cells) == len(previous) and all(a is b for a, b in zip(cells, previous)):
            continue
        previous = cells
        out.append(cells)
    return out


def remap(node, document: Document):
    """The tree with every span moved from the report text to the original file."""
    cache: dict[int, Span] = {}

    def span_of(span: Span) -> Span:
        known = cache.get(id(span))
        if known is not None:
            return known
        start = document.origin(span.line, span.column)
        if start is None:
            moved = span
        else:
            end = start
            if span.end_offset > span.offset:  # the origin of the last character
                end = document.origin(span.end_line, max(span.end_column - 1, 1)) or start
            moved = Span(start.line, start.column, end.line, end.column, span.offset, span.end_offset,
                         page=start.page, locator=start.locator)
        cache[id(span)] = moved
        return moved

    # Per class, (name, __init__ argument) of its attrs fields set by __init__ (None: not an attrs
    # class): asked once per class, not once per node as `attrs.evolve` would (the tree of a
    # 50,000-row table has 500,000 nodes).
    fields_of: dict[type, tuple[tuple[str, str], ...] | None] = {}

    def visit(value):
        if isinstance(value, Span):
            return span_of(value)
        if isinstance(value, tuple):
            return tuple([visit(item) for item in value])
        kind = type(value)
        if kind not in fields_of:
            fields_of[kind] = (tuple((a.name, a.alias) for a in attrs.fields(kind) if a.init)
                               if attrs.has(kind) else None)
        fields = fields_of[kind]
        if fields is None:
            return value
        values, changed = {}, False
        for name, alias in fields:
            old = getattr(value, name)
            new = values[alias] = visit(old)
            changed = changed or new is not old
        return kind(**values) if changed else value  # what `attrs.evolve` does

    return visit(node)
