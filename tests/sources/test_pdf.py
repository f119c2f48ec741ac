"""The PDF adapter: corpus PDFs read into lines and full-grid table rows, page numbers dropped,
and every kind of unreadable file refused with a `LoadError`.

The small PDFs some tests need are written here by hand: a CJK font that needs no font file
(STSong-Light with the UniGB-UCS2-H encoding, which pdfminer maps to Unicode itself), text
placed line by line, and optional drawing operators for rules and shading.
"""

from __future__ import annotations

import random
import re
import sys
from decimal import Decimal

import pytest
from conftest import corpus_file

import govdisclosure
from govdisclosure.sources import LoadError, pdf

pytest.importorskip("pdfplumber")

HUAIAN = "2024_f2021_huaian_city"
CORPUS_PDFS = [HUAIAN, "2023_f2021_hongze_district", "2024_f2021_hongze_district"]
NEW_APPLICATIONS = "一、本年新收政府信息公开申请数量"
PAGE_FOOTER = re.compile(r"^\s*[-—]\s*\d+\s*[-—]\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def read_corpus():
    """Each corpus PDF read once for the whole module (a read takes most of a second)."""
    cache = {}

    def read(name: str):
        if name not in cache:
            path = corpus_file(f"{name}.pdf")
            cache[name] = pdf.read(path.read_bytes(), path)
        return cache[name]

    return read


def row_starting(document, first_cell: str) -> tuple[int, list[str]]:
    """The 0-based line index and the cells of the first table row whose first cell is given."""
    for index, line in enumerate(document.text.split("\n")):
        cells = line.split("\t")
        if len(cells) > 1 and cells[0] == first_cell:
            return index, cells
    raise AssertionError(f"no table row starts with {first_cell}")


# --- the corpus ---------------------------------------------------------------------------


def test_huaian_application_row_is_a_full_grid_row_with_its_numbers(read_corpus):
    document = read_corpus(HUAIAN)
    assert document.kind == "pdf" and document.notes == []
    index, cells = row_starting(document, NEW_APPLICATIONS)
    # The label cell spans the table's three label columns (written once); the numbers as the PDF
    # prints them (natural persons, five kinds of organisation, total).
    assert cells == [NEW_APPLICATIONS, "3001", "53", "0", "0", "61", "4", "3119"]
    pieces = document.origins[index]
    assert [origin.column for _, origin in pieces] == list(range(1, 9))
    assert {origin.page for _, origin in pieces} == {4}
    assert len({origin.line for _, origin in pieces}) == 1


def test_huaian_merged_cells_carry_their_text(read_corpus):
    document = read_corpus(HUAIAN)
    # A vertical merge: the group labels of a sub-row (三、本年度办理结果 is printed one
    # character per line down the merged cell).
    _, cells = row_starting(document, "三、本年度办理结果")
    assert cells[:3] == ["三、本年度办理结果", "（一）予以公开", "1288"]
    lines = document.text.split("\n")
    withheld = [line.split("\t") for line in lines if "\t1.属于国家秘密\t" in line]
    assert withheld == [["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "2", "0", "0", "0", "0", "0", "2"]]
    # A header cell broken over two lines inside the cell (商业企 / 业) is one word again.
    _, kinds = next((i, line.split("\t")) for i, line in enumerate(lines) if "\t商业企业\t" in line)
    assert kinds[-7:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    # The administrative review and litigation figures, one row of 15.
    review = [line.split("\t") for line in lines if line.startswith("72\t64\t178\t")]
    assert review == [["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]]


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_every_table_is_a_full_grid(read_corpus, name):
    import pypdfium2

    from govdisclosure.sources.document import DocumentBuilder

    grids = []
    opened = pypdfium2.PdfDocument(corpus_file(name + ".pdf"))
    for index in range(len(opened)):
        page = pdf._PdfiumPage.read(opened, index, pdf._Budget())
        grids.extend(pdf._grid(table) for table in pdf._find_tables(page, DocumentBuilder("pdf")))
    opened.close()
    assert len(grids) >= 4
    for grid in grids:
        assert len({len(row) for row in grid}) == 1  # every row spans the whole grid
    document = read_corpus(name)
    assert row_starting(document, NEW_APPLICATIONS)[1][1:].count("") == 0


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_a_cell_s_text_is_pdfplumber_s_for_every_cell(name):
    # The reader takes a short cut for a cell that is one run of characters on one line.
    import pypdfium2
    from pdfplumber.utils import extract_text

    from govdisclosure.sources.document import DocumentBuilder

    cells = 0
    opened = pypdfium2.PdfDocument(corpus_file(name + ".pdf"))
    for index in range(len(opened)):
        page = pdf._PdfiumPage.read(opened, index, pdf._Budget())
        for table in pdf._find_tables(page, DocumentBuilder("pdf")):
            for row in table.rows:
                for cell in filter(None, row.cells):
                    if chars := table.chars_in(cell):
                        cells += 1
                        assert pdf._cell_text(chars) == extract_text(chars)
    opened.close()
    assert cells > 200


def test_cells_are_pdfplumber_s_on_ragged_random_rulings():
    # The reader's `intersections_to_cells` stands in for pdfplumber's: same cells, same order.
    from pdfplumber.table import edges_to_intersections
    from pdfplumber.table import intersections_to_cells as pdfplumber_cells

    rng = random.Random(5)
    for _ in range(60):
        xs = sorted(rng.sample(range(0, 400, 10), rng.randrange(2, 9)))
        ys = sorted(rng.sample(range(0, 400, 10), rng.randrange(2, 9)))
        edges = []
        for x in xs:  # rules broken here and there, as merged cells and page breaks leave them
            top, bottom = sorted(rng.sample(ys, 2))
            edges.append({"object_type": "rule_edge", "orientation": "v", "x0": x, "x1": x, "width": 0,
                          "top": top, "bottom": bottom, "doctop": top, "height": bottom - top})
        for y in ys:
            left, right = sorted(rng.sample(xs, 2))
            edges.append({"object_type": "rule_edge", "orientation": "h", "x0": left, "x1": right, "width": right - left,
                          "top": y, "bottom": y, "doctop": y, "height": 0})
        crossings = edges_to_intersections(edges, 3, 3)
        assert pdf.intersections_to_cells(crossings) == pdfplumber_cells(crossings)


def test_a_cell_s_text_breaks_words_and_lines_as_pdfplumber_does():
    def char(text, x0, top, width=10.0):
        return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 10, "doctop": top,
                "upright": True, "width": width, "height": 10, "size": 10, "object_type": "char"}

    assert pdf._cell_text([char("2", 20, 100), char("1", 10, 101)]) == "12"  # left to right
    assert pdf._cell_text([char("1", 10, 100), char("2", 24, 100)]) == "1 2"  # a gap over 3 points
    assert pdf._cell_text([char("1", 10, 100), char(" ", 20, 100), char("2", 30, 100)]) == "1 2"
    assert pdf._cell_text([char("规", 10, 100), char("章", 10, 115)]) == "规\n章"  # two lines
    assert pdf._cell_text([char("ﬁ", 10, 100)]) == "fi"


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_page_numbers_are_dropped_and_paragraphs_run_on(read_corpus, name):
    document = read_corpus(name)
    exported = corpus_file(f"{name}.txt").read_text(encoding="utf-8")
    assert PAGE_FOOTER.search(exported)  # the pages do print `- 1 -` …
    assert not PAGE_FOOTER.search(document.text)  # … and the reading leaves them out
    # Every page's text is read: line numbers restart on each page and rise down the page.
    pages = {}
    for pieces in document.origins:
        for _, origin in pieces[:1]:
            assert origin.line > pages.get(origin.page, 0)
            pages[origin.page] = origin.line
    assert sorted(pages) == list(range(1, len(pages) + 1)) and len(pages) >= 5


def test_a_paragraph_over_a_page_break_has_no_blank_in_it(read_corpus):
    document = read_corpus(HUAIAN)
    # Lines 21-22 of the report: the last line of page 1 and the first of page 2.
    assert "“建设‘四最’一流\n营商环境高质量推进产业发展”" in document.text
    # The introduction sits on white boxes the word processor drew behind each line: text, not
    # a one-column table.
    assert "\n本报告由淮安市人民政府办公室根据《中华人民共和国政府\n" in document.text


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_pdf_gives_the_facts_of_its_text_export(name):
    """The whole pipeline on the PDF: the same template and the same table facts as the
    pdfplumber text export kept beside it, wherever the export gives a number."""
    from_pdf = govdisclosure.extract(govdisclosure.load(corpus_file(f"{name}.pdf")))
    from_text = govdisclosure.extract(govdisclosure.load(corpus_file(f"{name}.txt")))
    assert from_pdf.template == from_text.template == "f2021"
    assert from_pdf.deviations == from_text.deviations
    pdf_facts = {(f.indicator, f.column): f for f in from_pdf.facts if f.indicator}
    expected = [f for f in from_text.facts if f.indicator and f.status in ("number", "zero")]
    assert len([f for f in expected if f.indicator.startswith("f2021.t3.")]) >= 100
    differ = [(f.indicator, f.column, f.value, pdf_facts.get((f.indicator, f.column)))
              for f in expected
              if (f.indicator, f.column) not in pdf_facts
              or (pdf_facts[(f.indicator, f.column)].value, pdf_facts[(f.indicator, f.column)].status) != (f.value, f.status)]
    assert differ == []
    assert [p for p in from_pdf.problems if p.code == "unknown-row"] == []
    if name == HUAIAN:
        assert from_pdf.value("f2021.t3.new", "total") == Decimal(3119)
        assert from_pdf.value("f2021.t3.total", "total") == Decimal(3050)
        (new_total,) = [f for f in from_pdf.of("f2021.t3.new") if f.column == "total"]
        assert new_total.span.page == 4  # spans point into the PDF: page and line on the page


# --- hand-made PDFs ---------------------------------------------------------------------------

_FONT = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
         b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
         b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 "
         b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
         b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
         b"/StemV 93 >> >>] >>")


def make_pdf(pages, encrypt: bool = False) -> bytes:
    """A PDF of A4 pages, each given as ([(x, y, text), …], drawing operators); 12 pt text,
    y measured up from the bottom of the page. `encrypt`: the file claims a user password."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    kids = []
    for lines, drawing in pages:
        ops = drawing + b"".join(b"\nBT /F1 12 Tf %d %d Td <%s> Tj ET" % (x, y, text.encode("utf-16-be").hex().encode())
                                 for x, y, text in lines)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:  # standard security handler whose check values match no password
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32))
        trailer = b"/Size %d /Root 1 0 R /Encrypt %d 0 R /ID [<%s> <%s>]" % (
            len(objects) + 1, len(objects), b"33" * 16, b"33" * 16)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def rules(*segments) -> bytes:
    """Black 0.5 pt lines, each (x0, y0, x1, y1)."""
    return b"0 0 0 RG 0.5 w\n" + b"".join(b"%d %d m %d %d l S\n" % s for s in segments)


def test_page_numbers_of_every_style_go_and_numbers_in_the_text_stay():
    document = pdf.read(make_pdf([
        ([(300, 812, "3"), (72, 760, "一、总体情况"), (72, 700, "全年公开信息 2024 条，跨页的"),
          (280, 60, "- 1 -"), (270, 40, "第 1 页 共 3 页")], b""),
        ([(72, 760, "段落在这里结束。"), (72, 700, "128"), (280, 40, "—2—")], b""),
        ([(72, 760, "末页"), (290, 40, "3")], b""),
    ]), "footers.pdf")
    assert document.text == "一、总体情况\n全年公开信息 2024 条，跨页的\n段落在这里结束。\n128\n末页\n"
    # Line numbers on the page count the dropped lines too: they are lines of the page.
    assert [pieces[0][1].line for pieces in document.origins] == [2, 3, 1, 2, 1]
    assert [pieces[0][1].page for pieces in document.origins] == [1, 1, 2, 2, 3]


def test_a_ruled_table_is_rows_and_white_boxes_are_not_a_table():
    grid = rules((72, 400, 300, 400), (72, 380, 300, 380), (72, 340, 300, 340),
                 (72, 400, 72, 340), (180, 400, 180, 340), (300, 400, 300, 340))
    white_boxes = b"1 1 1 rg 60 690 300 30 re f 60 660 300 30 re f\n"
    document = pdf.read(make_pdf([(
        [(72, 700, "白底上的一行"), (72, 670, "又一行"), (76, 386, "规章"), (184, 386, "1"),
         (76, 366, "行政规范"), (76, 350, "性文件"), (184, 366, "26"), (72, 300, "表后文字")],
        white_boxes + grid)]), "table.pdf")
    assert document.text == "白底上的一行\n又一行\n\n规章\t1\n行政规范性文件\t26\n\n表后文字\n"
    assert [o for _, o in document.origins[4]] == [pdf.Origin(line=4, column=1, page=1), pdf.Origin(line=4, column=2, page=1)]


def test_a_row_cut_open_by_the_page_break_is_still_a_row():
    # The last row on the page has its side rules but no bottom rule (the word processor draws
    # it with the next row, on the next page).
    open_table = rules((72, 400, 300, 400), (72, 380, 300, 380),
                       (72, 400, 72, 360), (180, 400, 180, 360), (300, 400, 300, 360))
    document = pdf.read(make_pdf([([(76, 386, "规章"), (184, 386, "1"), (76, 366, "文件"), (184, 366, "2")],
                                   open_table)]), "open.pdf")
    assert document.text == "规章\t1\n文件\t2\n\n"


def test_a_page_ruled_too_densely_is_read_as_text():
    # Finding cells takes time quadratic in the crossings of rules; past the bound the page's
    # text is still read, as lines, and a note says so.
    size = 60
    grid = rules(*[(50, 50 + 10 * i, 50 + 7 * (size - 1), 50 + 10 * i) for i in range(size)],
                 *[(50 + 7 * j, 50, 50 + 7 * j, 50 + 10 * (size - 1)) for j in range(size)])
    document = pdf.read(make_pdf([([(72, 760, "密集的表格线")], grid)]), "dense.pdf")
    assert document.text == "密集的表格线\n"
    assert document.notes == ["第 1 页线条过多，未识别其中的表格，按文字读出"]


def test_pages_without_text_are_named_in_a_note():
    document = pdf.read(make_pdf([([(72, 760, "第一页的文字")], b""), ([], rules((72, 400, 300, 400)))]), "partial.pdf")
    assert document.text == "第一页的文字\n"
    assert document.notes == ["第 2 页没有文字层（可能是扫描页），这些页的内容未读出"]


def test_join_lines_takes_no_space_between_cjk():
    assert pdf.join_lines("商业\n企业") == "商业企业"
    assert pdf.join_lines("（区分处理的，只计这一情\n形）") == "（区分处理的，只计这一情形）"
    assert pdf.join_lines("收费金额\n(万元)") == "收费金额 (万元)"
    assert pdf.join_lines("2024\n年") == "2024 年"


# --- refusals -----------------------------------------------------------------------------------


def test_a_truncated_pdf_is_refused():
    data = corpus_file(f"{HUAIAN}.pdf").read_bytes()
    with pytest.raises(LoadError, match="不是有效的 PDF 文件"):
        pdf.read(data[: len(data) * 2 // 5], "truncated.pdf")


def test_random_bytes_behind_a_pdf_header_are_refused():
    junk = b"%PDF-1.7\n" + random.Random(7).randbytes(20_000)
    with pytest.raises(LoadError, match="不是有效的 PDF 文件"):
        pdf.read(junk, "junk.pdf")


def test_damaged_pdfs_give_a_load_error_or_a_document_never_a_traceback():
    # A small hand-made file, so many damaged copies read fast; pdfminer meets each kind of
    # damage with its own exception, and all of them must come out as `LoadError`.
    data = make_pdf([([(72, 760, "一、总体情况"), (76, 386, "规章"), (184, 386, "1")],
                      rules((72, 400, 300, 400), (72, 380, 300, 380), (72, 400, 72, 380), (180, 400, 180, 380),
                            (300, 400, 300, 380)))])
    rng = random.Random(11)
    damaged_copies = [data[:cut] for cut in range(9, len(data), len(data) // 10)]
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        damaged_copies.append(bytes(damaged))
    for damaged in damaged_copies:
        try:
            pdf.read(damaged, "damaged.pdf")
        except LoadError as error:
            assert str(error).startswith("damaged.pdf: ")


def test_a_scan_without_text_is_refused_with_ocr_advice():
    scan = make_pdf([([], rules((72, 400, 300, 400)) + b"0 0 0 RG 100 100 200 300 re S\n"), ([], b"")])
    with pytest.raises(LoadError, match="没有文字层（可能是扫描件），需要先做 OCR"):
        pdf.read(scan, "scan.pdf")


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(LoadError, match="PDF 已加密，需要密码"):
        pdf.read(make_pdf([([(72, 760, "文字")], b"")], encrypt=True), "locked.pdf")


def test_too_many_pages_are_refused_before_reading(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 1)
    with pytest.raises(LoadError, match="页数超过上限 1 页"):
        pdf.read(corpus_file(f"{HUAIAN}.pdf").read_bytes(), "long.pdf")


def test_without_pdfplumber_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(LoadError, match=re.escape("pip install 'govdisclosure[pdf]'")):
        pdf.read(make_pdf([([(72, 760, "文字")], b"")]), "any.pdf")


def test_pdfs_read_in_threads_read_the_same(tmp_path):
    # pdfium is not thread-safe (a threaded Dask run crashed the process): the reader serialises
    # its calls. In a child process, so that a crash is a failure here, not the end of the run.
    import subprocess

    script = tmp_path / "threads.py"
    script.write_text(
        "import sys, threading\n"
        "from pathlib import Path\n"
        "from govdisclosure.sources import pdf\n"
        "files = [(Path(name).read_bytes(), name) for name in sys.argv[1:]]\n"
        "texts = {}\n"
        "def work(i):\n"
        "    data, name = files[i % len(files)]\n"
        "    texts.setdefault(name, set()).update(pdf.read(data, name).text for _ in range(2))\n"
        "threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]\n"
        "[thread.start() for thread in threads]\n"
        "[thread.join() for thread in threads]\n"
        "print(sorted(len(found) for found in texts.values()))\n", encoding="utf-8")
    names = [str(corpus_file(f"{name}.pdf")) for name in CORPUS_PDFS]
    done = subprocess.run([sys.executable, str(script), *names], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[1, 1, 1]"
