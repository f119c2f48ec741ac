"""The plugin module the `govdisclosure` entry point names: the Fujian catalogue and rules.

FJ101 (one report): in every row, 历年累计 is not below the year's figure (the catalogue's
relation `fj.cumulative_not_below_year`, of kind column_not_above, evaluated by the core).
FJ501 (two consecutive years of one issuer): 历年累计 never decreases, in every row of the
Fujian table, its `fj.*` rows included.

Both apply to the `fj-legacy` template in Fujian only (`regions=("35",)`); the engine applies the
scope, the checks never re-check it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from govdisclosure.hookspecs import hookimpl
from govdisclosure.rules.arithmetic import relation_findings
from govdisclosure.rules import Finding, PairContext, Related, ReportContext, pair_rule, rule

from . import REGIONS, TEMPLATE, catalog_file

NUMERIC = ("number", "zero")
# The column ids of the year's figure and the running total in the catalogue (fj_legacy.toml).
YEAR_COLUMN = "value"
CUMULATIVE_COLUMN = "cumulative"
# How the core names a 历年累计 column it keeps beside a single-value table (a Fujian table read
# as the national `legacy` one): an earlier year's report may have been read that way.
CUMULATIVE_COLUMNS = (CUMULATIVE_COLUMN, "历年累计")
SOURCE = "福建省政府信息公开情况统计表（指标名称 | 计量单位 | 年度 | 历年累计）; formats.md §1.5"


def _number(value, status) -> Decimal | None:
    if value is None or status not in NUMERIC:
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


# --- FJ501 ---------------------------------------------------------------------------------------


def _earlier(record, concept: str):
    for column in CUMULATIVE_COLUMNS:
        place = record.fact(concept, column)
        if place is not None:
            return place
    return None


# --- FJ101 ---------------------------------------------------------------------------------------


@rule(
    code="FJ101", name="fj-cumulative-below-year", family="arithmetic", severity="error",
    templates=(TEMPLATE,), regions=REGIONS,
    message="“{label}”的历年累计 {total} 小于本年度数 {part}",
    message_en="“{label}”: 历年累计 (running total) {total} is below the year's figure {part}",
    summary="福建统计表：每行的历年累计不小于本年度数",
    rationale="历年累计包含本年度，故不可能小于本年度数。",
    source=SOURCE,
)
def check_cumulative_not_below_year(context: ReportContext):
    """The catalogue's relation marked FJ101 (fj_legacy.toml), evaluated by the core."""
    return relation_findings(context, "FJ101")


@pair_rule(
    code="FJ501", name="fj-cumulative-decreases", family="cross-year", severity="error",
    reads=tuple(f"*:{column}" for column in CUMULATIVE_COLUMNS),  # every row's 历年累计, the fj.* rows included
    templates=(TEMPLATE,), regions=REGIONS,
    message="“{label}”的历年累计为 {actual}，少于 {previous} 年报告的 {before}",
    message_en="“{label}”: 历年累计 (running total) is {actual}, below the {previous} report's {before}",
    summary="福建统计表：每行的历年累计逐年不减（含福建特有的行）",
    rationale="历年累计是截至本年的累计数，只增不减；减少说明某一年的累计口径或数字有误。",
    source=SOURCE,
)
def check_cumulative_never_decreases(context: PairContext):
    """历年累计 (year Y) ≥ 历年累计 (year Y−1), row by row (by concept: a row reworded between the
    years, 主动公开信息数 → 主动公开文件数, is the same row)."""
    current, previous = context.current, context.previous
    for (concept, column), place in sorted(current.facts.items()):
        if column not in CUMULATIVE_COLUMNS:
            continue
        before_place = _earlier(previous, concept)
        if before_place is None:
            continue
        now, before = _number(place.value, place.status), _number(before_place.value, before_place.status)
        if now is None or before is None or now >= before:
            continue
        yield Finding({"label": place.label, "actual": now, "before": before, "previous": previous.year,
                       "year": current.year},
                      span=place.span,
                      related=(Related(f"{previous.year} 年报告（{previous.source}）的“{before_place.label}”历年累计",
                                       before_place.span, source=previous.source),),
                      indicators=(concept,), relation="fj.cumulative_never_decreases",
                      values={"current": str(now), "previous": str(before), "previous_source": previous.source},
                      key=f"{concept}:{previous.year}")


RULES = (check_cumulative_not_below_year, check_cumulative_never_decreases)


@hookimpl
def govdisclosure_catalogs():
    return [catalog_file()]


@hookimpl
def govdisclosure_rules():
    return list(RULES)
