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
                yield BatchFinding(mine.source, Finding(
                    {"section": text.label, "other_issuer": theirs.issuer or theirs.key, "other": theirs.source,
                     "ratio": f"{ratio:.0%}", "threshold": f"{threshold:.0%}",
                     "passage": _quoted(passages[0]) if passages else ""},
                    span=text.span, relation="copied_between_units",
                    related=(Related(f"{theirs.issuer or theirs.key} {theirs.year} 年报告的“{other.label}”", other.span,
                                     source=theirs.source),),
                    values={"overlap": f"{ratio:.3f}", "other_source": theirs.source, "passages": "｜".join(passages)},
                    key=f"{section}:{theirs.key}"))


# A passage a message quotes is cut to this many characters (the finding's values keep them whole).
QUOTED_CHARS = 40


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
