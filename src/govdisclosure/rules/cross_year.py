"""Cross-year rules: checks of one report against the same issuer's report of the year before.

They run on `YearRecord`s (collection.py) of consecutive years, through the same hook and the
same scoping as single-report rules (`Rule.scope == "pair"`, applying by the later report's
template and year). Every finding stands on the later report and names the earlier one, with its
place, as related. Parameters: data/cross_year.toml.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from importlib import resources

from ..collection import Place
from ..similarity import overlap  # noqa: F401 - GD504's measure (and GD701's), here since 0.1
from ..textutil import usable_number
from .model import Finding, PairContext, Related, pair_rule  # noqa: F401 - PairContext: its 0.1 home



@lru_cache(maxsize=1)
def parameters() -> dict:
    from ..cache import toml

    return toml(resources.files("govdisclosure").joinpath("data/cross_year.toml").read_text(encoding="utf-8"))


def _number(place: Place | None) -> Decimal | None:
    return None if place is None else usable_number(place.value, place.status)


def _earlier(context: PairContext, place: Place | None, what: str) -> tuple[Related, ...]:
    previous = context.previous
    return (Related(f"{previous.year} 年报告（{previous.source}）的“{what}”", place.span if place else None,
                    source=previous.source),)


@pair_rule(
    code="GD501", name="carry-over", family="cross-year", severity="error",
    reads=(parameters()["carry_over"]["current"], parameters()["carry_over"]["previous"]),
    templates=('f2019', 'f2021'),
    message='{year} 年“{label}”（{column}）为 {carried_in}，但 {previous} 年报告结转下年度 {carried_out}',
    message_en='{year} “{label}” ({column}) is {carried_in}, but the {previous} report carried {carried_out} over',
    summary='上年结转等于上一年报告的结转下年度继续办理（逐列）',
    rationale='本年的“上年结转政府信息公开申请数量”就是上一年报告中“结转下年度继续办理”的申请。',
    source='国办公开办函〔2021〕30号',
)
def check_carry_over(context: PairContext):
    """上年结转 (Y) = 结转下年度 (Y−1), per applicant column."""
    params = parameters()["carry_over"]
    for column in params["columns"]:
        carried_in = context.current.fact(params["current"], column)
        carried_out = context.previous.fact(params["previous"], column)
        if carried_in is None or carried_out is None:
            continue
        now, before = _number(carried_in), _number(carried_out)
        if now is None or before is None or now == before:
            continue
        yield Finding({"year": context.current.year, "previous": context.previous.year, "column": column,
                       "carried_in": now, "carried_out": before, "label": carried_in.label},
                      span=carried_in.span, related=_earlier(context, carried_out, carried_out.label),
                      indicators=(params["current"], params["previous"]), relation="carry_over",
                      values={"carried_in": str(now), "carried_out": str(before), "previous_source": context.previous.source},
                      key=f"{column}:{context.previous.year}")


@pair_rule(
    code="GD502", name="roll-forward", family="cross-year", severity="warning",
    reads=tuple(parameters()["roll_forward"]["concepts"]),
    templates=('f2021',),
    message='“{label}”现行有效件数 {actual}，但 {previous} 年的 {before} + 本年制发 {issued} − 本年废止 {repealed} = {expected}',
    message_en="“{label}” in force {actual}, but {previous}'s {before} + issued {issued} − repealed {repealed} = {expected}",
    summary='现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（规章、行政规范性文件）',
    rationale='现行有效件数逐年滚动；修改（而非制发或废止）的文件会使等式不成立，故为警告。',
    source='国办公开办函〔2021〕30号',
)
def check_roll_forward(context: PairContext):
    """现行有效 (Y) = 现行有效 (Y−1) + 制发 (Y) − 废止 (Y), for 规章 and 行政规范性文件."""
    params = parameters()["roll_forward"]
    for concept in params["concepts"]:
        in_force = context.current.fact(concept, params["in_force"])
        before_place = context.previous.fact(concept, params["in_force"])
        if in_force is None or before_place is None:
            continue
        now, before = _number(in_force), _number(before_place)
        issued = _number(context.current.fact(concept, params["issued"]))
        repealed = _number(context.current.fact(concept, params["repealed"]))
        if now is None or before is None or issued is None or repealed is None:
            continue
        expected = before + issued - repealed
        if now == expected:
            continue
        yield Finding({"label": in_force.label, "year": context.current.year, "previous": context.previous.year,
                       "actual": now, "before": before, "issued": issued, "repealed": repealed, "expected": expected},
                      span=in_force.span, related=_earlier(context, before_place, f"{before_place.label} 现行有效件数"),
                      indicators=(concept,), relation="roll_forward",
                      values={"in_force": str(now), "previous_in_force": str(before), "issued": str(issued),
                              "repealed": str(repealed), "previous_source": context.previous.source},
                      key=f"{concept}:{context.previous.year}")


def _year_on_year(context: PairContext, concept: str, column: str, relation: str, place: Place, before_place: Place,
                  now: Decimal, before: Decimal) -> Finding:
    """A finding on one statistic compared with the same statistic of the year before."""
    return Finding({"label": place.label, "column": column, "actual": now, "before": before,
                    "previous": context.previous.year},
                   span=place.span, related=_earlier(context, before_place, before_place.label),
                   indicators=(concept,), relation=relation,
                   values={"current": str(now), "previous": str(before), "previous_source": context.previous.source},
                   key=f"{concept}:{column}:{context.previous.year}")


@pair_rule(
    code="GD503", name="cumulative-decreases", family="cross-year", severity="error",
    reads=tuple(f"*:{column}" for column in parameters()["cumulative"]["columns"]),
    message='“{label}”的{column}为 {actual}，少于 {previous} 年报告的 {before}',
    message_en="“{label}” {column} is {actual}, below the {previous} report's {before}",
    summary='历年累计数逐年不减',
)
def check_cumulative(context: PairContext):
    """A running total (历年累计) never decreases from one year to the next."""
    columns = set(parameters()["cumulative"]["columns"])
    for (concept, column), place in sorted(context.current.facts.items()):
        if column not in columns:
            continue
        before_place = context.previous.fact(concept, column)
        if before_place is None:
            continue
        now, before = _number(place), _number(before_place)
        if now is not None and before is not None and now < before:
            yield _year_on_year(context, concept, column, "cumulative", place, before_place, now, before)


@pair_rule(
    code="GD504", name="copied-text", family="cross-year", severity="warning",
    reads=(),
    message='“{section}”与 {previous} 年报告的同一部分重合 {ratio}（超过 {threshold}）',
    message_en="“{section}” overlaps the {previous} report's by {ratio} (above {threshold})",
    summary='总体情况、存在的主要问题及改进情况与上一年报告雷同',
    rationale='年度报告格式通知要求避免年年雷同；有的地方考核对重合超过一半的报告扣分。',
    source='国办公开办函〔2021〕30号',
)
def check_copied_text(context: PairContext):
    params = parameters()["copied_text"]
    for name in params["sections"]:
        mine, theirs = context.current.texts.get(name), context.previous.texts.get(name)
        if mine is None or theirs is None or len(mine.value or "") < params["min_chars"]:
            continue
        ratio = overlap(mine.value, theirs.value or "", params["ngram"])
        if ratio <= params["threshold"]:
            continue
        percent = f"{ratio:.0%}"
        yield Finding({"section": mine.label, "ratio": percent, "previous": context.previous.year,
                       "threshold": f"{params['threshold']:.0%}"},
                      span=mine.span, related=_earlier(context, theirs, theirs.label),
                      relation="copied_text", values={"overlap": f"{ratio:.3f}", "previous_source": context.previous.source},
                      key=f"{name}:{context.previous.year}")


@pair_rule(
    code="GD505", name="year-on-year-jump", family="cross-year", severity="info",
    reads=tuple(dict.fromkeys(concept for concept, _ in parameters()["jumps"]["statistics"])),
    message='“{label}”（{column}）为 {actual}，{previous} 年为 {before}，变化超过五倍',
    message_en='“{label}” ({column}) is {actual}, {previous} had {before}: more than a fivefold change',
    summary='关键统计数与上一年相比变化超过五倍',
)
def check_jumps(context: PairContext):
    params = parameters()["jumps"]
    factor = Decimal(params["factor"])
    for concept, column in params["statistics"]:
        place, before_place = context.current.fact(concept, column), context.previous.fact(concept, column)
        if place is None or before_place is None:
            continue
        now, before = _number(place), _number(before_place)
        if now is None or before is None or max(now, before) < params["min_base"]:
            continue
        if now >= before * factor or now * factor <= before:
            yield _year_on_year(context, concept, column, "jump", place, before_place, now, before)
