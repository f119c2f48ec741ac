"""Parsing: normalise, lex lines, run the LALR grammar, build the tree during the parse."""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from . import lexer as L
from . import patterns as P
from .ast import (
    Caption,
    Cell,
    Item,
    Paragraph,
    Problem,
    Report,
    Row,
    Section,
    SignOff,
    Span,
    Subsection,
    Table,
    Title,
    Unplaced,
)
from .normalize import SourceMap, halfwidth_marks, normalize
from .report_info import issuer_of, period_of, year_of


class _TokenStream(Lexer):
    """Lark's side of the line lexer: the tokens are made before the parse, this hands them on."""

    def __init__(self, lexer_conf):  # noqa: D107 - lark's interface
        pass

    def lex(self, tokens):
        return iter(tokens)


# The grammar's one home is the repository's top-level `grammars/`. A wheel carries it inside the
# package (hatch force-include); an editable install runs from the source tree, where it sits two
# levels above this file.
_GRAMMAR = "report.lark"


@lru_cache(maxsize=1)
def grammar_text() -> str:
    packaged = resources.files("govdisclosure") / "grammars" / _GRAMMAR  # joinpath takes one name on 3.10
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source_tree = Path(__file__).resolve().parents[2] / "grammars" / _GRAMMAR
    return source_tree.read_text(encoding="utf-8")


# The lines and source map of the report being parsed, and its runs of blocks (below), for the
# tree builder, which lark calls from inside the parse (one parser serves every parse, in any
# thread).
_CURRENT: ContextVar[tuple[list[L.LexLine], SourceMap, dict[int, int]]] = ContextVar("govdisclosure_parse")

# Lines of these kinds are a block each. A run of lines of one kind goes to lark as one token,
# the run's first (its position: the run's first line), and its blocks are made all at once: the
# grammar places a run as it places its first line, and lark's per-token work was most of the
# time a text of many short lines took. (`_Blocks` carries the run up to its container.)
_RUN_KINDS = frozenset((L.TEXT, L.ITEM, L.SIGNOFF))


class _Blocks(tuple):
    """The blocks of one run of lines, in order: spliced into the container's blocks."""


def _flat(children) -> list:
    if not any(type(child) is _Blocks for child in children):
        return list(children)
    out: list = []
    for child in children:
        if type(child) is _Blocks:
            out.extend(child)
        else:
            out.append(child)
    return out


def _tokens(lexed: list[L.LexLine]) -> tuple[list[Token], dict[int, int]]:
    """The tokens for lark, and the runs: first line → the line after the run."""
    tokens: list[Token] = []
    runs: dict[int, int] = {}
    index, count = 0, len(lexed)
    while index < count:
        kind = lexed[index].kind
        end = index + 1
        if kind in _RUN_KINDS:
            while end < count and lexed[end].kind == kind:
                end += 1
            if end - index > 1:
                runs[index] = end
        tokens.append(Token(kind, lexed[index].line.text, start_pos=index))
        index = end
    return tokens, runs


class _Build(Transformer):
    """Builds the attrs tree bottom-up while LALR reduces (no intermediate parse tree)."""

    @property
    def lexed(self) -> list[L.LexLine]:
        return _CURRENT.get()[0]

    @property
    def smap(self) -> SourceMap:
        return _CURRENT.get()[1]

    @property
    def runs(self) -> dict[int, int]:
        return _CURRENT.get()[2]

    def _run(self, token: Token, make) -> Any:
        """The node of a token's line, or a run's nodes (`_Blocks`) when the token stands for one."""
        assert token.start_pos is not None
        end = self.runs.get(token.start_pos)
        if end is None:
            return make(self.lexed[token.start_pos], self._span(token))
        entries = self.lexed[token.start_pos:end]
        spans = self.smap.line_spans([entry.line for entry in entries])
        return _Blocks(map(make, entries, spans))

    def _entry(self, token: Token) -> L.LexLine:
        assert token.start_pos is not None  # parse() gives every token its line's index
        return self.lexed[token.start_pos]

    def _span(self, token: Token, start: int = 0, end: int | None = None):
        return self.smap.line_span(self._entry(token).line, start, end)

    def _cover(self, first, last):
        span_a, span_b = first.span, last.span
        return self.smap.span(span_a.offset, max(span_b.end_offset, span_a.offset))

    # --- leaves -------------------------------------------------------------------------------
    def paragraph(self, children):
        (token,) = children
        return self._run(token, lambda entry, span: Paragraph(entry.line.text, span=span))

    def signoff(self, children):
        (token,) = children
        return self._run(token, lambda entry, span: SignOff(entry.line.text, span=span))

    def item(self, children):
        (token,) = children
        return self._run(token, _item)

    def title(self, children):
        first, last = self._span(children[0]), self._span(children[-1])
        return Title("".join(str(token) for token in children), span=self.smap.span(first.offset, last.end_offset))

    def title_part(self, children):
        return ("title", children[0], _flat(children[1:]))

    def front(self, children):
        return ("front", _flat(children))

    def _heading(self, token):
        entry = self._entry(token)
        text = entry.line.text
        marker = text[: entry.marker_end].rstrip(" ")
        title, rest = split_heading(text[entry.marker_end :])
        return entry.number, marker, title, rest

    def _headed(self, node_class, children):
        token, blocks = children[0], _flat(children[1:])
        number, marker, title, rest = self._heading(token)
        span = self._span(token)
        if blocks:
            span = self.smap.span(span.offset, max(b.span.end_offset for b in blocks))
        return node_class(number, marker, title, rest, tuple(blocks), span=span)

    def subsection(self, children):
        return self._headed(Subsection, children)

    def section(self, children):
        return self._headed(Section, children)

    def table(self, children):
        captions: list[Caption] = []
        rows: list[Row] = []
        signoffs: list[SignOff] = []
        for token in children:
            entry = self._entry(token)
            if token.type == L.CAPTION:
                captions.append(Caption(str(token), span=self._span(token)))
            elif token.type == L.TABLE_NOTE:
                signoffs.append(SignOff(str(token), span=self._span(token)))
            else:
                text = entry.line.text
                spans = self.smap.cell_spans(entry.line, entry.cells)
                cells = tuple(Cell(text[a:b], span=span) for (a, b), span in zip(entry.cells, spans))
                rows.append(Row(cells, span=self._span(token)))
        rows, captions, signoffs = _settle_rows(rows, captions, signoffs)
        parts = captions + rows + signoffs
        parts.sort(key=lambda node: node.span.offset)
        return Table(tuple(rows), tuple(captions), tuple(signoffs), span=self._cover(parts[0], parts[-1]))

    def start(self, children):
        return children


def _item(entry: L.LexLine, span) -> Item:
    assert entry.number is not None  # the lexer numbers every item
    text = entry.line.text
    marker = text[: entry.marker_end].rstrip(" ")
    return Item(entry.number, marker, text[entry.marker_end :], span=span)


def _settle_rows(rows: list[Row], captions: list[Caption], signoffs: list[SignOff]):
    """Give each row its kind. One-cell rows before the first multi-cell row are captions, after
    the last one sign-offs (unless shaped like the table's rows and no sign-off), and between
    them group headings, notes or rows of blanks. Multi-cell
    rows before the first row with a value are the header. A table with no multi-cell row at
    all keeps every line, its captions included, as one-cell rows."""
    multi = [i for i, row in enumerate(rows) if sum(1 for c in row.cells if c.text) > 1]
    if not multi:
        lines = [Row((Cell(c.text, span=c.span),), span=c.span) for c in captions + signoffs] + rows
        lines.sort(key=lambda row: cast(Span, row.span).offset)  # the parse gives every line a span
        return [_evolve_kind(row, _one_cell_kind(row)) for row in lines], [], []
    first, last = multi[0], multi[-1]
    captions = captions + [Caption(row.label, span=row.span) for row in rows[:first]]
    # After the last multi-cell row: sign-offs, except rows shaped like the table's own (more
    # than one cell) that are no sign-off: a data row whose values are all blank.
    trailing = rows[last + 1 :]
    closing = [row for row in trailing if len(row.cells) == 1 or P.SIGNOFF.match(row.label) or P.TABLE_NOTE.match(row.label)]
    signoffs = [SignOff(row.label, span=row.span) for row in closing] + signoffs
    settled = []
    in_header = True
    for row in rows[first : last + 1] + [row for row in trailing if row not in closing]:
        cells = [c for c in row.cells if c.text]
        if len(cells) == 1:
            kind = _one_cell_kind(row)
        else:
            if any(P.is_value_cell(c.text) for c in cells):
                in_header = False
            kind = "header" if in_header else "data"
        settled.append(_evolve_kind(row, kind))
    return settled, captions, signoffs


def _one_cell_kind(row: Row) -> str:
    """A row with one non-empty cell inside a table: a group heading (`一、主动公开情况`), a note
    (`（不同渠道和方式公开相同的信息列为1条）`), or a data row whose values are all blank."""
    label = row.label
    if P.SECTION.match(label) or P.SUBSECTION.match(label):
        return "group"
    if label.startswith("（") and label.endswith("）") or len(row.cells) < 2:
        return "note"
    return "data"


def _evolve_kind(row: Row, kind: str) -> Row:
    return Row(row.cells, kind, span=row.span)


_HEADING_BREAK = re.compile(r"[。：；，（ ]|(?<=[\u4e00-\u9fff])(?=\d)")
SHORT_HEADING = 50


def split_heading(rest: str) -> tuple[str, str]:
    """A heading line's title and the text that runs on after it on the same line.

    A short line without sentence punctuation is all title. A longer one takes a known heading
    (data/headings.txt) as its title, else is cut at its first punctuation mark, bracket or space,
    or where Chinese runs into a number (`一、总体情况2019年，…`); the mark starts the rest.
    Title + rest always give back the line.
    """
    short = len(rest) <= SHORT_HEADING and not P.is_prose(rest[:-1])
    for heading in P.known_headings():
        if rest.startswith(heading):
            after = rest[len(heading) :]
            if not short or not after or _HEADING_BREAK.match(after) or after[0].isdigit():
                return heading, after
    if short:
        return rest, ""
    match = _HEADING_BREAK.search(rest, 2)
    if match is None or match.start() > SHORT_HEADING:
        return "", rest
    return rest[: match.start()], rest[match.start() :]


@lru_cache(maxsize=1)
def _parser() -> Lark:
    # lark's cache keeps the analysed LALR tables: a process that reads one report starts in 3 ms
    # rather than 50. lark stores a hash of the grammar, the options and its own version in the
    # file and rebuilds on a mismatch, so an edited grammar never loads stale tables; where the
    # cache cannot be read or written, it builds the tables as it would without one.
    cache = _grammar_cache()
    return Lark(grammar_text(), parser="lalr", lexer=_TokenStream, maybe_placeholders=False, transformer=_Build(),
                cache=cache, cache_grammar=bool(cache))  # (the grammar too: hypothesis' from_lark reads it)


def _grammar_cache() -> str | bool:
    """Where lark keeps the analysed grammar, in the cache directory (`govdisclosure.cache`);
    False when caching is off."""
    import hashlib
    import os

    from .cache import folder

    place = folder()
    if place is None:
        return False
    import lark

    # (one file per grammar and lark version: installs of two versions do not overwrite each other)
    digest = hashlib.sha256(f"{lark.__version__}\n{grammar_text()}".encode()).hexdigest()[:16]
    return os.path.join(place, f"grammar-{digest}.lark")


def parse(text: str, source: str | None = None) -> Report:
    """Parse a report's text into a `Report`. Never raises on any text: what the grammar cannot
    place is kept as `Unplaced` and recorded in `Report.problems`."""
    if not isinstance(text, str):
        raise TypeError(f"parse() takes str, not {type(text).__name__}; use govdisclosure.load() for files")
    normalized = normalize(text)
    problems = list(normalized.problems)
    smap = normalized.source_map
    lexed = L.lex(normalized.lines, smap, problems)
    tokens, runs = _tokens(lexed)
    unplaced: list[Unplaced] = []

    def unplace(entry: L.LexLine) -> None:
        span = smap.line_span(entry.line)
        unplaced.append(Unplaced(entry.line.text, span=span))
        problems.append(Problem("unplaced-line", f"无法归入报告结构的一行：{entry.line.text[:30]}", span=span))

    def recover(error: UnexpectedInput) -> bool:
        token = getattr(error, "token", None)
        if token is None or token.type == "$END":
            return False
        unplace(lexed[token.start_pos])
        # A run refused: its other lines go to the parser one by one, as they would have
        # without runs (each refused is unplaced in turn).
        for index in range(token.start_pos + 1, runs.get(token.start_pos, token.start_pos + 1)):
            try:
                error.interactive_parser.feed_token(Token(lexed[index].kind, lexed[index].line.text, start_pos=index))
            except UnexpectedInput:
                unplace(lexed[index])
        return True

    parser = _parser()
    context = _CURRENT.set((lexed, smap, runs))
    try:
        # _Build makes the result: sections, and ("front", ...) and ("title", ...) parts.
        parts = cast("list[Section | tuple[Any, ...]]", parser.parse(iter(tokens), on_error=recover))
    except UnexpectedInput:  # pragma: no cover - the grammar accepts every token order the lexer makes
        parts = [("front", [Unplaced(e.line.text, span=smap.line_span(e.line)) for e in lexed])]
        problems.append(Problem("grammar-failed", "语法分析失败，全文按未归类文本保留"))
    finally:
        _CURRENT.reset(context)
    return _assemble(parts, unplaced, normalized.metadata, problems, source, smap, text)


def _assemble(parts, unplaced, metadata, problems, source, smap, text) -> Report:
    title = None
    preamble: list = []
    sections: list[Section] = []
    for part in parts:
        if isinstance(part, Section):
            sections.append(part)
        elif part[0] == "front":
            preamble.extend(part[1])
        elif part[0] == "title":
            title = part[1].text
            preamble.append(part[1])
            preamble.extend(part[2])
    if title is None:
        title = dict(metadata).get("标题") or None  # a crawl that kept the title only in its header
    preamble.extend(unplaced)
    if not text.strip():
        problems.append(Problem("empty-input", "输入为空，没有可解析的报告内容"))
    period = period_of(preamble, sections)
    return Report(
        title=title,
        preamble=tuple(preamble),
        sections=tuple(sections),
        metadata_items=tuple(metadata),
        year=year_of(title, period, preamble, sections),
        period=period,
        issuer=issuer_of(title, preamble),
        problems=tuple(problems),
        halfwidth_marks=halfwidth_marks(text),
        source=source,
        span=smap.span(0, len(text)),
    )
