"""The report tree: immutable, slotted attrs classes, every node with a `Span`.

Spans point into the ORIGINAL text (before normalisation) and take no part in equality,
so a tree parsed from a messy source equals the tree parsed from its canonical rendering.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar, Union

import attrs
from attrs import field, frozen


@frozen
class Span:
    """Where a node stands in the source: 1-based lines and columns, 0-based offsets.

    `end_line`/`end_column` are inclusive of the node's last character's line and one past its
    last column. `page` and `locator` serve sources that are not plain text (a PDF page, "table 3,
    row 5, cell 2" in a DOCX).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    page: int | None = None
    locator: str | None = None


def _span_field() -> Any:  # an attrs field (its stubs type `field(default=None)` as Any)
    return field(default=None, eq=False, repr=False, kw_only=True)


@frozen
class Problem:
    """Something the parser could not place or had to guess: reported, never raised."""

    code: str
    message: str
    span: Span | None = _span_field()
    # The readings left of a row no split could decide (a flattened table), each its cells.
    candidates: tuple[tuple[str, ...], ...] = field(default=(), eq=False, repr=False, kw_only=True)


@frozen
class HalfWidthMark:
    """ASCII punctuation written between Chinese characters (`办结16件,均`): the reader folds it
    to full width, so the report's wording is kept here for GD603. `offset` is in the source;
    `context` is the source text around the mark."""

    offset: int
    mark: str
    context: str


@frozen
class Cell:
    text: str
    span: Span | None = _span_field()


@frozen
class Row:
    """A table row. `kind`: header, data, group (a one-cell heading inside the table,
    `一、主动公开情况`) or note (a one-cell note or a piece of a merged label a PDF broke up)."""

    cells: tuple[Cell, ...]
    kind: str = "data"
    span: Span | None = _span_field()

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)

    @property
    def label(self) -> str:
        """The first non-empty cell: the row's label in the statistics tables."""
        return next((cell.text for cell in self.cells if cell.text), "")


@frozen
class Caption:
    """A line that names a table: `表三：…`, `政府信息公开情况统计表`, `（2018年度）`, `填报单位…`."""

    text: str
    span: Span | None = _span_field()


@frozen
class SignOff:
    """A sign-off or closing note: `单位负责人：…`, `联系电话：…`, `注：…`."""

    text: str
    span: Span | None = _span_field()


@frozen
class Table:
    rows: tuple[Row, ...]
    captions: tuple[Caption, ...] = ()
    signoffs: tuple[SignOff, ...] = ()
    span: Span | None = _span_field()

    @property
    def header(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.kind == "header")

    @property
    def data_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.kind == "data")


@frozen
class Title:
    """The report's title where it stands (after any page chrome), joined when a PDF wrapped it."""

    text: str
    span: Span | None = _span_field()


@frozen
class Paragraph:
    text: str
    span: Span | None = _span_field()


@frozen
class Item:
    """A numbered item: `1、互联网。…`, `2.…`, `3．…`."""

    number: int
    marker: str
    text: str
    span: Span | None = _span_field()


@frozen
class Unplaced:
    """Text the grammar could not place; kept so nothing is lost, and reported as a problem."""

    text: str
    span: Span | None = _span_field()


Block = Union[Paragraph, Item, Table, SignOff, Unplaced, Title]


@frozen
class Subsection:
    """`（一）…`: its title, any text on the heading line after the title, then its blocks."""

    number: int
    marker: str
    title: str
    text: str = ""
    children: tuple[Block, ...] = ()
    span: Span | None = _span_field()


@frozen
class Section:
    """`一、…`: its title, any text on the heading line after the title, then its blocks and
    sub-sections (blocks before the first sub-section come first in `children`)."""

    number: int
    marker: str
    title: str
    text: str = ""
    children: tuple[Union[Block, Subsection], ...] = ()
    span: Span | None = _span_field()

    @property
    def subsections(self) -> tuple[Subsection, ...]:
        return tuple(child for child in self.children if isinstance(child, Subsection))


Node = Union[Section, Subsection, Paragraph, Item, Table, Row, Cell, Caption, SignOff, Unplaced, Title]


@frozen
class Report:
    """A whole annual report.

    `year` is the title's year, else the statistics period's; `period` is the statistics period
    as stated (None when the report states none, "" when it names one without dates); `issuer` is
    the issuing body from the title or the preamble. `metadata` holds page or crawler metadata.
    `problems`, `source` and `source_kind` describe this reading and take no part in equality.
    `title` is the text of the `Title` block in the preamble (else the crawler header's 标题).
    """

    title: str | None = None
    preamble: tuple[Union[Block, Subsection], ...] = ()
    sections: tuple[Section, ...] = ()
    metadata_items: tuple[tuple[str, str], ...] = ()
    year: int | None = None
    period: str | None = None
    issuer: str | None = None
    problems: tuple[Problem, ...] = field(default=(), eq=False)
    halfwidth_marks: tuple[HalfWidthMark, ...] = field(default=(), eq=False, repr=False)
    source: str | None = field(default=None, eq=False)
    source_kind: str | None = field(default=None, eq=False)  # text, html, docx or pdf
    span: Span | None = _span_field()

    @property
    def metadata(self) -> dict[str, str]:
        return dict(self.metadata_items)

    def walk(self) -> Iterator[Node]:
        """Every node below the report, depth first, in document order."""
        return walk(self)

    def blocks(self) -> Iterator[Node]:
        """Every node below the report but those inside tables (`blocks`)."""
        return blocks(self)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(node for node in blocks(self) if isinstance(node, Table))

    def section(self, number: int) -> Section | None:
        """The section numbered `number` (一 = 1), or None."""
        return next((s for s in self.sections if s.number == number), None)

    def find_sections(self, title_contains: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if title_contains in s.title)


def children(node: Report | Node) -> tuple[Node, ...]:
    """The direct children of a node, in document order."""
    if isinstance(node, Report):
        return node.preamble + node.sections
    if isinstance(node, (Section, Subsection)):
        return node.children
    if isinstance(node, Table):
        return node.captions + node.rows + node.signoffs
    if isinstance(node, Row):
        return node.cells
    return ()


def walk(node: Report | Node) -> Iterator[Node]:
    for child in children(node):
        yield child
        yield from walk(child)


def blocks(node: Report | Node) -> Iterator[Node]:
    """Every node below `node`, depth first, in document order, but the inside of a table (its
    captions, rows and cells): where the prose and the tables are, without a step per cell (a
    table holds no prose and no other table)."""
    for child in children(node):
        yield child
        if not isinstance(child, Table):
            yield from blocks(child)


_Tree = TypeVar("_Tree", bound="Report | Node")


def evolve(node: _Tree, **changes: Any) -> _Tree:
    """A copy of a node with some fields changed (nodes are immutable)."""
    return attrs.evolve(node, **changes)
