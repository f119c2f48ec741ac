"""The same pipeline on Dask (`pip install 'govdisclosure[dask]'`): reports read and checked in
parallel across a cluster's workers, results as Dask DataFrames.

    import govdisclosure.dask as gd
    facts = gd.extract(["reports/**/*.html"])          # one row per fact
    facts = gd.extract("s3://bucket/reports/")          # files on shared storage, through fsspec
    facts.groupby("concept").value.count().compute()
    problems = gd.check("reports/")                     # one row per diagnostic

    across = gd.check_across("reports/", roster="units.csv")  # pandas: GD5xx and GD7xx

With no client the local scheduler runs; `dask.distributed.Client("tcp://scheduler:8786")` before
the call runs it on a cluster (docs/scale.md). `check` gives each report's own diagnostics; the
checks across reports (each issuer's consecutive years, and the run's reports together: copying
between units, a roster's missing units, summaries against their units) need the reports
together: `check_across` makes each report's record on the workers (read and extracted, about the
report's size), streams them to a spool on the client a few partitions at a time, and runs those
checks there, as `govdisclosure check` runs them after the reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .batch import expand_anywhere

if TYPE_CHECKING:  # for the return annotations; at run time bag.to_dataframe imports it
    import dask.dataframe

try:
    import dask.bag as db
    import pandas as pd
except ImportError:  # pragma: no cover - depends on the environment
    raise ImportError("govdisclosure.dask needs dask: pip install 'govdisclosure[dask]'") from None

FACT_COLUMNS = ("source", "issuer", "year", "template", "kind", "indicator", "concept", "label", "column",
                "value", "value_text", "status", "unit", "certainty", "note", "line", "page")
DIAGNOSTIC_COLUMNS = ("source", "code", "name", "severity", "message", "line", "column", "page", "locator",
                      "relation", "fingerprint", "plugin")
# Reports per partition: a few seconds of work each.
REPORTS_PER_PARTITION = 20


def _fact_rows(path: str) -> list[dict]:
    from . import extract as extract_facts
    from .output.convert import fact_data, numeric
    from .run import read_report
    from .sources import LoadError

    try:
        report = read_report(path)  # (a path, or an fsspec URL of shared storage)
    except LoadError:
        return []
    facts = extract_facts(report)
    identity = {"source": report.source, "issuer": report.issuer, "year": report.year, "template": facts.template}
    rows = []
    for fact in facts.facts:
        row = numeric({**identity, **fact_data(fact)}, fact)
        rows.append({column: row[column] for column in FACT_COLUMNS})
    return rows


def _diagnostic_rows(path: str) -> list[dict]:
    """One report's diagnostics, checked as `govdisclosure check` checks it (run.ReportChecker:
    the nearest configuration, the region resolved once); an unreadable file is one GD000 row."""
    from .output.convert import diagnostic_data
    from .run import RunOptions

    result = _checker(RunOptions(cross_year=False))(path)
    if result["error"]:
        return [{"source": path, "code": "GD000", "name": "unreadable-input", "severity": "error",
                 "message": result["error"], "line": None, "column": None, "page": None, "locator": None,
                 "relation": None, "fingerprint": "", "plugin": "core"}]
    return [{column: data[column] for column in DIAGNOSTIC_COLUMNS} for data in map(diagnostic_data, result["diagnostics"])]


_CHECKERS: dict = {}


def _checker(options):
    """One checker per worker process and options (its registry and configurations built once)."""
    from .run import ReportChecker

    if options not in _CHECKERS:
        _CHECKERS[options] = ReportChecker(options)
    return _CHECKERS[options]


def _record(path: str) -> list[dict]:
    """What the checks across reports need of one report (`run.ReportChecker.record`: read and
    extracted, its own rules not run); none for a file that cannot be read or has no issuer and
    year."""
    from .run import RunOptions

    record = _checker(RunOptions()).record(path)
    return [] if record is None else [record]


# Partitions of records computed at once by `check_across`: the client holds no more than these
# (and the run's spool on disk), whatever the number of reports.
PARTITIONS_AT_ONCE = 8


def _records(files: list[str]):
    """Each file's record, computed on the workers a few partitions at a time, in file order."""
    import dask

    partitions = max(1, -(-len(files) // REPORTS_PER_PARTITION))
    pieces = db.from_sequence(files, npartitions=partitions).map(_record).flatten().to_delayed()
    for start in range(0, len(pieces), PARTITIONS_AT_ONCE):
        for computed in dask.compute(*pieces[start:start + PARTITIONS_AT_ONCE]):
            yield from computed


def _meta(columns, integers, floats=()) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c in integers else "float64" if c in floats else "object")
                         for c in columns})


def _frame(paths, rows, columns, integers, floats=()):
    files = expand_anywhere([paths] if isinstance(paths, str) else paths)
    partitions = max(1, -(-len(files) // REPORTS_PER_PARTITION))
    meta = _meta(columns, integers, floats)
    return db.from_sequence(files, npartitions=partitions).map(rows).flatten().to_dataframe(meta=meta)


def extract(paths) -> dask.dataframe.DataFrame:
    """The facts of every report (files, directories, globs), one row per fact, as
    `govdisclosure extract` writes them (plus the PDF page). `value` is float64, to compute
    with; `value_text` the exact decimal. Unreadable files give no rows."""
    return _frame(paths, _fact_rows, FACT_COLUMNS, ("year", "line", "page"), ("value",))


def check(paths) -> dask.dataframe.DataFrame:
    """The diagnostics of every report, one row per diagnostic; an unreadable file gives one
    GD000 row saying why."""
    return _frame(paths, _diagnostic_rows, DIAGNOSTIC_COLUMNS, ("line", "column", "page"))


def check_across(paths, roster: str | None = None) -> pd.DataFrame:
    """The diagnostics of the checks across reports (pair rules: GD5xx; batch rules: GD7xx) of
    every report (files, directories, globs), one row per diagnostic, as `govdisclosure check`
    (with `--roster`) gives them after the reports' own: the records made on the workers, the
    comparisons on the client. Raises LoadError for a roster that cannot be read."""
    from .output.convert import diagnostic_data
    from .roster import read_roster
    from .run import CheckRun, RunOptions, in_path_order

    plan = read_roster(roster) if roster else None
    files = in_path_order(expand_anywhere([paths] if isinstance(paths, str) else paths))
    found, _ = CheckRun(RunOptions(), roster=plan).across(_records(files))  # (spooled as they come)
    frame = pd.DataFrame([{column: data[column] for column in DIAGNOSTIC_COLUMNS} for data in map(diagnostic_data, found)],
                         columns=list(DIAGNOSTIC_COLUMNS))
    for column in ("line", "column", "page"):
        frame[column] = frame[column].astype("Int64")
    return frame
