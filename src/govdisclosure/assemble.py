"""Table assembly: tables a page printed one cell per line, put back into rows.

Web pages copied as text lose their table rows in a few recurring ways. Each is read into one
stream of cells, and one row builder, guided by the catalogues' row labels and column counts,
turns the stream back into tab-separated rows for the line lexer:

- (a) each cell on a line ending in ` |`, a line of pipes alone for empty cells (`||`);
- (b) each cell followed by a line holding only `|`; a cell may run over lines (`商业` / `企业`);
- (c) cells separated by blank lines (Guangzhou);
- (d) one cell per line with no separator at all: a row label, then its values a line each
  (or all on the next line, `规章` / `0 1 2`).

In (a) and (b) every `|` ends one cell, so both read the same way: text accumulates until a pipe
ends the cell. The row builder takes the text cells before a run of values as the row label (and
the numbered group labels before it, `三、本年度办理结果 | （一）予以公开`), the others as header
cells, and cuts a run of values longer than the row's known width into the next row.

Everything here is linear in the input: each line is looked at a bounded number of times and a
row is joined once.
"""

from __future__ import annotations

import re
from . import patterns as P
from .normalize import NormLine, join_all

# A cell on a line of its own (layouts c and d) is short, unless the catalogue knows it as a label.
CELL_LINE_CHARS = 20
# A cell text of layouts (a) and (b) is at most this long (a long wrapped label included).
CELL_TEXT_CHARS = 120
# A table of cells has at least this many cells, two of them values.
MIN_CELL_LINES = 6
# A cell of layouts (a)/(b) may run over this many lines before its pipe (a wrapped label).
MAX_CELL_PIECES = 3
# Layout (d) needs this many labels directly followed by a value before it is taken as a table.
MIN_LABELLED_VALUES = 2

# Lines of layouts (a)/(b): text ended by pipes (`规章 |`, `|||`, `|`).
_TERMINATED = re.compile(r"^[^|\t]*\|+$")
# A numbered label of a row group (`三、本年度办理结果`, `（三）不予公开`): kept in front of its rows.
_GROUP_LABEL = re.compile(rf"^(?:{P.CN_NUMERAL}、|（{P.CN_NUMERAL}）)")
_NUMBERED_LABEL = re.compile(rf"^(?:{P.CN_NUMERAL}、|（{P.CN_NUMERAL}）|\d{{1,2}}[.、．])")


def is_heading(text: str) -> bool:
    """A numbered section heading the templates print (`三、收到和处理政府信息公开申请情况`): it
    ends a table of cells (a row label such as `三、本年度办理结果` is no such heading)."""
    match = P.SECTION.match(text) or P.SUBSECTION.match(text)
    return match is not None and P.starts_with_known_heading(text, match.end())


is_value = P.is_value_cell


# --- what the catalogues know ------------------------------------------------------------------


def _label_widths(catalogs) -> dict[str, int]:
    """Folded row label or alias → the most columns a row of that label has, over every
    catalogue in force (a label several catalogues share takes the widest)."""
    from .catalog.match import fold_label

    widths: dict[str, int] = {}
    for catalog in catalogs.catalogs:
        for indicator in catalog.indicators:
            width = len(catalog.columns_of(indicator))
            for label in (indicator.label, *indicator.aliases):
                key = fold_label(label)
                if key:
                    widths[key] = max(widths.get(key, 0), width)
    return widths


def _single_row_widths(catalogs) -> frozenset[int]:
    """Column counts of the tables whose one row of values has no label (复议 and 诉讼: 15)."""
    widths = set()
    for catalog in catalogs.catalogs:
        for table in catalog.tables:
            rows = [i for i in catalog.indicators_of(table.id) if i.kind != "heading"]
            if len(rows) == 1 and len(catalog.columns_of(rows[0])) >= MIN_CELL_LINES:
                widths.add(len(catalog.columns_of(rows[0])))
    return frozenset(widths)


def _value_rows(catalogs) -> frozenset[str]:
    from .catalog.match import fold_label

    return frozenset(fold_label(label) for catalog in catalogs.catalogs for indicator in catalog.indicators
                     if indicator.kind != "heading" for label in (indicator.label, *indicator.aliases))


def _column_headers(catalogs) -> frozenset[str]:
    from .catalog.match import fold_label

    return frozenset(fold_label(text) for catalog in catalogs.catalogs for table in catalog.tables
                     for column in table.columns for text in (column.label, *column.aliases, column.group) if text)


def _catalogs():
    from .registry import default

    return default().catalogs


class _Labels:
    """Row labels of the catalogues in force, looked up by their folded form."""

    def __init__(self):
        from .catalog.model import derived

        catalogs = _catalogs()
        self.widths = derived("row widths", catalogs, _label_widths)
        self.headers = derived("column headers", catalogs, _column_headers)
        self.units = derived("units", catalogs, lambda c: frozenset(i.unit for k in c.catalogs for i in k.indicators if i.unit))
        self.value_rows = derived("value rows", catalogs, _value_rows)
        self.single_row_widths = derived("single-row widths", catalogs, _single_row_widths)
        # fold_label runs the normaliser: each text is folded once per document, not once for
        # every look-up of every layout.
        self._folded: dict[str, str] = {}
        self._widths: dict[str, int | None] = {}

    def fold(self, text: str) -> str:
        folded = self._folded.get(text)
        if folded is None:
            from .catalog.match import fold_label

            folded = self._folded[text] = fold_label(text)
        return folded

    def is_value_row(self, text: str) -> bool:
        """A label of a row that holds values (no group heading)."""
        return self.width(text) is not None and self.fold(text) in self.value_rows

    def starts_blank_row(self, text: str) -> bool:
        """A row label that empty cells after it make a row of blank cells: a value row's label
        that is numbered or no column header as well (`其他`, `总计` head columns too)."""
        return self.is_value_row(text) and (bool(_NUMBERED_LABEL.match(text)) or self.fold(text) not in self.headers)

    def is_header(self, text: str) -> bool:
        """A column header or header group of a catalogue (`行政复议`, `结果维持`), no row label."""
        return self.width(text) is None and self.fold(text) in self.headers

    def width(self, text: str) -> int | None:
        """The columns of a row with this label, or None when it names no known row."""
        if text in self._widths:
            return self._widths[text]
        width = None if len(text) > CELL_TEXT_CHARS or P.is_prose(text) else self.widths.get(self.fold(text))
        self._widths[text] = width
        return width


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def is_row_label(text: str) -> bool:
    """A numbered row label of a catalogue in force, numbering and all, that is no known
    section heading (`四、结转下年度继续办理`, `（一）予以公开`): the lexer never takes it for a
    heading, in sequence or not."""
    match = P.SECTION.match(text) or P.SUBSECTION.match(text)
    if match and P.starts_with_known_heading(text, match.end()):
        return False
    from .catalog.model import derived

    return _plain(text) in derived("numbered row labels", _catalogs(), _numbered_labels)


def _numbered_labels(catalogs) -> frozenset[str]:
    # Rows with values only: a legacy group row (`一、主动公开情况`) may be a report's heading.
    return frozenset(_plain(label) for catalog in catalogs.catalogs for indicator in catalog.indicators
                     if indicator.kind != "heading" or indicator.columns
                     for label in (indicator.label, *indicator.aliases) if _NUMBERED_LABEL.match(_plain(label)))


# --- the cell streams of each layout -----------------------------------------------------------


def _empty_at(line: NormLine, column: int) -> NormLine:
    return line.slice(column, column)


def _terminated_cells(lines: list[NormLine], start: int, labels: _Labels):
    """Layouts (a) and (b) from line `start`: (cells, end) where cells are NormLines (empty ones
    for empty cells) and `end` the first line not read; cells are None when no table starts here."""
    cells: list[NormLine] = []
    pieces: list[NormLine] = []
    index = start
    end = start
    while index < len(lines):
        text = lines[index].text
        if _TERMINATED.match(text):
            line = lines[index]
            content = line.slice(0, text.index("|")).strip()
            if content.text:
                pieces.append(content)
            first = True
            for column, ch in enumerate(text):
                if ch != "|":
                    continue
                if first and pieces:
                    cells.append(join_all(pieces, "") if len(pieces) > 1 else pieces[0])
                else:
                    cells.append(_empty_at(line, column))
                first = False
                pieces = []
            index += 1
            end = index
            continue
        if (text and "|" not in text and "\t" not in text and len(pieces) < MAX_CELL_PIECES
                and len(text) <= CELL_TEXT_CHARS and not P.is_prose(text)
                and not is_heading(text)):
            pieces.append(lines[index])
            index += 1
            continue
        break
    # Pipes show the cells; values or known row labels show the table (a blank form has no values).
    evidence = sum(is_value(c.text) or labels.is_value_row(c.text) for c in cells if c.text)
    if len(cells) < MIN_CELL_LINES or evidence < 2:
        return None, max(end, start + 1)
    return cells, end


def _is_short_cell(text: str, labels: _Labels) -> bool:
    if not text or "|" in text or "\t" in text or is_heading(text):
        return False
    if len(text) <= CELL_LINE_CHARS and not P.is_prose(text):
        return True
    return labels.width(text) is not None


def _blank_separated_cells(lines: list[NormLine], start: int, labels: _Labels):
    """Layout (c): cell, blank line, cell, blank line …"""
    if start + 1 >= len(lines) or lines[start + 1].text:
        return None, start + 1  # no blank line after the first cell: what the scan below finds
    end = start
    cells = []
    while end < len(lines) and _is_short_cell(lines[end].text, labels):
        cells.append(lines[end])
        if end + 1 < len(lines) and lines[end + 1].text:
            end += 1  # the last cell: the text after it follows without a blank line
            break
        end += 2
    end = min(end, len(lines))
    if len(cells) >= MIN_CELL_LINES and sum(is_value(c.text) for c in cells) >= 2:
        return cells, end
    return None, end


def _bare_cells(lines: list[NormLine], start: int, labels: _Labels):
    """Layout (d): short lines with no separator, in which known row labels are followed
    directly by values on lines of their own (or a known column header by a row of values)."""
    end = start
    labelled = 0
    while end < len(lines) and _is_short_cell(lines[end].text, labels):
        text = lines[end].text
        # A unit between a label and its value (the legacy table: `条`) is looked past.
        after = end + 2 if end + 2 < len(lines) and lines[end + 1].text in labels.units else end + 1
        if after < len(lines) and is_value(lines[after].text) and not is_value(text) and (
                labels.width(text) is not None
                or end > start and labels.width(lines[end - 1].text + text) is not None):  # a wrapped label
            labelled += 1
        if not is_value(text):
            # A header over a row of values (复议 and 诉讼): a known text before several values, or
            # any text before exactly as many as the table whose one row has no label. (Each run
            # of values is counted from the one text line before it: linear.)
            run = end + 1
            while run < len(lines) and is_value(lines[run].text):
                run += 1
            count = run - end - 1
            if count in labels.single_row_widths or count >= MIN_CELL_LINES and (
                    labels.is_header(text) or labels.width(text) is not None):
                labelled += MIN_LABELLED_VALUES
        end += 1
    cells = lines[start:end]
    values = sum(is_value(c.text) for c in cells)
    if len(cells) >= MIN_CELL_LINES and values >= 2 and labelled >= MIN_LABELLED_VALUES:
        return cells, end
    return None, end


# --- rows from a stream of cells ---------------------------------------------------------------


def _merge_wrapped(texts: list[NormLine], labels: _Labels) -> list[NormLine]:
    """Join two neighbouring text cells that a line break split inside one label
    (`（二）部分公开（区分处理的，` / `只计这一情形，不计其他情形）`): when the two together name a
    known row and the first alone is cut off (an open bracket) or names none, or the second is
    a fragment naming nothing (`（一）维持具体行政行为` / `或者驳回原告诉讼请求数`)."""
    out: list[NormLine] = []
    for cell in texts:
        if out and out[-1].text:
            joined = out[-1].text + cell.text
            open_bracket = out[-1].text.count("（") > out[-1].text.count("）")
            if labels.width(joined) is not None and (open_bracket or labels.width(out[-1].text) is None
                                                     or labels.width(cell.text) is None and not labels.is_header(cell.text)):
                out[-1] = join_all([out[-1], cell], "")
                continue
        out.append(cell)
    return out


def _split_header(texts: list[NormLine]) -> list[NormLine]:
    """Header cells before a row as lines: captions and notes on their own, the others one row."""
    out: list[NormLine] = []
    rest: list[NormLine] = []
    for cell in texts:
        if not rest and (P.CAPTION.match(cell.text) or P.TABLE_NOTE.match(cell.text)):
            out.append(cell)
        else:
            rest.append(cell)
    if len(rest) == 1:
        out.append(rest[0])
    elif rest:
        out.append(join_all(rest, "\t"))
    return out


def build_rows(cells: list[NormLine], labels: _Labels | None = None) -> list[NormLine]:
    """Tab-separated rows (and header lines) from a stream of cells; empty NormLines are empty
    cells, kept only between the values of one row."""
    labels = labels or _Labels()
    out: list[NormLine] = []
    texts: list[NormLine] = []
    index = 0
    while index < len(cells):
        cell = cells[index]
        if not cell.text:
            index += 1
            continue
        if not is_value(cell.text):
            texts.append(cell)
            index += 1
            # A known row followed by empty cells: a row left blank (a blank form) or whose
            # first cells are blank.
            if not (index < len(cells) and not cells[index].text and labels.starts_blank_row(cell.text)):
                continue
        # A run of values, with the empty cells between them.
        values: list[NormLine] = []
        while index < len(cells) and (not cells[index].text or is_value(cells[index].text)):
            values.append(cells[index])
            index += 1
        # Empty cells after the last value are the row's blank cells up to its known width (a
        # row left blank keeps them all); beyond it, or for an unknown row, they are filler.
        width = labels.width(texts[-1].text) if texts else None
        while values and not values[-1].text and (width is None or len(values) > width):
            values.pop()
        texts = _merge_wrapped(texts, labels)
        out.extend(_rows_of(texts, values, labels))
        texts = []
    out.extend(texts)  # text after the last values: nothing says which rows it belongs to
    return out


def _rows_of(texts: list[NormLine], values: list[NormLine], labels: _Labels) -> list[NormLine]:
    """The header lines and rows of text cells followed by a run of values."""
    if not texts:
        return [join_all(values, "\t")]
    texts = list(texts)
    # A unit cell between a label and its value (the legacy table's 单位 column: `条`).
    unit = [texts.pop()] if len(texts) >= 2 and texts[-1].text in labels.units else []
    label = texts[-1]
    width = labels.width(label.text)
    numbered = bool(_NUMBERED_LABEL.match(label.text))
    unlabelled = width is None and len(values) in labels.single_row_widths
    if not unit and (width is not None and len(values) > width and not numbered or labels.is_header(label.text)
                     or unlabelled):
        # More values than the label's row has, a column header (`结果维持`), or an unknown text
        # before as many values as the table whose one row has no label (`行政诉讼` above the
        # review and litigation values): a header, and the values a row of their own.
        return _split_header(texts) + [join_all(values, "\t")]
    row_labels = [label, *unit]
    before = texts[:-1]
    while before and _GROUP_LABEL.match(before[-1].text) and labels.width(before[-1].text) is not None:
        row_labels.insert(0, before.pop())
    rows = _split_header(before)
    if width is not None and len(values) > width and not unit:
        rows.append(join_all(row_labels + values[:width], "\t"))
        rest = values[width:]
        while rest and not rest[0].text:
            rest = rest[1:]
        if rest:
            rows.append(join_all(rest, "\t"))
    else:
        rows.append(join_all(row_labels + values, "\t"))
    return rows


_LAYOUTS = (_terminated_cells, _blank_separated_cells, _bare_cells)
_VALUE_ENDS = frozenset(P.VALUE_CELL_ENDS)  # one character each ("" is in no set)


def assemble_cell_tables(lines: list[NormLine]) -> list[NormLine]:
    """Rebuild the tables printed one cell per line (layouts a–d); other lines stay as they are.

    A layout's scan that finds no table at a line finds none at the lines it passed over either
    (each starts a shorter run of the same kind), so it is not tried again before its scan's end:
    each layout reads each line a bounded number of times."""
    if len(lines) < MIN_CELL_LINES:
        return lines  # a label or a line of text (fold_label normalises labels through here)
    # Every layout needs a line ended by a pipe or a value (a line of values ends in one too):
    # text with neither (prose, or a hostile file of a million short lines) has no table.
    if not any(line.text.endswith("|") or line.text[-1:] in _VALUE_ENDS for line in lines):
        return lines
    labels = None
    not_before = [0] * len(_LAYOUTS)
    # Layouts (a)/(b) need a line ended by a pipe within MAX_CELL_PIECES lines of their start:
    # before that, their scan finds nothing, so it is not run (most text has no such line).
    piped = [i for i, line in enumerate(lines) if line.text.endswith("|")]
    next_piped = 0
    paired = -1  # where the last label-and-values pair ended
    out: list[NormLine] = []
    index = 0
    while index < len(lines):
        text = lines[index].text
        if not text or "\t" in text or len(text) > CELL_TEXT_CHARS:
            out.append(lines[index])
            index += 1
            continue
        labels = labels or _Labels()
        while next_piped < len(piped) and piped[next_piped] < index:
            next_piped += 1
        reach = piped[next_piped] if next_piped < len(piped) else len(lines) + MAX_CELL_PIECES
        not_before[0] = max(not_before[0], reach - MAX_CELL_PIECES)
        found = None
        for number, layout in enumerate(_LAYOUTS):
            if not_before[number] > index:
                continue
            found, end = layout(lines, index, labels)
            if found is not None:
                break
            not_before[number] = max(end, index + 1)
        if found is None:
            row = _label_then_values(lines, index, labels, paired == index)
            out.append(row or lines[index])
            index += 2 if row else 1
            paired = index if row else paired
            continue
        out.extend(build_rows(found, labels))
        index = end
    return out


def _label_then_values(lines: list[NormLine], index: int, labels: _Labels, after_pair: bool) -> NormLine | None:
    """A known row's label on a line of its own and its values on the next (`规章` / `0 1 2`):
    one tab-separated row. (Values before their label, as a PDF may put them, are
    `normalize.join_split_labels`': a label after a line of values not paired with a label is
    left to it.)"""
    label = lines[index].text
    if index + 1 >= len(lines) or lines[index + 1].text[-1:] not in _VALUE_ENDS:
        return None  # a line of values ends in a value
    if is_value(label) or not labels.is_value_row(label):
        return None
    if label.count("（") > label.count("）") or index and not after_pair and _values_line(lines[index - 1]) is not None:
        return None  # a label cut off, or values before labels: a PDF's, for join_split_labels
    cells = _values_line(lines[index + 1])
    return join_all([lines[index], *cells], "\t") if cells else None


def _values_line(line: NormLine) -> list[NormLine] | None:
    """The cells of a line of values alone (`0 1 2`), or None (a page number `- 3 -` is none)."""
    if not line.text or P.PAGE_FOOTER.match(line.text):
        return None
    cells, start = [], 0
    for word in line.text.split(" "):
        if not is_value(word):
            return None
        cells.append(line.slice(start, start + len(word)))
        start += len(word) + 1
    return cells
