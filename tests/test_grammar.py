"""The grammar and the line lexer on small texts: each construct of the report structure."""
import pytest

from hypothesis import given
from hypothesis import strategies as st

import govdisclosure
from govdisclosure import Item, Paragraph, SignOff, Subsection, Unplaced, render


def parse(*lines: str):
    return govdisclosure.parse("\n".join(lines) + "\n")


def test_items_in_all_three_numbering_styles():
    report = parse("一、概述", "1、第一项。", "2.第二项。", "3．第三项。", "1.5 不是编号。")
    items = [c for c in report.sections[0].children if isinstance(c, Item)]
    assert [(i.number, i.marker, i.text) for i in items] == [
        (1, "1、", "第一项。"), (2, "2.", "第二项。"), (3, "3.", "第三项。"),
    ]
    assert isinstance(report.sections[0].children[-1], Paragraph)


def test_blocks_before_the_first_subsection_stay_in_the_section():
    report = parse("一、概述", "引言。", "（一）甲", "甲的内容。", "（二）乙", "乙的内容。", "二、其他")
    first = report.sections[0]
    assert isinstance(first.children[0], Paragraph)
    assert [type(c).__name__ for c in first.children] == ["Paragraph", "Subsection", "Subsection"]
    assert first.children[1].children == (Paragraph("甲的内容。"),)
    assert report.sections[1].title == "其他"


def test_one_cell_rows_are_caption_group_note_or_signoff():
    report = parse(
        "七、附表",
        "政府信息公开情况统计表 | ||",
        "统计指标 | 单位 | 统计数 |",
        "一、主动公开情况 | ||",
        "（一）主动公开政府信息数 | 条 | 5 |",
        "（不同渠道和方式公开相同的信息列为1条） | ||",
        "其中：主动公开规范性文件数 | 条 | 0 |",
        "单位负责人：张三 | ||",
    )
    (table,) = report.tables
    assert [c.text for c in table.captions] == ["政府信息公开情况统计表"]
    assert [r.kind for r in table.rows] == ["header", "group", "data", "note", "data"]
    assert [s.text for s in table.signoffs] == ["单位负责人：张三"]


def test_row_label_with_a_section_number_does_not_open_a_section():
    report = parse(
        "三、收到和处理政府信息公开申请情况",
        "（七）总计 | 3 | 0 | 3 |",
        "四、结转下年度继续办理 | 0 | 0 | 0 |",
        "四、政府信息公开行政复议、行政诉讼情况",
        "无。",
    )
    assert [s.title for s in report.sections] == ["收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"]
    assert report.tables[0].rows[-1].label == "四、结转下年度继续办理"


def test_space_separated_table_with_header_and_caption():
    report = parse(
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 1 0 11",
        "行政规范性文件 8 26 66",
        "三、收到和处理政府信息公开申请情况",
    )
    (table,) = report.tables
    assert [c.text for c in table.captions] == ["第二十条第（一）项"]
    assert table.header[0].texts == ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    assert [r.texts for r in table.data_rows] == [("规章", "1", "0", "11"), ("行政规范性文件", "8", "26", "66")]


def test_prose_ending_in_a_number_is_not_a_row():
    report = parse("一、总体情况", "本年度报告中所列数据统计期限为 2025", "全年共受理申请 12 件，办结 10")
    assert report.tables == ()


def test_fragments_of_a_merged_cell_stay_inside_the_table():
    report = parse(
        "三、收到和处理政府信息公开申请情况",
        "（一）予以公开 1288 21 0 0 50 3 1362",
        "三、",
        "本 2.其他法律行政法规禁止公开 30 1 0 0 0 0 31",
        "年",
        "3.危及“三安全一稳定” 5 0 0 0 0 0 5",
        "（六）其",
        "3、其他 108 2 0 0 0 0 110",
    )
    assert len(report.sections) == 1 and report.problems == ()
    (table,) = report.tables
    assert [r.label for r in table.rows] == [
        "（一）予以公开", "三、", "本", "年", "3.危及“三安全一稳定”", "（六）其", "3、其他",
    ]


def test_out_of_sequence_heading_is_text_and_reported():
    report = parse("一、总体情况", "二、主动公开", "一、又一个一", "三、收到申请")
    assert [s.number for s in report.sections] == [1, 2, 3]
    assert report.sections[1].children == (Paragraph("一、又一个一"),)
    (problem,) = report.problems
    assert problem.code == "heading-out-of-sequence" and problem.span.line == 3


def test_signoff_outside_a_table_is_a_block():
    report = parse("一、总体情况", "联系电话：12345")
    assert report.sections[0].children == (SignOff("联系电话：12345"),)


def test_empty_and_blank_input_give_an_empty_report():
    for text in ["", "\n\n", "   "]:
        report = govdisclosure.parse(text)
        assert report.sections == () and report.preamble == ()
        assert [p.code for p in report.problems] == ["empty-input"]


def test_parse_rejects_bytes_with_a_clear_message():
    import pytest

    with pytest.raises(TypeError, match="govdisclosure.load"):
        govdisclosure.parse(b"bytes")


def test_subsection_before_the_first_section_is_placed():
    report = parse("某某局2020年政府信息公开工作年度报告", "（一）主动公开", "内容。", "二、其他")
    assert isinstance(report.preamble[1], Subsection)
    assert not any(isinstance(n, Unplaced) for n in report.walk())


# Lines in the shapes reports have, to build random documents from.
LINE_SHAPES = st.one_of(
    st.sampled_from([
        "一、总体情况", "二、主动公开政府信息情况", "三、", "四、结转下年度继续办理 103 0 0 0 0 0 103",
        "（一）主动公开", "（六）其", "1、互联网。", "2.其他", "- 3 -", "|---|---|", "## 表二：主动公开",
        "信息内容 | 本年制发件数 |", "规章 | 1 | 0 |", "一、主动公开情况 | ||", "单位负责人：某 | ||",
        "规章 1 0 11", "447 7 0 0 0 0 454", "（二）部分公开（区分处理的，只计这一情", "形，不计其他情形）",
        "第二十条第（一）项", "信息内容\t本年新制作数量\t本年新公开数量", "规范性文件\t60\t60\t368",
        "某某县2024年政府信息公开工作年度报告", "标题: 某", "==== 正文 ====", "注：含上年度结转。",
        "本报告所列数据的统计期限自2024年1月1日至2024年12月31日。", "",
    ]),
    st.text(alphabet="一二三、（）1.|年报告 \t政府信息公开表-0", max_size=30),
    st.text(max_size=20),
)


@given(st.lists(LINE_SHAPES, max_size=25), st.sampled_from(["\n", "\r\n", "\r"]))
def test_parse_never_raises_and_round_trips(lines, newline):
    text = newline.join(lines)
    report = govdisclosure.parse(text)
    assert govdisclosure.parse(render(report)) == report
    for node in report.walk():
        assert 0 <= node.span.offset <= node.span.end_offset <= len(text)


@given(st.lists(LINE_SHAPES, max_size=25))
def test_extract_and_check_never_fail_on_any_text(lines):
    from govdisclosure.engine import check

    report = govdisclosure.parse("\n".join(lines))
    facts = govdisclosure.extract(report)
    assert facts.template in ("legacy", "f2019", "f2021", "unknown")
    assert not [d for d in check(report) if d.code == "GD999"]


# Whole-line strategies for the grammar's declared terminals: `from_lark` then writes random
# token sequences the grammar accepts, and the parser must read each back without failing.
LINE_TERMINALS = {
    "TITLE": st.just("某某县2024年政府信息公开工作年度报告\n"),
    "SECTION": st.sampled_from(["一、总体情况\n", "二、主动公开政府信息情况\n", "六、其他需要报告的事项\n"]),
    "SUBSECTION": st.sampled_from(["（一）主动公开\n", "（二）依申请公开\n"]),
    "TEXT": st.sampled_from(["全年公开信息。\n", "三、\n", "说明文字\n"]),
    "ITEM": st.sampled_from(["1、互联网。\n", "2.查阅点。\n"]),
    "SIGNOFF": st.just("联系电话：12345\n"),
    "CAPTION": st.sampled_from(["第二十条第（一）项\n", "表三：收到和处理政府信息公开申请情况\n"]),
    "ROW": st.sampled_from(["| 规章 | 1 | 0 | 11 |\n", "| 信息内容 | 本年制发件数 |\n", "一、主动公开情况 | ||\n"]),
    "TABLE_NOTE": st.just("注：含上年度结转。\n"),
}


@given(st.data())
def test_parse_never_raises_on_sequences_the_grammar_generates(data):
    from hypothesis.extra.lark import from_lark

    from govdisclosure.grammar import _parser

    text = data.draw(from_lark(_parser(), explicit=LINE_TERMINALS))
    report = govdisclosure.parse(text)
    assert govdisclosure.parse(render(report)) == report


# Inputs the properties once failed on, kept as regular tests (each fixed in the parser).
REGRESSIONS = [
    "0)\x1f",                                            # control character next to folded punctuation
    "标题: 某\n==== 正文 ====",                          # crawler header with only a title
    "==== 正文 ====\n==== 正文 ====",                    # body marks with no header
    "|",                                                 # an empty pipe row
    "0|\t",                                              # a tab row whose cell holds a pipe
    "一、主动公开情况 | ||\n注：含上年度结转。",          # a table of one-cell rows with a note
    "三、\n0|",                                          # a bare numeral above a one-cell row
    "（二）部分公开（区分处理的，只计这一情\n某某县2024年政府信息公开工作年度报告\n三、",
    "四、结转下年度继续办理 103 0 0 0 0 0 103\n-\n四、结转下年度继续办理 103 0 0 0 0 0 103",
    "447 7 0 0 0 0 454\n2.其他",                         # numbers joined to a label after them
    ":\n四、结转下年度继续办理 103 0 0 0 0 0 103\n==== 正文 ====",
    "## 表二：主动公开\n==== 正文 ====",                  # markdown marks go before the header is read
    "#,0",                                               # punctuation a heading mark stood before
    "一、总体情况\n四、结转下年度继续办理 103 0 0 0 0 0 103\n一、总体情况\n（一）主动公开\n"
    "四、结转下年度继续办理 103 0 0 0 0 0 103\n（一）主动公开",  # headings and tables settle together
]


@pytest.mark.parametrize("text", REGRESSIONS)
def test_former_property_failures(text):
    report = govdisclosure.parse(text)
    assert govdisclosure.parse(render(report)) == report
    for node in report.walk():
        assert 0 <= node.span.offset <= node.span.end_offset <= len(text)


def test_space_separated_row_with_a_long_bracketed_label():
    # Found by the strategies' legacy reports with space-separated rows: the label's length is
    # its bracketed note, so the line is still a row.
    report = parse(
        "七、附表",
        "统计指标  单位  统计数",
        "（三）从事政府信息公开工作人员数  人  3",
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）  万元  0",
        "九、政府信息公开会议和培训情况",
    )
    (table,) = report.tables
    assert table.data_rows[-1].texts == (
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", "0")


# --- the cached LALR tables (issue 18) -------------------------------------------------------------

@pytest.fixture
def fresh_parser(monkeypatch, tmp_path):
    """The grammar's parser built anew, with its cache in `tmp_path` (and built anew again after)."""
    from govdisclosure import grammar

    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", str(tmp_path))
    grammar._parser.cache_clear()
    yield grammar
    grammar._parser.cache_clear()


def test_the_grammar_tables_are_cached_and_a_cached_parser_parses_alike(fresh_parser, tmp_path):
    from conftest import SAMPLE

    text = SAMPLE.read_text(encoding="utf-8")
    built = fresh_parser.parse(text)
    [cache] = tmp_path.glob("grammar-*.lark")
    assert cache.stat().st_size > 1000
    fresh_parser._parser.cache_clear()
    assert fresh_parser.parse(text) == built  # (this time from the file)


def test_a_broken_or_unwritable_cache_only_costs_time(fresh_parser, tmp_path, monkeypatch):
    from conftest import SAMPLE

    text = SAMPLE.read_text(encoding="utf-8")
    expected = fresh_parser.parse(text)
    [cache] = tmp_path.glob("grammar-*.lark")
    cache.write_bytes(b"\x00not a pickle" * 10)
    fresh_parser._parser.cache_clear()
    assert fresh_parser.parse(text) == expected
    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", str(SAMPLE))  # (a file: no folder can be made there)
    fresh_parser._parser.cache_clear()
    assert fresh_parser.parse(text) == expected
    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", "")  # off
    assert fresh_parser._grammar_cache() is False


@pytest.mark.parametrize("note", ["（汇总）", "（全文）", "（区本级）"])
def test_a_title_may_end_in_a_short_note_in_brackets(note):
    report = parse(f"淮安市洪泽区2023年政府信息公开工作年度报告{note}\n一、总体情况\n全区主动公开政府信息一万余条。\n")
    assert (report.title, report.issuer, report.year) == (f"淮安市洪泽区2023年政府信息公开工作年度报告{note}", "淮安市洪泽区", 2023)
    # (a sentence in brackets is no note: the line stays text)
    long = parse("淮安市洪泽区2023年政府信息公开工作年度报告（本报告由区政府办公室负责编制并发布）\n一、总体情况\n正文。\n")
    assert long.title is None
