"""Structure and compliance: the sections a report must have, and what some must say."""

from __future__ import annotations

import re

from ..messages import data_toml
from ..vocabulary import SectionRole, Status
from .model import Finding, ReportContext, rule

OVERVIEW_LIMIT = 1000  # non-whitespace characters (国办公开办函〔2021〕30号)


def _section_text(section) -> str:
    parts = [section.text]
    for node in section.children:
        parts.append(getattr(node, "title", "") + getattr(node, "text", ""))
        for child in getattr(node, "children", ()):
            parts.append(getattr(child, "text", ""))
    return "".join(parts)


@rule(
    code="GD201", name="required-sections", family="structure", severity="warning",
    message={"missing": "缺少“{section}”部分", "order": "“{second}”部分出现在“{first}”之前"},
    message_en={"missing": "section “{section}” is missing", "order": "section “{second}” comes before “{first}”"},
    summary='报告包含规定的各部分且顺序正确',
    source='2019/2021：年报格式的六个部分；旧版：《条例》（2007）第三十二条',
)
def check_required_sections(context: ReportContext):
    """The template's required sections (the registry's, data/sections.toml), present and in order."""
    assert context.registry is not None  # the engine's context has its registry
    base = context.catalog.extends if context.catalog is not None else ""
    required = context.registry.required_sections(context.facts.template, base)
    if not required or context.facts.template == "unknown":
        return
    sections = context.report.sections
    found_at: list[tuple[int, str]] = []  # (index in the report's sections, name)
    missing: list[tuple[int, str]] = []  # (position among those found, name)
    for name, words in ((section.name, section.words) for section in required):
        index = next((i for i, s in enumerate(sections) if any(w in s.title for w in words)), None)
        if index is None:
            missing.append((len(found_at), name))
        else:
            found_at.append((index, name))
    for position, name in missing:
        # Point where the section should stand: at the required section that follows it.
        following = found_at[position][0] if position < len(found_at) else None
        span = sections[following].span if following is not None else (sections[-1].span if sections else context.report.span)
        yield Finding({"kind": "missing", "section": name},
                      span=span, key=f"missing:{name}")
    for (before, first), (after, second) in zip(found_at, found_at[1:]):
        if after < before:
            yield Finding({"kind": "order", "first": first, "second": second}, span=sections[after].span,
                          key=f"order:{first}:{second}")


@rule(
    code="GD202", name="overview-too-long", family="compliance", severity="warning",
    templates=('f2021',),
    message='“总体情况”部分有 {length} 字，超过 {limit} 字',
    message_en='section “总体情况” (overview) has {length} characters, more than {limit}',
    summary='总体情况不超过 1000 字',
    source='国办公开办函〔2021〕30号',
)
def check_overview_length(context: ReportContext):
    assert context.registry is not None  # the engine's context has its registry
    section = context.registry.section(context.report, SectionRole.OVERVIEW)
    if section is None:
        return
    length = len(re.sub(r"\s", "", _section_text(section)))
    if length > OVERVIEW_LIMIT:
        yield Finding({"length": length, "limit": OVERVIEW_LIMIT}, span=section.span, key="overview",
                      values={"length": str(length)})


@rule(
    code="GD203", name="processing-fee-not-reported", family="compliance", severity="warning",
    templates=('f2021',),
    message='“其他需要报告的事项”未说明信息处理费收取情况',
    message_en='section “其他需要报告的事项” (other matters) does not report the information processing fee',
    summary='第六部分报告信息处理费收取情况',
    source='国办公开办函〔2021〕30号：收取信息处理费情况在此处报告',
)
def check_processing_fee(context: ReportContext):
    assert context.registry is not None  # the engine's context has its registry
    section = context.registry.section(context.report, SectionRole.OTHER)
    if section is None:
        return  # a missing section is GD201's finding
    if not re.search(r"处理费|收费", _section_text(section)):
        yield Finding({}, span=section.span, key="fee")


@rule(
    code="GD204", name="template-outdated", family="compliance", severity="warning",
    message='{year} 年度的报告填的是“{name}”的统计表（适用于 {first}–{last} 年度的报告），{year} 年度应使用“{in_force}”',
    message_en='the report for {year} fills in the statistics tables of “{name}” (for reports of {first}–{last}); '
               'for {year} the template is “{in_force}”',
    summary='统计表的模板已被取代（只在模板由表格或标签认出时判断，不由年度推定）',
    rationale='2019 年度起的报告使用国办公开办函〔2019〕60号的新表，2021 年度起使用国办公开办函〔2021〕30号的'
              '模板。模板由统计表的标签认出时才判断；报告未印出统计表、模板由年度推定的，不作判断。',
    source='国办公开办函〔2019〕60号；国办公开办函〔2021〕30号；evaluators.md（模板与年度相符）',
)
def check_template_year(context: ReportContext):
    """A report whose tables follow a template replaced before its year: the 2019 layout in a
    report for 2021 or later, the legacy table in one for 2019 or later (a variant's years, or
    its base catalogue's, are the catalogue's data)."""
    catalog, year = context.catalog, context.report.year
    if catalog is None or year is None or context.facts.template_source not in ("tables", "labels"):
        return  # (a template inferred from the year alone is never judged)
    assert context.registry is not None  # the engine's context has its registry
    catalogs = context.registry.catalogs
    base = catalogs.get(catalog.extends) if catalog.extends else None
    last = catalog.last_year if catalog.last_year is not None else getattr(base, "last_year", None)
    if last is None or year <= last:
        return
    national = [c for c in catalogs.catalogs if not c.regions and not c.extends and c.first_year]
    in_force = next((c for c in national if c.first_year <= year and (c.last_year is None or year <= c.last_year)), None)
    if in_force is None:
        return
    first = catalog.first_year or getattr(base, "first_year", None)
    place = context.report.tables[0].span if context.report.tables else context.report.span
    yield Finding({"year": year, "name": (base or catalog).name, "first": first, "last": last, "in_force": in_force.name},
                  span=place, key=catalog.template, values={"template": catalog.template, "year": str(year)})


@rule(
    code="GD205", name="table-left-blank", family="structure", severity="warning",
    message='“{table}”的 {count} 个单元格全部为空或“/”：统计表未填写',
    message_en='all {count} cells of “{table}” are blank or “/”: the statistics table was not filled in',
    summary='统计表整表为空或全为“/”（每表一条）',
    rationale='没有发生的事项应填 0，不应留空或填“/”；整张表未填写时，只报一条，不逐格报告。',
    source='国办公开办函〔2021〕30号（统计表各栏如实填写）；evaluators.md（统计表为空）',
)
def check_blank_tables(context: ReportContext):
    """A statistics table printed with every cell blank or a dash (`/`, `—`): one finding per
    table, not one per cell."""
    if context.catalog is None:
        return
    by_table: dict[str, list] = {}
    for fact in context.facts.facts:
        if fact.kind == "table" and fact.table:
            by_table.setdefault(fact.table, []).append(fact)
    for table in context.catalog.tables:
        facts = by_table.get(table.id, [])
        if facts and all(f.status in (Status.BLANK, Status.DASH) for f in facts):
            yield Finding({"table": table.title, "count": len(facts)}, span=facts[0].span, key=table.id,
                          indicators=tuple(dict.fromkeys(f.indicator for f in facts if f.indicator)),
                          values={"cells": str(len(facts))})


@rule(
    code="GD206", name="regulations-by-a-body-that-makes-none", family="compliance", severity="warning",
    message='{issuer}（{kind}）报告“规章”{column}为 {value}，但{level}机关不能制定规章',
    message_en='{issuer} reports {value} 规章 (regulations) in “{column}”, but a body at {level_en} level cannot make them',
    summary='不能制定规章的机关（县级及以下的政府、部门，乡镇、街道）报告了规章',
    rationale='规章只由国务院部门和省、自治区、直辖市及设区的市、自治州的人民政府制定（立法法 第九十三条）。'
              '发布机关的类型由名称和行政区划判断；判断不了的不作评价。',
    source='立法法 第九十三条；evaluators.md（数值合理性：乡镇报告规章）',
    templates=("f2019", "f2021"),
)
def check_regulations_by_level(context: ReportContext):
    """A 规章 count above zero in a report of a body that cannot make them (issuer_type)."""
    from ..issuer_type import issuer_type

    kind = issuer_type(context.report.issuer)
    if not kind.regulations_judged or kind.can_make_regulations is not False:
        return
    for fact in context.facts.facts:
        if fact.kind == "table" and fact.concept == "regulations" and fact.value is not None and fact.value > 0:
            assert context.catalog is not None and fact.indicator and fact.column  # (a table fact of a known template)
            column = context.catalog.column_label(fact.indicator, fact.column)
            yield Finding({"issuer": context.report.issuer, "kind": _KIND_NAMES.get(kind.kind, kind.kind),
                           "level": _LEVEL_NAMES.get(kind.level or "", ""), "level_en": kind.level, "column": column,
                           "value": fact.value},
                          span=fact.span, indicators=(fact.indicator,) if fact.indicator else (),
                          key=f"{fact.indicator}:{fact.column}", values={"actual": str(fact.value)})


_KIND_NAMES = {"government": "人民政府", "department": "政府部门", "township": "乡镇、街道", "vertical": "垂直管理机关"}
_LEVEL_NAMES = {"county": "县级", "township": "乡镇、街道"}


@rule(
    code="GD207", name="problems-section-thin", family="compliance", severity="warning",
    message={"thin": "“存在的主要问题及改进情况”只有 {length} 字（“{text}”），没有实际内容",
             "no-problems": "“存在的主要问题及改进情况”没有指出存在的问题",
             "no-improvements": "“存在的主要问题及改进情况”没有说明改进措施"},
    message_en={"thin": "section “存在的主要问题及改进情况” (problems and improvements) has {length} characters only (“{text}”): no substance",
                "no-problems": "section “存在的主要问题及改进情况” (problems and improvements) names no problem",
                "no-improvements": "section “存在的主要问题及改进情况” (problems and improvements) says nothing of improvements"},
    summary='第五部分既指出存在的问题，也说明改进情况，不为空、不写“无”',
    rationale='评估把第五部分写“无”或一两句套话、只谈成绩不谈问题、只列问题不谈改进，都作为扣分项。'
              '字数下限和两类用词是数据（data/problems_section.toml）。',
    source='国办公开办函〔2021〕30号（五、存在的主要问题及改进情况）；evaluators.md（第五部分实质内容）',
    templates=("f2019", "f2021"),
)
def check_problems_section(context: ReportContext):
    assert context.registry is not None  # the engine's context has its registry
    section = context.registry.section(context.report, SectionRole.PROBLEMS)
    if section is None:
        return  # a missing section is GD201's finding
    data = data_toml("problems_section.toml")
    text = re.sub(r"\s", "", _section_text(section))
    if len(text) < data["min_chars"]:
        yield Finding({"kind": "thin", "length": len(text), "text": text[:20]}, span=section.span, key="thin")
        return
    if not any(word in text for word in data["problem_words"]):
        yield Finding({"kind": "no-problems"}, span=section.span, key="no-problems")
    if not any(word in text for word in data["improvement_words"]):
        yield Finding({"kind": "no-improvements"}, span=section.span, key="no-improvements")


def _missing(text: str, topics: list[dict]) -> list[str]:
    return [topic["name"] for topic in topics if not any(word in text for word in topic["words"])]


@rule(
    code="GD208", name="overview-subtopics", family="compliance", severity="warning",
    message='“总体情况”未涉及：{missing}',
    message_en='section “总体情况” (overview) does not cover: {missing}',
    summary='总体情况涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障五个方面',
    rationale='2021 年模板要求总体情况从五个方面概述全年工作；一个方面的用词都没有出现，多半漏写了它。'
              '各方面的用词是数据（data/overview.toml）。',
    source='国办公开办函〔2021〕30号（一、总体情况）；evaluators.md E6',
    templates=("f2021",),
)
def check_overview_subtopics(context: ReportContext):
    assert context.registry is not None  # the engine's context has its registry
    section = context.registry.section(context.report, SectionRole.OVERVIEW)
    if section is None or section is context.report.sections[-1]:
        return  # (where the text ends in the overview, it may be cut short: an excerpt, a lost page)
    text = re.sub(r"\s", "", _section_text(section))
    if len(text) < data_toml("problems_section.toml")["min_chars"]:
        return  # (an overview of a few characters is not judged topic by topic)
    missing = _missing(text, data_toml("overview.toml")["subtopics"])
    if missing:
        yield Finding({"missing": "、".join(missing)}, span=section.span, key="subtopics",
                      values={"missing": ",".join(missing)})


@rule(
    code="GD209", name="government-accountability", family="compliance", severity="warning",
    message='人民政府的报告未说明{missing}结果情况（条例第五十条第（四）项）',
    message_en="a people's government's report does not state the results of its accountability (Regulations art. 50(4)): {missing}",
    summary='各级人民政府的报告说明工作考核、社会评议和责任追究结果情况',
    rationale='条例第五十条要求各级人民政府的年度报告包括工作考核、社会评议和责任追究结果情况，通常写在总体情况的'
              '监督保障部分；只查人民政府（发布机关的类型由名称判断），部门不查。',
    source='政府信息公开条例 第五十条第（四）项；国办公开办函〔2021〕30号；evaluators.md E7',
    templates=("f2019", "f2021"),
)
def check_government_accountability(context: ReportContext):
    from ..issuer_type import issuer_type

    if issuer_type(context.report.issuer).kind != "government":
        return
    assert context.registry is not None  # the engine's context has its registry
    if context.registry.section(context.report, SectionRole.PROBLEMS) is None:
        return  # (a text that never reaches 第五部分 may be cut short: not judged)
    text = "".join(re.sub(r"\s", "", _section_text(section)) for section in context.report.sections)
    missing = _missing(text, data_toml("overview.toml")["accountability"])
    if missing:
        yield Finding({"missing": "、".join(missing)}, span=context.report.span, key="accountability",
                      values={"missing": ",".join(missing)})


# Chinese ordinals of a report's top-level sections, for the messages.
_ORDINALS = "一二三四五六七八九十"


@rule(
    code="GD210", name="section-ordinal", family="structure", severity="warning",
    message='“{section}”编为第{found}部分（“{marker}”），模板中是第{expected}部分',
    message_en='section “{section}” is numbered {found} (“{marker}”); the template numbers it {expected}',
    summary='规定的各部分按模板编号（如“收到和处理政府信息公开申请情况”是第三部分）',
    rationale='2019、2021 年模板规定了六个部分及其编号；把总体情况拆成几个一级标题，或漏掉一部分，都会使后面的'
              '编号错位，读者和汇总工具就对不上号。',
    source='国办公开办函〔2019〕60号、〔2021〕30号（年报的六个部分）；evaluators.md（章节编号）',
    templates=("f2019", "f2021"),
)
def check_section_ordinals(context: ReportContext):
    """Each required section found under the number the template gives it (its place among the
    required sections: 三 for 收到和处理…); one finding for each section out of place."""
    assert context.registry is not None  # the engine's context has its registry
    base = context.catalog.extends if context.catalog is not None else ""
    required = context.registry.required_sections(context.facts.template, base)
    for expected, wanted in enumerate(required, 1):
        section = next((s for s in context.report.sections if any(w in s.title for w in wanted.words)), None)
        if section is None or not section.number or section.number == expected:
            continue  # (a missing one is GD201's; an unnumbered one is not judged)
        yield Finding({"section": wanted.name, "marker": section.marker.strip(), "found": _ordinal(section.number),
                       "expected": _ordinal(expected)}, span=section.span, key=wanted.name,
                      values={"found": str(section.number), "expected": str(expected)})


def _ordinal(number: int) -> str:
    return _ORDINALS[number - 1] if 0 < number <= len(_ORDINALS) else str(number)


@rule(
    code="GD211", name="overview-subtopics-as-sections", family="structure", severity="warning",
    message='总体情况的内容编成了一级标题：{titles}',
    message_en='the overview’s sub-topics stand as top-level sections: {titles}',
    summary='总体情况的分项（工作机制、政府信息管理、平台建设、监督保障……）不单列为一级标题',
    rationale='2021 年模板的六个部分是固定的；总体情况的分项应是“（一）（二）”等二级标题。单列为一级标题时，'
              '规定的部分被挤到后面，编号错位。分项的标题用词是数据（data/overview.toml）。',
    source='国办公开办函〔2021〕30号；evaluators.md（KIROGOVCOMPARE SRC_OVERALL_SUBTOPIC_AS_TOP_LEVEL）',
    templates=("f2019", "f2021"),
)
def check_subtopics_as_sections(context: ReportContext):
    words = data_toml("overview.toml")["subtopic_headings"]
    found = [s for s in context.report.sections if any(word in s.title for word in words)]
    if len(found) >= 2:  # (one such title may be a report's own extra section)
        yield Finding({"titles": "、".join(f"“{s.marker}{s.title}”" for s in found)}, span=found[0].span,
                      key="subtopics", values={"sections": str(len(found))})


@rule(
    code="GD212", name="second-numbering", family="structure", severity="warning",
    message='“{text}”又从“一、”编起（前面的一级标题已编到“{last}”）：报告有第二套编号',
    message_en='“{text}” starts the numbering at “一、” again (after “{last}”): the report has a second numbering',
    summary='一级标题只有一套连续的编号',
    rationale='一级标题编到“六、”后又从“一、”编起，多是把另一份材料（或上年报告）拼接了进来，或把二级标题编成'
              '了一级。解析时这样的行按正文保留（GD902 的读取说明），这里说明它是报告的问题。',
    source='国办公开办函〔2021〕30号（年报的六个部分）；evaluators.md（章节编号）',
)
def check_second_numbering(context: ReportContext):
    """A line numbered 一、 inside a later top-level section: the numbering started again (the
    parser keeps such a line as text, as it cannot be a heading out of order). One finding."""
    from ..ast import Paragraph
    from ..patterns import SECTION

    sections = context.report.sections
    for section in sections[1:]:
        for node in section.children:
            if not isinstance(node, Paragraph):  # (a line kept as text is a paragraph)
                continue
            match = SECTION.match(node.text)
            if match and match.group(1) == "一":
                yield Finding({"text": node.text[:20], "last": section.marker.strip()}, span=node.span, key=node.text[:20])
                return
