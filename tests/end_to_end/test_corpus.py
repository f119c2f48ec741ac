"""Every real report in the corpus: parses, round-trips, and the structure we can check by hand."""

import csv

import pytest

import govdisclosure
from govdisclosure import Paragraph, Report, Table, render
from govdisclosure.normalize import normalize

from conftest import CORPUS, CORPUS_ORIGINALS, CORPUS_TEXTS, SAMPLE, corpus_file

TEMPLATE_2021_SECTIONS = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
]


def test_every_corpus_file_has_a_manifest_row():
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8") as handle:
        listed = {row["file"] for row in csv.DictReader(handle, delimiter="\t")}
    assert {path.name for path in CORPUS_TEXTS + CORPUS_ORIGINALS} == listed
    assert len(CORPUS_TEXTS) >= 40 and len(CORPUS_ORIGINALS) >= 25


@pytest.mark.parametrize("path", CORPUS_TEXTS + [SAMPLE], ids=lambda p: p.name)
def test_corpus_text_parses_and_round_trips(path):
    report = govdisclosure.load(path)
    assert isinstance(report, Report)
    assert report.sections or report.preamble
    again = govdisclosure.parse(render(report))
    assert again == report
    # Rendering is canonical: rendering the re-parsed tree gives the same text.
    assert render(again) == render(report)


@pytest.mark.parametrize("path", CORPUS_TEXTS + [SAMPLE], ids=lambda p: p.name)
def test_spans_point_into_the_original(path):
    original = path.read_text(encoding="utf-8")
    report = govdisclosure.load(path)
    lines = original.splitlines()
    for node in report.walk():
        span = node.span
        assert 0 <= span.offset <= span.end_offset <= len(original)
        assert 1 <= span.line <= span.end_line <= len(lines)
        text = getattr(node, "text", None)
        if isinstance(node, (govdisclosure.Cell, Paragraph)) and text and span.line == span.end_line:
            # A one-line node: its original text normalises to the node's text.
            raw = original[span.offset : span.end_offset]
            assert normalize(raw).lines[0].text == text, (span, raw, text)


def test_huaian_2024_six_headings_and_carry_over_row_in_table():
    report = govdisclosure.load(corpus_file("2024_f2021_huaian_city.txt"))
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert [s.title for s in report.sections] == TEMPLATE_2021_SECTIONS
    assert [s.span.line for s in report.sections] == [9, 60, 76, 128, 138, 151]
    assert report.title == "淮安市人民政府2024 年政府信息公开工作年度报告"
    assert report.year == 2024
    applications = report.sections[2]
    (table,) = [c for c in applications.children if isinstance(c, Table)]
    rows = {row.label: row for row in table.data_rows}
    carry = rows["四、结转下年度继续办理"]
    assert carry.texts == ("四、结转下年度继续办理", "103", "0", "0", "0", "0", "0", "103")
    assert carry.span.line == 127
    assert rows["一、本年新收政府信息公开申请数量"].texts[-1] == "3119"
    # A label the PDF split around its numbers is put back together on one row.
    partial = rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    assert partial.texts[1:] == ("447", "7", "0", "0", "0", "0", "454")
    assert (partial.span.line, partial.span.end_line) == (87, 89)
    assert rows["5.要求行政机关确认或重新出具已获取信息"].texts[1:] == ("1", "0", "0", "0", "0", "0", "1")


def test_huaian_hard_wraps_joined_and_footers_dropped():
    report = govdisclosure.load(corpus_file("2024_f2021_huaian_city.txt"))
    preamble = [b.text for b in report.preamble if isinstance(b, Paragraph)]
    assert preamble[0].startswith("本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》")
    # A line that ends a sentence is not joined with the next, even inside a paragraph.
    assert preamble[0].endswith("至 2024 年 12 月 31 日。")
    assert preamble[1].startswith("如对本报告有疑问") and preamble[1].endswith("电子邮箱：hazwgkc@163.com）。")
    texts = [getattr(n, "text", "") for n in report.walk()]
    assert not any(t.strip("-— ").isdigit() for t in texts if t.startswith(("-", "—")))
    overview = report.sections[0]
    first = overview.children[0]
    assert first.text.endswith("圆满完成了各项任务。")
    # The joined paragraph spans the original lines 10 to 14.
    assert (first.span.line, first.span.end_line) == (10, 14)


def test_shanghai_2025_headings_as_in_source():
    report = govdisclosure.load(corpus_file("2025_f2021_shanghai_office.txt"))
    # Its heading 五 is missing in the source; a broken table label `三、本法提供` is no heading.
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 6]
    assert [s.title for s in report.sections] == [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "其他需要报告的事项",
    ]
    # `三、本法提供` (line 139) is a piece of the table's broken vertical label, kept in the table.
    table = [t for t in report.sections[2].children if isinstance(t, Table)][0]
    assert any(row.label == "三、本法提供" and row.span.line == 139 for row in table.rows)
    assert report.title == "2025 年上海市人民政府办公厅政府信息公开工作年度报告"
    assert report.issuer == "上海市人民政府办公厅"
    # Markdown tables with `|---|` rules: the rules are not rows.
    table = [t for t in report.sections[2].children if isinstance(t, Table)][0]
    rows = {row.label: row.texts for row in table.data_rows}
    assert rows["一、本年新收政府信息公开申请数量"][1:] == ("1259", "36", "0", "0", "0", "0", "1295")
    assert not any(set(cell) <= set("-|") for r in table.rows for cell in r.texts if cell)


def test_shanghai_2019_tab_rows_keep_empty_cells():
    report = govdisclosure.load(corpus_file("2019_f2019_shanghai_office.txt"))
    table = [t for t in report.sections[2].children if isinstance(t, Table)][0]
    rows = {row.label: row.texts for row in table.data_rows}
    assert rows["一、本年新收政府信息公开申请数量"] == (
        "一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859",
    )
    assert rows["2.其他法律行政法规禁止公开"] == ("2.其他法律行政法规禁止公开",) + ("",) * 7
    assert table.captions == ()
    table2 = [t for t in report.sections[1].children if isinstance(t, Table)][0]
    assert [c.text for c in table2.captions] == ["第二十条第（一）项"]
    assert table2.header[0].texts == ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")


def test_hongze_numbers_before_label_are_joined():
    report = govdisclosure.load(corpus_file("2023_f2021_hongze_district.txt"))
    assert [s.title for s in report.sections] == TEMPLATE_2021_SECTIONS
    table = [t for t in report.sections[2].children if isinstance(t, Table)][0]
    rows = {row.label: row.texts for row in table.data_rows}
    assert rows["1.属于国家秘密"][1:] == ("1", "0", "0", "0", "0", "0", "1")
    assert report.title == "洪泽区人民政府2023 年政府信息公开工作年度报告"


def test_shuyang_markdown_headings_become_captions():
    report = govdisclosure.load(corpus_file("2025_f2021_shuyang_county.txt"))
    captions = [c.text for t in report.tables for c in t.captions]
    assert "第二十条第（一）项" in captions
    # `### 第二十条第（五）项` between two tables with nothing else between: a note in the table.
    notes = [r.label for t in report.tables for r in t.rows if r.kind == "note"]
    assert "第二十条第（五）项" in notes
    rows = {row.label: row.texts for t in report.tables for row in t.data_rows}
    assert rows["行政许可"] == ("行政许可", "517645")
    texts = [getattr(node, "text", "") for node in report.walk()]
    assert not any(text.startswith("#") for text in texts)


def test_kewei_space_rows_between_wrapped_prose():
    report = govdisclosure.load(corpus_file("2024_f2021_shanghai_kewei.txt"))
    rows = {row.label: row.texts for t in report.tables for row in t.data_rows}
    assert rows["行政许可"] == ("行政许可", "97")
    assert rows["规范性文件"] == ("规范性文件", "13", "0", "55")


@pytest.mark.parametrize(
    "name, titles",
    [
        ("2019_f2019_pingtan_zone.txt", TEMPLATE_2021_SECTIONS),
        ("2021_f2021_pingtan_zone.txt", TEMPLATE_2021_SECTIONS),
        ("2011_legacy_pingtan_zone.txt", ["概述", "主动公开政府信息情况", "政府信息依申请公开工作情况",
                                          "政府信息公开工作存在的主要问题及改进情况"]),
    ],
)
def test_flattened_pingtan_crawls(name, titles):
    report = govdisclosure.load(corpus_file(name))
    assert [s.title for s in report.sections] == titles
    assert "flattened-text" in [p.code for p in report.problems]
    assert report.metadata["栏目"] == "政府信息公开年报"
    assert report.metadata["标题"].startswith("平潭综合实验区" + name[:4] + "年")
    assert report.year == int(name[:4])
    assert report.issuer == "平潭综合实验区"


def test_one_cell_per_line_table_is_rebuilt():
    report = govdisclosure.load(corpus_file("2019_f2019_guangzhou_guoziwei_EXCERPT.txt"))
    (table,) = report.tables
    assert [c.text for c in table.captions] == ["第二十条第（一）项"]
    assert [r.texts for r in table.rows] == [
        ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ("规章", "0", "0", "0"),
        ("规范性文件", "2", "2", "125"),
    ]
    assert [r.kind for r in table.rows] == ["header", "data", "data"]
    # The row's span runs from its label to its last value, four original lines apart each.
    row = table.rows[2]
    assert (row.span.line, row.span.end_line) == (44, 50)
    assert [c.span.line for c in row.cells] == [44, 46, 48, 50]


def test_page_chrome_before_the_title_is_kept():
    report = govdisclosure.load(corpus_file("2019_f2019_guangzhou_guoziwei_EXCERPT.txt"))
    assert report.title == "广州市国资委2019年政府信息公开工作年度报告"
    assert report.preamble[0].text == "登录 长者助手 无障碍辅助浏览"
    assert report.issuer == "广州市国资委"


def test_the_year_is_found_wherever_the_text_states_it():
    # Every corpus report states its year (in its title, its period or a sentence naming the
    # report), except the Wuhan excerpt, a Traditional-character copy.
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".tsv" or "wuhan" in path.name or "template_blank" in path.name:
            continue
        assert govdisclosure.load(path).year == int(path.name[:4]), path.name


@pytest.mark.parametrize("text, year, period", [
    ("现公布区统计局2023年政府信息公开工作年度报告。", 2023, None),
    ("特向社会公布2021年度本级政府信息公开工作年度报告。本报告所列数据的统计期限自2021-1-1起至2021-12-31止。",
     2021, "2021-1-1起至2021-12-31止"),
    ("本报告所列数据的统计期限自2022.1.1起至2022.12.31止。", 2022, "2022.1.1起至2022.12.31止"),
    ("本报告所列数据的统计期限自2022/1/1至2022/12/31。", 2022, "2022/1/1至2022/12/31"),
    ("汇报我镇2023年政府信息公开工作。", 2023, None),
])
def test_the_year_from_a_statement_or_a_period_in_figures(text, year, period):
    report = govdisclosure.parse(f"一、总体情况\n{text}\n")
    assert (report.year, report.period) == (year, period)
