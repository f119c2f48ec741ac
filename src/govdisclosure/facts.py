"""The fact model: what a report's tables and prose say, value by value.

Blank is not zero: a value is a number, zero, blank, a dash, text, or unrecoverable (a damaged
table whose digits cannot be told apart). Extraction (`govdisclosure.extract`,
`govdisclosure.prose`) makes facts; rules, outputs and panels read them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from .ast import Problem, Span
from .textutil import is_usable
# STATUSES and Status re-exported: this is their old home (extract and tests import them from here)
from .vocabulary import STATUSES as STATUSES, Certainty, FactKind, Status as Status

if TYPE_CHECKING:
    import pandas


def as_float(value: Decimal | None) -> float | None:
    """A value for a DataFrame or Parquet column to compute with (float64)."""
    return None if value is None else float(value)


def value_text(value: Decimal | None) -> str:
    """The exact decimal as text (`5949.088667`), "" for no value."""
    return "" if value is None else str(value)


# The fields of a fact in `Facts.records()` (beside template, value_text and exact).
RECORD_FIELDS = ("kind", "indicator", "concept", "label", "column", "value", "status", "unit", "certainty", "note",
                 "line", "decided_by", "candidates", "printed_unit")


@frozen
class Fact:
    """One value of a report: a table cell or a number its prose states."""

    indicator: str | None
    concept: str | None
    column: str | None
    value: Decimal | None
    status: Status = field(converter=Status)
    raw: str
    unit: str = ""
    label: str = ""
    table: str | None = None
    kind: str = FactKind.TABLE
    note: str = ""
    certainty: str = Certainty.EXACT  # how sure the value is (govdisclosure.recover: recovered)
    span: Span | None = field(default=None, eq=False, repr=False)
    # The relations that decided a recovered value (they cannot also check it), and the readings
    # left of an unrecoverable row (each a tuple of its cells).
    decided_by: tuple[str, ...] = ()
    candidates: tuple[tuple[str, ...], ...] = ()
    # What the table's 单位 column printed for the row (the legacy table), when it has one.
    printed_unit: str = ""
    # A prose fact's words: where they start in the text of the paragraph they were read from
    # (the span is the paragraph's), for showing their sentence.
    at: int | None = field(default=None, eq=False, repr=False)

    @property
    def number(self) -> Decimal | None:
        """The value as a number: a number or zero read, else None (blank is not zero)."""
        return self.value if is_usable(self.status) else None


@frozen
class Facts:
    """What `extract` found: the template (with its evidence and deviations), facts, problems."""

    template: str
    evidence: tuple[str, ...] = ()
    deviations: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), eq=False)
    # Per table of the template: how many of its cells were expected and how each came out
    # (see `coverage_of`); empty for an unknown template.
    coverage: dict[str, dict[str, int]] = field(factory=dict, eq=False)  # (`complete` a bool)
    # Where the template came from: `tables`, `labels` (inside a flattened text) or `year` (a
    # report with no statistics table, by the template in force that year); "" when unknown.
    template_source: str = ""

    def value(self, indicator: str, column: str | None = None) -> Decimal | None:
        for fact in self.facts:
            if fact.indicator == indicator and (column is None or fact.column == column):
                return fact.value
        return None

    def of(self, indicator: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.indicator == indicator)

    def records(self) -> list[dict[str, Any]]:
        """One dict per fact (the fields of the CLI's CSV, less the report's own). `value` is a
        float for frames to compute with (None when there is no number); `value_text` the exact
        decimal as printed by the reading, `exact` the Decimal itself."""
        from .output.convert import fact_data, numeric

        out = []
        for f in self.facts:
            data = fact_data(f)
            row = {"template": self.template, **{k: data[k] for k in RECORD_FIELDS}}
            out.append({**numeric(row, f), "exact": f.value})
        return out

    def to_dataframe(self) -> pandas.DataFrame:
        """The facts as a pandas DataFrame (`pip install 'govdisclosure[pandas]'`)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_dataframe() needs pandas: pip install 'govdisclosure[pandas]'") from None
        return pandas.DataFrame.from_records(self.records())
