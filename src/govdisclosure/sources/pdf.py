"""PDF reports: the text layer read page by page with pdfplumber (an optional extra), ruled
tables read as tab-separated rows with merged cells expanded into a full grid.

What goes into the report text, per page and top to bottom: the text lines outside tables, and
each table's rows between blank lines. Page numbers printed in the margin are dropped, and no
blank separates pages, so a paragraph that runs over a page break stays one paragraph (the
parser joins hard-wrapped lines). A table that runs over a page break comes out as two tables;
the parser joins adjacent table rows. Origins are (page, line on the page, cell).

Tables are found from the rulings that are actually drawn. Word processors paint white
rectangles behind text lines; pdfplumber's default settings take their edges for table rules
and read whole paragraphs as one-column tables, so invisible rectangles are left out.
"""

from __future__ import annotations

import bisect
import io
import itertools
import os
import re

from .document import Document, DocumentBuilder, Origin, written_rows
from .errors import LoadError

# No report has anywhere near this many pages; a larger file is refused before any page is read.
MAX_PDF_PAGES = 300
# pdfplumber finds table cells in time quadratic in the crossings of rulings on a page. A real
# report's page has a few hundred; past this bound the page's tables are read as plain text.
MAX_RULING_CROSSINGS = 2500
# pdfplumber's defaults for merging broken rulings (points) and for the shortest rule kept.
SNAP_TOLERANCE = 3
JOIN_TOLERANCE = 3
MIN_RULE_LENGTH = 3
# A filled rectangle thinner than this (points) is a rule drawn as a filled bar; a wider one is
# shading behind text or a cell, not a rule.
MAX_RULE_THICKNESS = 2
# A colour component this close to white (or, in CMYK, to no ink) is not seen on paper.
WHITE_LEVEL = 0.95
# Share of the page height at its top and bottom where a bare number is a page number.
MARGIN_SHARE = 0.1
# Readers look for the end-of-file marker within this many bytes of the end.
EOF_TAIL_BYTES = 1024

# An error message quotes at most this much of pdfminer's own message.
MAX_DETAIL_CHARS = 200

# Page numbers: `- 3 -`, `—3—`, `第3页`, `第 3 页 共 10 页`, `共10页 第3页`.
_DASHES = "-‐‑‒–—―－﹣─~～"
_DASHED_NUMBER = re.compile(rf"^[{_DASHES}]+\s*\d{{1,4}}\s*[{_DASHES}]+$")
_PAGE_OF = re.compile(r"^(?:第\s*\d{1,4}\s*页\s*[,，/]?\s*(?:共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页)$")
# Only in the top or bottom margin: `3`, `3/10`.
_BARE_NUMBER = re.compile(r"^\d{1,4}(?:\s*/\s*\d{1,4})?$")


def _is_cjk(ch: str) -> bool:
    """Han characters and the full-width punctuation and quotes Chinese text sets, which take no
    space when a line breaks between them."""
    return ("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\ufe30" <= ch <= "\ufe4f"
            or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·")


def join_lines(text: str) -> str:
    """A cell's lines as one: no space where both sides of a break are CJK, one space elsewhere."""
    lines = [line.strip() for line in text.splitlines()]
    joined = ""
    for line in filter(None, lines):
        if joined and not (_is_cjk(joined[-1]) and _is_cjk(line[0])):
            joined += " "
        joined += line
    return joined


def read(data: bytes, path: str | os.PathLike) -> Document:
    """A PDF report as a `Document` (kind "pdf"). Raises `LoadError` for a file pdfplumber
    cannot read, an encrypted or oversized one, and a scan without a text layer."""
    try:
        import pdfplumber
    except ImportError:
        raise LoadError(f"{path}: 读取 PDF 需要安装 pdfplumber：pip install 'govdisclosure[pdf]'") from None

    builder = DocumentBuilder("pdf")
    try:
        textless = _read_pages(pdfplumber, data, path, builder)
    except LoadError:
        raise
    # pdfminer reports a damaged file with whatever exception its parser hit (PSEOF,
    # PDFSyntaxError, KeyError, ValueError, TypeError, AssertionError, RecursionError …).
    except Exception as error:  # noqa: BLE001 - a damaged PDF is a LoadError, never a traceback
        raise _load_error(error, path) from None
    truncated = b"%%EOF" not in data[-EOF_TAIL_BYTES:]
    if not builder.lines:
        if truncated:  # pages whose content was cut off look like pages without text
            raise LoadError(f"{path}: 不是有效的 PDF 文件（文件不完整：末尾缺少结束标记 %%EOF）")
        if textless:
            raise LoadError(f"{path}: PDF 没有文字层（可能是扫描件），需要先做 OCR")
        raise LoadError(f"{path}: PDF 中没有读出任何文字")
    if textless:
        builder.notes.insert(0, f"第 {'、'.join(map(str, textless))} 页没有文字层（可能是扫描页），这些页的内容未读出")
    if truncated:
        builder.notes.append("PDF 文件末尾缺少结束标记（%%EOF），文件可能不完整，内容可能缺页")
    return builder.build()


def _read_pages(pdfplumber, data: bytes, path, builder: DocumentBuilder) -> list[int]:
    """Read every page into `builder`; the numbers of the pages without text."""
    from pdfminer.pdfpage import PDFPage

    # Not closed with `with`: closing builds every page object, even those of a file refused for
    # its size. The stream is in memory and each page's cache is flushed after it is read.
    pdf = pdfplumber.open(io.BytesIO(data))
    # Count the page tree without building pages, so an oversized file costs nothing more.
    count = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PDF_PAGES + 1))
    if count > MAX_PDF_PAGES:
        raise LoadError(f"{path}: PDF 页数超过上限 {MAX_PDF_PAGES} 页，不像一份年度报告")
    if count == 0:
        raise LoadError(f"{path}: 不是有效的 PDF 文件（没有页面）")
    textless = []
    for page in pdf.pages:
        if not any(char["text"].strip() for char in page.chars):
            textless.append(page.page_number)
        else:
            _read_page(page, builder)
        page.close()
    return textless


def _load_error(error: BaseException, path) -> LoadError:
    """A `LoadError` for an exception from pdfminer (pdfplumber wraps it, once or more)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    def wrapped(e: BaseException) -> BaseException | None:
        return e.args[0] if e.args and isinstance(e.args[0], BaseException) else None

    cause: BaseException | None = error
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, PDFPasswordIncorrect):
            return LoadError(f"{path}: PDF 已加密，需要密码才能打开")
        if isinstance(cause, PDFEncryptionError):
            return LoadError(f"{path}: PDF 已加密，无法解密（{cause}）")
        cause = wrapped(cause) or cause.__cause__ or cause.__context__
    while (inner := wrapped(error)) is not None:  # pdfplumber's wrapper says less than what it wraps
        error = inner
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return LoadError(f"{path}: 不是有效的 PDF 文件（{detail[:MAX_DETAIL_CHARS]}）")


def _read_page(page, builder: DocumentBuilder) -> None:
    """One page: text lines and table rows in top-to-bottom order, page numbers dropped."""
    tables = _find_tables(page, builder)
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj["object_type"] != "char" or not any(_inside(obj, box) for box in boxes))
    lines = outside.extract_text_lines(strip=True, return_chars=False)
    items = [(line["top"], 0, line) for line in lines] + [(table.bbox[1], 1, table) for table in tables]
    items.sort(key=lambda item: (item[0], item[1]))
    texts = [index for index, (_, kind, _) in enumerate(items) if kind == 0]
    first, last = (texts[0], texts[-1]) if texts else (None, None)

    number = 0  # the line on the page: text lines and table rows alike
    for index, (top, kind, item) in enumerate(items):
        if kind == 1:
            builder.blank()
            for row in written_rows(_grid(page, item)):
                number += 1
                builder.row([(text, Origin(line=number, column=c, page=page.page_number))
                             for c, (text, _) in enumerate(row, 1)])
            builder.blank()
            continue
        number += 1
        at_edge = (index == first and item["bottom"] < page.height * MARGIN_SHARE) or (
            index == last and top > page.height * (1 - MARGIN_SHARE))
        if not _is_page_number(item["text"], at_edge):
            builder.line(item["text"], Origin(line=number, page=page.page_number))


def _is_page_number(text: str, at_edge: bool) -> bool:
    text = text.strip()
    return bool(_DASHED_NUMBER.match(text) or _PAGE_OF.match(text) or (at_edge and _BARE_NUMBER.match(text)))


def _inside(obj, bbox) -> bool:
    """An object's centre is inside `bbox` (the test pdfplumber uses to put a char in a cell)."""
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


def _visible(color) -> bool:
    """A colour that shows on white paper (pdfminer gives gray, RGB or CMYK components; a
    pattern or an unknown space counts as visible)."""
    if color is None:
        return True  # the PDF default colour is black
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not all(isinstance(c, (int, float)) for c in color):
        return True
    if len(color) == 4:
        return any(c > 1 - WHITE_LEVEL for c in color)
    return any(c < WHITE_LEVEL for c in color)


def _rules(page) -> list[dict]:
    """The edges of the lines and rectangles that are drawn in a visible colour: stroked ones,
    and thin filled bars (how some converters draw table rules)."""
    from pdfplumber.utils import obj_to_edges

    def drawn(obj) -> bool:
        stroked = obj.get("stroke", True) and _visible(obj.get("stroking_color"))
        bar = (obj["object_type"] == "rect" and obj.get("fill") and _visible(obj.get("non_stroking_color"))
               and min(obj["width"], obj["height"]) < MAX_RULE_THICKNESS)
        return bool(stroked or bar)

    objects = itertools.chain(page.lines, page.curves, page.rects)
    return [edge for obj in objects if drawn(obj) for edge in obj_to_edges(obj)]


def _find_tables(page, builder: DocumentBuilder) -> list:
    """The page's ruled tables with two columns or more (a one-column 'table' is a framed box of
    text, read as text lines)."""
    from pdfplumber.table import merge_edges

    edges = merge_edges(_rules(page), SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] >= MIN_RULE_LENGTH]
    horizontal = [e for e in edges if e["orientation"] == "h" and e["width"] >= MIN_RULE_LENGTH]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    if len(vertical) * len(horizontal) > MAX_RULING_CROSSINGS:
        builder.notes.append(f"第 {page.page_number} 页线条过多，未识别其中的表格，按文字读出")
        return []
    horizontal += _closing_rules(vertical, horizontal)
    tables = page.find_tables({
        "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal,
    })
    return [table for table in tables if len(table.rows) and len(table.rows[0].cells) >= 2]


def _closing_rules(vertical: list[dict], horizontal: list[dict]) -> list[dict]:
    """Rules across the open ends of a table cut by a page break. A word processor draws a row's
    bottom border with the next row, so a table's last row on a page often has none: where two
    or more table rules end (or start) at the same height and no rule runs across them there,
    one is added, so the row is read as a row rather than as loose text."""
    def crosses(v, h) -> bool:
        return (v["top"] - SNAP_TOLERANCE <= h["top"] <= v["bottom"] + SNAP_TOLERANCE
                and h["x0"] - SNAP_TOLERANCE <= v["x0"] <= h["x1"] + SNAP_TOLERANCE)

    ruled = [v for v in vertical if any(crosses(v, h) for h in horizontal)]
    added = []
    for end in ("top", "bottom"):
        for group in _clusters(ruled, lambda v, end=end: v[end]):
            y = max(v[end] for v in group) if end == "bottom" else min(v[end] for v in group)
            left, right = min(v["x0"] for v in group), max(v["x0"] for v in group)
            if len(group) < 2 or any(abs(h["top"] - y) <= SNAP_TOLERANCE and h["x0"] <= left + SNAP_TOLERANCE
                                     and h["x1"] >= right - SNAP_TOLERANCE for h in horizontal):
                continue
            added.append({"object_type": "closing_edge", "orientation": "h", "x0": left, "x1": right,
                          "width": right - left, "top": y, "bottom": y, "height": 0})
    return added


def _clusters(items: list[dict], key) -> list[list[dict]]:
    """`items` grouped by `key`, a group running on while each value is within SNAP_TOLERANCE of
    the one before."""
    groups: list[list[dict]] = []
    for item in sorted(items, key=key):
        if groups and key(item) - key(groups[-1][-1]) <= SNAP_TOLERANCE:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _grid(page, table) -> list[list[tuple[str, None]]]:
    """The table as a full grid of (text, None) entries: every slot a merged cell covers holds the
    same entry object (a cell spanning columns repeats to the right, one spanning rows repeats
    downwards; `written_rows` knows merges by it). A slot no closed cell covers — a merged cell
    cut open by the page break — takes the text in its region, shared by the run of such slots."""
    from pdfplumber.utils import extract_text

    rows = table.rows
    texts = table.extract()
    _, _, right, bottom = table.bbox
    # Slot boundaries: pdfplumber puts cell k of every row at the k-th distinct left edge.
    lefts = sorted({cell[0] for row in rows for cell in row.cells if cell is not None})
    tops = [row.bbox[1] for row in rows]
    rights, bottoms = lefts[1:] + [right], tops[1:] + [bottom]
    grid: list[list[tuple[str, None] | None]] = [[None] * len(lefts) for _ in rows]
    for r, (row, row_texts) in enumerate(zip(rows, texts)):
        for cell, text in zip(row.cells, row_texts):
            if cell is None:
                continue
            entry = (join_lines(text or ""), None)
            # The slots whose left/top edge lies inside the cell (tolerant of rounding).
            c0, c1 = bisect.bisect_left(lefts, cell[0] - 0.5), bisect.bisect_left(lefts, cell[2] - 0.5)
            r0, r1 = bisect.bisect_left(tops, cell[1] - 0.5), bisect.bisect_left(tops, cell[3] - 0.5)
            for rr in range(r0, max(r1, r0 + 1)):
                for cc in range(c0, max(c1, c0 + 1)):
                    if grid[rr][cc] is None:
                        grid[rr][cc] = entry

    chars = [char for char in page.chars if _inside(char, table.bbox)]
    for c0 in range(len(lefts)):
        r = 0
        while r < len(rows):
            if grid[r][c0] is not None:
                r += 1
                continue
            r1 = r
            while r1 + 1 < len(rows) and grid[r1 + 1][c0] is None:
                r1 += 1
            # Columns to the right open over exactly the same rows belong to the same region.
            c1 = c0
            while (c1 + 1 < len(lefts) and all(grid[rr][c1 + 1] is None for rr in range(r, r1 + 1))
                   and (r == 0 or grid[r - 1][c1 + 1] is not None)
                   and (r1 + 1 == len(rows) or grid[r1 + 1][c1 + 1] is not None)):
                c1 += 1
            region = (lefts[c0], tops[r], rights[c1], bottoms[r1])
            entry = (join_lines(extract_text([ch for ch in chars if _inside(ch, region)])), None)
            for rr in range(r, r1 + 1):
                for cc in range(c0, c1 + 1):
                    grid[rr][cc] = entry
            r = r1 + 1
    return grid  # type: ignore[return-value]
