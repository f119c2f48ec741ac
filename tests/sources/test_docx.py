"""The DOCX reader: body order, merged cells expanded into a full grid, origins, and refusal of
broken files and ZIP bombs with a `LoadError`."""

import io
import struct
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import corpus_file
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import govdisclosure
from govdisclosure.sources import LoadError
from govdisclosure.sources import docx as reader

TEMPLATE = "2021_template_blank.docx"


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _read(document):
    return reader.read(_bytes(document), "test.docx")


def _rows(doc) -> list[list[str]]:
    return [line.split("\t") for line in doc.text.splitlines() if "\t" in line]


def _line_of(doc, prefix: str) -> int:
    """The 1-based line of the report text that starts with `prefix`."""
    return next(n for n, line in enumerate(doc.text.splitlines(), 1) if line.startswith(prefix))


def _with_body(*xml: str):
    """A new document whose body holds the given WordprocessingML blocks."""
    document = docx.Document()
    body = document.element.body
    for block in xml:
        body.insert(len(body) - 1, parse_xml(block))  # before the section properties
    return document


def _cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _members(document) -> dict[str, bytes]:
    """The parts of a saved document, by name."""
    with zipfile.ZipFile(io.BytesIO(_bytes(document))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- the blank 2021 template -------------------------------------------------------------------


@pytest.fixture(scope="module")
def template():
    path = corpus_file(TEMPLATE)
    return reader.read(path.read_bytes(), path)


def _grids(document) -> list[list[list[str]]]:
    """The full grid of each table of a python-docx document, as the reader builds it."""
    from govdisclosure.sources.document import DocumentBuilder

    walker = reader._Reader(DocumentBuilder("docx"), reader._Numbering(None, None))
    return [[[text for text, _ in row] for row in walker.grid(table._tbl, n)]
            for n, table in enumerate(document.tables, 1)]


@pytest.fixture(scope="module")
def template_grids():
    return _grids(docx.Document(str(corpus_file(TEMPLATE))))


def _tables(doc) -> list[list[list[str]]]:
    """The document's tables: runs of tab-separated lines between blank lines."""
    tables, current = [], []
    for line in doc.text.splitlines() + [""]:
        if "\t" in line:
            current.append(line.split("\t"))
        elif current:
            tables.append(current)
            current = []
    return tables


def test_template_reads_three_tables_with_their_labels(template, template_grids):
    assert template.kind == "docx"
    tables = _tables(template)
    assert len(tables) == 3
    firsts = [row[0] for table in tables for row in table]
    for label in ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政事业性收费",
                  "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "行政复议"):
        assert label in firsts
    # Every row of a table's grid spans the whole grid.
    assert [{len(row) for row in table} for table in template_grids] == [{4}, {10}, {15}]


def test_template_merged_cells_are_expanded(template, template_grids):
    t1, t2, t3 = template_grids
    # A caption spanning the table's four columns fills all four.
    assert t1[0] == ["第二十条第（一）项"] * 4
    assert ["行政许可", "", "", ""] in t1  # a value cell spanning three columns: three blanks
    # The 申请人情况 header: 自然人 and 总计 span two header rows, 法人或其他组织 five columns.
    note = t2[0][0]
    assert note.startswith("（本列数据的勾稽关系")
    assert t2[0] == [note] * 3 + ["申请人情况"] * 7
    assert t2[1] == [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert t2[2] == [note] * 3 + ["自然人", "商业 企业", "科研 机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    # The outcome group label, merged down its rows, stands in each of them.
    assert t2[3] == ["一、本年新收政府信息公开申请数量"] * 3 + [""] * 7
    assert ["三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"] + [""] * 7 in t2
    assert ["三、本年度办理结果", "（七）总计", "（七）总计"] + [""] * 7 in t2
    assert t3[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert t3[2][:6] == ["结果维持", "结果 纠正", "其他 结果", "尚未 审结", "总计", "结果 维持"]
    # The blank value row of the last table holds no text at all; it stays a row of blank cells
    # (the form's value row, under the header rows).
    assert len(t3) == 4 and t3[3] == [""] * 15
    assert _tables(template)[2][3] == [""] * 15
    # In the text, a cell spanning columns is written once per row; a label merged down its rows
    # stands in each of them.
    text_t1, text_t2, _ = _tables(template)
    assert text_t1[0] == ["第二十条第（一）项", ""]  # a one-cell row
    assert ["行政许可", ""] in text_t1
    assert text_t2[1] == [note, "自然人", "法人或其他组织", "总计"]
    assert ["三、本年度办理结果", "（七）总计"] + [""] * 7 in text_t2


def test_template_value_cells_are_empty(template):
    t1, t2, _ = _tables(template)
    data = [row for row in t1 if row[0] == "规章" or row[0].startswith("行政")]
    assert [row[0] for row in data] == ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
    assert all(row[1:] in (["", "", ""], [""]) for row in data)
    assert len(t2) == 28
    assert all(row[-7:] == [""] * 7 for row in t2[3:])


def test_template_prose_and_origins(template):
    lines = template.text.splitlines()
    assert lines[0] == "政府信息公开工作年度报告格式模板"
    order = ["一、总体情况", "二、主动公开政府信息情况", "第二十条第（一）项", "三、收到和处理政府信息公开申请情况",
             "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况", "行政复议\t", "五、存在的主要问题及改进情况"]
    assert [_line_of(template, text) for text in order] == sorted(_line_of(template, text) for text in order)
    assert template.text.endswith("\n六、其他需要报告的事项\n（文字描述，收取信息处理费情况在此处报告。）\n")
    # The title is the body's second paragraph (the first is empty).
    assert template.origin(1, 1).locator == "段落2"
    # 四、结转下年度继续办理 is row 28 of the second table; its first value is in grid column 4.
    line = _line_of(template, "四、结转下年度继续办理")
    column = len(lines[line - 1].split("\t")[0]) + 2  # the label spans three grid columns: one cell
    origin = template.origin(line, column)
    assert origin.locator == "表2 第28行 第4列"
    assert (origin.line, origin.column) == (28, 4)
    assert template.origin(line, 1).locator == "表2 第28行 第1列"


def test_filled_template_extracts_every_value(tmp_path):
    """The template with a number in every value cell, through the whole pipeline: each value
    lands on its indicator and column, located by table, row and grid column."""
    document = docx.Document(str(corpus_file(TEMPLATE)))
    number = 0
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen or cell.text.strip() or cell._tc.vMerge is not None:
                    continue
                seen.add(id(cell._tc))
                number += 1
                cell.text = str(number)
    path = tmp_path / "filled.docx"
    document.save(str(path))
    facts = govdisclosure.extract(govdisclosure.load(path))
    assert facts.template == "f2021"
    assert facts.problems == ()
    assert len(facts.facts) == number == 200
    assert all(fact.status == "number" for fact in facts.facts)
    first = facts.facts[0]
    assert (first.indicator, first.column, first.value) == ("f2021.t2.regulations", "issued", 1)
    assert first.span.locator == "表1 第3行 第2列"
    last = facts.facts[-1]
    assert (last.indicator, last.column, last.value) == ("f2021.t4.cases", "after_review_total", 200)
    assert last.span.locator == "表3 第4行 第15列"


# --- documents built here ----------------------------------------------------------------------


def test_paragraphs_and_tables_keep_their_order():
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    document.add_paragraph("")
    document.add_paragraph("表前文字")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "规章", "3"
    document.add_paragraph("两表之间")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "行政许可", "5"
    document.add_paragraph("表后文字")
    doc = _read(document)
    assert doc.text == "一、总体情况\n\n表前文字\n\n规章\t3\n\n两表之间\n\n行政许可\t5\n\n表后文字\n"
    # Paragraphs are counted in the body, empty ones included; tables count on their own.
    assert doc.origin(3, 1).locator == "段落3"
    assert doc.origin(5, 4).locator == "表1 第1行 第2列"
    assert doc.origin(9, 1).locator == "表2 第1行 第1列"
    assert doc.origin(11, 1).locator == "段落5"


def test_merged_cells_fill_the_grid():
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}{c}"
    table.cell(0, 1).merge(table.cell(0, 3))  # gridSpan 3
    table.cell(1, 0).merge(table.cell(3, 0))  # vMerge over three rows
    table.cell(2, 2).merge(table.cell(3, 3))  # two by two
    assert _grids(document)[0] == [
        ["00", "01 02 03", "01 02 03", "01 02 03"],
        ["10 20 30", "11", "12", "13"],
        ["10 20 30", "21", "22 23 32 33", "22 23 32 33"],
        ["10 20 30", "31", "22 23 32 33", "22 23 32 33"],
    ]
    assert _rows(_read(document)) == [  # written once per row; the merged label in every row
        ["00", "01 02 03"], ["10 20 30", "11", "12", "13"], ["10 20 30", "21", "22 23 32 33"], ["10 20 30", "31", "22 23 32 33"],
    ]


def test_grid_before_after_and_old_horizontal_merge():
    row = "<w:tr>{}{}</w:tr>"
    table = (
        f"<w:tbl {nsdecls('w')}><w:tblGrid>" + "<w:gridCol/>" * 4 + "</w:tblGrid>"
        + row.format("", _cell("a") + _cell("b") + _cell("c") + _cell("d"))
        + row.format('<w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>',
                     _cell("x") + _cell("y"))
        + row.format("", _cell("h", '<w:hMerge w:val="restart"/>') + _cell("", "<w:hMerge/>")
                     + _cell("p") + _cell("q"))
        + row.format("", _cell("wide", '<w:gridSpan w:val="999999999"/>'))
        + "</w:tbl>"
    )

    document = _with_body(table)
    rows = _grids(document)[0]
    width = reader.MAX_SPAN
    assert rows == [
        ["a", "b", "c", "d"] + [""] * (width - 4),
        ["", "x", "y", ""] + [""] * (width - 4),
        ["h", "h", "p", "q"] + [""] * (width - 4),
        ["wide"] * width,  # an absurd span is cut to MAX_SPAN
    ]


def test_cell_paragraphs_and_nested_tables_are_space_joined():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    outer = table.cell(0, 0)
    outer.text = "法人或"
    outer.add_paragraph("其他组织")
    inner = outer.add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内表甲", "内表乙"
    table.cell(0, 1).text = "7"
    doc = _read(document)
    assert _rows(doc) == [["法人或 其他组织 内表甲 内表乙", "7"]]
    assert any("嵌套表格" in note for note in doc.notes)


def test_wrapped_blocks_and_tracked_changes():
    """A content control's paragraph is read; deleted and moved-away text is not; tabs and
    breaks inside a run are spaces, a tab stop is nothing."""
    w = nsdecls("w")
    controlled = f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    changes = (
        f"<w:p {w}><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
        "<w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        "<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
        "<w:r><w:tab/><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>"
    )
    assert _read(_with_body(controlled, changes)).text == "控件中的段落\n保留插入 甲 乙\n"


def test_headers_and_footers_are_skipped():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉文字"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    document.add_paragraph("正文")
    assert _read(document).text == "正文\n"


def test_list_numbering_is_written_out():
    w = nsdecls("w")
    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvl = '<w:lvl w:ilvl="{}"><w:start w:val="1"/><w:numFmt w:val="{}"/><w:lvlText w:val="{}"/></w:lvl>'
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        + lvl.format(0, "chineseCounting", "%1、")
        + lvl.format(1, "chineseCounting", "（%2）")
        + lvl.format(2, "decimal", "%3.")
        + "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in ((0, "总体情况"), (1, "主动公开"), (1, "依申请公开"), (2, "子项"), (0, "主动公开政府信息情况"),
                        (1, "规章")):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.add_paragraph("十一项", style="List Number")  # numbered through its style
    assert _read(document).text == (
        "一、总体情况\n（一）主动公开\n（二）依申请公开\n1.子项\n二、主动公开政府信息情况\n（一）规章\n1.十一项\n")


@pytest.mark.parametrize("n, fmt, expected", [
    (11, "chineseCounting", "十一"), (20, "chineseCounting", "二十"), (105, "chineseCountingThousand", "一百零五"),
    (10, "ideographDigital", "一〇"), (3, "ideographTraditional", "丙"), (4, "decimalEnclosedCircle", "④"),
    (28, "upperLetter", "BB"), (14, "lowerRoman", "xiv"), (12, "chineseLegalSimplified", "壹拾贰"),
    (7, "someFutureFormat", "7"),
])
def test_number_formats(n, fmt, expected):
    assert reader._format_number(n, fmt) == expected


def test_macro_enabled_document_is_read():
    """A .docm holds the same XML under another content type (python-docx alone refuses it)."""
    document = docx.Document()
    document.add_paragraph("宏文档正文")
    members = _members(document)
    types = members["[Content_Types].xml"].decode()
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    assert main in types
    macro_enabled = "application/vnd.ms-word.document.macroEnabled.main+xml"
    members["[Content_Types].xml"] = types.replace(main, macro_enabled).encode()
    assert reader.read(_zip(members), "x.docm").text == "宏文档正文\n"


def test_document_without_text_is_refused():
    document = docx.Document()
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    with pytest.raises(LoadError, match="DOCX 中没有文字"):
        _read(document)


def test_entities_are_never_resolved(tmp_path):
    """An external entity pointing at a local file, and an internal one, stay unexpanded."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TEXT")
    document = docx.Document()
    document.add_paragraph("MARKER")
    document.add_paragraph("正文")
    members = _members(document)
    xml = members["word/document.xml"].decode()
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY inner "INNER-TEXT">]>'
    xml = xml.replace("<w:document", doctype + "<w:document", 1).replace("MARKER", "&xxe;&inner;")
    members["word/document.xml"] = xml.encode()
    doc = reader.read(_zip(members), "x.docx")
    assert "SECRET" not in doc.text and "INNER" not in doc.text
    assert "正文" in doc.text


# --- refused files -----------------------------------------------------------------------------


def _zeros_docx(size: int) -> bytes:
    """A ZIP with a `word/document.xml` of `size` zero bytes, written in chunks."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("word/document.xml", "w") as member:
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_over_the_total_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_DOCX_UNPACKED", 2 * 1024 * 1024)
    with pytest.raises(LoadError, match=f"上限 {2 * 1024 * 1024} 字节"):
        reader.read(_zeros_docx(3 * 1024 * 1024), "x.docx")


def test_zip_bomb_by_compression_ratio_is_refused(monkeypatch):
    monkeypatch.setattr(reader, "RATIO_CHECKED_ABOVE", 1024 * 1024)
    with pytest.raises(LoadError, match=f"压缩比超过 {reader.MAX_COMPRESSION_RATIO}:1"):
        reader.read(_zeros_docx(2 * 1024 * 1024), "x.docx")


def test_too_many_members_are_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_DOCX_MEMBERS", 3)
    data = _zip({"word/document.xml": b"<x/>", **{f"word/media/{i}.png": b"" for i in range(3)}})
    with pytest.raises(LoadError, match="超过上限 3 个"):
        reader.read(data, "x.docx")


def test_member_larger_than_it_declares_is_refused():
    """The sizes checked are the declared ones; a member that unpacks to more than it declares
    fails when read instead of filling memory."""
    data = bytearray(_bytes(docx.Document()))
    name = b"word/document.xml"
    # The uncompressed size of the member in its local header and in the central directory.
    for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        header = data.index(signature)
        while data[header + name_at : header + name_at + len(name)] != name:
            header = data.index(signature, header + 4)
        struct.pack_into("<I", data, header + size_at, 100)
    with pytest.raises(LoadError, match="不是有效的 DOCX 文件"):
        reader.read(bytes(data), "x.docx")


def test_truncated_docx_is_refused():
    data = corpus_file(TEMPLATE).read_bytes()
    with pytest.raises(LoadError, match="不是有效的 DOCX 文件"):
        reader.read(data[: len(data) // 2], "half.docx")


def test_zip_without_a_word_document_is_refused():
    with pytest.raises(LoadError, match="word/document.xml"):
        reader.read(_zip({"xl/workbook.xml": b"<workbook/>"}), "book.docx")


def test_not_a_zip_is_refused():
    with pytest.raises(LoadError, match="不是有效的 DOCX 文件"):
        reader.read(b"PK\x03\x04 not really a zip", "x.docx")


def test_broken_xml_inside_is_refused():
    members = _members(docx.Document())
    members["word/document.xml"] = members["word/document.xml"][:200]
    with pytest.raises(LoadError, match="不是有效的 DOCX 文件"):
        reader.read(_zip(members), "x.docx")


def test_missing_python_docx_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)
    data = corpus_file(TEMPLATE).read_bytes()
    with pytest.raises(LoadError, match=r"pip install 'govdisclosure\[docx\]'"):
        reader.read(data, Path("report.docx"))
