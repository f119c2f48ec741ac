"""The readers' input limits (`sources/limits.py`): each is enforced before the work it bounds,
refused with a `LoadError` that names it (上限), and a file just inside it is read as before."""

from __future__ import annotations

import base64
import io
import os
import random
import re
import time
import zlib

import pytest

from govdisclosure.sources import LoadError, limits, read_document
from govdisclosure.sources import html, pdf, text
from helpers.pdf_writer import one_page_pdf

# --- PDF ---------------------------------------------------------------------------------------------


def _pdf(content: bytes, filters: tuple[str, ...] = ("FlateDecode",)) -> bytes:
    """A one-page PDF whose content stream is `content`, encoded with `filters` (outermost first)."""
    data = content
    for name in reversed(filters):
        data = zlib.compress(data) if name == "FlateDecode" else base64.a85encode(data, adobe=True)[2:]
    return one_page_pdf(data, filters)


def _text_ops(lines: int, chars: int = 5) -> bytes:
    return b"".join(b"BT /F1 10 Tf 72 %d Td (%s) Tj ET\n" % (800 - 12 * (i % 60), b"x" * chars) for i in range(lines))


TEXT = b"BT /F1 12 Tf 72 720 Td (Report 2023) Tj ET\n"


@pytest.mark.parametrize("filters", [("FlateDecode",), ("ASCII85Decode", "FlateDecode"), ("FlateDecode", "FlateDecode")])
def test_a_stream_just_over_the_cap_is_refused_and_one_at_it_is_read(monkeypatch, filters):
    cap = 256 * 1024
    monkeypatch.setattr(pdf, "MAX_PDF_STREAM_BYTES", cap)
    inside = TEXT + b" " * (cap - len(TEXT))
    assert "Report 2023" in pdf.read(_pdf(inside, filters), "inside.pdf").text
    with pytest.raises(LoadError, match=f"inside.pdf: .*上限 {cap} 字节"):
        pdf.read(_pdf(inside + b" ", filters), "inside.pdf")


def test_a_flate_bomb_is_refused_before_it_is_inflated():
    packer = zlib.compressobj(9)
    bomb = b"".join(packer.compress(b" " * (1 << 20)) for _ in range(200)) + packer.flush()  # 200 MB
    data = one_page_pdf(bomb)
    started = time.monotonic()
    with pytest.raises(LoadError, match=f"上限 {limits.MAX_PDF_STREAM_BYTES} 字节"):
        pdf.read(data, "bomb.pdf")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("kind", ["flate", "named LZW", "flate twice"])
def test_a_bomb_in_a_stream_the_page_does_not_draw_is_refused_too(monkeypatch, kind):
    # pdfium, which reads the pages, would inflate a font program or an image whole: every stream
    # of the file is measured first (straight from the bytes, or, where a filter other than
    # Flate expands data or filters are chained, by pdfminer object by object).
    monkeypatch.setattr(pdf, "MAX_PDF_STREAM_BYTES", 100_000)
    assert "Report 2023" in pdf.read(one_page_pdf(zlib.compress(TEXT), other=zlib.compress(b" " * 99_000)), "fits.pdf").text
    if kind == "flate twice":  # small after one inflation, a bomb after the second
        data = one_page_pdf(zlib.compress(TEXT), other=zlib.compress(zlib.compress(b" " * 200_000)),
                            other_filter="FlateDecode /FlateDecode")
        data = data.replace(b"/Filter /FlateDecode /FlateDecode", b"/Filter [/FlateDecode /FlateDecode]")
    else:
        data = one_page_pdf(zlib.compress(TEXT), other=zlib.compress(b" " * 200_000))
    if kind == "named LZW":  # the page's own content then names another expanding filter
        data = data.replace(b"/Helvetica >>", b"/Helvetica /Note /LZWDecode >>")
    if kind != "flate":
        monkeypatch.setattr(pdf, "_scan_streams", lambda data: pytest.fail("the bytes were scanned"))
    with pytest.raises(LoadError, match="other.pdf: PDF 中有数据流解压后超过上限 100000 字节"):
        pdf.read(data, "other.pdf")


def test_only_streams_that_could_break_a_limit_are_inflated_to_measure_them(monkeypatch):
    # A stream's raw length bounds what it inflates to (deflate expands at most 1032 times):
    # streams are inflated, largest first, only until the bounds of the rest fit the limits.
    inflated = []  # the first bytes of each stream inflated
    measure = pdf._inflate
    monkeypatch.setattr(pdf, "_inflate", lambda data, cap, keep: inflated.append(bytes(data[:20])) or measure(data, cap, keep))
    monkeypatch.setattr(pdf, "MAX_PDF_STREAM_BYTES", 1_000_000)
    monkeypatch.setattr(pdf, "MAX_PDF_INFLATED_BYTES", 2_000_000)
    small = zlib.compress(b"x" * 500)
    pdf.read(one_page_pdf(zlib.compress(TEXT), other=small), "small.pdf")
    assert small[:20] not in inflated  # (the page's content is: pdfminer reads it)
    large = zlib.compress(random.Random(3).randbytes(3000))
    pdf.read(one_page_pdf(zlib.compress(TEXT), other=large), "large.pdf")
    assert large[:20] in inflated  # 3 KB raw could be 3 MB: measured, and then the rest fit
    monkeypatch.setattr(pdf, "MAX_PDF_INFLATED_BYTES", 2000)  # 3000 real bytes are over
    with pytest.raises(LoadError, match="共超过上限 2000 字节"):
        pdf.read(one_page_pdf(zlib.compress(TEXT), other=large), "large.pdf")


def test_the_inflated_bytes_of_a_file_are_capped(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PDF_INFLATED_BYTES", 1000)
    with pytest.raises(LoadError, match="共超过上限 1000 字节"):
        pdf.read(_pdf(TEXT + b" " * 2000), "many.pdf")


def test_the_guard_checks_nothing_outside_a_read():
    """pdfminer used by anyone else in the process is not limited."""
    from pdfminer.pdftypes import LIT, PDFStream

    pdf._guard_streams()
    stream = PDFStream({"Filter": LIT("FlateDecode")}, zlib.compress(b" " * (2 * limits.MAX_PDF_STREAM_BYTES // 1000)))
    assert len(stream.get_data()) == 2 * limits.MAX_PDF_STREAM_BYTES // 1000


def test_a_damaged_flate_stream_is_measured_up_to_the_damage():
    whole = zlib.compress(bytes(range(256)) * 1000)
    size, kept = pdf._inflate(whole[: len(whole) // 2] + b"\xff" * 64, 10**6, keep=True)
    assert 1000 < size == len(kept) < 256_000 and kept[:1000] == (bytes(range(256)) * 1000)[:1000]


def test_a_page_whose_content_is_over_the_cap_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGE_CONTENT_BYTES", 1000)
    pdf.read(_pdf(TEXT + b" " * (1000 - len(TEXT))), "fits.pdf")
    with pytest.raises(LoadError, match="heavy.pdf: PDF 第 1 页的内容解压后为 1001 字节，超过上限 1000 字节"):
        pdf.read(_pdf(TEXT + b" " * (1001 - len(TEXT))), "heavy.pdf")


@pytest.mark.parametrize("limit, patch, lines", [
    ("的字符超过上限 50 个", {"MAX_PAGE_CHARS": 50}, 11),
    ("对象（文字、线条、图形）超过上限 50 个", {"MAX_PAGE_OBJECTS": 50}, 11),
    ("字符总数超过上限 50 个", {"MAX_PDF_CHARS": 50}, 11),
])
def test_a_page_with_too_many_characters_or_objects_is_refused(monkeypatch, limit, patch, lines):
    for name, value in patch.items():
        monkeypatch.setattr(pdf, name, value)
    pdf.read(_pdf(_text_ops(lines - 2)), "fits.pdf")  # 45 characters
    with pytest.raises(LoadError, match=f"dense.pdf: PDF.*{re.escape(limit)}"):
        pdf.read(_pdf(_text_ops(lines)), "dense.pdf")


# --- HTML --------------------------------------------------------------------------------------------

REPORT = "<h1>某某县2023年政府信息公开工作年度报告</h1><p>一、总体情况</p>"


def test_a_colspan_of_thousands_of_digits_is_capped_and_read(tmp_path):
    path = tmp_path / "digits.html"
    path.write_text(f'<html><body>{REPORT}<table><tr><td colspan="{"9" * 5000}">x</td><td>y</td></tr>'
                    '<tr><td>1</td><td>2</td></tr></table></body></html>', encoding="utf-8")
    document = read_document(path)
    assert "x\ty" in document.text
    assert html._span("9" * 5000) == html.MAX_SPAN and html._span("0" * 4000 + "3") == 3 and html._span("0", rest=3) == 3


def test_a_grid_of_more_slots_than_the_cap_is_refused_though_few_are_filled(tmp_path):
    cells = '<td colspan="200">h</td>' * 1000
    path = tmp_path / "grid.html"
    path.write_text(f"<html><body>{REPORT}<table><tr>{cells}</tr>" + "<tr><td>1</td></tr>" * 5000
                    + "</table></body></html>", encoding="utf-8")
    with pytest.raises(LoadError, match=f"grid.html: HTML 表格过大.*上限 {html.MAX_GRID_CELLS} 个单元格"):
        read_document(path)


def test_a_wide_table_within_the_cap_is_read_in_linear_time(tmp_path):
    path = tmp_path / "wide.html"
    path.write_text(f"<html><body>{REPORT}<table><tr>" + "".join(f"<td>{i}</td>" for i in range(20_000))
                    + "</tr></table></body></html>", encoding="utf-8")
    started = time.monotonic()
    govdisclosure_load(path)
    assert time.monotonic() - started < 5


def govdisclosure_load(path):
    import govdisclosure

    return govdisclosure.load(path)


_OLD_HIDDEN = re.compile(r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>", re.IGNORECASE | re.DOTALL)


def test_hidden_markup_is_blanked_as_the_regex_did():
    pieces = ["<!--", "-->", "<script", "<SCRIPT ", "</script>", "</script >", "<style>", "</style>", "a", "\n", "<p>",
              "<scripts>", "-", ">"]
    chooser = random.Random(15)
    for _ in range(3000):
        sample = "".join(chooser.choice(pieces) for _ in range(chooser.randrange(12)))
        expected = _OLD_HIDDEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), sample)
        assert html._blank_hidden(sample) == expected, sample


@pytest.mark.parametrize("opening", ["<!--", "<script ", "<style "])
def test_unclosed_comments_and_scripts_are_blanked_in_linear_time(opening):
    sample = "<p>x</p>" + opening * 200_000
    started = time.monotonic()
    assert html._blank_hidden(sample) == sample
    assert time.monotonic() - started < 2


# --- DOCX --------------------------------------------------------------------------------------------


def test_a_huge_list_start_gives_a_short_label():
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from govdisclosure.sources import docx as reader

    w = nsdecls("w")
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{10**12}"/><w:numFmt w:val="{fmt}"/>'
                     f'<w:lvlText w:val="%{i + 1}."/></w:lvl>' for i, fmt in enumerate(["upperLetter", "upperRoman"]))
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/>'
                               f'<w:lvlOverride w:ilvl="1"><w:startOverride w:val="{"9" * 5000}"/></w:lvlOverride></w:num>'))
    for level in (0, 1, 1):
        paragraph = document.add_paragraph("条目")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    buffer = io.BytesIO()
    document.save(buffer)
    lines = reader.read(buffer.getvalue(), "list.docx").text.splitlines()
    assert lines == [f"{limits.MAX_LIST_START}.条目", "I.条目", "II.条目"]  # (a start Python cannot read counts from 1)
    assert reader._format_number(10**12, "upperLetter") == str(10**12)
    assert len(reader._format_number(limits.MAX_LIST_NUMBER, "upperLetter")) <= 400


# --- any file ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo"])
def test_a_special_file_is_refused_without_reading_it(special, tmp_path):
    if special == "fifo":
        special = tmp_path / "report.txt"
        os.mkfifo(special)
    elif not os.path.exists(special):
        pytest.skip(f"no {special} here")
    with pytest.raises(LoadError, match="不是普通文件"):
        read_document(special)


def test_no_more_than_the_limit_is_read_whatever_the_size_says(monkeypatch):
    """/proc files say they are empty."""
    monkeypatch.setattr(text, "MAX_FILE_BYTES", 10)
    if not os.path.exists("/proc/self/maps"):
        pytest.skip("no /proc")
    with pytest.raises(LoadError, match="上限 10 字节"):
        text.read_bytes("/proc/self/maps")


@pytest.mark.parametrize("name, data", [
    ("report.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600),
    ("report.wps", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00\x01" * 300),
    ("report.bin", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600),
    ("report.xls", b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\x00\xff" * 300),  # BIFF without OLE2: by its name
])
def test_old_binary_office_files_are_refused_by_name(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError, match="不支持的格式：请另存为 DOCX 或 PDF"):
        read_document(path)


def test_a_doc_that_is_really_html_is_read(tmp_path):
    path = tmp_path / "report.doc"
    path.write_text(f"<html><body>{REPORT}</body></html>", encoding="utf-8")
    assert read_document(path).kind == "html"


def test_every_limit_lives_in_limits_and_the_readers_use_it():
    assert html.MAX_SPAN is limits.MAX_SPAN and text.MAX_FILE_BYTES is limits.MAX_FILE_BYTES
    assert pdf.MAX_PDF_PAGES is limits.MAX_PDF_PAGES
