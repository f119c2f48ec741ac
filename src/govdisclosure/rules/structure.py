"""Structure and compliance: the sections a report must have, and what some must say."""

from __future__ import annotations

import re

from ..vocabulary import SectionRole
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
