"""Publication deadlines of annual reports, as data (data/deadlines.toml and the plugins'
`govdisclosure_deadlines` files), and a report's publication date from its page metadata.

`deadline_for(deadlines, year, issuer, region, summary)` picks the entry that fits a report: of
those whose years, kinds, levels, summary flag and regions fit, the one for the narrowest region
(a longer division-code prefix), and among equally narrow ones the later (a plugin's after the
core's): a province's plugin may set a stricter local date without repeating the national ones.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from .catalog.model import CatalogError
from .issuer_type import IssuerType

KINDS = ("government", "department", "township", "vertical")
LEVELS = ("province", "prefecture", "county", "township")
ANY_KIND = "*"


@frozen
class Deadline:
    """One entry: for report years `first_year`..`last_year` (None: open), bodies of `kinds` (and
    `levels`; () any), summary reports or not (None: both), in `regions` (() everywhere), the
    report is due by `month`/`day` of the next year."""

    first_year: int
    last_year: int | None
    kinds: tuple[str, ...]
    month: int
    day: int
    source: str
    levels: tuple[str, ...] = ()
    summary: bool | None = None
    regions: tuple[str, ...] = ()
    plugin: str = ""

    def fits(self, year: int, issuer: IssuerType, region: str | None, summary: bool) -> bool:
        if year < self.first_year or (self.last_year is not None and year > self.last_year):
            return False
        if ANY_KIND not in self.kinds and issuer.kind not in self.kinds:
            return False
        if self.levels and issuer.level not in self.levels:
            return False
        if self.summary is not None and self.summary != summary:
            return False
        return not self.regions or (region is not None and region.startswith(self.regions))

    def narrowness(self, region: str | None) -> int:
        """How narrow the entry's region is for a report of `region`: its longest prefix that
        the region starts with (0: an entry for everywhere)."""
        return max((len(prefix) for prefix in self.regions if region and region.startswith(prefix)), default=0)

    def date(self, year: int) -> datetime.date:
        """The last day of publication for a report of `year`."""
        return datetime.date(year + 1, self.month, self.day)


def parse_deadlines(data: dict[str, Any], origin: str, plugin: str = "") -> list[Deadline]:
    """The `[[deadlines]]` of a deadlines file; CatalogError names the entry and what is wrong."""
    out = []
    for number, entry in enumerate(data.get("deadlines", []), 1):
        where = f"{origin}: deadline {number}"
        unknown = set(entry) - {"years", "kinds", "levels", "summary", "regions", "month", "day", "source"}
        if unknown:
            raise CatalogError(f"{where}: unknown key {', '.join(sorted(unknown))}")
        years = entry.get("years")
        if not (isinstance(years, list) and 1 <= len(years) <= 2
                and all(isinstance(y, int) and not isinstance(y, bool) for y in years) and years[0] <= years[-1]):
            raise CatalogError(f"{where}: `years` must be [first] or [first, last] (report years, first ≤ last)")
        kinds = entry.get("kinds")
        if not isinstance(kinds, list) or not kinds or any(k not in KINDS + (ANY_KIND,) for k in kinds):
            raise CatalogError(f"{where}: `kinds` must list some of {', '.join(KINDS)} or \"*\"")
        levels = entry.get("levels", [])
        if not isinstance(levels, list) or any(level not in LEVELS for level in levels):
            raise CatalogError(f"{where}: `levels` must list some of {', '.join(LEVELS)}")
        regions = entry.get("regions", [])
        if not isinstance(regions, list) or any(not (isinstance(r, str) and re.fullmatch(r"\d{2,6}", r)) for r in regions):
            raise CatalogError(f"{where}: `regions` must list division-code prefixes (\"35\", \"3501\")")
        summary = entry.get("summary")
        if summary is not None and not isinstance(summary, bool):
            raise CatalogError(f"{where}: `summary` must be true or false")
        month, day = entry.get("month"), entry.get("day")
        try:
            datetime.date(2001, month, day)  # (not a leap year: a deadline is a date every year)
        except (TypeError, ValueError):
            raise CatalogError(f"{where}: `month` and `day` must make a date, not {month!r}/{day!r}") from None
        source = entry.get("source")
        if not isinstance(source, str) or not source:
            raise CatalogError(f"{where}: `source` must say where the deadline is set")
        out.append(Deadline(years[0], years[1] if len(years) == 2 else None, tuple(kinds), month, day, source,
                            tuple(levels), summary, tuple(regions), plugin))
    return out


def deadline_for(deadlines: Iterable[Deadline], year: int, issuer: IssuerType, region: str | None,
                 summary: bool = False) -> Deadline | None:
    """The deadline of a report (see the module's doc); None when no entry fits."""
    best: tuple[int, int] | None = None
    chosen = None
    for order, deadline in enumerate(deadlines):
        if deadline.fits(year, issuer, region, summary):
            rank = (deadline.narrowness(region), order)
            if best is None or rank > best:
                best, chosen = rank, deadline
    return chosen


# A date as pages print it: 2020-01-31, 2020/1/31, 2020.01.31, 2020年1月31日 (a time may follow).
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def published_date(metadata: dict[str, str], keys: Iterable[str]) -> tuple[datetime.date, str] | None:
    """The first of `keys` in the page metadata that holds a real date: (the date, the key)."""
    for key in keys:
        match = _DATE.search(metadata.get(key) or "")
        if match:
            try:
                return datetime.date(*map(int, match.groups())), key
            except ValueError:  # 2020-02-30: no date
                continue
    return None


def is_summary(title: str | None) -> bool:
    """Whether a report is a region's consolidated (汇总) report, as its title says."""
    return bool(title) and "汇总" in title  # type: ignore[operator]
