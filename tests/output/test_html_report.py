"""The HTML report, read as a person would: rendered by a real browser (Debian's headless
Chromium, driven by Playwright), its DOM read back. The marked cells are exactly the cells the
findings name, nothing is fetched from anywhere, the index sorts and filters, a click on a
marked cell explains it, and each report prints on a page of its own."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from govdisclosure.cli import main
from govdisclosure.output.base import Writer
from govdisclosure.output.html_report import HtmlWriter, page_name
from govdisclosure.run import CheckRun, RunOptions

from conftest import corpus_file

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
# Chromium's own calls home, which a closed network refuses many at a time.
QUIET = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]
# Reports with sums that do not add up, a sentence against its table, a cross-year roll-forward
# finding on the later of two years, and a PDF.
REPORTS = ["2020_f2019_pingtan_zone.html", "2022_f2021_pingtan_zone.html", "2023_f2021_pingtan_zone.html",
           "2023_f2021_hongze_district.pdf"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _paths() -> list[str]:
    return [str(corpus_file(name)) for name in REPORTS]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra has it)")
    if CHROMIUM is None:
        pytest.skip("no Chromium here (.ci/run installs Debian's chromium with apt-get)")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        yield launched
        launched.close()


def _html(*options: str, paths=None) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["check", "-q", "--output-format", "html", *options, *(paths or _paths())])
    assert status in (0, 1)
    return out.getvalue()


class _Collected(Writer):
    """The run's findings and each report's details, as the HTML writer gets them."""

    wants_details = True

    def start(self) -> None:
        self.found, self.details_by_source = [], {}

    def diagnostic(self, diagnostic) -> None:
        self.found.append(diagnostic)

    def details(self, summary, details) -> None:
        self.details_by_source[summary["source"]] = details


def _expected_marks(paths) -> set[tuple[str, str, str]]:
    """(source, indicator, column) of each cell a finding on the report names: its place or a
    related place within the same report, the report's own findings only (not reading notes)."""
    collected = _Collected(io.StringIO())
    CheckRun(RunOptions(budget=None)).run(paths, collected)
    marks = set()
    for d in collected.found:
        if d.category != "report":
            continue
        offsets = {d.span.offset} if d.span else set()
        offsets |= {r.span.offset for r in d.related if r.span and not r.source}
        for table in collected.details_by_source[d.source]["tables"]:
            for row in table["rows"]:
                for column, cell in row["cells"].items():
                    if cell["offset"] in offsets:
                        marks.add((d.source, row["indicator"], column))
    return marks, collected


def _open(browser, url: str):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.goto(url)
    return page, requests


def test_the_marked_cells_are_the_cells_the_findings_name(browser, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(_html(), encoding="utf-8")
    url = report.as_uri()
    page, requests = _open(browser, url)
    marked = {tuple(m) for m in page.eval_on_selector_all(
        "td.flagged", "cells => cells.map(c => [c.closest('section').dataset.source, c.dataset.indicator, c.dataset.column])")}
    expected, collected = _expected_marks(_paths())
    assert marked == expected and len(expected) > 10
    # Independently of offsets: each sum that does not add up marks its printed total.
    sums = [d for d in collected.found if d.code == "GD101"]
    assert sums
    for d in sums:
        tables = collected.details_by_source[d.source]["tables"]
        table = next(t for t in tables if any(row["indicator"] == d.indicators[0] for row in t["rows"]))
        columns = [c["id"] for c in table["columns"] if c["label"] == d.arguments["column"]]
        assert any((d.source, d.indicators[0], column) in marked for column in columns), d
    # The page asked for nothing but itself: no font, script, image or stylesheet from anywhere.
    assert requests == [url]
    page.close()


def test_a_click_on_a_marked_cell_explains_it(browser, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(_html(paths=[str(corpus_file("2020_f2019_pingtan_zone.html"))]), encoding="utf-8")
    page, _ = _open(browser, report.as_uri())
    cell = page.locator("td.flag-error").first
    popup = cell.locator(".popup")
    assert not popup.is_visible()
    page.mouse.move(0, 0)
    cell.click()
    assert popup.is_visible()
    text = popup.inner_text()
    assert "GD101" in text and "勾稽关系" in text and "expected = " in text  # the relation, both sides, the rule
    page.close()


def test_the_index_sorts_and_filters(browser, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(_html(), encoding="utf-8")
    page, _ = _open(browser, report.as_uri())
    rows = "#index tbody tr"

    def column(number: int) -> list[str]:
        return page.eval_on_selector_all(rows, f"rs => rs.filter(r => !r.hidden).map(r => r.cells[{number}].dataset.sort)")

    assert len(column(0)) == len(REPORTS)
    page.click("#index th:nth-child(4)")  # errors, fewest first, then most first
    assert [float(x) for x in column(3)] == sorted(float(x) for x in column(3))
    page.click("#index th:nth-child(4)")
    assert [float(x) for x in column(3)] == sorted((float(x) for x in column(3)), reverse=True)
    page.select_option("#filter-code", "GD502")
    codes = page.eval_on_selector_all(rows, "rs => rs.filter(r => !r.hidden).map(r => r.dataset.codes)")
    assert codes and all("GD502" in c.split() for c in codes) and len(codes) < len(REPORTS)
    page.select_option("#filter-code", "")
    page.select_option("#filter-severity", "errors")
    shown = page.eval_on_selector_all(rows, "rs => rs.filter(r => !r.hidden).map(r => Number(r.dataset.errors))")
    assert shown and all(n > 0 for n in shown)
    page.close()


def test_each_report_prints_on_its_own_page_without_the_controls(browser, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(_html(), encoding="utf-8")
    page, _ = _open(browser, report.as_uri())
    page.emulate_media(media="print")
    assert page.eval_on_selector(".filters", "e => getComputedStyle(e).display") == "none"
    breaks = page.eval_on_selector_all(".report", "rs => rs.map(r => getComputedStyle(r).breakBefore)")
    assert breaks == ["page"] * len(REPORTS)
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= len(REPORTS) + 1
    page.close()


def test_reading_notes_and_cross_year_values_stand_apart(tmp_path):
    html = _html()
    for section in re.findall(r'<section class="report".*?</section>', html, re.S):
        errors, _, reading = section.partition('<div class="reading">')
        assert "GD100" not in errors and "GD107" not in errors and "GD903" not in errors
    later = next(s for s in re.findall(r'<section class="report".*?</section>', html, re.S)
                 if "2023_f2021_pingtan_zone.html" in s[:300])
    pair = later[later.index('data-code="GD502"'):]
    assert '<table class="pairs">' in pair[: pair.index("</div>") + 2000]
    assert "2022" in pair and "698" in pair and "470" in pair  # last year's in force beside this year's
    assert "与 2022 年报告相比变化的数据" in later  # the year pair: the cells that changed


def test_a_pdf_finding_links_to_its_page():
    html = _html(paths=[str(corpus_file("2023_f2021_hongze_district.pdf"))])
    pdf = corpus_file("2023_f2021_hongze_district.pdf").resolve().as_uri()
    assert re.search(re.escape(pdf) + r"#page=\d+", html)


def test_english_pages_say_the_tool_s_words_in_english():
    html = _html("--lang", "en", paths=[str(corpus_file("2020_f2019_pingtan_zone.html"))])
    own = re.findall(r"<(?:h1|h3|th|summary|option)[^>]*>([^<]*)<", html)
    headings = [text for text in own if text and not text.startswith(("20",))]
    assert "Statistics tables (re-drawn" in html and "What is wrong in the report" in html
    assert not any(CJK.search(text) for text in re.findall(r"<h3>([^<]*)</h3>", html)), headings


def test_an_output_dir_holds_an_index_and_a_page_per_report(tmp_path):
    out = tmp_path / "pages"
    assert _html("--output-dir", str(out)) == ""
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"#]+\.html)">', index)
    assert len(links) == len(REPORTS) and all((out / link).is_file() for link in links)
    assert all(re.fullmatch(r"[^/]+-20\d\d(-\d+)?\.html", link) for link in links), links
    pages = {link: (out / link).read_text(encoding="utf-8") for link in links}
    for name in REPORTS:  # each report on a page of its own, which links back to the index
        (page,) = [text for text in pages.values() if f'data-source="{corpus_file(name)}"' in text]
        assert 'href="index.html"' in page and page.count('<section class="report"') == 1


def test_page_names_are_the_issuer_and_year_and_never_collide():
    taken: set[str] = set()
    one = page_name({"issuer": "平潭综合实验区管委会", "year": 2023, "source": "a.html"}, taken)
    two = page_name({"issuer": "平潭综合实验区管委会", "year": 2023, "source": "a.txt"}, taken)
    loose = page_name({"issuer": None, "year": None, "source": "dir/some report.pdf"}, taken)
    assert one.endswith("-2023.html") and two == one[: -len(".html")] + "-2.html" and loose == "some report.html"


def test_too_many_reports_for_one_page_ask_for_an_output_dir(monkeypatch, capsys):
    import govdisclosure.output.html_report as html_report

    monkeypatch.setattr(html_report, "MAX_REPORTS_PER_PAGE", 2)
    assert main(["check", "-q", "--output-format", "html", *_paths()]) == 2
    captured = capsys.readouterr()
    assert "--output-dir" in captured.err and captured.out == ""


def test_the_page_loads_nothing_from_elsewhere():
    html = _html()
    assert not re.search(r'<(?:script|link|img|iframe)[^>]*(?:src|href)=', html)
    assert not re.search(r"@import|url\(", html)
    assert isinstance(HtmlWriter.wants_details, bool) and HtmlWriter.wants_details


def test_an_output_dir_goes_with_html_only(tmp_path, capsys):
    assert main(["check", "-q", "--output-format", "json", "--output-dir", str(tmp_path), *_paths()[:1]]) == 2
    assert "--output-dir" in capsys.readouterr().err and not any(tmp_path.iterdir())
