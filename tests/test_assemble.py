"""Table assembly: tables printed one cell per line (govdisclosure.assemble), read into rows."""

from decimal import Decimal

import pytest
from conftest import corpus_file

import govdisclosure
from govdisclosure.normalize import normalize

T3_ROWS = ["new", "carried_over_in", "disclosed", "partly_disclosed", "withheld_state_secret",
           "withheld_prohibited_by_law", "withheld_security_stability", "withheld_third_party",
           "withheld_internal_affairs"]
T3_COLUMNS = ["natural", "commercial", "research", "public_interest", "legal_service", "other", "total"]


def table_values(facts) -> dict[tuple[str, str], str]:
    return {(f.indicator, f.column): str(f.value) for f in facts.facts if f.kind == "table"}


def t2(regulations, normative) -> dict:
    values = {}
    for row, numbers in (("regulations", regulations), ("normative_documents", normative)):
        for column, value in zip(("issued", "repealed", "in_force"), numbers):
            values[(f"f2021.t2.{row}", column)] = value
    for row, column in (("administrative_licensing", "decisions"), ("administrative_penalties", "decisions"),
                        ("administrative_coercion", "decisions"), ("administrative_fees", "fee_amount")):
        values[(f"f2021.t2.{row}", column)] = "0"
    return values


def test_cells_ending_in_a_pipe_zizhong():
    # Layout (a): `规章 |` / `0 |` …, `||` for the empty cells of a merged header.
    facts = govdisclosure.extract(govdisclosure.load(corpus_file("2021_f2021_zizhong_tiefo_town_EXCERPT.txt")))
    assert facts.template == "f2021"
    # Hand-checked against the excerpt: every visible cell (it stops inside （二）部分公开).
    expected = t2(("0", "0", "0"), ("0", "0", "0"))
    expected.update({(f"f2021.t3.{row}", column): "0" for row in T3_ROWS[:3] for column in T3_COLUMNS})
    assert table_values(facts) == expected
    assert {f.status for f in facts.facts if f.kind == "table"} == {"zero"}


def test_cells_followed_by_a_pipe_line_nilek():
    # Layout (b): each cell, then a line holding only `|`; `商业` / `企业` is one header cell.
    report = govdisclosure.load(corpus_file("2023_f2021_xinjiang_nilek_town_EXCERPT.txt"))
    facts = govdisclosure.extract(report)
    expected = t2(("0", "0", "6"), ("0", "0", "0"))  # 规章 现行有效件数 6
    expected.update({(f"f2021.t3.{row}", column): "0" for row in T3_ROWS for column in T3_COLUMNS})
    assert table_values(facts) == expected
    header = next(r for t in report.tables for r in t.rows if "自然人" in r.texts)
    assert "商业企业" in header.texts
    # The row keeps its place in the original: its label's line to its last value's line.
    row = next(r for t in report.tables for r in t.rows if r.texts[:1] == ("规章",))
    assert [c.span.line for c in row.cells] == [15, 17, 19, 21]
    # The wrapped label is read whole and the group label stays in front of its first row.
    labels = [r.texts[0] for t in report.tables for r in t.rows if r.kind == "data"]
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert ("（三）不予公开", "1.属于国家秘密") in [r.texts[:2] for t in report.tables for r in t.rows]


def _cells(*rows: list[str], layout: str) -> str:
    cells = [cell for row in rows for cell in row]
    if layout == "a":
        return "\n".join(f"{c} |" if c else "|" for c in cells)
    if layout == "b":
        return "\n".join(f"{c}\n|" for c in cells)
    if layout == "c":
        return "\n\n".join(cells)
    return "\n".join(cells)


REPORT_HEAD = "某县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n本年度工作有序推进。\n二、主动公开政府信息情况\n"
T2_ROWS = [
    ["第二十条第（一）项"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "0", "1", "2"],
    ["行政规范性文件", "12", "3", "45"],
    ["第二十条第（五）项"],
    ["信息内容", "本年处理决定数量"],
    ["行政许可", "2629"],
]


@pytest.mark.parametrize("layout", ["a", "b", "c", "d"])
def test_every_layout_reads_the_same_rows(layout):
    text = REPORT_HEAD + _cells(*T2_ROWS, layout=layout) + "\n三、收到和处理政府信息公开申请情况\n本年未收到申请。\n"
    report = govdisclosure.parse(text)
    rows = [r.texts for t in report.tables for r in t.rows if r.kind == "data"]
    assert ("规章", "0", "1", "2") in rows
    assert ("行政规范性文件", "12", "3", "45") in rows
    assert ("行政许可", "2629") in rows
    values = table_values(govdisclosure.extract(report))
    assert values[("f2021.t2.normative_documents", "in_force")] == "45"
    assert values[("f2021.t2.administrative_licensing", "decisions")] == "2629"
    # The headings around the table stay headings.
    assert [s.title for s in report.sections] == ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"]


def test_a_wrapped_label_and_split_header_cells_without_separators():
    # Layout (d) with a label over two lines and a header cell split in two.
    text = REPORT_HEAD.replace("二、主动公开", "三、收到和处理").replace("政府信息情况", "政府信息公开申请情况") + "\n".join([
        "申请人情况", "自然人", "法人或其他组织", "总计", "商业", "企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
        "一、本年新收政府信息公开申请数量", "5", "1", "0", "0", "0", "0", "6",
        "（二）部分公开（区分处理的，", "只计这一情形，不计其他情形）", "2", "0", "0", "0", "0", "0", "2",
    ])
    facts = govdisclosure.extract(govdisclosure.parse(text))
    values = {(f.concept, f.column): str(f.value) for f in facts.facts if f.kind == "table"}
    assert values[("applications.new", "natural")] == "5"
    assert values[("applications.new", "total")] == "6"
    assert values[("results.partly_disclosed", "total")] == "2"


def test_empty_cells_between_values_are_blank_not_zero():
    text = REPORT_HEAD + "\n".join(["第二十条第（一）项 |", "信息内容 |", "本年制发件数 |", "本年废止件数 |",
                                    "现行有效件数 |", "规章 |", "3 |", "|", "5 |", "行政规范性文件 |", "0 |", "0 |", "0 |"])
    facts = govdisclosure.extract(govdisclosure.parse(text))
    regulations = {f.column: (f.status, f.value) for f in facts.of("f2021.t2.regulations")}
    assert regulations == {"issued": ("number", Decimal(3)), "repealed": ("blank", None),
                           "in_force": ("number", Decimal(5))}


@pytest.mark.parametrize("cell, value", [("增2", 2), ("减4", -4), ("减少4", -4), ("增加 3", 3), ("持平", 0)])
def test_changes_written_in_words(cell, value):
    text = ("某局2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n| 第二十条第（五）项 | | | |\n"
            "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
            f"| 行政许可 | 396 | {cell} | 181 |\n| 其他对外管理服务事项 | 10 | 0 | 153 |\n")
    facts = govdisclosure.extract(govdisclosure.parse(text))
    (change,) = [f for f in facts.of("f2019.t2.administrative_licensing") if f.column == "change"]
    assert change.value == value and change.status == ("zero" if value == 0 else "number")


def test_a_row_label_is_not_a_section_heading():
    # `四、结转下年度继续办理` on a line of its own comes after section 三 and before the real 四:
    # taken as a heading it would demote the real one.
    text = ("某县2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n"
            "三、收到和处理政府信息公开申请情况\n| 三、本年度办理结果 | （七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
            "四、结转下年度继续办理\n| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n四、政府信息公开行政复议、行政诉讼情况\n正文。\n")
    report = govdisclosure.parse(text)
    assert [s.title for s in report.sections][-1] == "政府信息公开行政复议、行政诉讼情况"
    assert "heading-out-of-sequence" not in [p.code for p in report.problems]


def test_a_list_of_numbers_in_prose_is_no_table():
    text = REPORT_HEAD + "\n".join(["全年办理情况如下：", "1", "2", "3", "4", "5", "6", "以上数据均经核实。"])
    report = govdisclosure.parse(text)
    assert not report.tables


def test_cell_per_line_reading_is_linear():
    # 100,000 lines of cells: every line is looked at a bounded number of times (adversarial 07).
    lines = normalize("规章\n\n" + "1\n\n" * 50_000).lines
    assert len(lines) < 10


def test_a_label_then_its_values_on_the_next_line():
    text = REPORT_HEAD + "\n".join(["第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数",
                                    "规章", "0 1 2", "行政规范性文件", "3 4 5", "- 2 -", "第二十条第（五）项"])
    report = govdisclosure.parse(text)
    rows = [r.texts for t in report.tables for r in t.rows if r.kind == "data"]
    assert ("规章", "0", "1", "2") in rows and ("行政规范性文件", "3", "4", "5") in rows
    # A page number after a label is no row of dashes and numbers.
    assert not [r for r in rows if "-" in r]
