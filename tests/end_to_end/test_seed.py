"""The seed report (株洲市天元区 2018, legacy template) parsed end to end."""

from govdisclosure import Item, Paragraph, Report, Subsection, Table, Title


SEED_SECTIONS = [
    "概述",
    "主动公开政府信息情况",
    "依申请公开政府信息和不予公开政府信息情况",
    "政府信息公开的收费及减免情况",
    "因政府信息公开申请行政复议和提起行政诉讼情况",
    "存在的主要问题和下一步计划",
    "附表",
]


def test_seed_has_its_seven_sections_in_order(seed: Report):
    assert [s.title for s in seed.sections] == SEED_SECTIONS
    assert [s.number for s in seed.sections] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.span.line for s in seed.sections] == [3, 11, 19, 21, 23, 25, 28]


def test_seed_report_fields(seed: Report):
    assert seed.title == "天元区人民政府2018年政府信息公开工作年度报告"
    assert seed.year == 2018
    assert seed.issuer == "天元区人民政府"
    assert seed.period == "2018年1月1日至2018年12月31日"
    assert seed.problems == ()
    assert seed.preamble[0] == Title("天元区人民政府2018年政府信息公开工作年度报告")
    assert isinstance(seed.preamble[1], Paragraph) and seed.preamble[1].span.line == 2


def test_seed_subsections_and_items(seed: Report):
    first = seed.sections[0]
    assert [s.title for s in first.subsections] == [
        "加强制度建设，提升政府信息公开规范化水平。",
        "聚焦公众关切，深化政府信息公开内容。",
        "完善保障措施，推动政府信息公开工作取得实效。",
    ]
    channels = seed.sections[1].subsections[1]
    assert channels.title == "公开形式"
    items = [c for c in channels.children if isinstance(c, Item)]
    assert [(i.number, i.marker) for i in items] == [(1, "1、"), (2, "2、"), (3, "3、"), (4, "4、")]
    assert items[0].text.startswith("互联网。")
    # A sub-section heading with its text on the same line: the title, then the rest.
    problems = seed.sections[5].subsections[0]
    assert problems.title == "存在的主要问题"
    assert problems.text.startswith("：一是少数单位")


def test_seed_statistics_table_under_appendix(seed: Report):
    appendix = seed.sections[6]
    (table,) = [c for c in appendix.children if isinstance(c, Table)]
    assert [c.text for c in table.captions] == [
        "附件：",
        "政府信息公开情况统计表",
        "（2018年度）",
        "填报单位（盖章）：株洲高新区（天元区）政务服务中心",
    ]
    assert [r.texts for r in table.header] == [("统计指标", "单位", "统计数")]
    assert len(table.data_rows) >= 60
    assert table.data_rows[0].texts == ("（一）主动公开政府信息数", "条", "11350")
    assert [s.text for s in table.signoffs] == ["单位负责人：刘树阳 审核人：尹昱 填报人：李玲", "联系电话：28665639"]
    kinds = {r.label: r.kind for r in table.rows}
    assert kinds["一、主动公开情况"] == "group"
    assert kinds["（不同渠道和方式公开相同的信息列为1条）"] == "note"
    # `四、行政复议数量` is a row of the table, not a section.
    assert kinds["四、行政复议数量"] == "data"
    assert table.span.line == 29 and table.span.end_line == 102


def test_seed_cells_point_at_the_original_text(seed: Report):
    from conftest import SAMPLE

    original = SAMPLE.read_text(encoding="utf-8")
    lines = original.splitlines()
    table = seed.tables[0]
    row = table.data_rows[0]
    cell = row.cells[2]
    assert original[cell.span.offset : cell.span.end_offset] == "11350"
    assert lines[cell.span.line - 1][cell.span.column - 1 : cell.span.end_column - 1] == "11350"
    for row in table.rows:
        for cell in row.cells:
            if cell.text:
                raw = original[cell.span.offset : cell.span.end_offset]
                # the seed uses ASCII punctuation the normaliser folds to full width
                assert raw.replace("(", "（").replace(")", "）").replace(":", "：") == cell.text


def test_seed_walk_visits_every_node(seed: Report):
    nodes = list(seed.walk())
    assert sum(isinstance(n, Subsection) for n in nodes) == 7
    assert len(seed.tables) == 1
    assert seed.section(7).title == "附表"
    assert seed.find_sections("收费")[0].number == 4
