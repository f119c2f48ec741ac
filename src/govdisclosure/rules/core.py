"""The core rules, registered through the `govdisclosure_rules` hook like any plugin's."""

from __future__ import annotations

from ..hookspecs import hookimpl
from . import arithmetic, cross_year, inputs, periods, prose, structure
from .model import Rule

TEMPLATE_NOTICE_2021 = "国办公开办函〔2021〕30号"
REGULATION = "《中华人民共和国政府信息公开条例》"


def _relations(kind: str | None, note: str = ""):
    """The findings of one kind of catalogue relation, or, with `note` (`recovered`), the
    relations of every kind not checked for that reason (evaluated once per report)."""
    def check(context):
        return arithmetic.findings_of(context, kind, note=note)

    return check


def _made_elsewhere(context):
    """GD000 and GD999 are made where they happen (a reader that cannot read a file, the engine
    when a rule fails): registered like every rule so that they can be listed, explained,
    selected and documented, but with nothing to check."""
    return iter(())


CORE_RULES = (
    Rule("GD000", "unreadable-input", "input", "error", "无法读取：{problem}",
         "输入文件无法读取（格式、编码、大小或损坏），该文件未被检查", _made_elsewhere,
         rationale="读不了的文件不能算作没有问题：命令行以退出状态 2 报告，Dask 结果中为一行 GD000。",
         source="docs/inputs.md", message_en="cannot read: {problem}"),
    Rule("GD999", "rule-failed", "internal", "error",
         "规则 {code}（{name}，插件 {plugin}）运行出错，已跳过：{error}",
         "一条规则运行出错：报告出错的规则及其插件，其余规则照常运行", _made_elsewhere,
         rationale="一条规则的错误不应让其他检查停下，也不应被悄悄忽略。", source="docs/plugins.md",
         message_en="rule {code} ({name}, plugin {plugin}) failed and was skipped: {error}"),
    Rule("GD100", "relation-skipped", "arithmetic", "info",
         "“{table}”中 {count} 项勾稽关系未检查：{cells} 为空、短横或无法读取（关系 {relations}）",
         "勾稽关系因运算项为空或无法读取而未检查（每表一条）", arithmetic.check_skipped,
         rationale="空白不等于零：运算项为空时不作推断，只说明未检查。", source="docs/catalog-format.md",
         message_en="“{table}”: {count} relations not checked: {cells} blank, a dash or unreadable (relations {relations})"),
    Rule("GD107", "relation-used-to-recover", "arithmetic", "info",
         "关系 {relation} 在“{column}”列用于还原被压成一行的表格（“{label}”），未独立检查",
         "还原压平表格时用到的勾稽关系不能再用来检查它", _relations(None, note="recovered"),
         rationale="压平表格的数字按勾稽关系拆分，拆出的数字必然满足这些关系；满足不等于核实。",
         source="docs/parsing.md",
         message_en="relation {relation} in column “{column}” was used to recover a flattened table (“{label}”): not independently checked"),
    Rule("GD101", "relation-sum", "arithmetic", "error",
         "“{label}”（{column}）为 {actual}，但其分项之和 {parts} = {expected}（关系 {relation}）",
         "合计等于各分项之和（指标目录中的 sum 关系）", _relations("sum"),
         rationale="统计表的合计行必须等于其分项之和；关系及其出处写在指标目录中。", source="指标目录 relations",
         message_en="“{label}” ({column}) is {actual}, but its parts add up to {parts} = {expected} (relation {relation})"),
    Rule("GD102", "relation-identity", "arithmetic", "error",
         "“{column}”列：{left} = {left_sum}，不等于 {right} = {right_sum}（关系 {relation}）",
         "两组指标之和相等（如 一+二 = 三+四）", _relations("identity"),
         rationale="收到和处理申请情况表注明：第一项加第二项之和，等于第三项加第四项之和。", source=TEMPLATE_NOTICE_2021,
         message_en="column “{column}”: {left} = {left_sum}, not {right} = {right_sum} (relation {relation})"),
    Rule("GD103", "relation-not-above", "arithmetic", "warning",
         "“{label}”（{column}）为 {actual}，但其“其中”项 {parts} 超过它（关系 {relation}）",
         "“其中”项不大于其所属指标", _relations("not_above"),
         message_en="“{label}” ({column}) is {actual}, but its part {parts} exceeds it (relation {relation})"),
    Rule("GD104", "row-total", "arithmetic", "error",
         "“{label}”的“{column}”为 {actual}，不等于各列之和 {parts} = {expected}（关系 {relation}）",
         "每行的总计等于其各列之和", _relations("row_sum"), source=TEMPLATE_NOTICE_2021,
         message_en="“{label}” “{column}” is {actual}, not the sum of its columns {parts} = {expected} (relation {relation})"),
    Rule("GD108", "column-not-above", "arithmetic", "warning",
         "“{label}”的“{part_column}”为 {part}，超过“{total_column}” {total}（关系 {relation}）",
         "同一行中一列不大于另一列（指标目录中的 column_not_above 关系）", _relations("column_not_above"),
         source="指标目录 relations",
         message_en="“{label}”: “{part_column}” {part} exceeds “{total_column}” {total} (relation {relation})"),
    Rule("GD105", "negative-count", "arithmetic", "error",
         "“{label}”为负数 {value}，该指标不能为负",
         "计数与金额不为负（2019 年模板的“本年增/减”除外）", arithmetic.check_non_negative,
         message_en="“{label}” is negative ({value}); this indicator cannot be negative"),
    Rule("GD106", "unit-mismatch", "arithmetic", "warning",
         "“{label}”的单位栏为“{printed}”，统计表规定的单位是“{expected}”",
         "统计表单位栏与规定单位一致（旧版统计表）", arithmetic.check_units, templates=("legacy",),
         source="国办发〔2014〕32号附件《政府信息公开情况统计表》",
         message_en="“{label}” has unit “{printed}” in its unit column; the table prescribes “{expected}”"),
    Rule("GD201", "required-sections", "structure", "warning", "{problem}",
         "报告包含规定的各部分且顺序正确", structure.check_required_sections,
         source="2019/2021：年报格式的六个部分；旧版：《条例》（2007）第三十二条",
         message_en="{problem_en}"),
    Rule("GD202", "overview-too-long", "compliance", "warning",
         "“总体情况”部分有 {length} 字，超过 {limit} 字",
         "总体情况不超过 1000 字", structure.check_overview_length, templates=("f2021",),
         source=TEMPLATE_NOTICE_2021,
         message_en="section “总体情况” (overview) has {length} characters, more than {limit}"),
    Rule("GD203", "processing-fee-not-reported", "compliance", "warning",
         "“其他需要报告的事项”未说明信息处理费收取情况",
         "第六部分报告信息处理费收取情况", structure.check_processing_fee, templates=("f2021",),
         source=TEMPLATE_NOTICE_2021 + "：收取信息处理费情况在此处报告",
         message_en="section “其他需要报告的事项” (other matters) does not report the information processing fee"),
    Rule("GD301", "prose-contradicts-table", "prose", "error",
         "正文“{text}”与统计表不符：表中“{label}”为 {table}",
         "正文陈述的数字（含“无”）与统计表一致；约数（余）不超过表中数字", prose.check_prose_against_table,
         rationale="正文与统计表矛盾是年报最常见的错误之一。",
         message_en="the text “{text}” contradicts the table: “{label}” is {table}"),
    Rule("GD401", "statistics-period", "periods", "warning", "{problem}",
         "报告说明统计期限，且其年度与报告年度一致", periods.check_period,
         source="国办公开办函〔2019〕60号、〔2021〕30号：本报告所列数据的统计期限自X年1月1日起至X年12月31日止",
         message_en="{problem_en}"),
    Rule("GD901", "parse-problem", "input", "warning", "{problem}",
         "解析时无法归位或需要推断的内容", inputs.check_parse_problems,
         message_en="{problem_en}: {problem}"),
    Rule("GD902", "table-problem", "input", "warning", "{problem}",
         "统计表中无法识别的行、无法还原的表", inputs.check_extraction_problems,
         message_en="{problem_en}: {problem}"),
    Rule("GD903", "table-not-read", "input", "warning", "统计表“{table}”{state}",
         "已识别模板的报告，其统计表均已读出", inputs.check_coverage,
         rationale="读不出的表格不能算作检查通过：没有读出的数字就没有被检查。",
         message_en="statistics table “{table}” {state_en}"),
    Rule("GD501", "carry-over", "cross-year", "error",
         "{year} 年“{label}”（{column}）为 {carried_in}，但 {previous} 年报告结转下年度 {carried_out}",
         "上年结转等于上一年报告的结转下年度继续办理（逐列）", cross_year.check_carry_over, scope="pair",
         templates=("f2019", "f2021"), source=TEMPLATE_NOTICE_2021,
         rationale="本年的“上年结转政府信息公开申请数量”就是上一年报告中“结转下年度继续办理”的申请。",
         message_en="{year} “{label}” ({column}) is {carried_in}, but the {previous} report carried {carried_out} over"),
    Rule("GD502", "roll-forward", "cross-year", "warning",
         "“{label}”现行有效件数 {actual}，但 {previous} 年的 {before} + 本年制发 {issued} − 本年废止 {repealed} = {expected}",
         "现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（规章、行政规范性文件）", cross_year.check_roll_forward,
         scope="pair", templates=("f2021",), source=TEMPLATE_NOTICE_2021,
         rationale="现行有效件数逐年滚动；修改（而非制发或废止）的文件会使等式不成立，故为警告。",
         message_en="“{label}” in force {actual}, but {previous}'s {before} + issued {issued} − repealed {repealed} = {expected}"),
    Rule("GD503", "cumulative-decreases", "cross-year", "error",
         "“{label}”的{column}为 {actual}，少于 {previous} 年报告的 {before}",
         "历年累计数逐年不减", cross_year.check_cumulative, scope="pair",
         message_en="“{label}” {column} is {actual}, below the {previous} report's {before}"),
    Rule("GD504", "copied-text", "cross-year", "warning",
         "“{section}”与 {previous} 年报告的同一部分重合 {ratio}（超过 {threshold}）",
         "总体情况、存在的主要问题及改进情况与上一年报告雷同", cross_year.check_copied_text, scope="pair",
         source=TEMPLATE_NOTICE_2021, rationale="年度报告格式通知要求避免年年雷同；有的地方考核对重合超过一半的报告扣分。",
         message_en="“{section}” overlaps the {previous} report's by {ratio} (above {threshold})"),
    Rule("GD505", "year-on-year-jump", "cross-year", "info",
         "“{label}”（{column}）为 {actual}，{previous} 年为 {before}，变化超过五倍",
         "关键统计数与上一年相比变化超过五倍", cross_year.check_jumps, scope="pair",
         message_en="“{label}” ({column}) is {actual}, {previous} had {before}: more than a fivefold change"),
)


@hookimpl
def govdisclosure_rules():
    return list(CORE_RULES)
