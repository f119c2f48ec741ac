"""Batch rules: checks across the reports of one run (`BatchContext`), grouped as each declares.
Units copying each other's text in the same year (GD701), and units of a roster with no report
(GD702)."""

from __future__ import annotations

from functools import lru_cache

from ..ast import Span
from ..messages import data_toml
from .model import BatchContext, BatchFinding, Finding, Related, batch_rule


@lru_cache(maxsize=1)
def _parameters() -> dict:
    from .cross_year import parameters

    return {**parameters()["copied_text"], **data_toml("batch.toml")["copied_between_units"]}


@batch_rule(
    code="GD701", name="copied-from-other-unit", family="batch", severity="warning", group_by="year",
    message='“{section}”与 {other_issuer} 同年的报告（{other}）重合 {ratio}（超过 {threshold}），如“{passage}”',
    message_en='“{section}” overlaps the same year\'s report of {other_issuer} ({other}) by {ratio} (above {threshold}), '
               'e.g. “{passage}”',
    summary='总体情况、存在的主要问题及改进情况与另一单位同年的报告雷同',
    rationale='考评标准把与其他单位雷同和与往年雷同一样扣分（鲤城区 2020：雷同扣 5 分）；GD504 只比同一单位的上一年。'
              '同一年的报告两两比较用 MinHash 签名和分段哈希找出候选（10 万份报告也是线性时间），再逐对精确计算重合比例，'
              '与 GD504 同一口径（data/cross_year.toml）；许多报告共有的模板用语不算。',
    source='鲤城区 2020 年政务公开考评标准（evaluators.md E9）；国办公开办函〔2021〕30号（不得年年雷同）',
)
def check_copied_between_units(context: BatchContext):
    """Pairs of different issuers' reports of one year whose overview or problems sections
    overlap above GD504's threshold, each way: a finding on each report the other's text covers,
    naming the other and the longest passages they share."""
    from ..similarity import candidate_pairs, overlap, shared_passages, signature

    params = _parameters()
    n, threshold = params["ngram"], params["threshold"]
    for section in params["sections"]:
        # First pass: one signature per report that has the section, long enough; kept small.
        keys: list[str] = []
        signatures = []
        for index, record in enumerate(context.records()):
            keys.append(record.key)
            place = record.texts.get(section)
            if place is not None and len(place.value or "") >= params["min_chars"]:
                signatures.append((index, signature(place.value or "", n)))
        pairs = {(a, b) for a, b in candidate_pairs(signatures, params["max_bucket"]) if keys[a] != keys[b]}
        if not pairs:
            continue
        # Second pass: the candidates' records only, compared exactly.
        wanted = {i for pair in pairs for i in pair}
        held = {index: record for index, record in enumerate(context.records()) if index in wanted}
        for a, b in sorted(pairs):
            for mine, theirs in ((held[a], held[b]), (held[b], held[a])):
                text, other = mine.texts[section], theirs.texts[section]
                ratio = overlap(text.value or "", other.value or "", n)
                if ratio <= threshold:
                    continue
                passages = shared_passages(text.value or "", other.value or "", params["passage_chars"], params["passages"])
                # (the passages are arguments, not values: the fingerprint must not change with them)
                yield BatchFinding(mine.source, Finding(
                    {"section": text.label, "other_issuer": theirs.issuer or theirs.key, "other": theirs.source,
                     "ratio": _percent(ratio, threshold), "threshold": f"{threshold:.0%}",
                     "passage": _quoted(passages[0]) if passages else "", "passages": passages},
                    span=text.span, relation="copied_between_units",
                    related=(Related(f"{theirs.issuer or theirs.key} {theirs.year} 年报告的“{other.label}”", other.span,
                                     source=theirs.source),),
                    values={"overlap": f"{ratio:.3f}", "other_source": theirs.source},
                    key=f"{section}:{theirs.key}"))


# A passage a message quotes is cut to this many characters (the finding's values keep them whole).
QUOTED_CHARS = 40


def _percent(ratio: float, threshold: float) -> str:
    """A share as a percent, with a decimal where a whole percent would read as the threshold."""
    whole = f"{ratio:.0%}"
    return f"{ratio:.1%}" if whole == f"{threshold:.0%}" else whole


def _quoted(passage: str) -> str:
    return passage if len(passage) <= QUOTED_CHARS else passage[:QUOTED_CHARS] + "…"


@batch_rule(
    code="GD702", name="missing-report", family="batch", severity="warning", group_by="run",
    message='名册中的“{unit}”没有 {years} 年的报告',
    message_en='“{unit}” of the roster has no report for {years}',
    summary='名册（check --roster）列出的单位每个应报年度都有报告',
    rationale='应报尽报：考评对未发布年度报告的单位扣分（宿迁），广东曾通报未发布的单位。名册由使用者给出'
              '（CSV：issuer 或 division，years），没有名册时不检查。',
    source='evaluators.md E2（宿迁考评细则；粤办函〔2010〕249号）',
)
def check_roster(context: BatchContext):
    """Each unit of the roster without a report of a year it must report for, as a finding on
    the roster's row. A unit is its issuer key, or a division's people's government."""
    from ..collection import issuer_key
    from ..issuer_type import issuer_type

    roster = context.roster
    if roster is None:
        return
    by_key: dict[str, set[int]] = {}
    governments: dict[str, set[int]] = {}
    for record in context.records():
        if record.year is None:
            continue
        by_key.setdefault(record.key, set()).add(record.year)
        if record.region and issuer_type(record.issuer).kind == "government":
            governments.setdefault(record.region, set()).add(record.year)
    for unit in roster.units:
        seen = by_key.get(issuer_key(unit.issuer), set()) if unit.issuer else governments.get(unit.division, set())
        missing = [year for year in unit.years if year not in seen]
        if missing:
            yield BatchFinding(roster.path, Finding(
                {"unit": unit.name, "years": "、".join(map(str, missing))},
                span=Span(unit.line, 1, unit.line, 1, 0, 0), key=f"{unit.name}:{','.join(map(str, missing))}",
                values={"missing": ",".join(map(str, missing))}))


def _summary_statistics() -> list[tuple[str, str]]:
    return [(concept, column) for concept, column in data_toml("batch.toml")["summary_vs_units"]["statistics"]]


def _area(code: str) -> str:
    """The division-code prefix of a division's area: a province's two digits, a prefecture's
    four, a county's six."""
    from ..jurisdiction import divisions

    division = divisions().get(code)
    level = division.level if division is not None else "county"
    return code[:2] if level == "province" else code[:4] if level == "prefecture" else code


def _roster_region(unit) -> str | None:
    from ..jurisdiction import resolve_name

    if unit.division:
        return unit.division
    place = resolve_name(unit.issuer)
    return place.code if place is not None else None


@batch_rule(
    code="GD703", name="summary-differs-from-units", family="batch", severity="info", group_by="year",
    reads=tuple(dict.fromkeys(concept for concept, _ in _summary_statistics())),
    message={"differs": '汇总报告的“{label}”（{column}）为 {actual}，所属 {count} 个单位的报告合计 {expected}',
             "no-roster": '汇总报告未与所属单位的报告比较：没有名册（check --roster），不知道所属单位是否齐全',
             "no-units": '汇总报告未与所属单位的报告比较：名册中没有该区域的单位',
             "units-absent": '汇总报告未与所属单位的报告比较：名册中该区域有 {absent} 个单位没有本年的报告（{names}）',
             "units-unplaced": '汇总报告未与所属单位的报告比较：名册中 {count} 个单位的区划无法确定（{names}），不知是否属于该区域'},
    message_en={"differs": 'the consolidated report\'s “{label}” ({column}) is {actual}; its {count} units\' reports add up '
                           'to {expected}',
                "no-roster": "the consolidated report is not compared with its units' reports: no roster "
                             "(check --roster) says whether all its units are here",
                "no-units": "the consolidated report is not compared with its units' reports: the roster lists no "
                            "unit of its area",
                "units-absent": "the consolidated report is not compared with its units' reports: {absent} units of "
                                "its area in the roster have no report this year ({names})",
                "units-unplaced": "the consolidated report is not compared with its units' reports: the division of "
                                  "{count} units of the roster is not known ({names}), nor whether they are in its area"},
    summary='汇总报告的统计数等于所属各单位报告之和（名册列出的单位都有报告时）',
    rationale='省级政府报告应反映本行政区域全貌（中国社科院 2016）；汇总数与下级各单位之和不符，可能漏汇或重复。'
              '只有名册（check --roster）列出该区域的单位、且它们当年的报告都在本次检查中时才比较：缺一份就无从求和。'
              '口径差异（垂直管理单位是否汇入等）各地不同，故默认只作提示，地方插件可提高级别。',
    source='evaluators.md E19（KIROGOVCOMPARE hierarchy_sum）；国办公开办函〔2021〕30号（汇总报告）',
)
def check_summary_against_units(context: BatchContext):
    """Each 汇总 report of the year with a division: its statistics against the sum of its
    units' (the roster's units in its area, each with a report in the group); a statistic any
    report leaves blank or unread is not compared. The group is read once, whatever the number
    of summaries."""
    from decimal import Decimal

    from ..collection import YearRecord, issuer_key
    from ..issuer_type import issuer_type
    from ..textutil import usable_number

    summaries: list[YearRecord] = []
    present: dict[str, YearRecord] = {}  # issuer key, or a division code for its government
    for record in context.records():
        if record.summary:
            if record.region:
                summaries.append(record)
            continue
        present[record.key] = record
        if record.region and issuer_type(record.issuer).kind == "government":
            present.setdefault(record.region, record)
    if not summaries:
        return
    roster = context.roster
    if roster is None:
        for summary in summaries:
            yield BatchFinding(summary.source, Finding({"kind": "no-roster"}, key="no-roster", category="reading"))
        return
    due = [unit for unit in roster.units if context.key in unit.years]
    regions = {unit.line: _roster_region(unit) for unit in due}  # (each unit resolved once)
    unplaced = [unit.name for unit in due if regions[unit.line] is None]

    def report_of(unit) -> YearRecord | None:
        return present.get(issuer_key(unit.issuer) if unit.issuer else unit.division)

    for summary in summaries:
        if unplaced:  # a unit the gazetteer cannot place may be in the area: no sum can be trusted
            yield BatchFinding(summary.source, Finding(
                {"kind": "units-unplaced", "count": len(unplaced), "names": _names(unplaced)},
                key="units-unplaced", values={"unplaced": str(len(unplaced))}, category="reading"))
            continue
        area = _area(summary.region or "")
        units = [unit for unit in due if (regions[unit.line] or "").startswith(area)]
        if not units:
            yield BatchFinding(summary.source, Finding({"kind": "no-units"}, key="no-units", category="reading"))
            continue
        absent = [unit.name for unit in units if report_of(unit) is None]
        if absent:
            yield BatchFinding(summary.source, Finding(
                {"kind": "units-absent", "absent": len(absent), "names": _names(absent)},
                key="units-absent", values={"absent": str(len(absent))}, category="reading"))
            continue
        reports = list({id(r): r for r in map(report_of, units) if r is not None}.values())  # (a report once)
        for concept, column in _summary_statistics():
            mine = summary.fact(concept, column)
            theirs = [record.fact(concept, column) for record in reports]
            actual = usable_number(mine.value, mine.status) if mine is not None else None
            parts = [usable_number(p.value, p.status) if p is not None else None for p in theirs]
            if actual is None or any(p is None for p in parts):
                continue  # (blank is not zero: nothing to add up)
            expected = sum((p for p in parts if p is not None), Decimal(0))
            if expected != actual:
                assert mine is not None
                yield BatchFinding(summary.source, Finding(
                    {"kind": "differs", "label": mine.label, "column": column, "actual": actual, "expected": expected,
                     "count": len(reports)},
                    span=mine.span, indicators=(concept,), relation="summary_vs_units",
                    related=tuple(Related(f"{r.issuer} 的“{p.label}”为 {p.value}", p.span, source=r.source)
                                  for r, p in zip(reports, theirs) if p is not None),
                    values={"actual": str(actual), "expected": str(expected), "units": str(len(reports))},
                    key=f"{concept}:{column}"))


def _names(names: list[str]) -> str:
    return "、".join(names[:5]) + ("等" if len(names) > 5 else "")
