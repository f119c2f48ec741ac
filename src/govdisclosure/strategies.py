"""Hypothesis strategies: consistent reports, and reports with exactly one known fault.

    from govdisclosure.strategies import report_texts, faulty_reports

    @given(report_texts())
    def test_my_scraper(generated):
        rows = my_scraper(generated.text)
        assert rows == generated.facts

Needs hypothesis (`pip install 'govdisclosure[hypothesis]'`); this is the only module that
imports it. Reports follow the 2021 template (国办公开办函〔2021〕30号), the 2019 template
(〔2019〕60号) or the legacy statistics table, with numbers that satisfy every relation of their
catalogue; `faulty_reports` breaks exactly one thing and says what, where and which rule code
must catch it.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import field, frozen

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - depends on the environment
    raise ImportError("govdisclosure.strategies needs hypothesis: pip install 'govdisclosure[hypothesis]'") from None

from .ast import Report
from .grammar import parse
from .normalize import FLATTENED_LINE_CHARS
from .textutil import char_width

TEMPLATES = ("f2021", "f2019", "legacy")
APPLICANTS = ("natural", "commercial", "research", "public_interest", "legal_service", "other")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
ISSUERS = ("某某县人民政府", "某某市发展和改革委员会", "某某区人民政府办公室", "某某市生态环境局")
FAULT_KINDS = ("broken-sum", "broken-identity", "prose-contradiction", "missing-section", "wrong-period-year",
               "negative-count")
# The faults each template can carry alone (the legacy table has no exact identity).
FAULTS_OF = {"f2021": FAULT_KINDS, "f2019": FAULT_KINDS,
             "legacy": tuple(k for k in FAULT_KINDS if k != "broken-identity")}
YEARS = {"f2021": (2021, 2025), "f2019": (2019, 2020), "legacy": (2014, 2018)}
# The indicator a negative-count fault goes into: a count no relation uses.
NEGATIVE_TARGET = {"f2021": ("f2021.t2.regulations", "issued"), "f2019": ("f2019.t2.regulations", "new_made"),
                   "legacy": ("legacy.stats.complaints", "value")}


@frozen
class GeneratedReport:
    """A rendered report, the tree `parse` must give for it, and its table facts
    (indicator id, column id) → value."""

    # Only the text in the repr: it is what a failing example needs to show, and is short.
    text: str
    report: Report = field(repr=False)
    facts: dict = field(eq=False, repr=False)
    lines: dict = field(factory=dict, eq=False, repr=False)  # what → 1-based line in `text`
    year: int = 0
    variant: dict = field(factory=dict, eq=False, repr=False)  # the surface variation drawn
    region: str | None = None  # the division code the issuer was drawn from (`region=`), else None

    def _repr_pretty_(self, printer, cycle):  # hypothesis' printer, for falsifying examples
        printer.text(repr(self))


@frozen
class Fault:
    """One injected fault: its kind, the indicator involved (if any), the line it stands on, and
    the rule code expected to catch it. `locations` are all the lines its findings may point at
    (the cells involved, when a table is printed one cell per line)."""

    kind: str
    indicator: str | None
    location: int
    code: str
    locations: tuple[int, ...] = ()


def _catalog(template: str, registry=None):
    """The catalogue of a template the strategies generate, from `registry` (default: the
    installed plugins')."""
    if template not in TEMPLATES:
        raise ValueError(f"template {template!r}: the strategies generate {', '.join(TEMPLATES)} reports")
    from .registry import resolve

    return resolve(registry).catalogs.get(template)


@st.composite
def _legacy_values(draw, catalog):
    """The legacy table: leaves drawn, totals summed, 其中 rows within their whole, and
    答复数 = 办结数 (a heuristic the rules warn about)."""
    values: dict[tuple[str, str], Decimal] = {}
    sums = [r for r in catalog.relations if r.kind == "sum"]
    totals = {r.total for r in sums}
    for indicator in catalog.indicators:
        if indicator.kind != "heading" and indicator.id not in totals:
            top = 99 if indicator.kind.startswith("money") else 60
            value = Decimal(draw(st.integers(0, top * 10))) / 10 if indicator.kind.startswith("money") else Decimal(draw(st.integers(0, top)))
            values[(indicator.id, "value")] = value
    for relation in (r for r in catalog.relations if r.kind == "not_above"):
        for part in relation.parts:
            values[(part, "value")] = min(values[(part, "value")], values[(relation.total, "value")])
    pending = [r for r in sums if r.id != "legacy.stats.closed_sum"]
    while pending:
        for relation in list(pending):
            if all((p, "value") in values for p in relation.parts):
                values[(relation.total, "value")] = sum(values[(p, "value")] for p in relation.parts)
                pending.remove(relation)
    answered = values[("legacy.stats.answered", "value")]
    extended = Decimal(draw(st.integers(0, int(answered))))
    values[("legacy.stats.closed_extended", "value")] = extended
    values[("legacy.stats.closed_on_time", "value")] = answered - extended
    values[("legacy.stats.closed", "value")] = answered
    # the statistics need a stated non-zero 主动公开 number for the prose
    values[("legacy.stats.proactive_items", "value")] = max(values[("legacy.stats.proactive_items", "value")], Decimal(1))
    return values


@st.composite
def _values(draw, template: str, catalog):
    """Numbers for every statistics cell that satisfy the catalogue's relations."""
    if template == "legacy":
        return draw(_legacy_values(catalog))
    small = st.integers(min_value=0, max_value=30)
    values: dict[tuple[str, str], Decimal] = {}
    for indicator in catalog.indicators_of("t2"):
        for column in indicator.columns:
            if indicator.kind.startswith("money"):
                values[(indicator.id, column)] = Decimal(draw(st.integers(0, 99999))) / 10
            else:
                values[(indicator.id, column)] = Decimal(draw(st.integers(0, 5000)))
    results = next(r for r in catalog.relations if r.id == f"{template}.t3.results_total")
    for column in APPLICANTS:
        total = Decimal(0)
        for leaf in results.parts:
            value = Decimal(draw(small) if column == "natural" else draw(st.integers(0, 3)))
            values[(leaf, column)] = value
            total += value
        values[(f"{template}.t3.total", column)] = total
        carried_out = Decimal(draw(st.integers(0, 10)))
        values[(f"{template}.t3.carried_over_out", column)] = carried_out
        carried_in = Decimal(draw(st.integers(0, int(total + carried_out))))
        values[(f"{template}.t3.carried_over_in", column)] = carried_in
        values[(f"{template}.t3.new", column)] = total + carried_out - carried_in
    for indicator in {key[0] for key in values if ".t3." in key[0]}:
        values[(indicator, "total")] = sum((values[(indicator, c)] for c in APPLICANTS), Decimal(0))
    for group in ("review", "direct", "after_review"):
        parts = [Decimal(draw(st.integers(0, 9))) for _ in range(4)]
        for name, value in zip(("upheld", "corrected", "other", "pending"), parts):
            values[(f"{template}.t4.cases", f"{group}_{name}")] = value
        values[(f"{template}.t4.cases", f"{group}_total")] = sum(parts, Decimal(0))
    return values


def _cell(value: Decimal, full_width: bool, blank_zero: bool = False) -> str:
    if blank_zero and value == 0:
        return ""
    text = str(value)
    return text.translate(_FULL_WIDTH_DIGITS) if full_width else text


# Tables printed one cell per line, as web pages copied as text give them (govdisclosure.assemble):
# each cell ending in ` |`, each cell followed by a line `|`, cells between blank lines, bare lines.
CELL_LAYOUTS = ("cells-pipe", "cells-pipe-line", "cells-blank", "cells-bare")
# A row a line: pipe rows, markdown tables, tab-separated and space-separated (PDF text) rows.
ROW_STYLES = ("pipe", "markdown", "tabs", "spaces")
TABLE_STYLES = (*ROW_STYLES, *CELL_LAYOUTS)
# Layouts with no mark for an empty cell: a blank cell cannot be shown there.
NO_EMPTY_CELLS = ("spaces", "cells-blank", "cells-bare")
# A label longer than this is broken over two lines where a layout lets a cell run over lines.
WRAPPED_LABEL = 12


def _cell_lines(cells: list[str], style: str, wrap_labels: bool = False) -> list[list[str]]:
    """Each cell's lines in a one-cell-per-line layout (empty cells dropped where the layout
    cannot show them)."""
    out = []
    for number, cell in enumerate(cells):
        pieces = [cell]
        if wrap_labels and number == 0 and len(cell) > WRAPPED_LABEL and style in ("cells-pipe-line", "cells-bare"):
            pieces = [cell[: len(cell) // 2], cell[len(cell) // 2:]]
        if style == "cells-pipe":
            out.append([f"{cell} |" if cell else "|"])
        elif style == "cells-pipe-line":
            out.append([*(p for p in pieces if p), "|"])
        elif style == "cells-blank":
            if cell:
                out.append([cell, ""])
        elif cell:
            out.append(pieces)
    return out


# A crawl that lost its line breaks: a row's cells glued to its label (flattened_texts).
GLUED = "glued"


def _row(cells: list[str], style: str) -> str:
    """A table row as a pipe (or markdown) row, as tab-separated cells, as the space-separated
    cells of PDF text, one cell per line, or glued."""
    if style == GLUED:
        return "".join(cells)
    if style == "tabs":
        return "\t".join(cells)
    if style == "spaces":
        return "  ".join(cells)
    if style in CELL_LAYOUTS:
        return "\n".join(line for lines in _cell_lines(cells, style) for line in lines)
    return "| " + " | ".join(cells) + " |"


def _banner_row(label: str, style: str) -> str:
    """A row with one cell across the table (a heading inside it): PDF text has the bare label."""
    if style in CELL_LAYOUTS:
        return _row([label], style)
    return label if style in ("spaces", GLUED) else f"| {label} |"


def _header_row(cells: list[str], style: str, add) -> None:
    """A table's header row, and under it the rule row of a markdown table."""
    add(_row(cells, style))
    if style == "markdown":
        add("|" + "---|" * len(cells))


def _word_change(value: Decimal, draw_choice) -> str:
    """A 本年增/减 change written in words (`增2`, `减少4`, `持平`)."""
    if value == 0:
        return "持平"
    return f"{draw_choice(('增', '增加') if value > 0 else ('减', '减少'))}{abs(value)}"


# Sentences of the kind reports pad their prose with: no numbers and no statistic a prose
# pattern reads, so they only make paragraphs long (and give PDF text something to wrap).
FILLER = (
    "本机关坚持以公开为常态、不公开为例外，持续深化政务公开工作。",
    "围绕重点领域信息公开，及时发布政策文件和工作动态，主动回应社会关切。",
    "进一步完善政府信息公开工作机制，明确责任分工，规范工作流程。",
    "加强政府网站和政务新媒体建设管理，提升信息发布的及时性和准确性。",
    "严格落实公开前保密审查制度，确保公开内容合法合规。",
    "做好政策文件的解读工作，通过图文、视频等多种形式解读政策要点。",
    "加强业务培训，提高工作人员依法公开的意识和能力。",
    "健全依申请公开办理机制，做到依法依规、按时答复。",
    "推进基层政务公开标准化规范化建设，拓展公开渠道。",
    "对照上级要求查漏补缺，确保各项公开任务落到实处。",
)


def _wrapped(text: str, width: int | None) -> list[str]:
    """A paragraph as a PDF extraction gives it: broken into lines of at most `width` columns
    (a CJK character takes two), or whole when `width` is None."""
    if width is None:
        return [text]
    lines, line, used = [], "", 0
    for char in text:
        columns = char_width(char)
        if used + columns > width:
            lines.append(line)
            line, used = "", 0
        line += char
        used += columns
    return [*lines, line] if line else lines


_ITEM_MARK = ("1.", "1、", "1．")


def _label(label: str, variant: dict) -> str:
    """A row label as reports vary it: a stray space inside, another item numbering style."""
    if variant.get("item_style") and len(label) > 2 and label[0].isdigit() and label[1] in ".、．":
        label = label[0] + variant["item_style"][1:] + label[2:]
    if variant.get("label_space") and len(label) > 6:
        cut = len(label) - 3
        label = label[:cut] + " " + label[cut:]
    return label


LEGACY_SECTIONS = ("概述", "主动公开政府信息情况", "依申请公开政府信息情况", "政府信息公开的收费及减免情况",
                   "因政府信息公开申请行政复议、提起行政诉讼的情况", "政府信息公开工作存在的主要问题及改进措施", "附表")
NUMERALS = "一二三四五六七八九十"


def _build(template: str, catalog, values, year: int, issuer: str, variant: dict, fault: str | None = None):
    lines: list[str] = []
    where: dict[str | tuple[str, str], int] = {}  # a tag, or (tag, column) for a cell

    def add(text: str, tag: str | None = None):
        for number, line in enumerate(text.split("\n")):
            lines.append(line)
            if tag and number == 0:
                where[tag] = len(lines)
            if variant["footers"] and len(lines) % 7 == 0:
                lines.append(f"- {len(lines) // 7} -")

    def add_row(cells: list[str], tag: str | None = None, columns: tuple[str, ...] = ()):
        """A data row; in a one-cell-per-line layout the line of each value cell is kept too
        (`where[(tag, column)]`), for a finding that points at a cell."""
        if style not in CELL_LAYOUTS:
            add(_row(cells, style), tag)
            return
        labels = len(cells) - len(columns)
        for number, cell_lines in enumerate(_cell_lines(cells, style, variant["wrap_labels"])):
            first = len(lines) + 1
            add("\n".join(cell_lines), tag if number == 0 else None)
            if tag and number >= labels and cells[number]:
                where[(tag, columns[number - labels])] = first

    def paragraph(text: str, tag: str | None = None):
        for number, line in enumerate(_wrapped(text, variant["wrap"])):
            add(line, tag if number == 0 else None)

    fw = variant["full_width"]
    style = variant["table_style"]
    blank = variant["blank_zeros"]
    overview, problems = variant["filler"]
    period_year = year - 1 if fault == "wrong-period-year" else year
    offset = variant["offset"] if fault == "prose-contradiction" else 0
    add(f"{issuer}{year}年政府信息公开工作年度报告", "title")
    add(f"本报告所列数据的统计期限自{period_year}年1月1日至{period_year}年12月31日。", "period")
    if template == "legacy":
        _legacy_body(catalog, values, year, variant, offset, fault, add, add_row, paragraph)
        return "\n".join(lines) + "\n", where
    new_total = values[(f"{template}.t3.new", "total")]
    stated = new_total + offset
    add("一、总体情况")
    paragraph(f"{year}年，本机关共收到政府信息公开申请{stated}件，均已依法答复。{overview}", "prose")
    add("二、主动公开政府信息情况")
    for indicator in catalog.indicators_of("t2"):
        if indicator.kind == "heading":
            add(_banner_row(indicator.label, style) if style in CELL_LAYOUTS else indicator.label)
            columns = [catalog.table("t2").column(c) for c in catalog.indicators_of("t2")[
                catalog.indicators_of("t2").index(indicator) + 1].columns]
            _header_row(["信息内容", *(c.label for c in columns)], style, add)
            continue
        cells = [_cell(values[(indicator.id, c)], fw, blank) for c in indicator.columns]
        if variant["word_changes"]:
            cells = [_word_change(values[(indicator.id, c)], variant["word_changes"]) if c == "change" and cell else cell
                     for c, cell in zip(indicator.columns, cells)]
        add_row([_label(indicator.label, variant), *cells], indicator.id, indicator.columns)
    add("三、收到和处理政府信息公开申请情况")
    table = catalog.table("t3")
    _header_row(["申请人情况", *(c.label for c in table.columns)], style, add)
    for indicator in catalog.indicators_of("t3"):
        if indicator.kind == "heading":
            add(_banner_row(indicator.label, style))
            continue
        cells = [_cell(values[(indicator.id, c.id)], fw, blank) for c in table.columns]
        add_row([_label(indicator.label, variant), *cells], indicator.id, tuple(c.id for c in table.columns))
    add("四、政府信息公开行政复议、行政诉讼情况")
    t4 = catalog.table("t4")
    if style == GLUED:  # the whole header as the page prints it, flattened (Pingtan)
        groups = {c.group: [x.label for x in t4.columns if x.group == c.group] for c in t4.columns}
        review, direct, after = groups.values()
        add("".join(["行政复议", "行政诉讼", *review, "未经复议直接起诉", "复议后起诉", *direct, *after]))
    else:
        _header_row(["行政复议", "行政诉讼"], style, add)
    add_row([_cell(values[(f"{template}.t4.cases", c.id)], fw) for c in t4.columns], f"{template}.t4.cases",
            tuple(c.id for c in t4.columns))
    if fault != "missing-section":
        add("五、存在的主要问题及改进情况", "section5")
        paragraph(f"政策解读的针对性有待加强，下一步将进一步规范办理流程。{problems}")
    add("六、其他需要报告的事项", "section6")
    add("本年度未收取信息处理费。")
    return "\n".join(lines) + "\n", where


def _legacy_body(catalog, values, year, variant, offset, fault, add, add_row, paragraph):
    sections = [s for s in LEGACY_SECTIONS if not (fault == "missing-section" and s == "政府信息公开的收费及减免情况")]
    received = values[("legacy.stats.received", "value")] + offset
    style = variant["table_style"]
    overview, problems = variant["filler"]
    for number, title in enumerate(sections, start=1):
        tag = {"因政府信息公开申请行政复议、提起行政诉讼的情况": "review_section"}.get(title)
        add(f"{NUMERALS[number - 1]}、{title}", tag)
        if title == "概述":
            paragraph(f"{year}年，本机关共收到政府信息公开申请{received}件，均已依法答复。{overview}", "prose")
        elif title == "政府信息公开工作存在的主要问题及改进措施":
            paragraph(f"本年度按规定开展相关工作。{problems}")
        elif title == "附表":
            add(_banner_row("政府信息公开情况统计表", style))
            _header_row(["统计指标", "单位", "统计数"], style, add)
            for indicator in catalog.indicators:
                if indicator.kind == "heading":
                    add(_banner_row(indicator.label, style) if style in ("spaces", GLUED, *CELL_LAYOUTS)
                        else _row([indicator.label, "", ""], style))
                else:
                    value = _cell(values[(indicator.id, "value")], variant["full_width"])
                    add_row([indicator.label, indicator.unit, value], indicator.id, ("value",))
        else:
            add("本年度按规定开展相关工作。")


@st.composite
def _variant(draw, template: str, fault: str | None = None, table_styles: tuple[str, ...] = TABLE_STYLES) -> dict:
    """How a report's text varies: digits, page footers, table style, blank cells for zeros,
    spaces inside labels, item numbering, padded prose and PDF hard wraps."""
    unknown = set(table_styles) - set(TABLE_STYLES)
    if unknown or not table_styles:
        raise ValueError(f"table styles {sorted(unknown) or '()'}: choose among {', '.join(TABLE_STYLES)}")
    style = draw(st.sampled_from(table_styles))
    cells = style in CELL_LAYOUTS
    # A web page's one-cell-per-line text has no page footers and no hard wraps.
    wrap = None if cells else draw(st.none() | st.integers(64, 96))
    # Wrapped text needs paragraphs long enough to show its wrap width.
    filler = st.lists(st.sampled_from(FILLER), min_size=8 if wrap else 0, max_size=len(FILLER), unique=True)
    variant = {
        "full_width": draw(st.booleans()),
        "footers": not cells and draw(st.booleans()),
        "offset": draw(st.integers(1, 9)) if fault else 0,
        "table_style": style,
        "wrap": wrap,
        "filler": ("".join(draw(filler)), "".join(draw(filler))),
        # Space-separated cells cannot show a blank cell or a space inside a label: a PDF's text
        # loses both, and no reader could tell them back.
        "blank_zeros": style not in NO_EMPTY_CELLS and not fault and draw(st.booleans()),
        "label_space": style != "spaces" and draw(st.booleans()),
        "item_style": draw(st.sampled_from(_ITEM_MARK)),
        "wrap_labels": cells and draw(st.booleans()),
        # 本年增/减 written in words (2019 template): a way to pick a wording, or None.
        "word_changes": (lambda options: draw(st.sampled_from(options)))
        if template == "f2019" and draw(st.booleans()) else None,
    }
    if template == "legacy":
        variant["blank_zeros"] = False  # the legacy table has no blank cells: it is read with its unit column
    return variant


@st.composite
def report_texts(draw, template: str = "f2021", table_styles: tuple[str, ...] = TABLE_STYLES, registry=None,
                 region: str | None = None):
    """A consistent report's text with the surface variation real reports show (full-width
    digits, page footers, pipe or tab-separated rows, tables one cell per line, blank cells for
    zeros, stray spaces inside labels, numbering styles `1.` `1、` `1．`, 2019 changes in words),
    the tree `parse` gives for it, and its table facts (None for a blank cell). `table_styles`
    narrows the table layouts drawn (ROW_STYLES: a row a line); `registry` gives the catalogues
    (default: the installed plugins'); `region` a division code or prefix the issuer is of
    (`issuers`: a regional plugin's rules then run on the report)."""
    catalog = _catalog(template, registry)
    values = draw(_values(template, catalog))
    year = draw(st.integers(*YEARS[template]))
    issuer = draw(issuers(region))
    variant = draw(_variant(template, table_styles=table_styles))
    text, where = _build(template, catalog, values, year, issuer, variant)
    facts = dict(values)
    if variant["blank_zeros"]:  # blank is not zero: a blank cell is a fact without a value
        facts = {key: (None if value == 0 and not key[0].endswith(".t4.cases") else value)
                 for key, value in facts.items()}
    code = dict(_ISSUERS_IN.get(region, ())).get(issuer) if region is not None else None
    return GeneratedReport(text, parse(text), facts, where, year, variant, code)


@st.composite
def flattened_texts(draw, template: str = "f2021", registry=None):
    """A consistent report as a crawl that lost its line breaks gives it: the title on a line,
    then the whole body on one line, each table row's digits glued to its label
    (`一、本年新收政府信息公开申请数量640020470`). `facts` are the values the tables printed; a
    reader may recover a value or report it unrecoverable, never give another."""
    catalog = _catalog(template, registry)
    values = draw(_values(template, catalog))
    year = draw(st.integers(*YEARS[template]))
    issuer = draw(st.sampled_from(ISSUERS))
    filler = st.lists(st.sampled_from(FILLER), min_size=8, max_size=len(FILLER), unique=True)
    variant = {"full_width": draw(st.booleans()), "footers": False, "offset": 0, "table_style": GLUED,
               "wrap": None, "filler": ("".join(draw(filler)), "".join(draw(filler))), "blank_zeros": False,
               "label_space": False, "item_style": draw(st.sampled_from(_ITEM_MARK)), "wrap_labels": False,
               "word_changes": None, "flattened": True}
    text, where = _build(template, catalog, values, year, issuer, variant)
    title, _, body = text.partition("\n")
    body = "".join(body.split("\n"))
    if len(body) < FLATTENED_LINE_CHARS:  # shorter, a line is read as a long paragraph
        body += "".join(FILLER) * (FLATTENED_LINE_CHARS // len("".join(FILLER)) + 1)
    text = title + "\n" + body + "\n"
    return GeneratedReport(text, parse(text), dict(values), {"title": 1}, year, variant)


def reports(template: str = "f2021", registry=None, region: str | None = None):
    """Report trees of consistent reports (`region`: issued by a body of that division, as
    `report_texts` draws them)."""
    return report_texts(template, registry=registry, region=region).map(lambda generated: generated.report)


# The bodies a generated report of a region is issued by: its people's government, and some of
# its departments.
BODIES = ("人民政府", "财政局", "教育局", "发展和改革委员会", "生态环境局", "人民政府办公室")


def issuers(region: str | None = None):
    """Issuers' names: the generic ones (`某某县人民政府`…), or with `region` (a division code or
    its prefix: `"350128"`, `"35"`) bodies of the divisions there, named as they write
    themselves (`福州市鼓楼区财政局`), each of which resolves back to its division
    (`jurisdiction.resolve_name`), so that a regional plugin's rules run on the report."""
    if region is None:
        return st.sampled_from(ISSUERS)
    named = _issuers_in(region)
    if not named:
        raise ValueError(f"no division of the gazetteer has a code starting {region!r}")
    return st.sampled_from(named)


_ISSUERS_IN: dict[str, tuple[tuple[str, str], ...]] = {}


def _issuers_in(region: str) -> tuple[str, ...]:
    from .jurisdiction import divisions, full_name, resolve_name

    if region not in _ISSUERS_IN:
        pairs = []
        for code in sorted(c for c in divisions() if c.startswith(region)):
            for body in BODIES:
                name = full_name(code) + body
                place = resolve_name(name)
                if place is not None and place.code == code:
                    pairs.append((name, code))
        _ISSUERS_IN[region] = tuple(pairs)
    return tuple(name for name, _ in _ISSUERS_IN[region])


@st.composite
def faulty_reports(draw, template: str = "f2021", kinds: tuple[str, ...] | None = None,
                   table_styles: tuple[str, ...] = TABLE_STYLES, registry=None):
    """A report with exactly one injected fault, and the `Fault` describing it."""
    kinds = kinds or FAULTS_OF[template]
    unknown = set(kinds) - set(FAULTS_OF[template])
    if unknown:
        raise ValueError(f"{template} reports cannot carry {', '.join(sorted(unknown))} alone")
    kind = draw(st.sampled_from(kinds))
    catalog = _catalog(template, registry)
    values = dict(draw(_values(template, catalog)))
    year = draw(st.integers(*YEARS[template]))
    variant = draw(_variant(template, kind, table_styles))
    indicator: str | None = None
    tag: str | None = None
    code: str | None = None
    columns: tuple[str, ...] = ()
    if kind == "broken-sum" and template == "legacy":
        indicator = tag = "legacy.stats.received"
        code, columns = "GD101", ("value",)
        values[(indicator, "value")] += variant["offset"]
    elif kind == "broken-sum":
        group = draw(st.sampled_from(("review", "direct", "after_review")))
        indicator, tag, code = f"{template}.t4.cases", f"{template}.t4.cases", "GD104"
        columns = (f"{group}_total",)
        values[(indicator, f"{group}_total")] += variant["offset"]
    elif kind == "broken-identity":
        indicator, tag, code = f"{template}.t3.carried_over_out", f"{template}.t3.new", "GD102"
        columns = ("natural", "total")  # the identity is reported at the first row's cell
        values[(indicator, "natural")] += variant["offset"]
        values[(indicator, "total")] += variant["offset"]
    elif kind == "prose-contradiction":
        indicator = "legacy.stats.received" if template == "legacy" else f"{template}.t3.new"
        tag, code = "prose", "GD301"
    elif kind == "missing-section":
        tag, code = ("review_section" if template == "legacy" else "section6"), "GD201"
    elif kind == "wrong-period-year":
        tag, code = "period", "GD401"
    elif kind == "negative-count":
        indicator, column = NEGATIVE_TARGET[template]
        tag, code, columns = indicator, "GD105", (column,)
        values[(indicator, column)] = -Decimal(variant["offset"])
    text, where = _build(template, catalog, values, year, draw(st.sampled_from(ISSUERS)), variant, kind)
    generated = GeneratedReport(text, parse(text), values, where, year, variant)
    assert tag is not None and code is not None  # every kind sets them, and `kinds` was checked
    locations = tuple(where.get((tag, column), where[tag]) for column in columns) or (where[tag],)
    return generated, Fault(kind, indicator, where[tag], code, locations)


# --- the same report as a web page ------------------------------------------------------------------

# How a page marks its table up: plain rows; merged cells (a group row one cell across the table,
# the 2021 table 3's two-row header with 法人或其他组织 over its five columns, table 4's groups
# across their columns); Word's exported markup (MsoNormal paragraphs, spans, conditional comments).
HTML_STYLES = ("plain", "spans", "word")
_APPLICANT_HEADER = ("申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


@frozen
class GeneratedPage:
    """A generated report as a web page: the `generated` report (its `facts` are what reading the
    page must give), the page's bytes, and how it was made."""

    generated: GeneratedReport
    html: bytes = field(repr=False)
    style: str = "plain"
    chrome: bool = False  # navigation, a side bar and a footer around the report
    encoding: str = "utf-8"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_cell(text: str, style: str, attributes: str = "") -> str:
    inner = (f"<p class=MsoNormal align=center><span style='font-family:宋体'>{_escape(text)}<o:p></o:p></span></p>"
             if style == "word" else _escape(text))
    return f"<td{attributes}>{inner}</td>"


def _html_table(rows: list[list[str]], style: str) -> list[str]:
    width = max(len(row) for row in rows)
    out = ["<table class=MsoNormalTable border=1 cellspacing=0>" if style == "word" else "<table border=\"1\">"]
    for row in rows:
        if style != "plain" and tuple(row) == _APPLICANT_HEADER:
            out.append("<tr>" + _html_cell(row[0], style, " rowspan=2") + _html_cell(row[1], style, " rowspan=2")
                       + _html_cell("法人或其他组织", style, " colspan=5") + _html_cell(row[7], style, " rowspan=2") + "</tr>")
            out.append("<tr>" + "".join(_html_cell(text, style) for text in row[2:7]) + "</tr>")
        elif style != "plain" and row == ["行政复议", "行政诉讼"] and width == 15:
            out.append("<tr>" + _html_cell(row[0], style, " colspan=5") + _html_cell(row[1], style, " colspan=10") + "</tr>")
        elif style != "plain" and len(row) == 1 and width > 1:
            out.append("<tr>" + _html_cell(row[0], style, f" colspan={width}") + "</tr>")
        else:
            out.append("<tr>" + "".join(_html_cell(text, style) for text in row) + "</tr>")
    return out + ["</table>"]


def html_page(generated: GeneratedReport, style: str = "plain", chrome: bool = False, encoding: str = "utf-8") -> bytes:
    """The report of `generated` as a web page (`style` one of HTML_STYLES; `chrome`: within a
    site's navigation, side bar and footer; `encoding` utf-8 or gbk, declared in the page), made
    from its canonical text (`govdisclosure.render`): its tables as table markup, the rest as
    paragraphs. Works on a `faulty_reports` report too: the fault is in the page."""
    from .render import render

    lines = render(generated.report).split("\n")
    title = lines[0]
    body: list[str] = []
    table: list[list[str]] = []
    for line in lines[1:] + [""]:
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if table:
            body += _html_table(table, style)
            table = []
        if line.strip():
            body.append(f"<p class=MsoNormal><span style='font-size:12.0pt'>{_escape(line)}<o:p></o:p></span></p>"
                        if style == "word" else f"<p>{_escape(line)}</p>")
    head = (f"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=\"{encoding}\">"
            f"<title>{_escape(title)}</title><style>p.MsoNormal {{margin:0cm}}</style></head><body>")
    heading = (f"<p class=MsoTitle align=center><b><span style='font-size:16.0pt'>{_escape(title)}</span></b></p>"
               "<!--[if !supportLists]--><!--[endif]-->" if style == "word" else f"<h1>{_escape(title)}</h1>")
    article = ["<div class=WordSection1>" if style == "word" else "<div class=\"article\">", heading, *body, "</div>"]
    if chrome:
        links = "".join(f"<li><a href=\"/{n}.html\">{name}</a></li>" for n, name in
                        enumerate(("首页", "政务公开", "政府信息公开年报", "互动交流", "办事服务", "联系我们")))
        article = ["<div class=\"nav\"><ul>", links, "</ul></div>", "<div class=\"main\">",
                   "<div class=\"side\"><ul>", links, "</ul></div>", *article, "</div>",
                   "<div class=\"footer\"><p><a href=\"/about.html\">网站地图</a> | <a href=\"/copyright.html\">版权声明</a></p>"
                   "<p>主办单位：本级人民政府办公室</p></div>"]
    page = head + "\n".join(article) + "</body></html>"
    try:
        return page.encode(encoding)
    except UnicodeEncodeError:  # (a character GBK lacks: the page is UTF-8, as it says)
        return page.replace(f"charset=\"{encoding}\"", "charset=\"utf-8\"").encode("utf-8")


@st.composite
def html_pages(draw, template: str = "f2021", registry=None, region: str | None = None):
    """A consistent report as a web page (`GeneratedPage`): plain, merged cells or Word's markup,
    with or without a site's chrome around it, UTF-8 or GBK."""
    generated = draw(report_texts(template, table_styles=ROW_STYLES, registry=registry, region=region))
    style = draw(st.sampled_from(HTML_STYLES))
    chrome = draw(st.booleans())
    encoding = draw(st.sampled_from(("utf-8", "gbk")))
    return GeneratedPage(generated, html_page(generated, style, chrome, encoding), style, chrome, encoding)


# --- the same report as a Word file ------------------------------------------------------------------


def _canonical_blocks(generated: GeneratedReport) -> tuple[str, list]:
    """The title, then each block of the report's canonical text: a line of text, or a table (a
    list of rows of cell texts)."""
    from .render import render

    lines = render(generated.report).split("\n")
    blocks: list = []
    for line in lines[1:]:
        if line.startswith("|"):
            row = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if blocks and isinstance(blocks[-1], list):
                blocks[-1].append(row)
            else:
                blocks.append([row])
        elif line.strip():
            blocks.append(line)
    return lines[0], blocks


def docx_document(generated: GeneratedReport, merged: bool = False) -> bytes:
    """The report of `generated` as a Word file (python-docx: `pip install 'govdisclosure[docx]'`):
    its title, its text as paragraphs, its tables as Word tables; `merged`: a group row's cells
    merged across the table, and the 2021 table 3's header in two rows with 法人或其他组织 merged
    over its five columns, as the template's Word file prints it."""
    import io

    try:
        import docx
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("docx_document needs python-docx: pip install 'govdisclosure[docx]'") from None
    title, blocks = _canonical_blocks(generated)
    document = docx.Document()
    document.add_paragraph(title)
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block)
        rows = []
        for row in block:
            if merged and tuple(row) == _APPLICANT_HEADER:
                rows += [("header-top", row), ("header-bottom", row)]
            else:
                rows.append(("row", row))
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for index, (kind, row) in enumerate(rows):
            cells = table.rows[index].cells
            if kind == "header-top":
                for column in (0, 1, 7):
                    cells[column].text = row[column]
                cells[2].text = "法人或其他组织"
                cells[2].merge(cells[6])
                for column in (0, 1, 7):  # (each merged down over the second header row)
                    cells[column].merge(table.rows[index + 1].cells[column])
            elif kind == "header-bottom":
                for column in range(2, 7):
                    cells[column].text = row[column]
            elif merged and len(row) == 1 and width > 1:
                cells[0].text = row[0]
                cells[0].merge(cells[width - 1])
            else:
                for column, text in enumerate(row):
                    cells[column].text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@st.composite
def docx_documents(draw, template: str = "f2021", registry=None, region: str | None = None):
    """A consistent report as a Word file: (the `GeneratedReport`, the file's bytes, whether its
    cells are merged). Reading the file must give the report's facts."""
    generated = draw(report_texts(template, table_styles=ROW_STYLES, registry=registry, region=region))
    merged = draw(st.booleans())
    return generated, docx_document(generated, merged), merged


# --- the same report as a PDF --------------------------------------------------------------------------

# The page (A4 landscape, in points, as statistics tables are often printed), its margins, and
# the text's sizes: a label of the 2021 table fits its cell on one line.
_PAGE = (842.0, 595.0)
_MARGIN = 50.0
_FONT = "STSong-Light"  # reportlab's built-in CID font for Chinese: no font file needed
_TEXT_SIZE = 10.0
_CELL_SIZE = 7.0
_LABEL_SHARE = 0.45  # of the table's width, for a row's label column


def pdf_document(generated: GeneratedReport) -> bytes:
    """The report of `generated` as a PDF (reportlab: `pip install reportlab`), A4 landscape
    pages: its title, its text as wrapped paragraphs, its tables ruled, a row a band of cells, a
    table going on to the next page between rows. Works on a `faulty_reports` report too."""
    import io

    try:
        from reportlab.lib.utils import simpleSplit
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("pdf_document needs reportlab: pip install reportlab") from None
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    title, blocks = _canonical_blocks(generated)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=_PAGE, invariant=1)  # (invariant: the same bytes every run)
    width = _PAGE[0] - 2 * _MARGIN
    y = _PAGE[1] - _MARGIN

    def room(height: float) -> None:
        nonlocal y
        if y - height < _MARGIN:
            pdf.showPage()
            y = _PAGE[1] - _MARGIN

    def text_line(text: str, size: float, x: float) -> None:
        nonlocal y
        room(size * 1.6)
        y -= size * 1.6
        pdf.setFont(_FONT, size)
        pdf.drawString(x, y, text)

    room(_TEXT_SIZE * 3)
    pdf.setFont(_FONT, _TEXT_SIZE * 1.6)
    y -= _TEXT_SIZE * 2.4
    pdf.drawCentredString(_PAGE[0] / 2, y, title)
    y -= _TEXT_SIZE
    for block in blocks:
        if isinstance(block, str):
            for piece in simpleSplit(block, _FONT, _TEXT_SIZE, width):
                text_line(piece, _TEXT_SIZE, _MARGIN)
            continue
        columns = max(len(row) for row in block)
        label = width * _LABEL_SHARE if columns > 2 else width / columns
        rest = (width - label) / (columns - 1) if columns > 1 else 0.0
        lefts = [_MARGIN] + [_MARGIN + label + rest * k for k in range(columns - 1)] + [_MARGIN + width]
        y -= _CELL_SIZE
        for row in block:
            spans = [(0, columns)] if len(row) == 1 else [(k, k + 1) for k in range(len(row))]
            cells = [simpleSplit(text, _FONT, _CELL_SIZE, lefts[b] - lefts[a] - 4) or [""] for text, (a, b) in zip(row, spans)]
            height = max(len(lines) for lines in cells) * _CELL_SIZE * 1.3 + 4
            room(height)
            top, bottom = y, y - height
            pdf.setLineWidth(0.5)
            pdf.line(lefts[0], top, lefts[-1], top)
            pdf.line(lefts[0], bottom, lefts[-1], bottom)
            for (a, b), lines in zip(spans, cells):
                pdf.line(lefts[a], top, lefts[a], bottom)
                pdf.setFont(_FONT, _CELL_SIZE)
                for number, line in enumerate(lines):
                    pdf.drawString(lefts[a] + 2, top - 2 - _CELL_SIZE * 1.3 * (number + 1) + 2, line)
            pdf.line(lefts[-1], top, lefts[-1], bottom)
            y = bottom
        y -= _CELL_SIZE
    pdf.showPage()
    pdf.save()
    return out.getvalue()
