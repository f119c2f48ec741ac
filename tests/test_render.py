import pytest

import govdisclosure
from govdisclosure import render

# Shrunk failures of `parse(render(r)) == r` (hypothesis, ../shared/adversarial section 8 and the
# property of tests/test_grammar.py run longer).
ROUND_TRIPS = [
    "# # x",        # a paragraph that keeps a heading mark: render wrote `# x`, which read as `x`
    "####### x",    # seven marks: one run of six is stripped, `# x` is left
    "## ## ##",
    "#\n# # x\n#",
    "0?|",          # a cell ending in ASCII `?` kept between ASCII: `| 0? |` read it as `0？`
    "(x)|:|",
    "a | b? | c |",
]


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_render_reads_back_as_the_same_tree(text):
    report = govdisclosure.parse(text)
    assert govdisclosure.parse(render(report)) == report


def test_a_paragraph_with_a_heading_mark_is_written_after_one_more_mark():
    report = govdisclosure.parse("# # x")
    assert [block.text for block in report.preamble] == ["# x"]
    assert render(report) == "# # x\n"


def test_ordinary_rows_keep_their_spaced_form():
    assert render(govdisclosure.parse("a | b | c |")) == "| a | b | c |\n"


def test_a_paragraph_of_values_alone_stays_apart_from_a_row_label_before_it():
    # (hypothesis) a blank line kept `2.其他` and `0` apart; render dropped it and the table
    # assembler read them back as one row.
    text = "一、总体情况\n一、总体情况\n（\n一、总体情况\n2.其他\n\n0"
    report = govdisclosure.parse(text)
    assert govdisclosure.parse(render(report)) == report
    assert render(govdisclosure.parse("2.其他\n\n0")) == "2.其他\n\n0\n"


@pytest.mark.parametrize("text", ["#|", "# |", "## |---|", "# - 3 -"])
def test_table_markup_behind_a_heading_mark_is_chrome_as_without_it(text):
    report = govdisclosure.parse(text)
    assert report.preamble == () and govdisclosure.parse(render(report)) == report


@pytest.mark.parametrize("text", [
    "某" * 40 + "2024年\n" + "某" * 20 + "报告",  # (test_fuzz.py: mutated Pingtan 2024, header lines joined)
    "某" * 50 + "\n2024年政府信息公开工作年度报告",
    "某县" * 25 + "2024\n年政府信息公开工作年度报告",
    "某" * 55 + "\n" + "某" * 55 + "2024年\n" + "某" * 10 + "报告",
])
def test_a_title_over_two_or_three_lines_reads_back_as_the_title(text):
    report = govdisclosure.parse(text)
    assert report.title is not None
    assert all(len(line) <= 60 for line in render(report).splitlines())
    assert govdisclosure.parse(render(report)) == report


def test_a_row_of_empty_tab_cells_reads_back_as_it_parsed():
    # Found by the soak profile of tests/test_grammar.py's round-trip property: the blank row
    # rendered as pipes alone, which normalisation drops as page chrome.
    report = govdisclosure.parse("信息内容\t本年新制作数量\t本年新公开数量\n\t\t")
    assert govdisclosure.parse(render(report)) == report
