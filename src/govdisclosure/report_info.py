"""What a report says about itself: its year, statistics period and issuing body."""

from __future__ import annotations

import re

from .ast import Item, Paragraph, Section
from .textutil import YEAR, YEAR_IN_DATE
_PERIOD_KEY = re.compile(r"统计(?:期限|时限|期间|时间|周期|区间|时段|范围)")
_DATE = r"(?:(?:19|20)\d{2} ?年 ?)?\d{1,2} ?月 ?\d{1,2} ?日"
_PERIOD = re.compile(rf"(?:19|20)\d{{2}} ?年 ?\d{{1,2}} ?月 ?\d{{1,2}} ?日 ?(?:起 ?)?(?:至|到|—|-|～|~) ?{_DATE}(?: ?止)?"
                     # dates in figures only: `2021-1-1`, `2021.1.1`, `2021/1/1`
                     rf"|(?:19|20)\d{{2}}(?P<sep>[-./])\d{{1,2}}(?P=sep)\d{{1,2}} ?(?:起 ?)?(?:至|到|—|～|~) ?"
                     rf"(?:19|20)\d{{2}}(?P=sep)\d{{1,2}}(?P=sep)\d{{1,2}}(?: ?止)?")
# The report naming itself in its text: `现公布区统计局2023年政府信息公开工作年度报告`,
# `特向社会公布2021年度本级政府信息公开工作年度报告`, `汇报我镇2023年政府信息公开工作`.
_STATEMENT_YEAR = re.compile(r"((?:19|20)\d{2}) ?年度?[^。，；：\d]{0,20}?政府信息公开(?:工作)?(?:年度报告|年报|工作)")
# A text that calls itself an information-disclosure annual report.
_REPORT_NAME = re.compile(r"(?:政府)?信息公开(?:工作)?(?:年度报告|年报)|(?:19|20)\d{2} ?年度?[^。，；：\d]{0,20}?政府信息公开工作"
                          r"|本报告[^。]{0,6}?根据《中华人民共和国政府信息公开条例》")
# Bounded repeats, and only on a title of sane length: with `.*?` twice the match tried every
# year against the rest of the title, quadratic on a crawler header's `标题: 2020年2020年…`.
_TITLE_ISSUER = re.compile(r"^(.{0,100}?)(?:19|20)\d{2} ?年度?(.{0,100}?)(?:政府信息公开|政务公开|信息公开)")
TITLE_ISSUER_CHARS = 200
_PREAMBLE_ISSUER = re.compile(r"由(.{2,30}?)(?:根据|依据|按照|依照|编制|编写)")


def _texts(preamble, sections, limit: int = 12):
    """Texts where a report states its period: the preamble, then the first section."""
    blocks = list(preamble)
    if sections:
        blocks.append(Paragraph(sections[0].text))
        blocks.extend(sections[0].children)
    for block in blocks[:limit]:
        if isinstance(block, (Paragraph, Item)):
            yield block.text
        elif isinstance(block, Section):
            yield block.text


def period_of(preamble, sections) -> str | None:
    """The statistics period as stated (`2018年1月1日至2018年12月31日`): None when the report
    states none, "" when it names a period without dates."""
    for text in _texts(preamble, sections):
        key = _PERIOD_KEY.search(text)
        if not key:
            continue
        sentence_end = text.find("。", key.end())
        sentence = text[key.end() : sentence_end if sentence_end >= 0 else len(text)]
        match = _PERIOD.search(sentence)
        if match:
            return match.group()
        return ""
    return None


def year_of(title: str | None, period: str | None, preamble=(), sections=()) -> int | None:
    """The report year: the title's, else the statistics period's, else the year of the report
    as its text names it (`现公布…2023年政府信息公开工作年度报告`)."""
    for text in (title, period):
        match = YEAR.search(text or "") or YEAR_IN_DATE.search(text or "")
        if match:
            return int(match.group(1))
    for text in _texts(preamble, sections):
        match = _STATEMENT_YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def names_itself_a_report(report) -> bool:
    """Whether a text calls itself a government information-disclosure annual report (in its
    title or its opening text): only such a text is given a template by its year alone."""
    texts = [report.title or "", *_texts(report.preamble, report.sections)]
    return any(_REPORT_NAME.search(text) for text in texts)


def issuer_of(title: str | None, preamble) -> str | None:
    """The issuing body: the name around the title's year, else `由…编制` in the preamble."""
    match = _TITLE_ISSUER.match(title) if title and len(title) <= TITLE_ISSUER_CHARS else None
    if match:
        name = (match.group(1) or match.group(2)).strip(" ：")
        if name:
            return name
    for block in preamble:
        if isinstance(block, Paragraph):
            match = _PREAMBLE_ISSUER.search(block.text)
            if match:
                return match.group(1).strip()
    return None
