"""The Hubei plugin: the 2019 template as Hubei annotated it for 2020 reports, and its rule.

Registered through the `govdisclosure` entry-point group (`hubei = "govdisclosure_hubei.plugin"`).

* `govdisclosure_catalogs`: `hb_f2019.toml`, template `hb-f2019`, a variant of f2019
  (`extends`; report year 2020; regions ["42"], so template detection considers it only for
  reports from Hubei). It adds the row 其他主动公开文件 to 第二十条第（一）项 and Hubei's
  annotated labels as aliases (formats.md §2.7); every other indicator is f2019's, id and concept,
  so Hubei facts join the national ones.
* `govdisclosure_rules`: HB101, 其他主动公开文件 本年新公开数量 <= 对外公开总数量 (warning): the
  catalogue's relation `hb.other_documents.published_not_above_total` (column_not_above), evaluated
  by the core.
"""

from __future__ import annotations

from govdisclosure.hookspecs import hookimpl
from govdisclosure.rules.arithmetic import relation_findings
from govdisclosure.rules import ReportContext, rule

from . import REGIONS, TEMPLATE, catalog_file

@rule(
    code="HB101", name="hb-other-documents-published-above-total", family="arithmetic", severity="warning",
    templates=(TEMPLATE,), years=(2020, 2020), regions=REGIONS,
    message="“其他主动公开文件”本年新公开数量 {part} 大于对外公开总数量 {total}",
    message_en="“其他主动公开文件” (other proactively disclosed documents): published this year {part} "
               "is more than the total published {total}",
    summary="湖北 2020 年报：其他主动公开文件的本年新公开数量不大于对外公开总数量",
    rationale="对外公开总数量包含本年新公开的文件，本年新公开数量不应超过它（启发式，国家模板未明文规定，故为警告）。"
              "湖北省 2020 年度报告表格在第二十条第（一）项增加了“其他主动公开文件”一行，核心规则不检查该行。",
    source="formats.md §2.6 B2（本年新公开数量 ≤ 对外公开总数量，warn only）；§2.7 [HB20]："
           "《湖北省人民政府办公厅关于做好2020年政府信息公开年度报告编制和发布工作的通知》的年报表格",
)
def check_other_documents_not_above_total(context: ReportContext):
    """The catalogue's relation marked HB101 (hb_f2019.toml, column_not_above), evaluated by the core."""
    return relation_findings(context, "HB101")


@hookimpl
def govdisclosure_catalogs():
    return [catalog_file()]


@hookimpl
def govdisclosure_rules():
    return [check_other_documents_not_above_total]
