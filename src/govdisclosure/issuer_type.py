"""What kind of body issued a report: a people's government, a department, a township or street,
a vertically managed body, or unknown (not assessed), and at which level of the divisions
(govdisclosure.jurisdiction). The patterns are data (data/issuer_types.toml)."""

from __future__ import annotations

import re
from functools import lru_cache

from attrs import frozen


@frozen
class IssuerType:
    kind: str  # government, department, township, vertical or unknown
    level: str | None  # province, prefecture, county or township; None when not known

    @property
    def can_make_regulations(self) -> bool | None:
        """Whether the body may make 规章 (立法法 第九十三条); None when that cannot be told."""
        if self.kind == "unknown" or self.level is None:
            return None
        if self.kind == "vertical":
            return None  # (its national head may; the local office does not report its own)
        return self.level in _data()["makes_regulations"].get(self.kind, ())

    @property
    def regulations_judged(self) -> bool:
        """Whether a report's 规章 are judged against `can_make_regulations` at this level."""
        return self.level in _data()["regulations_judged"]["levels"]


def _data() -> dict:
    from .messages import data_toml

    return data_toml("issuer_types.toml")


@lru_cache(maxsize=1)
def _kinds() -> list[tuple[str, re.Pattern[str]]]:
    return [(entry["kind"], re.compile(entry["pattern"])) for entry in _data()["kinds"]]


@lru_cache(maxsize=4096)
def issuer_type(name: str | None) -> IssuerType:
    """The kind and level of the body named `name` (an issuer as a report gives it)."""
    if not name:
        return IssuerType("unknown", None)
    name = re.sub(r"\s", "", name)
    kind = next((kind for kind, pattern in _kinds() if pattern.search(name)), "unknown")
    if kind == "township":
        return IssuerType(kind, "township")
    if kind == "unknown":
        return IssuerType(kind, None)
    from .jurisdiction import resolve_name

    place = resolve_name(name)
    return IssuerType(kind, place.level if place is not None else None)
