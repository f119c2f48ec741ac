"""Derived indicators: rates computed from a report's statistics, defined as data
(catalog/data/derived.toml and the plugins' files through the `govdisclosure_derived` hook).

Each indicator has named variants wherever practice differs in the denominator; every row says
which variant it is. A rate is computed only from operands printed as numbers: a blank, a dash
or a cell not read gives a missing rate, never zero. N is the denominator's value (for a growth,
last year's); a rate on fewer than `min_n` cases is marked `low_n`.

The panel (`extract --panel`, `panel.panel_frame`) gives each as rows of concept `derived.<id>`,
column the variant, with the numerator, the denominator and N.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from attrs import evolve, frozen

from .catalog.model import CatalogError
from .textutil import usable_number

KINDS = ("ratio", "growth")
# A rate's digits: always six decimal places (a ten-thousandth of a percent), `0.500000`.
PLACES = Decimal("0.000001")
DEFAULT_MIN_N = 30


@frozen
class Term:
    """One operand: a concept's value in the first of `columns` the report prints, added
    (`sign` 1) or taken away (-1)."""

    concept: str
    columns: tuple[str, ...]
    sign: int = 1

    @classmethod
    def parse(cls, text: str, where: str) -> "Term":
        sign = -1 if text.startswith("-") else 1
        concept, _, columns = text.lstrip("-").partition(":")
        if not concept or not columns or any(not c for c in columns.split("|")):
            raise CatalogError(f"{where}: a term is `concept:column` (or `-concept:column`, `concept:a|b`), not {text!r}")
        return cls(concept, tuple(columns.split("|")), sign)

    def __str__(self) -> str:
        return f"{'-' if self.sign < 0 else ''}{self.concept}:{'|'.join(self.columns)}"


@frozen
class Variant:
    name: str
    label: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    plugin: str = ""


@frozen
class DerivedIndicator:
    id: str
    label: str
    label_en: str
    kind: str
    source: str
    variants: tuple[Variant, ...]
    plugin: str = ""

    @property
    def concept(self) -> str:
        return f"derived.{self.id}"


def parse_derived(data: Mapping[str, Any], origin: str, plugin: str = "") -> list[DerivedIndicator]:
    """The `[[indicators]]` of a derived-indicators file; CatalogError names what is wrong. An
    indicator may come with variants only (added to the one of that id elsewhere)."""
    out = []
    for number, entry in enumerate(data.get("indicators", []), 1):
        where = f"{origin}: indicator {number}"
        unknown = set(entry) - {"id", "label", "label_en", "kind", "source", "variants"}
        if unknown:
            raise CatalogError(f"{where}: unknown key {', '.join(sorted(unknown))}")
        ident = entry.get("id")
        if not isinstance(ident, str) or not ident.replace("_", "").isalnum():
            raise CatalogError(f"{where}: `id` must be a word of letters, digits and _ (derived.<id>)")
        kind = entry.get("kind", "")  # ("": not said; an indicator's own, or a new one's "ratio", in `merged`)
        if kind and kind not in KINDS:
            raise CatalogError(f"{where}: `kind` must be one of {', '.join(KINDS)}")
        variants = []
        for place, variant in enumerate(entry.get("variants", []), 1):
            at = f"{where} ({ident}), variant {place}"
            strange = set(variant) - {"name", "label", "numerator", "denominator"}
            if strange:
                raise CatalogError(f"{at}: unknown key {', '.join(sorted(strange))}")
            name = variant.get("name")
            if not isinstance(name, str) or not name:
                raise CatalogError(f"{at}: needs a `name`")
            terms = {}
            for side in ("numerator", "denominator"):
                given = variant.get(side)
                if not isinstance(given, list) or not given or not all(isinstance(t, str) for t in given):
                    raise CatalogError(f"{at}: `{side}` must be a list of terms (`concept:column`)")
                terms[side] = tuple(Term.parse(t, at) for t in given)
            variants.append(Variant(name, str(variant.get("label", name)), terms["numerator"], terms["denominator"], plugin))
        if not variants:
            raise CatalogError(f"{where} ({ident}): needs at least one variant")
        out.append(DerivedIndicator(ident, str(entry.get("label", ident)), str(entry.get("label_en", "")), kind,
                                    str(entry.get("source", "")), tuple(variants), plugin))
    return out


def merged(contributed: Iterable[DerivedIndicator]) -> tuple[DerivedIndicator, ...]:
    """Indicators of the same id as one, their variants in order (an entry that adds variants
    takes the indicator's kind); a variant name given twice, or another kind for a known
    indicator, is an error (two definitions of one figure). A new indicator's kind, unsaid, is
    "ratio"."""
    by_id: dict[str, DerivedIndicator] = {}
    for indicator in contributed:
        known = by_id.get(indicator.id)
        if known is None:
            by_id[indicator.id] = indicator
            continue
        if indicator.kind and known.kind and indicator.kind != known.kind:
            raise CatalogError(f"derived indicator {indicator.id}: kind {indicator.kind!r}, but it is {known.kind!r}")
        names = {v.name for v in known.variants}
        twice = [v.name for v in indicator.variants if v.name in names]
        if twice:
            raise CatalogError(f"derived indicator {indicator.id}: variant {', '.join(twice)} defined twice")
        by_id[indicator.id] = evolve(known, kind=known.kind or indicator.kind,
                                     variants=known.variants + indicator.variants)
    return tuple(evolve(i, kind=i.kind or "ratio") for i in by_id.values())


def _value(values: Mapping[str, Mapping[str, Any]], term: Term) -> Decimal | None:
    """The term's operand (its sign applied), or None when the report does not print it as a number."""
    for column in term.columns:
        cell = values.get(f"{term.concept}:{column}")
        if cell is not None:
            number = usable_number(cell.get("value") or None, str(cell.get("status")))
            return None if number is None else number * term.sign
    return None


def _total(values, terms: tuple[Term, ...]) -> Decimal | None:
    total = Decimal(0)
    for term in terms:
        value = _value(values, term)
        if value is None:
            return None
        total += value
    return total


def _text(number: Decimal | None) -> str:
    """An operand as text: `12` for a whole number, else the decimal as it adds up (`3.50`)."""
    return "" if number is None else format(number.normalize(), "f") if number == number.to_integral_value() \
        else format(number, "f")


def rows(indicators: Iterable[DerivedIndicator], values: Mapping[str, Mapping[str, Any]],
         previous: Mapping[str, Mapping[str, Any]] | None = None, min_n: int = DEFAULT_MIN_N) -> list[dict[str, Any]]:
    """Each indicator's variants for one report, as panel values: `values` are the report's
    (panel.panel_entry's, by `concept:column`), `previous` last year's of the same issuer (for
    growth; None: none in the run)."""
    out = []
    for indicator in indicators:
        for variant in indicator.variants:
            if indicator.kind == "growth":
                numerator = _total(values, variant.numerator)
                denominator = _total(previous, variant.denominator) if previous is not None else None
            else:
                numerator, denominator = _total(values, variant.numerator), _total(values, variant.denominator)
            rate, status = None, "number"
            if numerator is None or denominator is None:
                status = "missing"
            elif denominator <= 0 or numerator < 0:
                status = "undefined"  # (no cases; or a negative count, which GD105 reports: no rate either)
            else:
                rate = numerator / denominator - (1 if indicator.kind == "growth" else 0)
                rate = rate.quantize(PLACES)
                if denominator < min_n:
                    status = "low_n"
            out.append({"concept": indicator.concept, "column": variant.name,
                        "value": "" if rate is None else format(rate, "f"), "status": status,
                        "unit": "ratio", "indicator": indicator.concept, "label": f"{indicator.label}：{variant.label}",
                        "numerator": _text(numerator), "denominator": _text(denominator), "n": _text(denominator)})
    return out
