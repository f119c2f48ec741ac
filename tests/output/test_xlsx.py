"""The Excel workbook of a run (`--output-format xlsx`): written through the real run, read
back with openpyxl, and held to the JSON output of the same reports."""

import io
import json
import re

import pytest

from govdisclosure.output.json import JsonWriter
from govdisclosure.output.xlsx import MAX_WIDTH, RULE_DOCS_URL, XlsxWriter, number_of
from govdisclosure.panel import VALUE_COLUMNS, long_rows
from govdisclosure.run import CheckRun, RunOptions
from govdisclosure.sources import LoadError
from govdisclosure.textutil import display_width

from conftest import ROOT, corpus_file

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

# Two years of one agency (a cross-year finding, GD504), a PDF (findings on a page) and a DOCX
# (findings at a locator, a report with no issuer or year).
NAMES = ("2011_legacy_pingtan_county.txt", "2012_legacy_pingtan_county.txt", "2023_f2021_hongze_district.pdf",
         "2021_template_blank.docx")
FILES = [str(corpus_file(name)) for name in NAMES]


def _workbook(paths, lang="zh", progress=None, **attributes):
    buffer = io.BytesIO()
    writer = XlsxWriter(buffer, lang=lang, registry=None, version="test")
    for name, value in attributes.items():
        setattr(writer, name, value)
    try:
        summary = CheckRun(RunOptions(budget=None, lang=lang)).run(paths, writer, progress)
    finally:
        writer.close()
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue())), summary


def _rows(worksheet, skip=1):
    return list(worksheet.iter_rows(min_row=skip + 1, values_only=True))


def _width(worksheet, letter):
    # (openpyxl keeps a run of columns of one width under the run's first letter)
    for key, dimension in worksheet.column_dimensions.items():
        if openpyxl.utils.column_index_from_string(key) <= openpyxl.utils.column_index_from_string(letter) \
                <= (dimension.max or 0):
            return dimension.width
    raise AssertionError(f"no width for column {letter}")


class _JsonAndPanels(JsonWriter):
    """The JSON output of the same run, keeping each report's panel entry beside it."""

    wants_details = True

    def details(self, summary, details):
        self.panels.append(details["panel"])


def _panel_rows(paths):
    writer = _JsonAndPanels(io.StringIO())
    writer.panels = []
    CheckRun(RunOptions(budget=None)).run(paths, writer)
    return [row for panel in writer.panels for row in long_rows(panel)]


@pytest.fixture(scope="module")
def checked():
    book, summary = _workbook(FILES)
    text = io.StringIO()
    writer = _JsonAndPanels(text, version="test")
    writer.panels = []
    CheckRun(RunOptions(budget=None)).run(FILES, writer)
    document = json.loads(text.getvalue())
    document["panel_rows"] = [row for panel in writer.panels for row in long_rows(panel)]
    return book, summary, document


def test_findings_are_one_row_each_as_in_the_json_output(checked):
    book, summary, document = checked
    assert book.sheetnames == ["问题", "单位汇总", "数据"]
    sheet = book["问题"]
    assert [c.value for c in sheet[1]] == ["单位", "年度", "文件", "规则", "级别", "类别", "问题", "位置", "数值",
                                           "规则说明"]
    rows, diagnostics = _rows(sheet), document["diagnostics"]
    assert len(rows) == len(diagnostics) == sum(summary.codes.values()) > 10
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in rows] == \
        [(d["source"], d["code"], d["severity"], d["category"], d["message"]) for d in diagnostics]
    # Each finding under its report's agency and year, the cross-year ones too (they come after
    # every report's summary).
    identity = {f["source"]: (f["issuer"], f["year"]) for f in document["files"]}
    assert [(r[0], r[1]) for r in rows] == [identity[d["source"]] for d in diagnostics]
    assert [r[0] for r in rows if r[3] == "GD504"] == ["平潭县人民政府"]
    assert {r[5] for r in rows} == {"report", "reading"}


def test_places_values_and_rule_links(checked):
    book, _, document = checked
    rows = _rows(book["问题"])
    for row, d in zip(rows, document["diagnostics"]):
        if d["page"] is not None:
            assert row[7] == f"第{d['page']}页:{d['line']}:{d['column']}"
        elif d["locator"]:
            assert row[7] == d["locator"]
        else:
            assert row[7] == f"{d['line']}:{d['column']}"
        assert row[8] == ("; ".join(f"{k}={v}" for k, v in d["values"].items()) or None)
    places = [r[7] for r in rows]
    assert any(p.startswith("第") for p in places) and "段落2" in places
    for row in rows:
        url = re.fullmatch(r'=HYPERLINK\("([^"]+)","([^"]+)"\)', row[9])
        assert url and url.group(1) == RULE_DOCS_URL.format(code=row[3])
        assert (ROOT / "docs" / "rules" / f"{row[3]}.md").is_file()  # (the page linked is there)


def test_agencies_are_the_reports_with_their_counts(checked):
    book, summary, document = checked
    rows = _rows(book["单位汇总"])
    assert len(rows) == summary.reports == len(FILES)
    assert rows == [(f["issuer"], f["year"], f["template"], f["source"], f["errors"], f["warnings"],
                     f["infos"], "; ".join(f["tables_not_read"]) or None) for f in document["files"]]
    # (the run's counts also have the cross-year findings, which are no one report's)
    cross_year = sum(1 for d in document["diagnostics"] if d["code"] == "GD504")
    assert sum(sum(r[4:7]) for r in rows) + cross_year == summary.errors + summary.warnings + summary.infos


def test_facts_are_the_panel_rows(checked):
    book, _, document = checked
    expected = document["panel_rows"]
    sheet = book["数据"]
    assert [c.value for c in sheet[1]] == list(VALUE_COLUMNS)
    rows = [dict(zip(VALUE_COLUMNS, r)) for r in _rows(sheet)]
    assert len(rows) == len(expected) > 300
    assert [(r["source"], r["concept"], r["column"], r["status"]) for r in rows] == \
        [(e["source"], e["concept"], e["column"], str(e["status"])) for e in expected]
    for row, want in zip(rows, expected):
        if want["value"] == "":
            assert row["value"] is None
        elif number_of(want["value"]) is not None:  # a number to compute with, its exact value
            assert isinstance(row["value"], (int, float)) and row["value"] == number_of(want["value"])
        else:
            assert row["value"] == want["value"]
    assert any(isinstance(r["value"], int) for r in rows)
    assert all(isinstance(r["year"], (int, type(None))) for r in rows)


def test_number_of_keeps_what_a_double_cannot_hold_as_text():
    assert number_of("12") == 12 and number_of("-3.5") == -3.5 and number_of("007") == 7
    assert number_of("1,234") is None and number_of("1e5") is None and number_of("十二") is None
    assert number_of("1234567890123456") is None and number_of("123456789012345") == 123456789012345


def test_every_sheet_has_a_frozen_header_an_autofilter_and_fitted_widths(checked):
    book, _, _ = checked
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    agencies = book["单位汇总"]
    # The agency's name (full-width: two columns a character) is wider than the template's
    # (ASCII), and fits it.
    issuers = [r[0] for r in _rows(agencies) if r[0]]
    assert _width(agencies, "A") >= max(map(display_width, issuers)) >= 2 * max(map(len, issuers))
    assert _width(agencies, "A") > _width(agencies, "C")
    assert max(map(display_width, issuers)) <= _width(agencies, "A") <= MAX_WIDTH + 1
    # A long message is capped.
    assert max(len(r[6]) for r in _rows(book["问题"])) > MAX_WIDTH
    assert MAX_WIDTH <= _width(book["问题"], "G") <= MAX_WIDTH + 1


def test_english_sheets_and_headers():
    book, _ = _workbook(FILES[2:], lang="en")
    assert book.sheetnames == ["Findings", "Agencies", "Facts"]
    assert [c.value for c in book["Agencies"][1]][:4] == ["agency", "year", "template", "source"]
    assert [c.value for c in book["Findings"][1]][6] == "message"
    pages = [r[7] for r in _rows(book["Findings"]) if r[2].endswith(".pdf")]
    assert pages and all(p.startswith("page ") for p in pages)


def test_a_full_sheet_goes_on_in_another():
    paths = [str(corpus_file("2021_template_blank.docx"))]
    book, _ = _workbook(paths, max_rows=60)
    facts = [name for name in book.sheetnames if name.startswith("数据")]
    assert facts == ["数据", "数据 (2)", "数据 (3)", "数据 (4)"]
    rows = [row for name in facts for row in _rows(book[name])]
    expected = [(e["source"], e["concept"], e["column"]) for e in _panel_rows(paths)]
    assert [(r[5], r[10], r[11]) for r in rows] == expected
    for name in facts:
        assert [c.value for c in book[name][1]] == list(VALUE_COLUMNS) and book[name].freeze_panes == "A2"
        assert book[name].max_row <= 60 and book[name].auto_filter.ref == f"A1:Q{book[name].max_row}"


def test_an_interrupted_run_is_still_a_workbook_that_says_so():
    def stop_after_one(items, total):
        items = iter(items)
        yield next(items)
        raise KeyboardInterrupt

    book, summary = _workbook(FILES, progress=stop_after_one)
    assert summary.interrupted and summary.reports == 1
    agencies = book["单位汇总"]
    assert "检查被中断" in agencies["A1"].value and "1 份报告" in agencies["A1"].value
    assert agencies["A2"].value == "单位" and agencies.freeze_panes == "A3"
    assert len(_rows(agencies, skip=2)) == 1 and agencies.auto_filter.ref.startswith("A2:")
    assert len(_rows(book["问题"])) == summary.errors + summary.warnings + summary.infos


def test_text_from_a_report_is_never_a_formula_and_names_are_escaped():
    buffer = io.BytesIO()
    writer = XlsxWriter(buffer, version="test")
    writer.start()
    writer.file({"source": "bad\udcffname\x1b.txt", "template": "f2021", "year": 2023, "issuer": "=1+1",
                 "errors": 0, "warnings": 0, "infos": 0, "tables_not_read": []})
    writer.finish([], {"reports": 1})
    writer.close()
    (row,) = _rows(openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["单位汇总"])
    assert row[0] == "=1+1" and row[3] == "bad\\xffname\\x1b.txt"
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["单位汇总"]
    assert sheet["A2"].data_type == "s"


def test_the_bytes_go_to_a_text_streams_buffer():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8")
    writer = XlsxWriter(stream)
    writer.start()
    writer.finish([], {"reports": 0})
    writer.close()
    stream.flush()
    assert raw.getvalue().startswith(b"PK")  # (a zip: the workbook)
    assert openpyxl.load_workbook(io.BytesIO(raw.getvalue())).sheetnames == ["问题", "单位汇总", "数据"]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_or_a_text_only_stream_is_refused_plainly():
    writer = XlsxWriter(_Terminal(), lang="en")
    with pytest.raises(LoadError) as refused:
        writer.start()
    writer.close()  # (nothing to release, and no error)
    assert "> report.xlsx" in str(refused.value) and "终端" in str(refused.value)
    assert "terminal" in refused.value.in_language("en")
    with pytest.raises(LoadError, match="二进制"):
        XlsxWriter(io.StringIO()).start()


def test_without_xlsxwriter_the_error_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # (import fails as when not installed)
    with pytest.raises(LoadError) as missing:
        XlsxWriter(io.BytesIO()).start()
    assert "pip install 'govdisclosure[xlsx]'" in str(missing.value)
    assert "pip install 'govdisclosure[xlsx]'" in missing.value.in_language("en")


def test_a_run_that_fails_leaves_no_temporary_files(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    writer = XlsxWriter(io.BytesIO())
    writer.start()
    writer.file({"source": "a.txt", "template": "f2021", "year": 2023, "issuer": "某县", "errors": 0,
                 "warnings": 0, "infos": 0, "tables_not_read": []})
    assert list(tmp_path.iterdir())  # (each sheet's rows, in constant_memory mode)
    writer.close()  # (no finish(): the run failed)
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_writes_the_workbook_to_a_redirected_standard_output(tmp_path):
    import os
    import subprocess
    import sys

    import openpyxl

    target = tmp_path / "review.xlsx"
    with open(target, "wb") as out:
        status = subprocess.run([sys.executable, "-m", "govdisclosure", "check", "-q", "--output-format", "xlsx",
                                 str(corpus_file("2020_f2019_pingtan_zone.html"))], stdout=out, stderr=subprocess.PIPE,
                                env=dict(os.environ, GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD="1"), timeout=120)
    assert status.returncode == 1, status.stderr  # (its sums do not add up: errors found)
    workbook = openpyxl.load_workbook(target)
    findings = workbook.worksheets[0]
    codes = [row[3] for row in findings.iter_rows(min_row=2, values_only=True)]
    assert codes.count("GD101") == 2
