"""The baseline the benchmark compares with: a straightforward lark grammar (bench/baseline.lark,
LALR, one token per text run and per table cell) building the same kinds of tree nodes, each
with its span in the original text. Not part of the library."""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

from lark import Lark, Transformer

from govdisclosure import Cell, Paragraph, Report, Row, Section, Subsection, Table
from govdisclosure.normalize import Normalized, normalize
from govdisclosure.patterns import cn_number

GRAMMAR = (Path(__file__).resolve().parent / "baseline.lark").read_text(encoding="utf-8")
_CURRENT: ContextVar[Normalized] = ContextVar("baseline")


def _span(token):
    normalized = _CURRENT.get()
    line = normalized.lines[token.line - 1]
    return normalized.source_map.line_span(line, token.column - 1, token.column - 1 + len(token))


class _Build(Transformer):
    def paragraph(self, children):
        return Paragraph(str(children[0]), span=_span(children[0]))

    def section(self, children):
        mark, *rest = children
        return Section(cn_number(mark[:-1]), str(mark), str(rest[0]) if rest else "", span=_span(mark))

    def subsection(self, children):
        mark, *rest = children
        return Subsection(cn_number(mark[1:-1]), str(mark), str(rest[0]) if rest else "", span=_span(mark))

    def row(self, children):
        cells, current = [], []
        for token in children:
            if token.type == "PIPE":
                cells.append(current)
                current = []
            else:
                current.append(token)
        if current:
            cells.append(current)
        built = tuple(
            Cell("".join(parts).strip(), span=_span(parts[0]) if parts else None) for parts in cells
        )
        return Row(built, span=_span(children[0]))

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
            return tuple(Table(tuple(i), span=i[0].span) if isinstance(i, list) else i for i in items)

        return Report(
            preamble=blocks(preamble),
            sections=tuple(
                Section(s[0].number, s[0].marker, s[0].title, "", blocks(s[1:]), span=s[0].span) for s in sections
            ),
        )


_PARSER = Lark(GRAMMAR, parser="lalr", transformer=_Build())


def grammar_stage(normalized: Normalized) -> Report:
    """The baseline's grammar stage on already normalised text."""
    context = _CURRENT.set(normalized)
    try:
        return _PARSER.parse("\n".join(line.text for line in normalized.lines))
    finally:
        _CURRENT.reset(context)


def parse(text: str) -> Report:
    """The baseline pipeline: the library's normalisation, then the baseline grammar."""
    return grammar_stage(normalize(text))
