"""HTML pages and fragments: the report body found among the site's navigation, its tables as
full grids, the page's metadata.

Government sites publish reports as CMS pages (navigation, a metadata table, the body) or store
the body alone as a fragment; the body holds Word-pasted markup: tables with rowspan and colspan
(whose header and body rows may not agree on the column count), `&nbsp;` for blank cells, `<br>`
inside cells, Word's conditional comments and styles. lxml parses it (no network, no external
entities); the encoding comes from a BOM, the page's own declaration, UTF-8, or else
charset-normalizer's guess.
"""

from __future__ import annotations

import bisect
import codecs
import re
from functools import lru_cache
from importlib import resources

from attrs import define, field

from .document import Document, DocumentBuilder, Origin, clean, written_rows
from .errors import LoadError
from .limits import MAX_GRID_CELLS, MAX_HTML_BYTES, MAX_SPAN, MAX_SPAN_DIGITS, LimitExceeded

__all__ = ["MAX_GRID_CELLS", "MAX_HTML_BYTES", "MAX_SPAN", "decode_html", "page_metadata", "parse_html", "read",
           "report_body", "source_lines", "table_grid"]
# The report body holds at least this share of the page's text outside links.
BODY_SHARE = 0.5

# Elements whose content is never report text.
SKIP_TAGS = frozenset("script style noscript iframe frame frameset select option button input textarea "
                      "head title template svg object embed map canvas audio video".split())
# Elements that start a new line.
BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer main aside "
                       "blockquote pre center address form fieldset figure figcaption hr table tr caption "
                       "tbody thead tfoot body html".split())
CELL_TAGS = ("td", "th")

# The charset a page declares: `<meta charset=…>` or `<meta http-equiv … content="…; charset=…">`,
# looked for in the first bytes as browsers do (a prescan, not a parse of the page).
_DECLARED_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)
# Chinese encodings a page may declare, read as their superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030",
              "hz-gb-2312": "gb18030"}


def read(data: bytes, path) -> Document:
    """An HTML page or fragment as a `Document`."""
    if len(data) > MAX_HTML_BYTES:
        raise LoadError(f"{path}: HTML 文件过大（{len(data)} 字节，上限 {MAX_HTML_BYTES} 字节）",
                        en=f"{path}: HTML file too large ({len(data)} bytes, over the limit of {MAX_HTML_BYTES} bytes)")
    text, encoding = decode_html(data, path)
    root = parse_html(text, path)
    elements = list(root.iter())  # (lxml makes each element's proxy once, for both passes)
    positions = _StartTags(text, elements)
    sizes = text_sizes(root, elements)
    metadata = page_metadata(root, sizes)
    body = report_body(root, sizes)
    builder = DocumentBuilder("html")
    try:
        _Walker(builder, positions).block(body)
    except LimitExceeded as error:
        raise error.at(path) from None
    if not _starts_with_title(builder.lines):
        title = _title_before(body, root, sizes.letters)
        if title is not None:  # the CMS shows the title above the article
            builder.lines[:0] = [clean(_inline_text(title)), ""]
            builder.origins[:0] = [[(0, positions.origin(title))], []]
    builder.metadata.extend(metadata)
    if not builder.lines:
        raise LoadError(f"{path}: HTML 页面中没有文字", en=f"{path}: no text in the HTML page")
    return builder.build(encoding)


# --- decoding and parsing ------------------------------------------------------------------------


def decode_html(data: bytes, path) -> tuple[str, str]:
    """The page's text and the encoding it was read in: a BOM, else the declared charset when
    the bytes are valid in it, else UTF-8, else charset-normalizer's best guess."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    declared = _declared_charset(data)
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    guess = from_bytes(data[:1_000_000]).best()
    if guess is not None and guess.encoding:
        encoding = _SUPERSETS.get(guess.encoding.replace("_", "-").lower(), guess.encoding)
        try:
            return data.decode(encoding, errors="replace"), encoding
        except LookupError:
            pass
    raise LoadError(f"{path}: 无法识别 HTML 页面的文字编码", en=f"{path}: unknown text encoding of the HTML page")


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name.replace("_", "-")
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def parse_html(text: str, path):
    from lxml import etree
    from lxml import html as lxml_html

    # Comments go (Word's `<!--[if !supportLists]-->` among them); no network, no entities
    # fetched from anywhere.
    parser = lxml_html.HTMLParser(  # type: ignore[call-arg]  # lxml-stubs lack default_doctype
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, default_doctype=False)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise LoadError(f"{path}: 无法解析 HTML（{error}）", en=f"{path}: cannot parse the HTML ({error})") from None
    return root


class _StartTags:
    """Line and column of each element's start tag. lxml knows the line where a start tag ends
    (a Word-pasted `<td style="…">` may run over several lines); the tag itself is the first one
    of that name after the previous element's, not beyond that line. Comments, scripts and styles
    are blanked first, so tags quoted inside them are never taken."""

    _TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)")

    def __init__(self, text: str, elements: list):
        """`elements`: the page's, in document order (`root.iter()`)."""
        visible = _blank_hidden(text)
        line_ends = [m.start() for m in re.finditer(r"\n", visible)] + [len(visible)]
        self._line_starts = [0] + [end + 1 for end in line_ends[:-1]]
        positions: dict[str, list[int]] = {}
        for match in self._TAG.finditer(visible):
            positions.setdefault(match.group(1).lower(), []).append(match.start())
        # element → the offset of its start tag, or (line, 1) for one the parser implied; made
        # an Origin when asked for (most elements never are). Keyed by elements, not ids:
        # lxml's proxies come and go. (This loop runs over every element of the page: it keeps
        # to what the next element needs.)
        self.found: dict = {}
        found, after, last_line = self.found, -1, len(line_ends)
        lowered: dict[str, str] = {}
        bisect_right, get = bisect.bisect_right, positions.get
        for element in elements:
            tag = element.tag
            if tag.__class__ is not str:
                continue  # (comments and processing instructions: their tag is a function)
            name = lowered.get(tag) or lowered.setdefault(tag, tag.lower())
            line = element.sourceline or 1
            if line > last_line:
                line = last_line
            candidates = get(name)
            if candidates:
                index = bisect_right(candidates, after)
                if index < len(candidates) and candidates[index] <= line_ends[line - 1]:
                    after = found[element] = candidates[index]
                    continue
            found[element] = (line, 1)  # an element the parser implied (`tbody`, `html` around a fragment)

    def origin(self, element) -> Origin:
        place = self.found.get(element)
        if place is None:
            return Origin(element.sourceline or 1)
        if place.__class__ is int:
            line = bisect.bisect_right(self._line_starts, place)
            place = self.found[element] = Origin(line, place - self._line_starts[line - 1] + 1)
        elif not isinstance(place, Origin):
            place = self.found[element] = Origin(*place)  # (one Origin per element, as before)
        return place


# What `_blank_hidden` blanks: from an opening to the first closing after it.
_HIDDEN_OPEN = re.compile(r"<!--|<script\b|<style\b", re.IGNORECASE)
_HIDDEN_CLOSE = {"<!--": re.compile(r"-->"), "<script": re.compile(r"</script\s*>", re.IGNORECASE),
                 "<style": re.compile(r"</style\s*>", re.IGNORECASE)}


def _blank_hidden(text: str) -> str:
    r"""`text` with comments, scripts and styles (`<!--…-->`, `<script…</script>`,
    `<style…</style>`) blanked but for their line breaks; an opening never closed stays. What
    the regex `<!--.*?-->|<script\b.*?</script\s*>|…` would do, in linear time: the closing
    found after one opening is remembered for the next, and once none is found none is looked
    for again (a regex looks again from every one of 250,000 unclosed `<!--`)."""
    found: dict[str, re.Match[str] | None] = {}  # kind → the first closing after its last opening
    parts: list[str] = []
    done = at = 0
    while (opening := _HIDDEN_OPEN.search(text, at)) is not None:
        kind = opening.group().lower()
        start = opening.end()
        closing = found.get(kind)
        if kind not in found or (closing is not None and closing.start() < start):
            closing = found[kind] = _HIDDEN_CLOSE[kind].search(text, start)
        if closing is None:  # no closing of this kind anywhere after: the opening is text
            at = start
            continue
        parts.append(text[done:opening.start()])
        hidden = text[opening.start():closing.end()]
        parts.append("\n".join(" " * len(piece) for piece in hidden.split("\n")) if "\n" in hidden else " " * len(hidden))
        done = at = closing.end()
    parts.append(text[done:])
    return "".join(parts)


# --- finding the report ---------------------------------------------------------------------------


def _own_text(element) -> str:
    return (element.text or "") if isinstance(element.tag, str) else ""


def report_body(root, sizes: TextSizes | None = None):
    """The element that holds the report: the deepest one that still holds most of the page's
    text outside links (navigation is mostly links; the report mostly text) and every table of
    the report (a report's text and its tables may sit in sibling elements). `sizes`: the
    page's `TextSizes`, when they are at hand."""
    outside = (text_sizes(root) if sizes is None else sizes).outside_links
    body = root.find("body")
    best = body if body is not None else root
    total = outside.get(best, 0)
    if not total:
        return best
    # (judged once: each step down looks at the tables below it)
    report_tables = [t for t in best.iter("table") if _is_data_table(t) and not _is_metadata_table(t)]
    while True:
        children = [c for c in best if isinstance(c.tag, str) and c.tag not in SKIP_TAGS]
        heavy = [c for c in children if outside.get(c, 0) >= BODY_SHARE * total]
        # Descend while one child holds the share; a table cell as the body is fine (layout
        # tables), a data table or its rows are not.
        if len(heavy) != 1 or heavy[0].tag in ("tr", "tbody", "thead") or _is_data_table(heavy[0]):
            return best
        if any(not _contains(heavy[0], t) for t in report_tables if _contains(best, t)):
            return best
        best = heavy[0]


def _contains(ancestor, element) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())


def _is_metadata_table(table) -> bool:
    """The page's table of 索引号, 发布机构 …: not part of the report."""
    names = set(metadata_names())
    return sum(1 for cell in table.iter(*CELL_TAGS) if _inline_text(cell).rstrip("：:") in names) >= 2


_REPORT_TITLE = re.compile(r"(?:19|20)\d{2} ?年.{0,40}报告|报告.{0,10}(?:19|20)\d{2}")


def _starts_with_title(lines: list[str]) -> bool:
    """The first line (or two: a title the page broke) names a report."""
    head = "".join(lines[:2])
    return bool(lines) and len(lines[0]) <= 80 and bool(_REPORT_TITLE.search(head[:100]))


def _title_before(body, root, letters: dict):
    """The last short element before the body that names a report."""
    title = None
    for element in root.iter():
        if element is body:
            break
        if not isinstance(element.tag, str) or element.tag in SKIP_TAGS or element.tag == "a":
            continue
        if element.tag in ("h1", "h2", "h3", "div", "p", "td", "span", "strong", "b"):
            text = _short_text(element, 80, letters)
            if text is not None and 8 <= len(text) and _REPORT_TITLE.search(text) and "报告" in text[-6:]:
                title = element
    return title


def _inline_text(element) -> str:
    return clean("".join(element.itertext()))


@define
class TextSizes:
    """Per element, how much text is below it, in characters other than white space: what the
    searches for the report's body, title and metadata need to know before they gather any text.

    - `letters`: of its `itertext()` (its own text, its elements' texts and every tail below it;
      a comment's or processing instruction's own text is not in it, its tail is);
    - `outside_links`: of that, what is not inside a link or a skipped element (`SKIP_TAGS`; an
      element inside a link has a count of its own, which no search asks for);
    - `colons`: the elements whose `itertext()` holds a colon (`名称：值` needs one).
    """

    letters: dict = field(factory=dict)  # keyed by element: lxml's proxies keep their identity while referenced
    outside_links: dict = field(factory=dict)
    colons: set = field(factory=set)


def text_sizes(root, elements: list | None = None) -> TextSizes:
    """The page's `TextSizes`, in one pass from the leaves up: an element's counts are its
    children's, and each text and tail is looked at once (`elements`: `root.iter()` as a list,
    when it is at hand)."""
    sizes = TextSizes()
    letters, outside, colons = sizes.letters, sizes.outside_links, sizes.colons
    # (every element of the page passes here: most texts and tails are white space between tags,
    # told by one C call; the counts of a child with no letters add nothing)
    for element in reversed(list(root.iter()) if elements is None else elements):
        tag = element.tag
        if tag.__class__ is not str:
            continue  # a comment or processing instruction (its tag is a function)
        text = element.text
        if text and not text.isspace():
            total = len("".join(text.split()))
            colon = ":" in text or "：" in text
        else:
            total, colon = 0, False
        own = total
        for child in element:
            tail = child.tail
            if tail and not tail.isspace():
                count = len("".join(tail.split()))
                total += count
                own += count
                colon = colon or ":" in tail or "：" in tail
            below = letters.get(child)
            if below:
                total += below
                own += outside.get(child, 0)
            colon = colon or child in colons
        letters[element] = total
        if tag not in SKIP_TAGS:
            outside[element] = 0 if tag == "a" else own
        if colon:
            colons.add(element)
    return sizes


def _short_text(element, limit: int, letters: dict) -> str | None:
    """The element's text as one line, or None when it is longer than `limit` characters, told
    from `letters` (`TextSizes.letters`) without gathering it: `clean` keeps every character but
    white space, so more letters than `limit` is longer (the page-metadata and title searches
    ask every element, and would read the page once per level of nesting)."""
    if letters.get(element, 0) > limit:
        return None
    text = _inline_text(element)
    return text if len(text) <= limit else None


@lru_cache(maxsize=1)
def metadata_names() -> tuple[str, ...]:
    text = resources.files("govdisclosure").joinpath("data/page_metadata.txt").read_text(encoding="utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(sorted(names, key=len, reverse=True))


_DATE = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:\d{2})?)?")


def page_metadata(root, sizes: TextSizes | None = None) -> list[tuple[str, str]]:
    """`名称：值` lines and name | value table cells with a known name, first value kept
    (`sizes`: the page's `TextSizes`, when they are at hand)."""
    sizes = text_sizes(root) if sizes is None else sizes
    letters, colons = sizes.letters, sizes.colons
    names = metadata_names()
    longest = len(names[0])
    found: dict[str, str] = {}
    pattern = re.compile("(" + "|".join(map(re.escape, names)) + r")\s*[：:]\s*")
    for element in root.iter(*CELL_TAGS, "p", "span", "div", "li", "td", "em", "font", "label"):
        if len(element) < 12:
            # Without a colon, only a cell that is a name itself can say anything (most of a
            # page's elements: their text is not gathered).
            if element not in colons and (element.tag not in CELL_TAGS or letters.get(element, 0) > longest):
                continue
            text = _short_text(element, 400, letters)
        else:
            text = clean(element.text or "")
        if not text or len(text) > 400:
            continue
        if element.tag in CELL_TAGS and text.rstrip("：:") in names:
            value = element.getnext()
            if value is not None and value.tag in CELL_TAGS:
                found.setdefault(text.rstrip("：:"), _inline_text(value))
            continue
        matches = list(pattern.finditer(text))
        for match, following in zip(matches, matches[1:] + [None]):
            if match.start() > 0 and text[match.start() - 1] not in " 　|丨/":
                continue  # a name inside a word (`信息来源` holds `来源`)
            value = text[match.end(): following.start() if following else len(text)].strip(" |丨")
            date = _DATE.match(value)
            if date:  # a date, without the share buttons and counters that follow it on the page
                value = date.group()
            if value and len(value) <= 120:
                found.setdefault(match.group(1), value)
    return [(name, value) for name, value in found.items() if value]


# --- the body as lines and rows -------------------------------------------------------------------


def _is_data_table(element) -> bool:
    """A table of data, not one laying out the page: it holds no other table."""
    return element.tag == "table" and next(element.iterdescendants("table"), None) is None


class _Walker:
    def __init__(self, builder: DocumentBuilder, positions: _StartTags):
        self.builder = builder
        self.positions = positions
        self.parts: list[str] = []
        self.origin: Origin | None = None
        self.tables = 0

    def flush(self) -> None:
        if self.parts:
            self.builder.line("".join(self.parts), self.origin or Origin(1))
        self.parts, self.origin = [], None

    def text(self, text: str | None, element) -> None:
        if text and text.strip():
            if self.origin is None:
                self.origin = self.positions.origin(element)
            self.parts.append(text)
        elif text:
            self.parts.append(" ")

    def block(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or tag in SKIP_TAGS:
            return
        if tag == "table" and _is_data_table(element):
            self.flush()
            self.table(element)
            return
        if tag == "br":
            self.flush()
            return
        is_block = tag in BLOCK_TAGS or tag in CELL_TAGS
        if is_block:
            self.flush()
        self.text(element.text, element)
        for child in element:
            self.block(child)
            self.text(child.tail, element)
        if is_block:
            self.flush()

    def table(self, table) -> None:
        self.tables += 1
        self.builder.blank()
        for row in written_rows(table_grid(table, self.positions)):
            self.builder.row(row)
        self.builder.blank()


def table_grid(table, positions: _StartTags) -> list[list[tuple[str, Origin]]]:
    """The table as a full grid: a cell spanning rows or columns fills every slot it covers
    (the same entry object in each); rows shorter than the widest are padded with blank cells.
    A grid (rows × widest row) of more than MAX_GRID_CELLS slots is refused: `LimitExceeded`."""
    rows = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
    grid: dict[tuple[int, int], tuple[str, Origin]] = {}
    width = written = 0
    limit = MAX_GRID_CELLS
    for r, tr in enumerate(rows):
        column = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in CELL_TAGS:
                continue
            while (r, column) in grid:
                column += 1
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"), rest=len(rows) - r)
            entry = (_cell_text(cell), positions.origin(cell))
            height = min(rowspan, len(rows) - r)
            written += height * colspan  # more than the grid holds only where spans overlap
            width = max(width, column + colspan)
            if width * len(rows) > limit or written > limit:
                raise LimitExceeded(f"HTML 表格过大（{len(rows)} 行 × {width} 列，超过上限 {limit} 个单元格），"
                                    "不像一份年度报告中的表格",
                                    en=f"HTML table too large ({len(rows)} rows × {width} columns, over the limit of "
                                    f"{limit} cells), not a table of an annual report")
            for dr in range(height):
                for dc in range(colspan):
                    grid[(r + dr, column + dc)] = entry
            column += colspan
    blank_origin = positions.origin(table)
    return [[grid.get((r, c)) or ("", positions.origin(tr) or blank_origin) for c in range(width)]
            for r, tr in enumerate(rows)]


def _owner_table(element):
    for ancestor in element.iterancestors("table"):
        return ancestor
    return None


def _span(value: str | None, rest: int = MAX_SPAN) -> int:
    """A colspan or rowspan as a number in 1..MAX_SPAN; rowspan 0 means "to the end"."""
    if value is None:
        return 1
    digits = re.match(r"\s*(\d+)", value or "")
    if not digits:
        return 1
    # Thousands of digits would make int() slow or fail (Python refuses over 4300 digits).
    significant = digits.group(1).lstrip("0")
    number = int(significant or "0") if len(significant) <= MAX_SPAN_DIGITS else MAX_SPAN + 1
    if number == 0:
        return max(min(rest, MAX_SPAN), 1)
    return max(1, min(number, MAX_SPAN))


def _cell_text(cell) -> str:
    """A cell's text on one line: `<br>` and paragraphs inside it become a space (joined back
    by label matching), `&nbsp;` alone is a blank cell."""
    parts: list[str] = []

    def visit(element):
        if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
            return
        if element.tag in ("br", "p", "div") and parts:
            parts.append(" ")
        if element.text:
            parts.append(element.text)
        for child in element:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(cell)
    return clean("".join(parts))


def source_lines(data: bytes, path) -> list[str]:
    """The page's lines, for showing a finding's place in the original."""
    return decode_html(data, path)[0].splitlines()
