"""Normalisation: canonical characters, page chrome, wraps, and positions back in the original."""

import govdisclosure
from govdisclosure.normalize import join_wrapped_lines, normalize, wrap_width

SMALL_REPORT = (
    "某某县人民政府2023年政府信息公开工作年度报告\n"
    "本报告所列数据的统计期限自2023年1月1日至2023年12月31日。\n"
    "一、总体情况\n"
    "全年主动公开信息１２３条。\n"
    "二、主动公开政府信息情况\n"
    "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    "规章 | ０ | ０ | ３ |\n"
)


def texts(text: str) -> list[str]:
    return [line.text for line in normalize(text).lines]


def test_fold_to_one_canonical_form():
    # Full-width digits and letters to ASCII; ASCII brackets and punctuation next to Chinese to
    # the full-width forms the templates print; one kind of space.
    assert texts("（一）共１２３条，ＡＢＣ") == ["（一）共123条，ABC"]
    assert texts("(一)共123条,其中:网站") == ["（一）共123条，其中：网站"]
    assert texts("时间 15:22 网址 https://www.gov.cn 金额 1,234") == ["时间 15:22 网址 https://www.gov.cn 金额 1,234"]
    assert texts("一、\u3000总体\u00a0情况  说明") == ["一、 总体 情况 说明"]
    assert texts("\ufeff标题\u200b文字") == ["标题文字"]


def test_folding_is_idempotent():
    for sample in ["电话(传真):0557-3022687", "(2018年度)", "f(x) = 1", "第（一）项:a,b"]:
        once = texts(sample)[0]
        assert texts(once)[0] == once


def test_line_ends_and_bom(tmp_path):
    crlf = SMALL_REPORT.replace("\n", "\r\n")
    report = govdisclosure.parse("\ufeff" + crlf)
    plain = govdisclosure.parse(SMALL_REPORT)
    assert report == plain
    assert report.sections[1].span.line == 5
    cr = govdisclosure.parse(SMALL_REPORT.replace("\n", "\r"))
    assert cr == plain and cr.sections[1].span.line == 5


def test_full_width_digits_in_table_cells_and_positions():
    report = govdisclosure.parse(SMALL_REPORT)
    table = report.tables[0]
    assert table.data_rows[0].texts == ("规章", "0", "0", "3")
    cell = table.data_rows[0].cells[3]
    assert SMALL_REPORT[cell.span.offset : cell.span.end_offset] == "３"
    assert (cell.span.line, cell.span.column) == (7, 14)


def test_encodings_gbk_utf8_bom_utf16(tmp_path):
    expected = govdisclosure.parse(SMALL_REPORT)
    for name, data in {
        "gbk.txt": SMALL_REPORT.encode("gbk"),
        "gb18030.txt": SMALL_REPORT.encode("gb18030"),
        "bom.txt": SMALL_REPORT.encode("utf-8-sig"),
        "utf16.txt": SMALL_REPORT.encode("utf-16"),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert govdisclosure.load(path) == expected, name


def test_page_footers_are_dropped():
    text = "一、总体情况\n第一段文字\n- 3 -\n— 4 —\n第 5 页\n第二段文字。\n"
    assert texts(text) == ["一、总体情况", "第一段文字", "第二段文字。"]


def test_crawler_header_becomes_metadata():
    text = "标题: 某报告\n发布时间: 2020-01-20 15:22\n文号: \n==================== 正文 ====================\n正文第一行\n"
    result = normalize(text)
    assert result.metadata == [("标题", "某报告"), ("发布时间", "2020-01-20 15:22"), ("文号", "")]
    assert [line.text for line in result.lines] == ["正文第一行"]
    report = govdisclosure.parse(text)
    assert report.metadata["发布时间"] == "2020-01-20 15:22"
    assert report.title == "某报告"


def test_markdown_headings_and_rules():
    text = "## 表二：主动公开政府信息情况\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 1 |\n"
    report = govdisclosure.parse(text)
    (table,) = report.tables
    assert [c.text for c in table.captions] == ["表二：主动公开政府信息情况"]
    assert [r.texts for r in table.rows] == [("信息内容", "本年制发件数"), ("规章", "1")]


WRAPPED = [
    "本报告由某某市人民政府办公室根据《中华人民共和国政府",
    "信息公开条例》（国令第 711 号）（以下简称《条例》）规定编",
    "制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。",
    "如对本报告有疑问，请与某某市人民政府办公室联系（地址：某",
    "某市某某路 1 号，邮编：223001，电话：0517-83605210，电",
    "子邮箱：abc@163.com）。",
    "一、总体情况",
    "2024 年，我市坚持以习近平新时代中国特色社会主义思想为",
    "指导，认真学习宣传贯彻党的二十大和二十届二中、三中全会精",
    "神，按照党中央国务院、省委省政府决策部署和市委工作要求，",
    "严格落实《中华人民共和国政府信息公开条例》各项规定，圆满",
    "完成了各项任务。",
]


def test_hard_wraps_are_joined_when_the_text_is_wrapped():
    result = texts("\n".join(WRAPPED))
    assert result == [
        "本报告由某某市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）规定编制。"
        "报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。",
        "如对本报告有疑问，请与某某市人民政府办公室联系（地址：某某市某某路 1 号，邮编：223001，电话：0517-83605210，"
        "电子邮箱：abc@163.com）。",
        "一、总体情况",
        "2024 年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学习宣传贯彻党的二十大和二十届二中、三中全会精神，"
        "按照党中央国务院、省委省政府决策部署和市委工作要求，严格落实《中华人民共和国政府信息公开条例》各项规定，圆满完成了各项任务。",
    ]


def test_unwrapped_text_is_left_alone():
    # Lines of all lengths, ending where the author ended them: no wrap width, nothing joined.
    lines = normalize((SMALL_REPORT * 3)).lines
    assert wrap_width(lines) is None
    assert join_wrapped_lines(lines) == lines
    seed_lines = normalize(open_sample()).lines
    assert len(seed_lines) == 102


def open_sample() -> str:
    from conftest import SAMPLE

    return SAMPLE.read_text(encoding="utf-8")


def test_joined_paragraph_span_covers_its_lines():
    text = "\n".join(WRAPPED)
    report = govdisclosure.parse(text)
    paragraph = report.preamble[0]
    assert (paragraph.span.line, paragraph.span.end_line) == (1, 3)
    assert text[paragraph.span.offset : paragraph.span.end_offset].startswith("本报告由")
    assert text[paragraph.span.offset : paragraph.span.end_offset].endswith("31 日。")


def test_split_label_around_numbers_is_rejoined():
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21\n"
        "（二）部分公开（区分处理的，只计这一情\n"
        "447 7 0 0 0 0 454\n"
        "形，不计其他情形）\n"
        "1 0 0 0 0 0 1\n"
        "1.属于国家秘密\n"
        "2.其他法律行政法规禁止公开 30 1 0 0 0 0 31\n"
    )
    assert texts(text)[2:] == [
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 447 7 0 0 0 0 454",
        "1.属于国家秘密 1 0 0 0 0 0 1",
        "2.其他法律行政法规禁止公开 30 1 0 0 0 0 31",
    ]
    report = govdisclosure.parse(text)
    labels = [row.label for row in report.tables[0].data_rows]
    assert labels[1:3] == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密"]


def test_one_cell_per_line_becomes_rows():
    text = "\n\n".join(["第二十条第（一）项", "信息内容", "本年制发件数", "现行有效件数", "规章", "1", "5",
                        "行政规范性文件", "8", "66"]) + "\n"
    assert texts(text) == [
        "第二十条第（一）项", "信息内容\t本年制发件数\t现行有效件数", "规章\t1\t5", "行政规范性文件\t8\t66",
    ]


def test_short_lines_without_values_are_not_a_table():
    text = "\n\n".join(["一、总体情况", "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设",
                        "（五）监督保障", "二、其他"])
    assert texts(text) == ["一、总体情况", "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设",
                           "（五）监督保障", "二、其他"]


def test_a_blank_line_is_a_paragraph_break_but_a_page_break_is_not():
    # Found by the strategies' wrapped reports: a blank line ends a paragraph even at the wrap
    # width; blank lines around a page footer are a page break the paragraph goes on across.
    text = "\n".join(WRAPPED[:2] + [""] + WRAPPED[2:9] + ["", "- 2 -", ""] + WRAPPED[9:])
    lines = texts(text)
    assert lines[0] == WRAPPED[0] + WRAPPED[1]
    assert lines[1].startswith(WRAPPED[2]) and lines[1].endswith("31 日。")
    assert lines[-1].startswith("2024 年") and "全会精神" in lines[-1] and lines[-1].endswith("圆满完成了各项任务。")


def test_a_title_and_sentences_near_one_width_are_no_wrap():
    # Found by the strategies: too few lines stop mid-sentence here to show a wrap, so the
    # title (52 columns, no full stop) is not joined to the period line.
    text = (
        "某某市发展和改革委员会2021年政府信息公开工作年度报告\n"
        "本报告所列数据的统计期限自2021年1月1日至2021年12月31日。\n"
        "一、总体情况\n2021年，本机关共收到政府信息公开申请0件，均已依法答复。\n"
        "信息内容  本年制发件数  本年废止件数  现行有效件数\n规章  0  0  0\n"
        "信息内容  本年处理决定数量\n行政许可  0\n信息内容  本年处理决定数量\n行政处罚  0\n"
        "信息内容  本年收费金额（单位：万元）\n行政事业性收费  0\n"
        "申请人情况  自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计\n"
        "五、存在的主要问题及改进情况\n政策解读的针对性有待加强，下一步将进一步规范办理流程。\n"
        "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    )
    assert wrap_width(normalize(text).lines) is None
    report = govdisclosure.parse(text)
    assert report.title == "某某市发展和改革委员会2021年政府信息公开工作年度报告" and report.year == 2021


def test_lines_a_reader_could_join_are_rendered_apart():
    # Found by the strategies: whether text counts as wrapped depends on all of it. Here the
    # header lines of space-separated tables outnumber the lines cut at one width, so nothing is
    # joined; rendered, those headers are pipe rows, and the lines must still read back apart.
    headers = ["信息内容  本年制发件数  本年废止件数  现行有效件数", "信息内容  本年处理决定数量  备注说明",
               "信息内容  本年收费金额（单位：万元）", "申请人情况  自然人  商业企业  科研机构",
               "申请人情况  社会公益组织  法律服务机构  其他", "行政复议结果  纠正  维持  其他",
               "行政诉讼结果  纠正  维持  其他"]
    tables = "\n".join(f"{header}\n规章  1  0  3" for header in headers)
    prose = WRAPPED[-5:] + ["全年主动公开信息１２３条。", "本年度未收取信息处理费。", "政策解读的针对性有待加强，下一步将进一步规范办理流程。"]
    text = "一、总体情况\n" + "\n".join(prose) + "\n二、主动公开政府信息情况\n" + tables + "\n"
    report = govdisclosure.parse(text)
    assert len(report.sections[0].children) == len(prose)
    rendered = govdisclosure.render(report)
    assert "\n\n" in rendered
    assert govdisclosure.parse(rendered) == report
