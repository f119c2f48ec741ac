"""The baseline the benchmark compares with: a straightforward lark grammar (bench/baseline.lark,
LALR, one token per text run and per table cell) building the same kinds of tree nodes. Not part
of the library."""

from __future__ import annotations

from pathlib import Path

from lark import Lark, Transformer

from govdisclosure import Cell, Paragraph, Report, Row, Section, Subsection, Table
from govdisclosure.normalize import normalize
from govdisclosure.patterns import cn_number

GRAMMAR = (Path(__file__).resolve().parent / "baseline.lark").read_text(encoding="utf-8")


class _Build(Transformer):
    def paragraph(self, children):
        return Paragraph(str(children[0]))

    def section(self, children):
        mark, *rest = children
        return Section(cn_number(mark[:-1]), str(mark), str(rest[0]) if rest else "")

    def subsection(self, children):
        mark, *rest = children
        return Subsection(cn_number(mark[1:-1]), str(mark), str(rest[0]) if rest else "")

    def row(self, children):
        cells, current = [], ""
        for token in children:
            if token.type == "PIPE":
                cells.append(Cell(current.strip()))
                current = ""
            else:
                current += str(token)
        if current.strip():
            cells.append(Cell(current.strip()))
        return Row(tuple(cells))

    def start(self, children):
        # Nest as the real parser does: rows into tables, blocks into sections.
        sections, preamble, table = [], [], None
        target = preamble
        for node in children:
            if isinstance(node, Row):
                if table is None:
                    table = []
                    target.append(table)
                table.append(node)
                continue
            table = None
            if isinstance(node, Section):
                sections.append([node])
                target = sections[-1]
            else:
                target.append(node)
        def blocks(items):
            return tuple(Table(tuple(i)) if isinstance(i, list) else i for i in items)
        return Report(
            preamble=blocks(preamble),
            sections=tuple(Section(s[0].number, s[0].marker, s[0].title, "", blocks(s[1:])) for s in sections),
        )


_PARSER = Lark(GRAMMAR, parser="lalr", transformer=_Build())


def grammar_stage(normalized_text: str) -> Report:
    """The baseline's grammar stage on already normalised text."""
    return _PARSER.parse(normalized_text)


def parse(text: str) -> Report:
    """The baseline pipeline: the library's normalisation, then the baseline grammar."""
    return grammar_stage("\n".join(line.text for line in normalize(text).lines))
