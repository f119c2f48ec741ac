"""Panel datasets: the statistics of many reports as one table, by issuer, year and concept.

Long: one row per issuer × year × concept × column. Wide: one row per issuer × year, a column
per `concept:column`. Concept ids are shared across template generations, so a series joins
from legacy reports to 2021-template ones. When a run reads one report twice (its HTML page and
a text export), the panel keeps one reading per issuer and year (collection.reading_rank).
Every row carries its provenance: file, kind, template, the page's publication date and index
number (发布日期, 索引号), and the library version. In CSV the values are the exact decimals; in
Parquet they are float64 (numbers to compute with), the long form keeping the exact decimal in
`value_text`.
"""

from __future__ import annotations

import sys

from . import __version__
from .sources import LoadError
from .collection import reading_rank, report_key
from .derived import DEFAULT_MIN_N
from .derived import rows as derived_rows
from .output.convert import BOM

# Page metadata a row's provenance takes, first found wins.
PUBLISHED_KEYS = ("发布日期", "公开日期", "发布时间", "成文日期", "时间", "发布时间")
INDEX_KEYS = ("索引号",)

ID_COLUMNS = ("issuer", "issuer_key", "division", "year", "template", "source", "source_kind", "published", "index_no",
              "library_version")
# A table value's columns (the workbook's 数据 sheet), and the long panel's: those and a derived
# indicator's numerator, denominator and N (empty for a table value).
VALUE_COLUMNS = ID_COLUMNS + ("concept", "column", "value", "status", "unit", "indicator", "label")
LONG_COLUMNS = VALUE_COLUMNS + ("numerator", "denominator", "n")


def _first(metadata: dict, keys) -> str:
    return next((metadata[k] for k in keys if metadata.get(k)), "")


def panel_entry(report, facts, region: str | None = None) -> dict:
    """What the panel keeps of one report: its identity and provenance, and its table facts by
    concept and column (the first fact of each)."""
    metadata = report.metadata
    if region is None:
        from .extract import report_region

        region = report_region(report)
    identity = {"issuer": report.issuer or "", "issuer_key": report_key(report), "division": region or "",
                "year": report.year,
                "template": facts.template, "source": report.source or "", "source_kind": report.source_kind or "text",
                "published": _first(metadata, PUBLISHED_KEYS), "index_no": _first(metadata, INDEX_KEYS),
                "library_version": __version__}
    values = {}
    for fact in facts.facts:
        if fact.kind != "table" or not fact.concept or not fact.column:
            continue
        key = f"{fact.concept}:{fact.column}"
        if key not in values:
            values[key] = {"concept": fact.concept, "column": fact.column,
                           "value": "" if fact.value is None else str(fact.value), "status": fact.status,
                           "unit": fact.unit, "indicator": fact.indicator, "label": fact.label}
    return {"identity": identity, "values": values}


def chosen(entries_index: list[tuple[str, int | None, str, str, int]]) -> list[int]:
    """Of (issuer key, year, kind, source, position) per report, the positions the panel keeps,
    in issuer and year order: per issuer and year the preferred reading (collection.reading_rank:
    by kind, then path; not the order given). Reports without an issuer or a year are kept, after
    the others, in path order."""
    best: dict[tuple[str, int], tuple[tuple[int, str], int]] = {}
    loose = []
    for key, year, kind, source, position in entries_index:
        if not key or year is None:
            loose.append((source, position))
            continue
        rank = (reading_rank(kind, source), position)
        if (key, year) not in best or rank < best[(key, year)]:
            best[(key, year)] = rank
    return [best[k][1] for k in sorted(best)] + [position for _, position in sorted(loose)]


def long_rows(entry: dict):
    for value in entry["values"].values():
        yield {**_NO_RATE, **entry["identity"], **value}


# What a table value's row has in the columns of a derived indicator's.
_NO_RATE = {"numerator": "", "denominator": "", "n": ""}


def wide_row(entry: dict, keys: list[str]) -> dict:
    row = dict(entry["identity"])
    for key in keys:
        value = entry["values"].get(key)
        row[key] = value["value"] if value else ""
    return row


class WithDerived:
    """The panel entries, in issuer and year order, with their derived indicators (rates, and
    growth over the same issuer's entry of the year before) added to their values."""

    def __init__(self, indicators, min_n: int = DEFAULT_MIN_N):
        self.indicators, self.min_n = tuple(indicators), min_n
        # The entry before (issuer key, year, values): the entries come by issuer, then year, so
        # last year's of an issuer, when the run has it, is the one just before.
        self._last: tuple[str, int | None, dict] | None = None

    def __call__(self, entry: dict) -> dict:
        if not self.indicators:
            return entry
        identity, values = entry["identity"], entry["values"]
        key, year = identity["issuer_key"], identity["year"]
        last = self._last
        previous = (last[2] if key and year is not None and last is not None and last[0] == key
                    and last[1] == year - 1 else None)
        self._last = (key, year, values)
        added = {f"{row['concept']}:{row['column']}": row
                 for row in derived_rows(self.indicators, values, previous, self.min_n)}
        return {**entry, "values": {**values, **added}}

    def keys(self) -> list[str]:
        return [f"{indicator.concept}:{variant.name}" for indicator in self.indicators for variant in indicator.variants]


def write_panel(results, wide: bool, output: str | None, on_error, csv_encoding: str = "utf-8",
                derived=(), min_n: int = DEFAULT_MIN_N) -> bool:
    """Spool every report's panel entry, then write the kept ones in issuer and year order to
    `output` (.csv, .parquet; None: standard output), with the `derived` indicators (the
    registry's) of each. Returns whether a report could not be read (`on_error` got its message)."""
    from .batch import Spool

    spool, unreadable = Spool(), False
    index: list[tuple[str, int | None, str, str, int]] = []  # what `chosen` takes
    places: list[int] = []  # in the spool, by report
    keys: set[str] = set()
    for result in results:
        if result["error"]:
            on_error(result["error"])
            unreadable = True
            continue
        entry = result["panel"]
        identity = entry["identity"]
        index.append((identity["issuer_key"], identity["year"], identity["source_kind"], identity["source"], len(places)))
        places.append(spool.write(entry))
        if wide:
            keys.update(entry["values"])
    with_derived = WithDerived(derived, min_n)
    if wide:
        keys.update(with_derived.keys())
    columns = list(ID_COLUMNS) + sorted(keys) if wide else list(LONG_COLUMNS)

    def rows():
        for position in chosen(index):
            entry = with_derived(spool.read_at(places[position]))
            if wide:
                yield wide_row(entry, sorted(keys))
            else:
                yield from long_rows(entry)

    try:
        write_rows(output, columns, rows(), csv_encoding)
    finally:
        spool.close()
    return unreadable


def numeric_columns(columns) -> set[str]:
    """The columns that hold numbers: the values (a wide panel's `concept:column`s) and a
    derived indicator's numerator, denominator and N."""
    return {c for c in columns if c in ("value", "numerator", "denominator", "n") or ":" in c}


def numbers_of(row: dict, numeric: set[str]) -> dict:
    """A row for frames to compute with: the numeric columns as floats (None: no number), the
    exact decimal kept in `value_text`; the identity and provenance stay text."""
    row = dict(row)
    if "value" in row:
        row["value_text"] = row["value"]
    for column in numeric:
        row[column] = float(row[column]) if row.get(column) not in ("", None) else None
    return row


def panel_frame(paths, registry=None, region: str | None = None, min_n: int = DEFAULT_MIN_N, wide: bool = False):
    """The panel of the reports at `paths` (files, directories, globs) as a pandas DataFrame, as
    `extract --panel` writes it: long (a row per issuer × year × concept × column, the derived
    indicators' included) or `wide`; numbers as float64, the exact decimals in `value_text`.
    Raises LoadError for a file that cannot be read (`pip install 'govdisclosure[pandas]'`)."""
    try:
        import pandas
    except ImportError:
        raise LoadError("需要安装 pandas：pip install 'govdisclosure[pandas]'",
                        en="this needs pandas: pip install 'govdisclosure[pandas]'") from None
    from .batch import expand
    from .registry import resolve
    from .run import ReportExtractor

    registry = resolve(registry)
    extractor = ReportExtractor(panel=True, region=region)
    extractor.registry = registry
    entries = []
    given = paths if isinstance(paths, (list, tuple)) else [paths]
    for path in expand([str(p) for p in given]):
        result = extractor(path)
        if result["error"]:
            raise LoadError(result["error"], en=result["error"])
        entries.append(result["panel"])
    index = [(e["identity"]["issuer_key"], e["identity"]["year"], e["identity"]["source_kind"],
              e["identity"]["source"], n) for n, e in enumerate(entries)]
    with_derived = WithDerived(registry.derived, min_n)
    kept = [with_derived(entries[n]) for n in chosen(index)]
    if wide:
        keys = sorted({key for entry in kept for key in entry["values"]} | set(with_derived.keys()))
        columns, table = list(ID_COLUMNS) + keys, [wide_row(entry, keys) for entry in kept]
    else:
        columns, table = list(LONG_COLUMNS), [row for entry in kept for row in long_rows(entry)]
    numeric = numeric_columns(columns)
    frame = pandas.DataFrame([numbers_of(row, numeric) for row in table],
                             columns=[*columns, "value_text"] if "value" in columns else columns)
    frame["year"] = frame["year"].astype("Int64")
    return frame


# Rows per Parquet row group: memory stays bounded whatever the number of reports.
PARQUET_BATCH = 10_000


def write_rows(output: str | None, columns: list[str], rows, csv_encoding: str = "utf-8") -> None:
    """Panel rows as CSV (to `output` or standard output; `utf-8-sig` starts it with the BOM
    Excel needs to read Chinese) or Parquet (a `.parquet` output)."""
    import csv
    from itertools import islice

    if output and output.endswith(".parquet"):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise LoadError("写 Parquet 需要安装 pyarrow：pip install 'govdisclosure[parquet]'",
                            en="writing Parquet needs pyarrow: pip install 'govdisclosure[parquet]'") from None
        numeric = numeric_columns(columns)
        names = [*columns, "value_text"] if "value" in columns else list(columns)
        types = {"year": pa.int64(), **{c: pa.float64() for c in numeric}}
        schema = pa.schema([(c, types.get(c, pa.string())) for c in names])

        def typed(row: dict) -> dict:
            return numbers_of(row, numeric)

        with pq.ParquetWriter(output, schema) as writer:
            while True:
                batch = [typed(row) for row in islice(rows, PARQUET_BATCH)]
                if not batch:
                    break
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        return
    handle = open(output, "w", encoding=csv_encoding, newline="") if output else sys.stdout
    if not output and csv_encoding == "utf-8-sig":
        handle.write(BOM)
    try:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if output:
            handle.close()
