"""PDF reports: each page's characters and drawn rules read with pdfium (pypdfium2), ruled
tables read as tab-separated rows with merged cells expanded into a full grid.

What goes into the report text, per page and top to bottom: the text lines outside tables, and
each table's rows between blank lines. Page numbers printed in the margin are dropped, and no
blank separates pages, so a paragraph that runs over a page break stays one paragraph (the
parser joins hard-wrapped lines). A table that runs over a page break comes out as two tables;
the parser joins adjacent table rows. Origins are (page, line on the page, cell).

Three libraries, each for what it does best (all in the `pdf` extra):
- pdfium reads the pages: characters with their boxes, and paths (20–50 times faster than
  pdfminer's interpreter). Boxes are made as pdfminer made them, so the layout is unchanged.
- pdfminer parses the file's structure first: the page tree, and every stream measured against
  the limits before pdfium, which has none of its own, would inflate it; its errors name what
  is wrong with a damaged or encrypted file.
- pdfplumber lays out what pdfium read: its table finder (rulings → cells → tables) and its
  text lines, pure Python over the characters and edges given to it.

Tables are found from the rulings that are actually drawn. Word processors paint white
rectangles behind text lines; taken for table rules, they would make whole paragraphs into
one-column tables, so invisible paths are left out.
"""

from __future__ import annotations

import bisect
import contextvars
import io
import itertools
import os
import re
import threading
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
# pdfplumber's default for how far apart (points) two rules may pass and still cross.
INTERSECTION_TOLERANCE = 3
# A filled rectangle thinner than this (points) is a rule drawn as a filled bar; a wider one is
# shading behind text or a cell, not a rule.
MAX_RULE_THICKNESS = 2
# pdfium's "loose" box of a character is its advance across and the font's ascent to descent:
# about the font size. One this many times larger is a vertical font's, left unscaled by pdfium.
LOOSE_BOX_SHARE = 3
# A segment whose ends differ by no more than this across (points) is horizontal or vertical.
STRAIGHT_TOLERANCE = 0.1
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
    """A PDF report as a `Document` (kind "pdf"). Raises `LoadError` for a file that cannot be
    read, an encrypted or oversized one, and a scan without a text layer."""
    try:
        import pdfplumber.table  # noqa: F401 - the table geometry and text lines (see the module doc)
        import pypdfium2  # noqa: F401
    except ImportError:
        raise LoadError(f"{path}: 读取 PDF 需要安装 pypdfium2 和 pdfplumber：pip install 'govdisclosure[pdf]'",
                        en=f"{path}: reading PDF needs pypdfium2 and pdfplumber: pip install 'govdisclosure[pdf]'") from None

    builder = DocumentBuilder("pdf")
    budget = _Budget()
    _guard_streams()
    token = _BUDGET.set(budget)
    try:
        count = _check_structure(data, path, budget)
        textless = _read_pages(data, path, count, builder, budget)
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


def _check_structure(data: bytes, path, budget: _Budget) -> int:
    """The number of pages, after pdfminer has parsed the file's structure and measured every
    stream in it against the limits (pdfium, which reads the pages, has no limits of its own:
    it would inflate a bomb). Raises for an encrypted, damaged or oversized file."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    # Count the page tree first, so an oversized file costs nothing more.
    pages = list(itertools.islice(PDFPage.create_pages(document), MAX_PDF_PAGES + 1))
    if len(pages) > MAX_PDF_PAGES:
        raise LoadError(f"{path}: PDF 页数超过上限 {MAX_PDF_PAGES} 页，不像一份年度报告",
                        en=f"{path}: the PDF has more pages than the limit of {MAX_PDF_PAGES}, not an annual report")
    if not pages:
        raise LoadError(f"{path}: 不是有效的 PDF 文件（没有页面）", en=f"{path}: not a valid PDF file (no pages)")
    for number, page in enumerate(pages, 1):
        streams = [resolve1(item) for item in page.contents]
        content = sum(_measured(stream, budget) for stream in streams if isinstance(stream, PDFStream))
        if content > MAX_PAGE_CONTENT_BYTES:
            raise LimitExceeded(f"PDF 第 {number} 页的内容解压后为 {content} 字节，超过上限 {MAX_PAGE_CONTENT_BYTES} 字节，"
                                "不像一份年度报告",
                                en=f"page {number} of the PDF unpacks to {content} bytes of content, over the limit of "
                                f"{MAX_PAGE_CONTENT_BYTES} bytes, not an annual report")
    if document.encryption is None and not _NEEDS_PDFMINER.search(data):
        _scan_streams(data)
        return len(pages)
    # The other streams (fonts, images, forms), each measured once: pdfminer keeps its objects.
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                stream = document.getobj(objid)
            except Exception:  # noqa: BLE001 - a damaged object pdfium may still read or repair
                continue
            if isinstance(stream, PDFStream):
                _measured(stream, budget)
    return len(pages)


# Where a stream's data starts ("endstream" is its end); what only pdfminer's parse of each object
# measures right: the expanding filters other than Flate (their names in full, and as inline images
# abbreviate them), a chain of filters (`/Filter [/FlateDecode /FlateDecode]`), a filter given by
# reference.
# (No look-behind for "end": it costs the regex its fast literal search, 60 times slower.)
_STREAM_START = re.compile(rb"stream(?:\r\n|\n|\r)")
_NEEDS_PDFMINER = re.compile(rb"/(?:LZWDecode|RunLengthDecode|LZW|RL)\b|/Filter\s*(?:\[\s*/[^\]/]*/|\d+\s+\d+\s+R)")
# Deflate cannot expand data more than this many times (a 258-byte match in about two bits).
MAX_DEFLATE_RATIO = 1032


def _scan_streams(data: bytes) -> None:
    """Measure the Flate streams of an unencrypted file, straight from its bytes, against the
    limits: much faster than pdfminer parsing every object to find them (fonts' width arrays
    are long). Streams cannot hide inside object streams, and bytes that only look like a
    stream's start fail zlib's header check at once. A stream's raw length bounds what it can
    inflate to: the largest are inflated (bounded) until the bounds of the rest fit the limits,
    so most files inflate one or two of their font programs, not all of them."""
    streams = []  # (the most it can inflate to, where it starts)
    for match in _STREAM_START.finditer(data):
        if data[match.start() - 3:match.start()] == b"end":
            continue
        start = match.end()
        head = data[start:start + 2]
        if len(head) < 2 or head[0] & 0x0F != 8 or (head[0] << 8 | head[1]) % 31:
            continue  # not zlib data: another filter, or none
        end = data.find(b"endstream", start)
        streams.append((((end if end >= 0 else len(data)) - start) * MAX_DEFLATE_RATIO, start))
    streams.sort(reverse=True)
    view = memoryview(data)
    known, unknown = 0, sum(bound for bound, _ in streams)
    for bound, start in streams:
        if bound <= MAX_PDF_STREAM_BYTES and known + unknown <= MAX_PDF_INFLATED_BYTES:
            return  # this one and every smaller one fit, and so do all of them together
        size, _ = _inflate(view[start:], MAX_PDF_STREAM_BYTES, keep=False)
        known, unknown = known + size, unknown - bound
        if known > MAX_PDF_INFLATED_BYTES:
            raise _too_much_in_all()


def _measured(stream, budget: _Budget) -> int:
    """A stream's size decompressed, counted into the budget once (`_check_stream` raises past
    the limits); the stream is not kept decompressed."""
    if stream.rawdata is None:  # decoded by pdfminer already (an object stream), through the guard
        return len(stream.data or b"")
    size = getattr(stream, "govdisclosure_size", None)
    if size is None:
        _decrypt_once(stream)
        size = _check_stream(stream, budget)
        stream.govdisclosure_size = size
    return size


def _read_pages(data: bytes, path, count: int, builder: DocumentBuilder, budget: _Budget) -> list[int]:
    """Read every page into `builder` with pdfium; the numbers of the pages without text."""
    import pypdfium2

    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            raise LoadError(f"{path}: 不是有效的 PDF 文件（{error}）", en=f"{path}: not a valid PDF file ({error})") from None
        count = min(count, len(document))
    try:
        textless = []
        for index in range(count):
            with _PDFIUM:
                page = _PdfiumPage.read(document, index, budget)
            if not any(char["text"].strip() for char in page.chars):
                textless.append(page.page_number)
            else:
                _read_page(page, builder)  # pure Python: other threads may use pdfium meanwhile
        return textless
    finally:
        with _PDFIUM:
            document.close()


# pdfium must never be called from two threads at once, not even for different documents (it
# crashed a thread-pool run): every call into it holds this lock, and every handle is closed
# under it rather than left to a finalizer in whatever thread collects it.
_PDFIUM = threading.Lock()


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
            _decrypt_once(self)
            _check_stream(self, budget)
        original(self)

    decode.govdisclosure_guard = True  # type: ignore[attr-defined]
    PDFStream.decode = decode  # type: ignore[method-assign]


def _decrypt_once(stream) -> None:
    """Decrypt an encrypted file's stream in place, once, so that measuring it and pdfminer's
    own decode (which would decrypt again while `decipher` is set) see the same plain bytes."""
    if stream.decipher:
        assert stream.objid is not None and stream.genno is not None
        stream.rawdata = stream.decipher(stream.objid, stream.genno, stream.rawdata, stream.attrs)
        stream.decipher = None


def _check_stream(stream, budget: _Budget) -> int:
    """The size `stream` decompresses to (that of its raw data where no filter expands it).
    Raise `LimitExceeded` if it is more than MAX_PDF_STREAM_BYTES, or the file's streams so far
    more than MAX_PDF_INFLATED_BYTES; memory stays bounded meanwhile."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import (LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE,
                                   LITERALS_LZW_DECODE, LITERALS_RUNLENGTH_DECODE)

    cap = MAX_PDF_STREAM_BYTES
    data: bytes = stream.rawdata
    filters = stream.get_filters()
    expanding = [i for i, (f, _) in enumerate(filters)
                 if f in LITERALS_FLATE_DECODE or f in LITERALS_LZW_DECODE or f in LITERALS_RUNLENGTH_DECODE]
    if not expanding:
        return len(data)  # the other filters make data smaller, or are images pdfminer passes over
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
            return size  # a filter pdfminer does not apply before an expanding one: it fails there
    budget.inflated += size
    if budget.inflated > MAX_PDF_INFLATED_BYTES:
        raise _too_much_in_all()
    return size


def _too_large(cap: int) -> LimitExceeded:
    return LimitExceeded(f"PDF 中有数据流解压后超过上限 {cap} 字节（疑似压缩炸弹）",
                         en=f"a stream in the PDF unpacks to more than the limit of {cap} bytes (a suspected compression bomb)")


def _too_much_in_all() -> LimitExceeded:
    return LimitExceeded(f"PDF 中的数据流解压后共超过上限 {MAX_PDF_INFLATED_BYTES} 字节（疑似压缩炸弹）",
                         en=f"the PDF's streams unpack to more than the limit of {MAX_PDF_INFLATED_BYTES} bytes "
                         "in all (a suspected compression bomb)")


def _inflate(data: bytes | memoryview, cap: int, keep: bool) -> tuple[int, bytes]:
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


# What pdfium adds to a page's text of its own (spaces between words, line breaks, hyphens
# where a word was cut): only these need asking whether the content drew them.
_MAY_BE_GENERATED = frozenset(map(ord, " \r\n-\u00ad\u2010\ufffe\x02"))


class _PdfiumPage:
    """What the layout needs of one page, read with pdfium: its characters and the edges of its
    drawn rules, as the dictionaries pdfplumber's table finder and text-line layout take, in
    pdfplumber's coordinates (points from the top left of the page as it is displayed)."""

    def __init__(self, page_number: int, height: float) -> None:
        self.page_number = page_number
        self.height = height
        self.chars: list[dict] = []
        self.edges: list[dict] = []

    @classmethod
    def read(cls, document, index: int, budget: _Budget) -> _PdfiumPage:
        """Page `index` of a `pypdfium2.PdfDocument`. Raises `LimitExceeded` past MAX_PAGE_CHARS,
        MAX_PAGE_OBJECTS or (for the file) MAX_PDF_CHARS."""
        import pypdfium2.raw as pdfium_c

        page = document[index]
        try:
            left, bottom, right, top = page.get_mediabox()
            rotation = page.get_rotation() % 360
            # pdfminer's page matrix: the displayed page, its origin at the bottom left.
            ctm = {90: (0, -1, 1, 0, -bottom, right), 180: (-1, 0, 0, -1, right, top),
                   270: (0, 1, -1, 0, top, -left)}.get(rotation, (1, 0, 0, 1, -left, -bottom))
            height = right - left if rotation in (90, 270) else top - bottom
            self = cls(index + 1, height)
            objects = self._read_paths(page.raw, ctm, pdfium_c)
            textpage = page.get_textpage()
            try:
                self._read_chars(textpage.raw, ctm, pdfium_c)
            finally:
                textpage.close()
        finally:
            page.close()
        self._count(objects + len(self.chars), budget)
        return self

    def _count(self, objects: int, budget: _Budget) -> None:
        number = self.page_number
        if objects > MAX_PAGE_OBJECTS:
            raise LimitExceeded(f"PDF 第 {number} 页的对象（文字、线条、图形）超过上限 {MAX_PAGE_OBJECTS} 个，"
                                "不像一份年度报告",
                                en=f"page {number} of the PDF has more objects (characters, lines, shapes) than "
                                f"the limit of {MAX_PAGE_OBJECTS}, not an annual report")
        if len(self.chars) > MAX_PAGE_CHARS:
            raise LimitExceeded(f"PDF 第 {number} 页的字符超过上限 {MAX_PAGE_CHARS} 个，不像一份年度报告",
                                en=f"page {number} of the PDF has more characters than the limit of "
                                f"{MAX_PAGE_CHARS}, not an annual report")
        budget.chars += len(self.chars)
        if budget.chars > MAX_PDF_CHARS:
            raise LimitExceeded(f"PDF 的字符总数超过上限 {MAX_PDF_CHARS} 个，不像一份年度报告",
                                en=f"the PDF has more characters in all than the limit of {MAX_PDF_CHARS}, "
                                "not an annual report")

    def _read_chars(self, textpage, ctm, pdfium_c) -> None:
        """The characters the content draws (not the spaces and line breaks pdfium adds), each
        box as pdfminer makes it: the advance across, the font's descent to its size up."""
        import ctypes

        box = pdfium_c.FS_RECTF()
        matrix = pdfium_c.FS_MATRIX()
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        a, b, c, d, e, f = ctm
        height = self.height
        chars = self.chars
        for k in range(pdfium_c.FPDFText_CountChars(textpage)):
            if len(chars) > MAX_PAGE_CHARS:
                break  # `_count` refuses the page
            code = pdfium_c.FPDFText_GetUnicode(textpage, k)
            if code in _MAY_BE_GENERATED and pdfium_c.FPDFText_IsGenerated(textpage, k):
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(textpage, k, ctypes.byref(box)):
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage, k)
            if pdfium_c.FPDFText_GetMatrix(textpage, k, ctypes.byref(matrix)):
                ma, mb, mc, md = matrix.a, matrix.b, matrix.c, matrix.d
            else:
                ma, mb, mc, md = 1.0, 0.0, 0.0, 1.0
            # The character's matrix on the displayed page, as pdfminer's `upright` reads it.
            ua, ub, uc, ud = ma * a + mb * c, ma * b + mb * d, mc * a + md * c, mc * b + md * d
            upright = ua * ud > 0 and ub * uc <= 0
            size *= (uc * uc + ud * ud) ** 0.5  # the font size on the page
            left, right, low, high = box.left, box.right, box.bottom, box.top
            if max(right - left, high - low) > LOOSE_BOX_SHARE * size:
                # pdfium leaves the box of a vertical font's character in text space: take the
                # character's origin (where pdfminer's box starts) and the font size instead.
                pdfium_c.FPDFText_GetCharOrigin(textpage, k, ctypes.byref(origin_x), ctypes.byref(origin_y))
                left, low = origin_x.value, origin_y.value
                right, high = left + size, low + size
            xs = (left * a + low * c + e, right * a + high * c + e)
            ys = (left * b + low * d + f, right * b + high * d + f)
            x0, x1 = min(xs), max(xs)
            char_bottom = height - min(ys)
            char_top = height - max(ys)
            if upright:  # pdfminer's box is the font size high above the descent
                char_top = char_bottom - size
            chars.append({"object_type": "char", "text": chr(code) if 0 < code < 0x110000 else "\ufffd",
                          "x0": x0, "x1": x1, "top": char_top, "bottom": char_bottom, "doctop": char_top,
                          "width": x1 - x0, "height": char_bottom - char_top, "upright": upright,
                          "size": size if upright else x1 - x0})

    def _read_paths(self, page, ctm, pdfium_c) -> int:
        """Collect the edges of the page's drawn rules into `self.edges`; the number of objects
        other than text on the page (forms' contents included), for MAX_PAGE_OBJECTS."""
        import ctypes

        matrix = pdfium_c.FS_MATRIX()
        x, y = ctypes.c_float(), ctypes.c_float()
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        red, green, blue, alpha = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        objects = 0

        def visible(get_color, obj) -> bool:
            if not get_color(obj, ctypes.byref(red), ctypes.byref(green), ctypes.byref(blue), ctypes.byref(alpha)):
                return True  # a pattern, or a colour pdfium cannot tell: taken as drawn
            return min(red.value, green.value, blue.value) < WHITE_LEVEL * 255

        def own_matrix(obj, outer):
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                return outer
            return _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)

        def walk(count, get, outer) -> None:
            nonlocal objects
            for i in range(count):
                obj = get(i)
                kind = pdfium_c.FPDFPageObj_GetType(obj)
                if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                    continue  # counted by its characters
                objects += 1
                if objects > MAX_PAGE_OBJECTS:
                    return
                if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                    inner = own_matrix(obj, outer)
                    walk(pdfium_c.FPDFFormObj_CountObjects(obj), lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j), inner)
                elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
                        continue
                    stroked = bool(stroke.value) and visible(pdfium_c.FPDFPageObj_GetStrokeColor, obj)
                    filled = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE and visible(pdfium_c.FPDFPageObj_GetFillColor, obj)
                    if stroked or filled:
                        self._add_path(obj, own_matrix(obj, outer), stroked, pdfium_c, x, y)

        walk(pdfium_c.FPDFPage_CountObjects(page), lambda i: pdfium_c.FPDFPage_GetObject(page, i), ctm)
        return objects

    def _add_path(self, obj, transform, stroked: bool, pdfium_c, x, y) -> None:
        """The edges of one path: every straight horizontal or vertical segment of a stroked
        path, and the four sides of a thin filled bar (a rule drawn as a filled rectangle)."""
        import ctypes

        a, b, c, d, e, f = transform
        height = self.height
        subpaths: list[list[tuple[float, float, bool]]] = []  # points, and whether a curve leads there
        closed: list[bool] = []
        for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                continue
            px, py = x.value * a + y.value * c + e, x.value * b + y.value * d + f
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([(px, height - py, False)])
                closed.append(False)
            else:
                subpaths[-1].append((px, height - py, kind == pdfium_c.FPDF_SEGMENT_BEZIERTO))
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                closed[-1] = True
        for points, is_closed in zip(subpaths, closed):
            if is_closed and len(points) > 1 and points[0][:2] != points[-1][:2]:
                points = points + [(points[0][0], points[0][1], False)]
            sides = [(p, q) for p, q in zip(points, points[1:]) if not q[2]]
            if stroked:
                for p, q in sides:
                    self._add_edge(p[0], p[1], q[0], q[1])
                continue
            # Filled only: a rule if the subpath is an upright rectangle thinner than a rule.
            if len(sides) < 4 or any(q[2] for q in points[1:]) or not all(_straight(p, q) for p, q in sides):
                continue
            x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
            top, bottom = min(p[1] for p in points), max(p[1] for p in points)
            if min(x1 - x0, bottom - top) < MAX_RULE_THICKNESS:
                for ax, ay, bx, by in ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)):
                    self._add_edge(ax, ay, bx, by)

    def _add_edge(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y0 - y1) <= STRAIGHT_TOLERANCE:
            left, right, at = min(x0, x1), max(x0, x1), (y0 + y1) / 2
            self.edges.append({"object_type": "rule_edge", "orientation": "h", "x0": left, "x1": right,
                               "width": right - left, "top": at, "bottom": at, "doctop": at, "height": 0})
        elif abs(x0 - x1) <= STRAIGHT_TOLERANCE:
            top, bottom, at = min(y0, y1), max(y0, y1), (x0 + x1) / 2
            self.edges.append({"object_type": "rule_edge", "orientation": "v", "x0": at, "x1": at, "width": 0,
                               "top": top, "bottom": bottom, "doctop": top, "height": bottom - top})
        # A slanted line (the diagonal of a header cell) is no rule of the grid.


def _straight(p, q) -> bool:
    return abs(p[0] - q[0]) <= STRAIGHT_TOLERANCE or abs(p[1] - q[1]) <= STRAIGHT_TOLERANCE


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix that applies `inner`, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


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


def _read_page(page: _PdfiumPage, builder: DocumentBuilder) -> None:
    """One page: text lines and table rows in top-to-bottom order, page numbers dropped."""
    from pdfplumber.utils.text import chars_to_textmap

    tables = _find_tables(page, builder)
    boxes = [table.bbox for table in tables]
    outside = [char for char in page.chars if not any(_centre_in(_centre(char), box) for box in boxes)]
    lines = chars_to_textmap(outside).extract_text_lines(strip=True, return_chars=False) if outside else []
    items: list[tuple[float, int, dict | _Table]] = [(line["top"], 0, line) for line in lines]
    items += [(table.bbox[1], 1, table) for table in tables]
    items.sort(key=lambda item: (item[0], item[1]))
    texts = [index for index, (_, kind, _) in enumerate(items) if kind == 0]
    first, last = (texts[0], texts[-1]) if texts else (None, None)

    number = 0  # the line on the page: text lines and table rows alike
    for index, (top, kind, item) in enumerate(items):
        if isinstance(item, _Table):
            builder.blank()
            for row in written_rows(_grid(item)):
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


def _find_tables(page: _PdfiumPage, builder: DocumentBuilder) -> list[_Table]:
    """The page's ruled tables with two columns or more (a one-column 'table' is a framed box of
    text, read as text lines)."""
    from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, merge_edges
    from pdfplumber.utils import filter_edges

    edges = merge_edges(page.edges, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] >= MIN_RULE_LENGTH]
    horizontal = [e for e in edges if e["orientation"] == "h" and e["width"] >= MIN_RULE_LENGTH]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    if len(vertical) * len(horizontal) > MAX_RULING_CROSSINGS:
        builder.notes.append(f"第 {page.page_number} 页线条过多，未识别其中的表格，按文字读出")
        return []
    horizontal += _closing_rules(vertical, horizontal)
    # What pdfplumber's `TableFinder` does with explicit rules and its default settings, step by
    # step, with its slowest step (`intersections_to_cells`) made faster.
    edges = merge_edges(vertical + horizontal, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    edges = filter_edges(edges, min_length=MIN_RULE_LENGTH)
    cells = intersections_to_cells(edges_to_intersections(edges, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE))
    found = [_Table(Table(page, group), page.chars) for group in cells_to_tables(cells)]  # type: ignore[arg-type]
    return [table for table in found if len(table.rows) and len(table.rows[0].cells) >= 2]


def intersections_to_cells(intersections: dict) -> list[tuple]:
    """pdfplumber's `intersections_to_cells`, the same cells in the same order: for each crossing
    of rules, the smallest cell it is the top left corner of. pdfplumber makes the sets of a
    crossing's rules again for every pair of crossings it compares, and looks for the
    crossings below and to the right of each through all the others; here both are made once."""
    from pdfplumber.utils import obj_to_bbox

    points = sorted(intersections)
    vertical = {point: {obj_to_bbox(edge) for edge in found["v"]} for point, found in intersections.items()}
    horizontal = {point: {obj_to_bbox(edge) for edge in found["h"]} for point, found in intersections.items()}
    columns: dict[float, list[tuple]] = {}
    rows: dict[float, list[tuple]] = {}
    for point in points:  # (each list in the order of `points`)
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)

    def connects(p, q) -> bool:
        return ((p[0] == q[0] and not vertical[p].isdisjoint(vertical[q]))
                or (p[1] == q[1] and not horizontal[p].isdisjoint(horizontal[q])))

    cells = []
    for point in points:
        below = [q for q in columns[point[0]] if q > point]
        right = [q for q in rows[point[1]] if q > point]
        cell = next(((point[0], point[1], corner[0], corner[1])
                     for below_point in below if connects(point, below_point)
                     for right_point in right if connects(point, right_point)
                     for corner in [(right_point[0], below_point[1])]
                     if corner in intersections and connects(corner, right_point) and connects(corner, below_point)),
                    None)
        if cell is not None:
            cells.append(cell)
    return cells


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


class _Table:
    """A table pdfplumber's finder found: its box and rows (pdfplumber's `Table` works both out
    again on every look), and its characters indexed by where their centres stand across."""

    def __init__(self, table, chars: list[dict]) -> None:
        self.bbox = table.bbox
        self.rows = table.rows
        inside = [(_centre(char), index, char) for index, char in enumerate(chars)]
        inside = [item for item in inside if _centre_in(item[0], self.bbox)]
        inside.sort(key=lambda item: item[0][0])
        self._chars = inside
        self._xs = [centre[0] for centre, _, _ in inside]

    def chars_in(self, box) -> list[dict]:
        """The characters whose centre is inside `box`, in the page's order."""
        low, high = bisect.bisect_left(self._xs, box[0]), bisect.bisect_left(self._xs, box[2])
        picked = [item for item in self._chars[low:high] if box[1] <= item[0][1] < box[3]]
        picked.sort(key=lambda item: item[1])
        return [char for _, _, char in picked]


def _centre(obj) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def _centre_in(centre: tuple[float, float], bbox) -> bool:
    """The test pdfplumber uses to put a character in a cell."""
    return bbox[0] <= centre[0] < bbox[2] and bbox[1] <= centre[1] < bbox[3]


def _grid(table: _Table) -> list[list[tuple[str, None]]]:
    """The table as a full grid of (text, None) entries: every slot a merged cell covers holds the
    same entry object (a cell spanning columns repeats to the right, one spanning rows repeats
    downwards; `written_rows` knows merges by it). A slot no closed cell covers — a merged cell
    cut open by the page break — takes the text in its region, shared by the run of such slots.
    A cell's text is pdfplumber's `extract_text` of the characters whose centre it holds."""
    def text_in(box) -> str:
        chars = table.chars_in(box)
        return join_lines(_cell_text(chars)) if chars else ""

    rows = table.rows
    _, _, right, bottom = table.bbox
    # Slot boundaries: pdfplumber puts cell k of every row at the k-th distinct left edge.
    lefts = sorted({cell[0] for row in rows for cell in row.cells if cell is not None})
    tops = [row.bbox[1] for row in rows]
    rights, bottoms = lefts[1:] + [right], tops[1:] + [bottom]
    grid: list[list[tuple[str, None] | None]] = [[None] * len(lefts) for _ in rows]
    for row in rows:
        for cell in row.cells:
            if cell is None:
                continue
            entry = (text_in(cell), None)
            # The slots whose left/top edge lies inside the cell (tolerant of rounding).
            c0, c1 = bisect.bisect_left(lefts, cell[0] - 0.5), bisect.bisect_left(lefts, cell[2] - 0.5)
            r0, r1 = bisect.bisect_left(tops, cell[1] - 0.5), bisect.bisect_left(tops, cell[3] - 0.5)
            for rr in range(r0, max(r1, r0 + 1)):
                for cc in range(c0, max(c1, c0 + 1)):
                    if grid[rr][cc] is None:
                        grid[rr][cc] = entry

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
            entry = (text_in((lefts[c0], tops[r], rights[c1], bottoms[r1])), None)
            for rr in range(r, r1 + 1):
                for cc in range(c0, c1 + 1):
                    grid[rr][cc] = entry
            r = r1 + 1
    return grid  # type: ignore[return-value]


def _cell_text(chars: list[dict]) -> str:
    """pdfplumber's `extract_text` of a cell's characters. Most cells are one short run of upright
    characters on one line with no gap wider than a word break: their text is the characters
    from left to right, which is what `extract_text` gives them, at a small part of its cost
    (it builds words, lines and a text map for every cell)."""
    from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, extract_text

    tops = [char["top"] for char in chars]
    if max(tops) - min(tops) <= DEFAULT_Y_TOLERANCE and all(char["upright"] for char in chars):
        ordered = sorted(chars, key=lambda char: char["x0"])  # (stable: pdfplumber's order on ties)
        previous = None
        for char in ordered:
            if char["text"].isspace() or (previous is not None and char["x0"] > previous["x1"] + DEFAULT_X_TOLERANCE):
                break  # a word break: the general case
            previous = char
        else:
            return "".join(LIGATURES.get(char["text"], char["text"]) for char in ordered)
    return extract_text(chars)
