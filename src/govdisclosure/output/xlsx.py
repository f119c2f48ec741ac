"""An Excel workbook of a run (`--output-format xlsx`), for the people who review reports in a
spreadsheet: the findings, one row each ("问题"); the reports, one row each with their counts
("单位汇总"); and the tidy panel of every report's table values ("数据").

Memory stays flat however many reports a run reads: the workbook is built in XlsxWriter's
`constant_memory` mode (each sheet keeps one row in memory and spools the rest to a temporary
file; the sheets may be filled in turn), column widths are measured as rows go and set at the
end, and the reports' rows are spooled to disk until `finish()`, when the run is known to be
whole or interrupted. The finished workbook is then copied to the stream's bytes.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from typing import Any

from ..batch import Spool
from ..panel import VALUE_COLUMNS, long_rows
from ..plugins import CORE_PLUGINS
from ..sources import LoadError
from ..textutil import display_width
from .base import Writer, shown, undecodable_escaped
from .convert import diagnostic_data

# Each rule's page (docs/rules/CODE.md) where a reader of the workbook can open it: a relative
# link means nothing once the workbook is mailed on.
RULE_DOCS_URL = "https://github.com/govdisclosure/govdisclosure/blob/main/docs/rules/{code}.md"

# Column widths, in characters (a full-width character counts two): wide enough for most cells,
# never so wide that a long message pushes the other columns off the screen.
MAX_WIDTH = 60
# Rows of an Excel worksheet, its header's included; a sheet that fills up goes on in another
# ("数据 (2)"): a run of 10,000 reports has about two million panel rows.
MAX_ROWS = 1_048_576
# Digits a cell's number keeps (a double's): a value with more stays text, exact.
NUMBER_DIGITS = 15

SHEETS = {"zh": ("问题", "单位汇总", "数据"), "en": ("Findings", "Agencies", "Facts")}
FINDING_COLUMNS = {
    "zh": ("单位", "年度", "文件", "规则", "级别", "类别", "问题", "位置", "数值", "规则说明"),
    "en": ("agency", "year", "source", "code", "severity", "category", "message", "place", "values",
           "rule docs"),
}
AGENCY_COLUMNS = {
    "zh": ("单位", "年度", "模板", "文件", "错误", "警告", "提示", "未完整读取的表格"),
    "en": ("agency", "year", "template", "source", "errors", "warnings", "infos", "tables not read whole"),
}
PAGE = {"zh": "第{page}页", "en": "page {page}"}
INTERRUPTED = {
    "zh": "检查被中断：本工作簿只含中断前检查完的 {reports} 份报告",
    "en": "check interrupted: this workbook covers only the {reports} report{s} checked before it stopped",
}

_PLAIN_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")


def _lang(lang: str) -> str:
    return lang if lang in SHEETS else "zh"


def number_of(text: str) -> int | float | None:
    """A panel value as a number for its cell: a plain decimal of at most NUMBER_DIGITS
    significant digits (what a double holds exactly as printed); None keeps the text."""
    if not _PLAIN_DECIMAL.fullmatch(text):
        return None
    if len(text.lstrip("-").replace(".", "").lstrip("0")) > NUMBER_DIGITS:
        return None
    return float(text) if "." in text else int(text)


def place_of(data: dict[str, Any], lang: str = "zh") -> str:
    """A finding's place as the text output writes it: `line:column`, on a PDF's page
    (`第3页:12:1`), or a DOCX locator; blank when it has none."""
    line, column, page, locator = data["line"], data["column"], data["page"], data["locator"]
    if page is not None and line is not None:
        return f"{PAGE[_lang(lang)].format(page=page)}:{line}:{column}"
    if locator:
        return shown(locator)
    return f"{line}:{column}" if line is not None else ""


def values_text(values: dict[str, Any]) -> str:
    return "; ".join(f"{key}={value}" for key, value in values.items())


class _Link:
    """A cell that opens `url` (a HYPERLINK formula: unlike write_url, it holds nothing in memory
    per cell and has no cap on links per sheet, Excel's being 65,530)."""

    def __init__(self, url: str, text: str):
        self.url, self.text = url, text


class _Sheet:
    """One table of the workbook, header first, written row by row in order (as constant_memory
    needs); it goes on in a new worksheet when one is full. `finish()` sets on each worksheet the
    frozen header, the autofilter over its rows and the widths measured."""

    def __init__(self, workbook, name: str, header: tuple[str, ...], formats: dict[str, Any],
                 max_rows: int = MAX_ROWS):
        self.workbook, self.name, self.header, self.formats = workbook, name, header, formats
        self.max_rows = max_rows
        self.widths = [display_width(h) for h in header]
        self.parts: list[tuple[Any, int, int]] = []  # (worksheet, header row, last row)
        # Added now, so the sheets keep their order; its header is written by the first row or
        # `note()` (a note comes above it, and constant_memory writes rows in order).
        self.worksheet: Any = workbook.add_worksheet(name)
        self.header_row = self.row = 0
        self.begun = False

    def begin(self, note: str | None = None) -> None:
        self.begun = True
        if note is not None:
            self.worksheet.write_string(0, 0, note, self.formats["note"])
            self.row = 1
        self.header_row = self.row
        for column, text in enumerate(self.header):
            self.worksheet.write_string(self.row, column, text, self.formats["header"])
        self.row += 1

    def note(self, text: str) -> None:
        """A line above the header, said before any row."""
        assert not self.begun, "a note goes above the header"
        self.begin(text)

    def _next_part(self) -> None:
        self.parts.append((self.worksheet, self.header_row, self.row - 1))
        self.worksheet = self.workbook.add_worksheet(f"{self.name} ({len(self.parts) + 1})")
        self.row = 0
        self.begin()

    def write(self, values: list[Any]) -> None:
        if not self.begun:
            self.begin()
        if self.row >= self.max_rows:
            self._next_part()
        worksheet, row = self.worksheet, self.row
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, _Link):
                url, text = value.url.replace('"', '""'), value.text.replace('"', '""')
                worksheet.write_formula(row, column, f'=HYPERLINK("{url}","{text}")', self.formats["link"],
                                        value.text)
                width = display_width(value.text)
            elif isinstance(value, bool) or not isinstance(value, (int, float)):
                text = undecodable_escaped(str(value))  # (a lone surrogate cannot be written as UTF-8)
                worksheet.write_string(row, column, text)
                width = max(map(display_width, text.splitlines() or [""]))
            else:
                worksheet.write_number(row, column, value)
                width = len(str(value))
            if width > self.widths[column]:
                self.widths[column] = width
        self.row += 1

    def finish(self) -> None:
        if not self.begun:
            self.begin()
        self.parts.append((self.worksheet, self.header_row, self.row - 1))
        last_column = len(self.header) - 1
        for worksheet, header_row, last_row in self.parts:
            worksheet.freeze_panes(header_row + 1, 0)
            worksheet.autofilter(header_row, 0, max(header_row, last_row), last_column)
            for column, width in enumerate(self.widths):
                # (+2: the autofilter's button sits over the header's end)
                worksheet.set_column(column, column, min(MAX_WIDTH, width + 2))


def binary_stream(stream):
    """Where the workbook's bytes go: a text stream's byte buffer (standard output), or the
    stream itself when it takes bytes. Never a terminal: a workbook there is noise."""
    isatty = getattr(stream, "isatty", None)
    try:
        terminal = bool(isatty and isatty())
    except ValueError:  # (a closed stream: said when it is written to)
        terminal = False
    if terminal:
        raise LoadError("Excel 工作簿不能写到终端：请把输出重定向到文件，例如 > report.xlsx",
                        en="an Excel workbook cannot be written to a terminal: "
                           "redirect the output to a file, e.g. > report.xlsx")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    if isinstance(stream, io.TextIOBase):
        raise LoadError("Excel 工作簿需要写到二进制输出（文件），不能写到文本流",
                        en="an Excel workbook needs a binary output (a file), not a text stream")
    return stream


class XlsxWriter(Writer):
    """The run as an Excel workbook: sheets of findings, of reports and of panel rows (see the
    module's docstring). A report's findings come before its summary, which names its agency:
    they are held until it comes (one report's at a time); the cross-year findings, after every
    report, find theirs by source."""

    wants_details = True
    max_rows = MAX_ROWS  # (a test makes it small to see a sheet go on in another)

    def __init__(self, stream, **options) -> None:
        super().__init__(stream, **options)
        self.workbook: Any = None
        self.target: Any = None  # the temporary file the workbook is built in
        self.agencies: Spool | None = None
        self.sheets: list[_Sheet] = []
        self.closed = False

    def start(self) -> None:
        self.output = binary_stream(self.stream)
        try:
            import xlsxwriter
        except ImportError:
            raise LoadError("写 Excel 工作簿需要安装 XlsxWriter：pip install 'govdisclosure[xlsx]'",
                            en="writing an Excel workbook needs XlsxWriter: "
                               "pip install 'govdisclosure[xlsx]'") from None
        lang = _lang(self.lang)
        self.target = tempfile.TemporaryFile()
        # Text from reports is never taken for a formula, a link or a number ("=…" stays text).
        self.workbook = xlsxwriter.Workbook(self.target, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False})
        self.workbook.set_properties({"title": "govdisclosure check",
                                      "comments": f"govdisclosure {self.version}".strip()})
        formats = {"header": self.workbook.add_format({"bold": True, "bottom": 1}),
                   "link": self.workbook.add_format({"font_color": "blue", "underline": 1}),
                   "note": self.workbook.add_format({"bold": True, "font_color": "red"})}
        findings, agencies, facts = SHEETS[lang]
        self.findings = _Sheet(self.workbook, findings, FINDING_COLUMNS[lang], formats, self.max_rows)
        self.reports = _Sheet(self.workbook, agencies, AGENCY_COLUMNS[lang], formats, self.max_rows)
        self.facts = _Sheet(self.workbook, facts, VALUE_COLUMNS, formats, self.max_rows)
        self.sheets = [self.findings, self.reports, self.facts]
        self.agencies = Spool()
        self.pending: list[dict[str, Any]] = []
        self.identities: dict[str, tuple[str, int | None]] = {}  # source: (issuer, year)

    def diagnostic(self, diagnostic) -> None:
        self.pending.append(diagnostic_data(diagnostic, self.lang))

    def details(self, summary, details) -> None:
        for row in long_rows(details["panel"]):
            values: list[Any] = []
            for column in VALUE_COLUMNS:
                value = row.get(column)
                if column == "source":
                    value = shown(value or "")
                elif column == "value" and value:
                    number = number_of(str(value))
                    value = value if number is None else number
                elif value is not None and not isinstance(value, int):
                    value = str(value)  # (a status as its word)
                values.append(value)
            self.facts.write(values)

    def file(self, summary) -> None:
        identity = (summary.get("issuer") or "", summary.get("year"))
        self.identities[summary["source"]] = identity
        self._flush(identity)
        assert self.agencies is not None  # start() made it
        self.agencies.write([identity[0], identity[1], summary.get("template") or "",
                             shown(summary["source"]), summary["errors"], summary["warnings"],
                             summary["infos"], "; ".join(summary.get("tables_not_read") or ())])

    def _flush(self, identity: tuple[str, int | None] | None = None) -> None:
        """The findings held, each with its report's agency and year (`identity`: the report's
        whose summary has just come, for a finding whose source it does not name)."""
        found, self.pending = self.pending, []
        for data in found:
            issuer, year = self.identities.get(data["source"]) or identity or ("", None)
            code, link = data["code"], None
            if not data["plugin"] or data["plugin"] in CORE_PLUGINS:  # (a plugin's rules are in its own docs)
                link = _Link(RULE_DOCS_URL.format(code=code), f"docs/rules/{code}.md")
            self.findings.write([issuer, year, shown(data["source"]), code, data["severity"],
                                 data["category"], data["message"], place_of(data, self.lang),
                                 values_text(data["values"]), link])

    def finish(self, collections, summary, interrupted: bool = False) -> None:
        self._flush()  # (the cross-year findings, and those of a report the interruption cut short)
        assert self.agencies is not None
        if interrupted:
            reports = summary.get("reports", self.agencies.count)
            said = INTERRUPTED[_lang(self.lang)]
            self.reports.note(said.format(reports=reports, s="" if reports == 1 else "s"))
        for row in self.agencies:
            self.reports.write(row)
        for sheet in self.sheets:
            sheet.finish()
        self.workbook.close()
        self.target.seek(0)
        if hasattr(self.stream, "buffer"):
            self.stream.flush()  # (what was written as text goes first)
        shutil.copyfileobj(self.target, self.output)
        self.output.flush()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.workbook is not None and not self.workbook.fileclosed:
            # A run that failed: closing the workbook (into the temporary file, thrown away)
            # removes the temporary files of its sheets, of those with a row (XlsxWriter leaves
            # an empty sheet's behind): each has its header.
            try:
                for sheet in self.sheets:
                    if not sheet.begun:
                        sheet.begin()
                self.workbook.close()
            except Exception:  # (already failing: the first error is the one to report)
                pass
        if self.target is not None:
            self.target.close()
        if self.agencies is not None:
            self.agencies.close()
