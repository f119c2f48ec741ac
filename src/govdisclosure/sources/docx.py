"""Word (DOCX) reports: the body's paragraphs and tables in order, tables as full grids.

A DOCX is a ZIP of XML parts. The archive is checked before python-docx opens it (python-docx
reads every part into memory), then the body is walked in document order: a paragraph is a line,
a table a run of tab-separated rows in which merged cells (`w:gridSpan`, `w:vMerge`) are
expanded into every grid slot they cover. Headers, footers, footnotes and comments are page
chrome and not read.

XML safety: python-docx parses every part with its own lxml parser (`docx.oxml.parser.oxml_parser`,
`resolve_entities=False`), and lxml neither loads DTDs nor touches the network by default
(`load_dtd=False`, `no_network=True`): an entity in a part is never expanded, an external one
never fetched. libxml2's default depth limit (no `huge_tree`) bounds the nesting the walk below
recurses through.
"""

from __future__ import annotations

import io
import os
import zipfile
from typing import TYPE_CHECKING

from .document import Document, DocumentBuilder, Origin, clean, written_rows
from .errors import LoadError
from .limits import (MAX_COMPRESSION_RATIO, MAX_DOCX_MEMBERS, MAX_DOCX_UNPACKED, MAX_GRID_CELLS, MAX_LIST_NUMBER,
                     MAX_LIST_START, MAX_SPAN, RATIO_CHECKED_ABOVE)

if TYPE_CHECKING:
    from lxml import etree

# (Limits in .limits. A gridSpan, gridBefore or gridAfter beyond MAX_SPAN is a typo or an attack; a
# table past MAX_GRID_CELLS slots is read in part, with a note.)
__all__ = ["MAX_COMPRESSION_RATIO", "MAX_DOCX_MEMBERS", "MAX_DOCX_UNPACKED", "MAX_GRID_CELLS", "MAX_LIST_NUMBER",
           "MAX_LIST_START", "MAX_SPAN", "RATIO_CHECKED_ABOVE", "read"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
W_BODY, W_P, W_TBL, W_TR, W_TC, W_R = _W + "body", _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r"
W_T, W_TAB, W_BR, W_CR, W_NO_BREAK_HYPHEN = _W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
W_VAL = _W + "val"
W_TC_PR, W_GRID_SPAN, W_V_MERGE, W_H_MERGE = _W + "tcPr", _W + "gridSpan", _W + "vMerge", _W + "hMerge"
W_TR_PR, W_GRID_BEFORE, W_GRID_AFTER = _W + "trPr", _W + "gridBefore", _W + "gridAfter"
W_P_PR, W_NUM_PR, W_P_STYLE = _W + "pPr", _W + "numPr", _W + "pStyle"
# Subtrees whose text is not the document's: paragraph and run properties, text a tracked change
# moved away, and the fallback copy of a text box (its `mc:Choice` twin is read).
_SKIP_TEXT = frozenset({_W + "pPr", _W + "rPr", _W + "moveFrom", _W + "del", _MC_FALLBACK})
# Run content that stands for a character.
_RUN_BREAKS = {W_TAB: " ", W_BR: " ", W_CR: " ", W_NO_BREAK_HYPHEN: "-"}
# Containers that wrap body blocks, rows or cells without being one (content controls, custom XML).
_WRAPPERS = frozenset({W_SDT, W_SDT_CONTENT, W_CUSTOM_XML})


def read(data: bytes, path: str | os.PathLike) -> Document:
    """A DOCX report as a `Document`: paragraphs as lines (origin `段落n`, the n-th paragraph of
    the body outside tables), tables as tab-separated rows of their full grid (origin
    `表t 第r行 第c列`, c the grid column)."""
    try:
        import docx  # noqa: F401 - the extra itself, before any of its modules
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml.parser import parse_xml
        from docx.package import Package
    except ImportError:
        raise LoadError(f"{path}: 读取 DOCX 需要安装 python-docx：pip install 'govdisclosure[docx]'",
                        en=f"{path}: reading DOCX needs python-docx: pip install 'govdisclosure[docx]'") from None

    _check_archive(data, path)
    builder = DocumentBuilder("docx")
    try:
        part = Package.open(io.BytesIO(data)).main_document_part
        # python-docx parses the main part of a .docx only; a macro-enabled document (.docm) or
        # a template (.dotx) holds the same XML, parsed here with python-docx's own parser.
        element = getattr(part, "element", None)
        if element is None:
            element = parse_xml(part.blob)
        body = element.find(W_BODY)
        if body is None:
            raise LoadError(f"{path}: 不是有效的 DOCX 文件（word/document.xml 中没有正文）",
                            en=f"{path}: not a valid DOCX file (no body in word/document.xml)")
        numbering = _related(part, RELATIONSHIP_TYPE.NUMBERING)
        styles = _related(part, RELATIONSHIP_TYPE.STYLES)
        _Reader(builder, _Numbering(numbering, styles)).body(body)
    except LoadError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx raises anything from KeyError to XMLSyntaxError
        raise LoadError(f"{path}: 不是有效的 DOCX 文件（{type(error).__name__}: {error}）",
                        en=f"{path}: not a valid DOCX file ({type(error).__name__}: {error})") from None
    if not builder.lines:
        raise LoadError(f"{path}: DOCX 中没有文字", en=f"{path}: no text in the DOCX")
    return builder.build()


def _related(part, relationship: str):
    """The root element of the part related to the main part (numbering, styles), or None: there
    is none, or it has a content type python-docx does not parse."""
    try:
        return getattr(part.part_related_by(relationship), "element", None)
    except KeyError:
        return None


def _check_archive(data: bytes, path) -> None:
    """Refuse a ZIP that is broken or would unpack to far more than any report. The sizes in
    the ZIP directory bind: `zipfile` stops reading a member at its declared size (and then
    fails its CRC), so a member cannot unpack to more than it declares."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise LoadError(f"{path}: 不是有效的 DOCX 文件（ZIP 结构损坏或文件不完整：{error}）",
                        en=f"{path}: not a valid DOCX file (a broken ZIP structure or an incomplete file: {error})") from None
    if len(members) > MAX_DOCX_MEMBERS:
        raise LoadError(f"{path}: DOCX 内含 {len(members)} 个文件，超过上限 {MAX_DOCX_MEMBERS} 个，不像一份年度报告",
                        en=f"{path}: the DOCX holds {len(members)} files, over the limit of {MAX_DOCX_MEMBERS}, "
                        "not an annual report")
    total = sum(member.file_size for member in members)
    if total > MAX_DOCX_UNPACKED:
        raise LoadError(f"{path}: DOCX 解压后共 {total} 字节，超过上限 {MAX_DOCX_UNPACKED} 字节（疑似压缩炸弹）",
                        en=f"{path}: the DOCX unpacks to {total} bytes, over the limit of {MAX_DOCX_UNPACKED} bytes "
                        "(a suspected ZIP bomb)")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_COMPRESSION_RATIO:
            raise LoadError(f"{path}: DOCX 中的 {member.filename} 压缩比超过 {MAX_COMPRESSION_RATIO}:1"
                            f"（解压后 {member.file_size} 字节），疑似压缩炸弹",
                            en=f"{path}: {member.filename} in the DOCX has a compression ratio over "
                            f"{MAX_COMPRESSION_RATIO}:1 ({member.file_size} bytes unpacked), a suspected ZIP bomb")
    if "word/document.xml" not in {member.filename for member in members}:
        raise LoadError(f"{path}: 不是有效的 DOCX 文件（ZIP 中没有 word/document.xml，不是 Word 文档）",
                        en=f"{path}: not a valid DOCX file (no word/document.xml in the ZIP, not a Word document)")


class _Reader:
    """Walks the body in document order, writing lines and rows to the builder."""

    def __init__(self, builder: DocumentBuilder, numbering: _Numbering):
        self.builder = builder
        self.numbering = numbering
        self.paragraphs = 0
        self.tables = 0
        # A paragraph break is written only when text follows it: none trails the document.
        self.pending_blank = False

    def body(self, body) -> None:
        for block in _unwrapped(body, (W_P, W_TBL)):
            if block.tag == W_P:
                self.paragraphs += 1
                text = self.text(block)
                if clean(text):
                    n = self.paragraphs
                    self._write_blank()
                    self.builder.line(text, Origin(line=n, locator=f"段落{n}"))
                else:
                    self.pending_blank = True
            else:
                self.tables += 1
                self.table(block, self.tables)

    def table(self, tbl, t: int) -> None:
        self.pending_blank = True
        for row in written_rows(self.grid(tbl, t)):
            self._write_blank()
            self.builder.row(row)
        self.pending_blank = True

    def _write_blank(self) -> None:
        if self.pending_blank:
            self.builder.blank()
            self.pending_blank = False

    def grid(self, tbl, t: int) -> list[list[tuple[str, Origin]]]:
        """The table as a full grid of (text, origin) entries: a cell spanning grid columns fills
        each of them, a vertically merged (`continue`) cell continues the one above (the same
        entry object, which is how `written_rows` knows a merge), skipped grid columns
        (`gridBefore`, `gridAfter`) are blank; rows are padded to the widest."""
        rows: list[list[tuple[str, Origin]]] = []
        above: list[tuple[str, Origin]] = []
        cells = 0
        for r, tr in enumerate(_unwrapped(tbl, (W_TR,)), 1):
            def blank(c: int) -> tuple[str, Origin]:
                return ("", Origin(line=r, column=c, locator=f"表{t} 第{r}行 第{c}列"))

            # Child lookups by tag in C (`iterchildren`), each once: a table may have 10⁵ cells.
            tr_props = _child(tr, W_TR_PR)
            row = [blank(c) for c in range(1, _grid_count(tr_props, W_GRID_BEFORE) + 1)]
            for tc in _unwrapped(tr, (W_TC,)):
                column = len(row)
                props = _child(tc, W_TC_PR)
                span = _span(_child(props, W_GRID_SPAN))
                if _merge(props, W_V_MERGE) == "continue" and column < len(above):
                    entry = above[column]
                elif _merge(props, W_H_MERGE) == "continue" and row:  # Word 97's horizontal merge
                    entry = row[-1]
                else:
                    entry = (clean(self.text(tc)), Origin(line=r, column=column + 1, locator=f"表{t} 第{r}行 第{column + 1}列"))
                    if next(tc.iter(W_TBL), None) is not None:
                        self._note(f"表{t} 的单元格中有嵌套表格，其文字并入所在单元格")
                row.extend([entry] * span)
                if cells + len(row) > MAX_GRID_CELLS:
                    break
            row.extend(blank(len(row) + 1 + i) for i in range(_grid_count(tr_props, W_GRID_AFTER)))
            cells += len(row)
            if cells > MAX_GRID_CELLS:
                self._note(f"表{t} 过大（超过 {MAX_GRID_CELLS} 个单元格），其余部分未读取")
                break
            rows.append(row)
            above = row
        width = max((len(row) for row in rows), default=0)
        return [row + [("", Origin(line=r, column=c + 1, locator=f"表{t} 第{r}行 第{c + 1}列"))
                       for c in range(len(row), width)] for r, row in enumerate(rows, 1)]

    def _note(self, note: str) -> None:
        if note not in self.builder.notes:
            self.builder.notes.append(note)

    def text(self, element) -> str:
        """The text of a paragraph, or of every paragraph in a cell (nested tables included) one
        after another, a line break after each; list numbering is written before a paragraph."""
        from lxml import etree

        parts: list[str] = []
        walk = etree.iterwalk(element, events=("start", "end"))
        for event, node in walk:
            tag = node.tag
            if event == "end":
                if tag == W_P:
                    parts.append("\n")
                continue
            if tag in _SKIP_TEXT:
                walk.skip_subtree()
            elif tag == W_P:
                parts.append(self.numbering.label(node))
            elif tag == W_T:
                parts.append(node.text or "")
            elif tag in _RUN_BREAKS and node.getparent().tag == W_R:  # a w:tab elsewhere is a tab stop
                parts.append(_RUN_BREAKS[tag])
        return "".join(parts)


def _unwrapped(container, tags: tuple[str, ...]):
    """The children of `container` with one of `tags`, looking through content controls and
    custom XML that wrap them."""
    for child in container:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _unwrapped(child, tags)


def _child(element, tag: str):
    """The first child of `element` (which may be None) with `tag`, or None."""
    return None if element is None else next(element.iterchildren(tag), None)


def _merge(props, tag: str) -> str | None:
    """`restart`, `continue` or None for a cell's vMerge or hMerge (no val means continue), from
    its w:tcPr."""
    merge = _child(props, tag)
    if merge is None:
        return None
    return "restart" if merge.get(W_VAL) == "restart" else "continue"


def _grid_count(tr_props, tag: str) -> int:
    """gridBefore or gridAfter from a row's w:trPr (which may be None)."""
    element = _child(tr_props, tag)
    return _span(element, minimum=0) if element is not None else 0


def _span(element, minimum: int = 1) -> int:
    """A w:val count in minimum..MAX_SPAN (a missing or malformed one is the minimum)."""
    if element is None:
        return minimum
    try:
        value = int(element.get(W_VAL, ""))
    except ValueError:
        return minimum
    return max(minimum, min(value, MAX_SPAN))


# List numbering: formats of w:numFmt written out; a format not here is written as decimal.
_COUNTING_DIGITS = "零一二三四五六七八九"
_IDEOGRAPH_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ENCLOSED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
# Punctuation after which a number runs straight into its text (`一、总体情况`, `（一）主动公开`).
_CLOSING_MARKS = "、．.。，,)）]】:："


def _chinese_count(n: int, digits: str = _COUNTING_DIGITS, units: str = "十百千", legal: bool = False) -> str:
    """1..9999 in Chinese counting (`十一`, `二十`, `一百零五`; in legal digits `壹拾贰`)."""
    if not 0 < n < 10000:
        return str(n)
    if 10 <= n < 20 and not legal:
        return units[0] + (digits[n % 10] if n % 10 else "")
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit:
            out += (digits[0] if zero and out else "") + digits[digit] + unit
            zero = False
        else:
            zero = bool(out)
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def _format_number(n: int, fmt: str) -> str:
    if n > MAX_LIST_NUMBER:  # letters and roman numerals grow with the number
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand"):
        return _chinese_count(n)
    if fmt == "ideographDigital":  # digit by digit: 一〇 for 10
        return "".join(_IDEOGRAPH_DIGITS[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified":
        return _chinese_count(n, _LEGAL_DIGITS, "拾佰仟", legal=True)
    if fmt in ("ideographTraditional", "ideographZodiac") and 0 < n <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= len(_ENCLOSED):
        return _ENCLOSED[n - 1]
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


class _Numbering:
    """The text of automatic list numbers (`一、`, `（一）`, `1.`) in document order: Word keeps
    them out of the paragraph's text, but a report's headings often are such lists. Counters run
    per abstract list; a higher level restarts the levels below it; bullets write nothing."""

    def __init__(self, numbering, styles):
        numbering = numbering if numbering is not None else ()
        styles = styles if styles is not None else ()
        self.abstracts = {a.get(_W + "abstractNumId"): a for a in numbering if a.tag == _W + "abstractNum"}
        self.nums = {n.get(_W + "numId"): n for n in numbering if n.tag == _W + "num"}
        self.styles = {s.get(_W + "styleId"): s for s in styles if s.tag == _W + "style"}
        self.counters: dict[str | None, dict[int, int]] = {}  # by abstractNumId, which Word may leave out
        self.started: set[str] = set()

    def label(self, p) -> str:
        found = self._num_pr(p)
        if found is None:
            return ""
        num_id, level = found
        num = self.nums.get(num_id)
        if num is None:
            return ""
        ref = num.find(_W + "abstractNumId")
        abstract_id = ref.get(W_VAL) if ref is not None else None
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return ""
        levels, starts = self._levels(abstract, num)
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            if any(o.find(_W + "startOverride") is not None for o in num.iterchildren(_W + "lvlOverride")):
                counters.clear()  # a list instance that sets its own start begins anew
        counters[level] = counters.get(level, starts.get(level, 1) - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        lvl = levels[level]
        fmt = _val(lvl.find(_W + "numFmt")) or "decimal"
        if fmt in ("bullet", "none"):
            return ""
        template = _val(lvl.find(_W + "lvlText")) or ""
        all_decimal = lvl.find(_W + "isLgl") is not None  # `1.1.` even under a level counted 一、二、
        text = template
        for n in range(9, 0, -1):  # %1 … %9, the counters of levels 0 … 8
            if f"%{n}" in text:
                at = n - 1
                count = counters.get(at, starts.get(at, 1))
                at_fmt = None if all_decimal or at not in levels else _val(levels[at].find(_W + "numFmt"))
                text = text.replace(f"%{n}", _format_number(count, at_fmt or "decimal"))
        if text and text[-1] not in _CLOSING_MARKS:
            text += " "
        return text

    def _num_pr(self, p) -> tuple[str, int] | None:
        """(numId, level) from the paragraph's own numbering, else its style's (and the styles
        it is based on); numId 0 switches numbering off."""
        props = _child(p, W_P_PR)
        num_pr = _child(props, W_NUM_PR)
        style = _val(_child(props, W_P_STYLE))
        seen = set()
        while num_pr is None and style and style not in seen and style in self.styles:
            seen.add(style)
            element = self.styles[style]
            num_pr = element.find(f"{_W}pPr/{_W}numPr")
            style = _val(element.find(_W + "basedOn"))
        if num_pr is None:
            return None
        num_id = _val(num_pr.find(_W + "numId"))
        if not num_id or num_id == "0":
            return None
        try:
            level = int(_val(num_pr.find(_W + "ilvl")) or 0)
        except ValueError:
            level = 0
        return num_id, level

    def _levels(self, abstract, num) -> tuple[dict[int, etree._Element], dict[int, int]]:
        """The list instance's level definitions and start values: the abstract list's, with the
        instance's overrides."""
        levels = {_int(lvl.get(_W + "ilvl"), 0): lvl for lvl in abstract.iterchildren(_W + "lvl")}
        for override in num.iterchildren(_W + "lvlOverride"):
            lvl = override.find(_W + "lvl")
            if lvl is not None:
                levels[_int(override.get(_W + "ilvl"), 0)] = lvl
        starts = {level: _start(lvl) for level, lvl in levels.items()}
        for override in num.iterchildren(_W + "lvlOverride"):
            start = override.find(_W + "startOverride")
            if start is not None:
                starts[_int(override.get(_W + "ilvl"), 0)] = _clamped_start(_int(_val(start), 1))
        return levels, starts


def _val(element) -> str | None:
    return element.get(W_VAL) if element is not None else None


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _start(lvl) -> int:
    # Word always writes w:start; without one a list counts from 1.
    return _clamped_start(_int(_val(lvl.find(_W + "start")), 1))


def _clamped_start(start: int) -> int:
    """A list's start within 0..MAX_LIST_START, as Word's own dialog allows."""
    return max(0, min(start, MAX_LIST_START))
