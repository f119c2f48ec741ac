"""The evaluators' checks of a report's template and tables (issue 17), on the real corpus: every
warning or error they give there was read by hand and is listed here, so a new one fails."""

from __future__ import annotations

import govdisclosure
from govdisclosure.engine import check
from govdisclosure.registry import default

from conftest import CORPUS

NEW_CODES = ("GD109", "GD204", "GD205", "GD206", "GD207", "GD208", "GD209", "GD210", "GD211", "GD212", "GD402")

# Read by hand: the blank 2021 template (a form nobody filled in) leaves its three tables empty
# and its 第五部分 a placeholder.
EXPECTED = sorted([
    # 总体情况 of three lines whose sub-topics stand as top-level sections (二、工作机制保障 …),
    # which pushes 主动公开 to 三.
    ("2024_f2021_shanghai_kewei.txt", "GD211", "总体情况的内容编成了一级标题：“二、工作机制保障”、“三、主动公开工作情况”、“五、政府信息管理”、“六、政府信息公开平台建设”"),
    ("2024_f2021_shanghai_kewei.txt", "GD210", "“主动公开政府信息情况”编为第三部分（“三、”），模板中是第二部分"),
    ("2024_f2021_shanghai_kewei.txt", "GD208", "“总体情况”未涉及：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"),
    # Excerpts (MANIFEST.tsv): the text given has an overview of one line or two; the full report may say more.
    ("2021_f2021_zizhong_tiefo_town_EXCERPT.txt", "GD208", "“总体情况”未涉及：政府信息管理、监督保障"),
    ("2023_f2021_xinjiang_nilek_town_EXCERPT.txt", "GD208", "“总体情况”未涉及：政府信息管理、政府信息公开平台建设、监督保障"),
    # People's governments whose whole reports never mention 评议 or 追究 (nor, for three, 考核).
    ("2023_f2021_hongze_district.pdf", "GD209", "人民政府的报告未说明工作考核、社会评议、责任追究结果情况（条例第五十条第（四）项）"),
    ("2023_f2021_hongze_district.txt", "GD209", "人民政府的报告未说明工作考核、社会评议、责任追究结果情况（条例第五十条第（四）项）"),
    ("2024_f2021_hongze_district.pdf", "GD209", "人民政府的报告未说明社会评议、责任追究结果情况（条例第五十条第（四）项）"),
    ("2024_f2021_hongze_district.txt", "GD209", "人民政府的报告未说明社会评议、责任追究结果情况（条例第五十条第（四）项）"),
    ("2024_f2021_huaian_city.pdf", "GD209", "人民政府的报告未说明工作考核、社会评议、责任追究结果情况（条例第五十条第（四）项）"),
    ("2024_f2021_huaian_city.txt", "GD209", "人民政府的报告未说明工作考核、社会评议、责任追究结果情况（条例第五十条第（四）项）"),
    ("2025_f2021_shuyang_county.txt", "GD209", "人民政府的报告未说明责任追究结果情况（条例第五十条第（四）项）"),
    ("2021_template_blank.docx", "GD207", "“存在的主要问题及改进情况”只有 6 字（“（文字描述）”），没有实际内容"),
    ("2021_template_blank.docx", "GD205", "“主动公开政府信息情况”的 10 个单元格全部为空或“/”：统计表未填写"),
    ("2021_template_blank.docx", "GD205", "“收到和处理政府信息公开申请情况”的 175 个单元格全部为空或“/”：统计表未填写"),
    ("2021_template_blank.docx", "GD205", "“政府信息公开行政复议、行政诉讼情况”的 15 个单元格全部为空或“/”：统计表未填写"),
])


def test_the_new_checks_find_on_the_corpus_only_what_was_read_by_hand():
    registry = default()
    found = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".tsv":
            continue
        found += [(path.name, d.code, d.message) for d in check(govdisclosure.load(path), registry) if d.code in NEW_CODES]
    assert sorted(found) == EXPECTED
