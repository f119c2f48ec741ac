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
import contextvars
import io
import itertools
import os
import re
import zlib

from .document import Document, DocumentBuilder, Origin, written_rows
from .errors import LoadError
from .limits import (MAX_PAGE_CHARS, MAX_PAGE_CONTENT_BYTES, MAX_PAGE_OBJECTS, MAX_PDF_CHARS, MAX_PDF_INFLATED_BYTES, MAX_PDF_PAGES,
                     MAX_PDF_STREAM_BYTES, LimitExceeded)

__all__ = ["MAX_PAGE_CHARS", "MAX_PAGE_CONTENT_BYTES", "MAX_PAGE_OBJECTS", "MAX_PDF_CHARS", "MAX_PDF_INFLATED_BYTES", "MAX_PDF_PAGES",
           "MAX_PDF_STREAM_BYTES", "join_lines", "read"]

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
        raise LoadError(f"{path}: 读取 PDF 需要安装 pdfplumber：pip install 'govdisclosure[pdf]'",
                        en=f"{path}: reading PDF needs pdfplumber: pip install 'govdisclosure[pdf]'") from None

    builder = DocumentBuilder("pdf")
    budget = _Budget()
    _guard_streams()
    token = _BUDGET.set(budget)
    try:
        textless = _read_pages(pdfplumber, data, path, builder, budget)
    except LimitExceeded as error:
        raise error.at(path) from None
    except LoadError:
        raise
    # pdfminer reports a damaged file with whatever exception its parser hit (PSEOF,
    # PDFSyntaxError, KeyError, ValueError, TypeError, AssertionError, RecursionError …).
    except Exception as error:  # noqa: BLE001 - a damaged PDF is a LoadError, never a traceback
        limit = _limit_in(error)  # a limit hit inside pdfminer comes out wrapped
        if limit is not None:
            raise limit.at(path) from None
        raise _load_error(error, path) from None
    finally:
        _BUDGET.reset(token)
    truncated = b"%%EOF" not in data[-EOF_TAIL_BYTES:]
    if not builder.lines:
        if truncated:  # pages whose content was cut off look like pages without text
            raise LoadError(f"{path}: 不是有效的 PDF 文件（文件不完整：末尾缺少结束标记 %%EOF）",
                            en=f"{path}: not a valid PDF file (incomplete: the end marker %%EOF is missing)")
        if textless:
            raise LoadError(f"{path}: PDF 没有文字层（可能是扫描件），需要先做 OCR",
                            en=f"{path}: the PDF has no text layer (perhaps a scan), it needs OCR first")
        raise LoadError(f"{path}: PDF 中没有读出任何文字", en=f"{path}: no text read from the PDF")
    if textless:
        builder.notes.insert(0, f"第 {'、'.join(map(str, textless))} 页没有文字层（可能是扫描页），这些页的内容未读出")
    if truncated:
        builder.notes.append("PDF 文件末尾缺少结束标记（%%EOF），文件可能不完整，内容可能缺页")
    return builder.build()


def _read_pages(pdfplumber, data: bytes, path, builder: DocumentBuilder, budget: _Budget) -> list[int]:
    """Read every page into `builder`; the numbers of the pages without text."""
    from pdfminer.pdfpage import PDFPage

    # Not closed with `with`: closing builds every page object, even those of a file refused for
    # its size. The stream is in memory and each page's cache is flushed after it is read.
    pdf = pdfplumber.open(io.BytesIO(data))
    # Count the page tree without building pages, so an oversized file costs nothing more.
    count = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PDF_PAGES + 1))
    if count > MAX_PDF_PAGES:
        raise LoadError(f"{path}: PDF 页数超过上限 {MAX_PDF_PAGES} 页，不像一份年度报告",
                        en=f"{path}: the PDF has more pages than the limit of {MAX_PDF_PAGES}, not an annual report")
    if count == 0:
        raise LoadError(f"{path}: 不是有效的 PDF 文件（没有页面）", en=f"{path}: not a valid PDF file (no pages)")
    textless = []
    for page in pdf.pages:
        _lay_out(page, budget)
        if not any(char["text"].strip() for char in page.chars):
            textless.append(page.page_number)
        else:
            _read_page(page, builder)
        page.close()
    return textless


# --- limits: decompressed streams, objects per page -------------------------------------------------


class _Budget:
    """What one file's reading has used so far: decompressed stream bytes and characters."""

    def __init__(self) -> None:
        self.inflated = 0
        self.chars = 0


# The budget of the read in progress (None outside `read`: pdfminer used elsewhere is left alone).
_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("govdisclosure_pdf_budget", default=None)
# Bounded inflation works through the input and the output in pieces of these sizes.
_INFLATE_IN = 64 * 1024
_INFLATE_OUT = 1024 * 1024


def _guard_streams() -> None:
    """Make pdfminer check a stream's decompressed size before it decompresses it whole.
    pdfminer has no limit of its own and inflates any stream it needs (page content, fonts,
    forms, object and cross-reference streams) in one `zlib.decompress`; there is no other
    place where every one of them passes. The check runs only inside `read` (`_BUDGET` set)."""
    from pdfminer.pdftypes import PDFStream

    original = PDFStream.decode
    if getattr(original, "govdisclosure_guard", False):
        return

    def decode(self) -> None:
        budget = _BUDGET.get()
        if budget is not None and self.rawdata is not None:
            if self.decipher:  # decrypted once, here, instead of in pdfminer's decode
                assert self.objid is not None and self.genno is not None
                self.rawdata = self.decipher(self.objid, self.genno, self.rawdata, self.attrs)
                self.decipher = None
            _check_stream(self, budget)
        original(self)

    decode.govdisclosure_guard = True  # type: ignore[attr-defined]
    PDFStream.decode = decode  # type: ignore[method-assign]


def _check_stream(stream, budget: _Budget) -> None:
    """Raise `LimitExceeded` if `stream` decompresses to more than MAX_PDF_STREAM_BYTES, or the
    file's streams so far to more than MAX_PDF_INFLATED_BYTES; memory stays bounded meanwhile."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import (LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE,
                                   LITERALS_LZW_DECODE, LITERALS_RUNLENGTH_DECODE)

    cap = MAX_PDF_STREAM_BYTES
    data: bytes = stream.rawdata
    filters = stream.get_filters()
    expanding = [i for i, (f, _) in enumerate(filters)
                 if f in LITERALS_FLATE_DECODE or f in LITERALS_LZW_DECODE or f in LITERALS_RUNLENGTH_DECODE]
    if not expanding:
        return  # the other filters make data smaller, or pdfminer passes them over (images)
    size = len(data)
    for i, (f, _) in enumerate(filters[:expanding[-1] + 1]):
        keep = i < expanding[-1]  # only the last expanding filter's output need not be kept
        if f in LITERALS_FLATE_DECODE:
            size, data = _inflate(data, cap, keep)
        elif f in LITERALS_LZW_DECODE:
            size, data = _lzw(data, cap, keep)
        elif f in LITERALS_RUNLENGTH_DECODE:
            size, data = _run_length(data, cap, keep)
        elif f in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif f in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        else:
            return  # a filter pdfminer does not apply before an expanding one: it fails there
    budget.inflated += size
    if budget.inflated > MAX_PDF_INFLATED_BYTES:
        raise LimitExceeded(f"PDF 中的数据流解压后共超过上限 {MAX_PDF_INFLATED_BYTES} 字节（疑似压缩炸弹）",
                            en=f"the PDF's streams unpack to more than the limit of {MAX_PDF_INFLATED_BYTES} bytes "
                            "in all (a suspected compression bomb)")


def _too_large(cap: int) -> LimitExceeded:
    return LimitExceeded(f"PDF 中有数据流解压后超过上限 {cap} 字节（疑似压缩炸弹）",
                         en=f"a stream in the PDF unpacks to more than the limit of {cap} bytes (a suspected compression bomb)")


def _inflate(data: bytes, cap: int, keep: bool) -> tuple[int, bytes]:
    """The size of `data` inflated (and the bytes, if `keep`), never more than `cap` + 1 MB
    of it made: zlib's `max_length` stops each step short."""
    inflater = zlib.decompressobj()
    size, kept = 0, []
    view = memoryview(data)

    def take(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)
        if size > cap:
            raise _too_large(cap)
        if keep:
            kept.append(chunk)

    try:
        for at in range(0, len(view), _INFLATE_IN):
            pending: bytes | memoryview = view[at:at + _INFLATE_IN]
            while pending and not inflater.eof:
                take(inflater.decompress(pending, _INFLATE_OUT))
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        while not inflater.eof and (chunk := inflater.decompress(b"", _INFLATE_OUT)):
            take(chunk)
    except zlib.error:
        pass  # a damaged stream: pdfminer keeps what inflates before the damage
    return size, b"".join(kept)


def _lzw(data: bytes, cap: int, keep: bool) -> tuple[int, bytes]:
    from pdfminer.lzw import LZWDecoder

    size, kept = 0, []
    try:
        for chunk in LZWDecoder(io.BytesIO(data)).run():
            size += len(chunk)
            if size > cap:
                raise _too_large(cap)
            if keep:
                kept.append(chunk)
    except (ValueError, IndexError, TypeError):
        pass  # pdfminer's own decoding fails on it the same way
    return size, b"".join(kept)


def _run_length(data: bytes, cap: int, keep: bool) -> tuple[int, bytes]:
    """RunLengthDecode's output size, counted from its length bytes (at most 128 for 2 in)."""
    size = at = 0
    while at < len(data) and data[at] != 128:
        length = data[at]
        size += length + 1 if length < 128 else 257 - length
        at += length + 2 if length < 128 else 2
        if size > cap:
            raise _too_large(cap)
    if not keep:
        return size, b""
    from pdfminer.runlength import rldecode

    return size, rldecode(data)


def _lay_out(page, budget: _Budget) -> None:
    """Interpret the page's content, as pdfplumber's `Page.layout` does, with a device that counts
    what it is given and stops past MAX_PAGE_CHARS or MAX_PAGE_OBJECTS (pdfplumber would make
    each into a dict: a page of 300,000 characters costs it gigabytes) and the file past
    MAX_PDF_CHARS. pdfplumber then uses this layout as its own. Before that, a page whose content
    is over MAX_PAGE_CONTENT_BYTES is refused unparsed."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    number = page.page_number
    streams = [resolve1(item) for item in page.page_obj.contents]
    # Decoded through the guard, once: the interpreter below reads the same decoded bytes.
    content = sum(len(stream.get_data()) for stream in streams if isinstance(stream, PDFStream))
    if content > MAX_PAGE_CONTENT_BYTES:
        raise LimitExceeded(f"PDF 第 {number} 页的内容解压后为 {content} 字节，超过上限 {MAX_PAGE_CONTENT_BYTES} 字节，"
                            "不像一份年度报告",
                            en=f"page {number} of the PDF unpacks to {content} bytes of content, over the limit of "
                            f"{MAX_PAGE_CONTENT_BYTES} bytes, not an annual report")

    class Counting(PDFPageAggregatorWithMarkedContent):
        chars = objects = 0

        def count(self, char: bool) -> None:
            self.objects += 1
            if self.objects > MAX_PAGE_OBJECTS:
                raise LimitExceeded(f"PDF 第 {number} 页的对象（文字、线条、图形）超过上限 {MAX_PAGE_OBJECTS} 个，"
                                    "不像一份年度报告",
                                    en=f"page {number} of the PDF has more objects (characters, lines, shapes) than "
                                    f"the limit of {MAX_PAGE_OBJECTS}, not an annual report")
            if char:
                self.chars += 1
                budget.chars += 1
                if self.chars > MAX_PAGE_CHARS:
                    raise LimitExceeded(f"PDF 第 {number} 页的字符超过上限 {MAX_PAGE_CHARS} 个，不像一份年度报告",
                                        en=f"page {number} of the PDF has more characters than the limit of "
                                        f"{MAX_PAGE_CHARS}, not an annual report")
                if budget.chars > MAX_PDF_CHARS:
                    raise LimitExceeded(f"PDF 的字符总数超过上限 {MAX_PDF_CHARS} 个，不像一份年度报告",
                                        en=f"the PDF has more characters in all than the limit of {MAX_PDF_CHARS}, "
                                        "not an annual report")

        def render_char(self, *args, **kwargs) -> float:
            self.count(True)
            return super().render_char(*args, **kwargs)

        def render_image(self, *args, **kwargs) -> None:
            self.count(False)
            super().render_image(*args, **kwargs)

        def paint_path(self, *args, **kwargs) -> None:
            self.count(False)
            super().paint_path(*args, **kwargs)

    device = Counting(page.pdf.rsrcmgr, pageno=number, laparams=page.pdf.laparams)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()  # what `Page.layout` would have made and keeps


def _limit_in(error: BaseException) -> LimitExceeded | None:
    """The `LimitExceeded` that pdfminer or pdfplumber wrapped (in args, or as the cause)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, LimitExceeded):
            return cause
        inner = cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None
        cause = inner or cause.__cause__ or cause.__context__
    return None


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
            return LoadError(f"{path}: PDF 已加密，需要密码才能打开", en=f"{path}: the PDF is encrypted and needs a password to open")
        if isinstance(cause, PDFEncryptionError):
            return LoadError(f"{path}: PDF 已加密，无法解密（{cause}）", en=f"{path}: the PDF is encrypted and cannot be decrypted ({cause})")
        cause = wrapped(cause) or cause.__cause__ or cause.__context__
    while (inner := wrapped(error)) is not None:  # pdfplumber's wrapper says less than what it wraps
        error = inner
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return LoadError(f"{path}: 不是有效的 PDF 文件（{detail[:MAX_DETAIL_CHARS]}）",
                     en=f"{path}: not a valid PDF file ({detail[:MAX_DETAIL_CHARS]})")


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
