"""One check run, in the library: reports read and checked (in worker processes that survive
their work), their findings streamed to a writer, the cross-year pairs checked, a summary.

    from govdisclosure.output import writer
    from govdisclosure.run import CheckRun, RunOptions

    summary = CheckRun(RunOptions(jobs=2)).run(["reports/"], writer("json", sys.stdout))

`govdisclosure check` and `govdisclosure.dask` are views over it. Memory stays flat: each
report's result is small (its diagnostics, a file summary, its cross-year record), the records
are spooled to disk, and one issuer's records are read back at a time.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import evolve, field, frozen

from .config import Config, ConfigError, load_config
from .sources import LoadError

if TYPE_CHECKING:
    from .registry import Registry

# Seconds one report may take before its worker is stopped and the report reported.
DEFAULT_BUDGET = 120.0
# Exit status of a run stopped by a signal: 128 + the signal's number, as shells report it.
EXIT_INTERRUPTED: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}


class Interrupted(BaseException):
    """The run was asked to stop (SIGINT or SIGTERM)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@frozen
class RunOptions:
    """What a run does: the rules selected and ignored (code prefixes), the messages' language,
    whether cross-year rules run, the reports' region when known, plugins left out, a
    configuration file that applies to every report (None: the nearest one up from each report),
    a baseline's fingerprints, workers, and each report's time budget (None: no limit; -j 1 with
    a budget uses one worker process)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    lang: str = "zh"
    cross_year: bool = True
    region: str | None = None
    blocked: tuple[str, ...] = ()
    config: str | None = None
    baseline: frozenset[str] | None = None
    jobs: int = 1
    budget: float | None = DEFAULT_BUDGET
    # Keep every finding's fingerprint (for `--write-baseline`), before the baseline filters them.
    keep_fingerprints: bool = False
    # Leave out the info-level notes on what the tool could not read or check (counted, not shown).
    hide_reading_notes: bool = False
    # Give each report's details (its panel entry, its tables as read) to a writer that draws
    # them (`Writer.wants_details`: the HTML report, the workbook).
    keep_details: bool = False


@frozen
class RunSummary:
    """The run: counts of reports, findings by severity and code, the templates read, the files
    that could not be read (and why), how many reports had a table not read whole, whether it
    was interrupted, and the plugins loaded and failed."""

    reports: int
    errors: int
    warnings: int
    infos: int
    codes: dict[str, int]
    templates: dict[str, int]
    unreadable: tuple[tuple[str, str], ...] = ()
    tables_not_read: int = 0
    interrupted: bool = False
    signum: int | None = None
    plugins: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()
    fingerprints: frozenset[str] = field(factory=frozenset, repr=False)
    stale_baseline: tuple[str, ...] = ()
    reading_notes_hidden: int = 0

    @property
    def valid(self) -> bool:
        """No error-level finding, every file read, the run complete."""
        return not self.errors and not self.unreadable and not self.interrupted

    def as_dict(self) -> dict[str, Any]:
        """The JSON output's `summary` (docs/check.schema.json)."""
        summary = {"reports": self.reports, "unreadable": [source for source, _ in self.unreadable],
                "templates": dict(sorted(self.templates.items())), "codes": dict(sorted(self.codes.items())),
                "errors": self.errors, "warnings": self.warnings, "infos": self.infos,
                "tables_not_read": self.tables_not_read}
        # (said only when notes were hidden: the document of a run without the option is unchanged)
        return {**summary, "reading_notes_hidden": self.reading_notes_hidden} if self.reading_notes_hidden else summary


def one_report_at_a_time(work):
    """`work` (the reading and checking of one report) with Python's cycle collector paused. The
    trees are acyclic and freed by reference counting; the collector would only walk them, and
    walk a 5 MB report's millions of nodes again and again as it grows (time superlinear in the
    report's size). What cycles a report leaves are collected once it is done."""
    @functools.wraps(work)
    def paused(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


def read_report(path: str):
    """A report from a path, or from standard input for `-`."""
    return read_report_and_document(path)[0]


def read_report_and_document(path: str):
    """A report from a path, or from standard input for `-`, and the `Document` it was parsed
    from (its text gives the findings' excerpts)."""
    from .sources import load_bytes_with_document, load_with_document
    from .sources.limits import MAX_FILE_BYTES

    if path == "-":  # recognised by content like a file, and read no further than a file may be long
        return load_bytes_with_document(sys.stdin.buffer.read(MAX_FILE_BYTES + 1), "<stdin>")
    from .batch import is_url

    if is_url(path):
        return load_bytes_with_document(_read_url(path, MAX_FILE_BYTES + 1), path)
    return load_with_document(path)


def _read_url(url: str, limit: int) -> bytes:
    """Up to `limit` bytes of the file at an fsspec URL (a cluster's shared storage); LoadError
    when it cannot be read."""
    try:
        import fsspec
    except ImportError:
        raise LoadError(f"{url}: 读取 URL 需要安装 fsspec：pip install fsspec",
                        en=f"{url}: reading a URL needs fsspec: pip install fsspec") from None
    try:
        with fsspec.open(url, "rb") as handle:
            return handle.read(limit)
    except (OSError, ValueError, ImportError) as error:  # (no such file, no such protocol, its package missing)
        raise LoadError(f"{url}: 无法读取（{error}）", en=f"{url}: cannot be read ({error})") from None


class ConfigResolver:
    """The configuration of each report: the file given (`forced`), else the nearest one up
    from the report's directory, read once per directory and checked against the registry."""

    def __init__(self, registry, forced: str | None = None):
        self.registry, self.forced = registry, forced
        self._by_directory = lru_cache(maxsize=1024)(self._load)

    def _load(self, directory: str | None) -> Config:
        from .config import check_config

        config = load_config(self.forced) if self.forced or directory is None else load_config(start=Path(directory))
        # Every configuration a run meets is held to the same rules as the one named or found here.
        check_config(config, lambda: self.registry)
        return config

    def for_path(self, path: str) -> Config:
        """The configuration of a report file (standard input, or a URL: the working directory's)."""
        from .batch import is_url

        if self.forced:
            return self._by_directory(None)
        if path in ("-", "<stdin>") or is_url(path):
            return self.for_directory(Path.cwd())
        return self._by_directory(str(Path(path).resolve().parent))

    def for_directory(self, directory) -> Config:
        return self._by_directory(None if self.forced else str(Path(directory).resolve()))


class ReportChecker:
    """Checks one report: in the run's process, or in a worker (`prepare` is the pool's
    initializer, so each process builds its state once). Its result is small and plain."""

    def __init__(self, options: RunOptions, registry=None, configs: ConfigResolver | None = None):
        self.options, self.registry, self.configs = options, registry, configs

    def prepare(self) -> None:
        from .registry import default

        if self.registry is None:
            self.registry = default(self.options.blocked)
        if self.configs is None:
            self.configs = ConfigResolver(self.registry, self.options.config)

    @one_report_at_a_time
    def __call__(self, path: str) -> dict[str, Any]:
        from .collection import record_of
        from .engine import check_report
        from .extract import NO_REGION, report_region

        if self.configs is None:
            self.prepare()
        assert self.configs is not None  # prepare() made it
        options = self.options
        try:
            config = self.configs.for_path(path)
            report, document = read_report_and_document(path)
        except (LoadError, ConfigError) as error:
            return {"source": path, "error": error.in_language(options.lang)}
        region = options.region or config.region
        if region is None:  # resolved once, here: collections and scoped rules use it
            region = report_region(report) or NO_REGION
        facts, found = check_report(report, self.registry, options.select, options.ignore, config, options.lang, region)
        # Each finding with the report text at its place (a row's cells, a sentence, a PDF line).
        found = [evolve(d, excerpt=document.excerpt(d.span, d.quote, d.quote_at)) for d in found]
        region = region or None
        fingerprints = [d.fingerprint for d in found] if options.keep_fingerprints or options.baseline else []
        if options.baseline is not None:
            found = [d for d in found if d.fingerprint not in options.baseline]
        counts = Counter(d.severity for d in found)
        summary = {"source": report.source, "template": facts.template, "year": report.year, "issuer": report.issuer,
                   "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"],
                   # Whatever the rules selected: a clean result over tables never read is no result.
                   "tables_not_read": [t for t, c in facts.coverage.items() if not c["complete"]]}
        year_record = record_of(report, facts, region, self.registry) if options.cross_year else None
        record = ({"key": year_record.key, "year": year_record.year, "kind": year_record.kind,
                   "region": year_record.region, "source": path, "json": year_record.to_json()} if year_record else None)
        details = report_details(report, facts, region, self.registry) if options.keep_details else None
        return {"source": path, "error": None, "file": summary, "diagnostics": found, "fingerprints": fingerprints,
                "record": record, "details": details}


    @one_report_at_a_time
    def record(self, path: str) -> dict[str, Any] | None:
        """What the checks across reports need of one report (the `record` of `__call__`), without
        running its own rules: for a run whose reports' findings are made elsewhere (a cluster's
        `check_across`). None for a file that cannot be read or has no issuer and year."""
        from .collection import record_of
        from .extract import NO_REGION, extract, report_region

        if self.configs is None:
            self.prepare()
        assert self.configs is not None
        try:
            config = self.configs.for_path(path)
            report = read_report(path)
        except (LoadError, ConfigError):
            return None
        region = self.options.region or config.region
        if region is None:
            region = report_region(report) or NO_REGION
        facts = extract(report, self.registry, region)
        year_record = record_of(report, facts, region or None, self.registry)
        if not year_record.key or year_record.year is None:
            return None
        return {"key": year_record.key, "year": year_record.year, "kind": year_record.kind,
                "region": year_record.region, "source": path, "json": year_record.to_json()}


def report_details(report, facts, region: str | None, registry) -> dict[str, Any]:
    """What a writer that draws a report needs beyond its findings, as plain data: its panel
    entry (`panel.panel_entry`: identity, provenance, table values by concept and column) and
    its statistics tables as read (`table_view`)."""
    from .panel import panel_entry
    from .table_view import table_view

    return {"panel": panel_entry(report, facts, region),
            "tables": table_view(facts, registry.catalogs.get(facts.template) if registry is not None else None)}


class ReportExtractor:
    """Extracts one report's facts for `govdisclosure extract`: CSV rows, its JSON document, or
    a panel entry (in the run's process or a worker; `prepare` builds the registry once)."""

    def __init__(self, output_format: str = "csv", panel: bool = False, region: str | None = None,
                 blocked: tuple[str, ...] = (), lang: str = "zh"):
        self.output_format, self.panel, self.region, self.blocked = output_format, panel, region, blocked
        self.lang = lang  # of the messages of files that cannot be read
        self.registry: Registry | None = None

    def prepare(self) -> None:
        """Build the registry, once: prepared before the workers fork, they inherit it (and the
        plugins are loaded, and their failures said, once)."""
        from .registry import default

        if self.registry is None:
            self.registry = default(self.blocked)

    @one_report_at_a_time
    def __call__(self, path: str) -> dict[str, Any]:
        from .extract import extract
        from .output.convert import fact_row
        from .panel import panel_entry
        from .serialize import problem_dict

        if self.registry is None:
            self.prepare()
        try:
            report = read_report(path)
        except LoadError as error:
            return {"source": path, "error": error.in_language(self.lang)}
        facts = extract(report, self.registry, region=self.region)
        if self.panel:
            return {"source": path, "error": None, "panel": panel_entry(report, facts, self.region)}
        rows = [fact_row(fact, report, facts.template) for fact in facts.facts]
        document = None
        if self.output_format == "json":
            document = {"schema_version": 1, "source": report.source, "issuer": report.issuer, "year": report.year,
                        "template": facts.template, "evidence": list(facts.evidence),
                        "template_source": facts.template_source, "deviations": list(facts.deviations),
                        "coverage": facts.coverage, "facts": rows,
                        "problems": [problem_dict(p) for p in facts.problems]}
            rows = []
        return {"source": path, "error": None, "rows": rows, "document": document}


def in_path_order(paths: Iterable[str]) -> list[str]:
    """The paths sorted (standard input, `-`, first), so that the order of the arguments never
    changes the output: `check a b` and `check b a` are byte-identical."""
    return sorted(paths, key=lambda path: (path != "-", Path(path).parts))


def each_report(worker, paths: list[str], jobs: int = 1, budget: float | None = None) -> Iterator[dict[str, Any]]:
    """`worker(path)` (a ReportChecker or ReportExtractor) of each report, in path order
    (`in_path_order`, whatever the order given): in this process when it reads standard input
    or has one job and no budget, else in worker processes (a worker that dies or overruns its
    budget gives its file's error, in the worker's language: `options.lang` or `lang`)."""
    paths = in_path_order(paths)
    if "-" in paths or (jobs <= 1 and budget is None):
        worker.prepare()
        yield from map(worker, paths)
        return
    from .pool import WorkerPool

    options = getattr(worker, "options", None)
    lang = getattr(options, "lang", None) or getattr(worker, "lang", None) or "zh"
    with WorkerPool(worker, jobs, worker.prepare, (), budget) as pool:
        for outcome in pool.map(paths):
            yield outcome.value if outcome.failure is None else \
                {"source": outcome.item, "error": outcome.failure.prefixed(f"{outcome.item}: ").in_language(lang)}


class stop_on_signals:
    """SIGINT and SIGTERM raised as `Interrupted` while a run holds it; after the first, a second
    signal ends the process at once, silently."""

    def __enter__(self):
        self.before = {}
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self.before[signum] = signal.signal(signum, self._stop)
            except ValueError:  # not the main thread: the caller keeps its own handlers
                pass
        return self

    @staticmethod
    def _stop(signum, frame):
        for again in (signal.SIGINT, signal.SIGTERM):
            signal.signal(again, lambda s, f: os._exit(EXIT_INTERRUPTED.get(s, 128 + s)))
        raise Interrupted(signum)

    def __exit__(self, *exc):
        for signum, handler in self.before.items():
            signal.signal(signum, handler)


class CheckRun:
    """A check of many reports. `results()` gives each report's result as it comes; `run()`
    writes everything to a writer (govdisclosure.output) and returns the summary."""

    def __init__(self, options: RunOptions | None = None, registry=None,
                 on_error: Callable[[str], None] | None = None, roster=None):
        from .registry import default

        self.options = options or RunOptions()
        self.registry = registry if registry is not None else default(self.options.blocked)
        self.on_error = on_error or (lambda message: None)
        # One resolver for the reports and their cross-year pairs (workers inherit or rebuild it).
        self.configs = ConfigResolver(self.registry, self.options.config)
        # The units expected to report (`check --roster`): None when no roster was given.
        self.roster = roster
        self._said: set[str] = set()  # the configuration errors told to `on_error` already

    def results(self, paths: Iterable[str], progress=None) -> Iterator[dict[str, Any]]:
        from .batch import expand

        files = expand(paths)
        checker = ReportChecker(self.options, self.registry, self.configs)
        outcomes = each_report(checker, files, self.options.jobs, self.options.budget)
        return iter(progress(outcomes, len(files)) if progress else outcomes)

    def run(self, paths: Iterable[str], writer, progress=None) -> RunSummary:
        from .batch import Spool

        if getattr(writer, "wants_details", False) and not self.options.keep_details:
            self.options = evolve(self.options, keep_details=True)
        options = self.options
        severities: Counter[str] = Counter()
        codes: Counter[str] = Counter()
        templates: Counter[str] = Counter()
        unreadable: list[tuple[str, str]] = []
        fingerprints: set[str] = set()
        state = {"reports": 0, "partly_read": 0, "hidden": 0}
        records = Spool()
        # (issuer key, place in the spool, year, kind, source, region): records stay on disk
        record_index: list[tuple[str, int, int, str, str, str | None]] = []
        collections: list[dict[str, Any]] = []
        interrupted: int | None = None

        def emit(diagnostics) -> None:
            for d in diagnostics:
                if options.hide_reading_notes and d.category == "reading" and d.severity == "info":
                    state["hidden"] += 1
                    continue
                severities[d.severity] += 1
                codes[d.code] += 1
                writer.diagnostic(d)

        writer.start()
        with stop_on_signals():
            try:
                for result in self.results(paths, progress):
                    if result["error"]:
                        self.on_error(result["error"])
                        unreadable.append((result["source"], result["error"]))
                        continue
                    emit(result["diagnostics"])
                    if result.get("details") is not None:
                        writer.details(result["file"], result["details"])
                    writer.file(result["file"])
                    state["reports"] += 1
                    templates[result["file"]["template"]] += 1
                    state["partly_read"] += bool(result["file"]["tables_not_read"])
                    fingerprints.update(result["fingerprints"])
                    record = result["record"]
                    if record and record["key"] and record["year"] is not None:
                        record_index.append((record["key"], records.write_line(record["json"]), record["year"],
                                             record["kind"], record["source"], record["region"]))
                if options.cross_year:
                    collections = self._across(records, record_index, emit, fingerprints)
            except (KeyboardInterrupt, Interrupted) as stop:
                interrupted = getattr(stop, "signum", signal.SIGINT)
            finally:
                records.close()
        stale = tuple(sorted(options.baseline - fingerprints)) if options.baseline is not None and interrupted is None else ()
        summary = RunSummary(
            state["reports"], severities["error"], severities["warning"], severities["info"], dict(codes),
            dict(templates), tuple(unreadable), state["partly_read"], interrupted is not None, interrupted,
            tuple(self.registry.plugins), tuple(str(f) for f in self.registry.failures), frozenset(fingerprints), stale,
            state["hidden"])
        writer.finish(collections, summary.as_dict(), interrupted=interrupted is not None)
        return summary

    def _across(self, records, record_index, emit, fingerprints) -> list[dict[str, Any]]:
        """The checks across reports: each issuer's consecutive years (pair rules), then the
        groups the batch rules declare; the series found, for the output."""
        collections = self._pairs(records, record_index, emit, fingerprints) if records.count > 1 else []
        self._batches(records, record_index, emit, fingerprints)
        return collections

    def across(self, records: Iterable[dict[str, Any]]) -> tuple[list, list[dict[str, Any]]]:
        """The diagnostics of the checks across reports (pair and batch rules) on records made
        elsewhere (`ReportChecker`'s `record`s, e.g. on a cluster's workers), and the series
        found: what `run` adds after the reports' own diagnostics."""
        from .batch import Spool

        spool = Spool()
        found: list = []
        index: list[tuple[str, int, int, str, str, str | None]] = []
        try:
            for record in records:
                if record and record["key"] and record["year"] is not None:
                    index.append((record["key"], spool.write_line(record["json"]), record["year"],
                                  record.get("kind", "text"), record.get("source", ""), record.get("region")))
            collections = self._across(spool, index, found.extend, set())
        finally:
            spool.close()
        return found, collections

    def _pairs(self, records, record_index, emit, fingerprints) -> list[dict[str, Any]]:
        """Every issuer's consecutive years checked by the pair rules, one issuer's records in
        memory at a time; the series found, for the output."""
        from .collection import YearRecord, series_of
        from .engine import check_pairs

        options = self.options
        by_issuer: dict[str, list[int]] = {}
        for key, place, *_ in record_index:
            by_issuer.setdefault(key, []).append(place)
        collections = []
        for key in sorted(by_issuer):
            if len(by_issuer[key]) < 2:
                continue
            (one,) = series_of(YearRecord.from_json(records.line_at(place)) for place in by_issuer[key])
            # (the pairs are scoped by the later report: its configuration applies)
            config = self.configs.for_path(one.records[-1].source)
            found = check_pairs([one], self.registry, options.select, options.ignore, config, options.lang)
            if options.keep_fingerprints or options.baseline is not None:
                fingerprints.update(d.fingerprint for d in found)
            if options.baseline is not None:
                found = [d for d in found if d.fingerprint not in options.baseline]
            emit(found)
            collections.append({"issuer": one.key, "division": one.division, "years": [r.year for r in one.records],
                                "duplicates": [{"year": year, "sources": list(sources)} for year, sources in one.duplicates],
                                "gaps": list(one.gaps)})
        return collections


    def _batches(self, records, record_index, emit, fingerprints) -> None:
        """Every batch rule on each group of the run's reports it declares (`group_by`): one
        record per issuer and year (the preferred reading, `collection.reading_rank`), read from
        the spool whenever the rule asks for them."""
        from .collection import YearRecord
        from .engine import batch_groups, check_batch
        from .rules.model import BatchContext

        rules = [r for r in self.registry.rules if r.scope == "batch"]
        if not rules:
            return
        options = self.options
        entries = [(key, year, kind, source, region, place) for key, place, year, kind, source, region in record_index]
        for rule in rules:
            for group, places in batch_groups(rule, entries).items():
                def read(places=places):
                    return (YearRecord.from_json(records.line_at(place)) for place in places)

                context = BatchContext(group, len(places), read, self.registry, roster=self.roster)
                found = check_batch(rule, context, self.registry, options.select, options.ignore,
                                    self._config_of, options.lang)
                if options.keep_fingerprints or options.baseline is not None:
                    fingerprints.update(d.fingerprint for d in found)
                if options.baseline is not None:
                    found = [d for d in found if d.fingerprint not in options.baseline]
                emit(found)

    def _config_of(self, source: str) -> Config:
        """The configuration of a batch finding's file (a roster's: its directory's). One that
        cannot be used is said (`on_error`: the run's status is an input error) and none applies."""
        try:
            return self.configs.for_path(source)
        except ConfigError as error:
            message = error.in_language(self.options.lang)
            if message not in self._said:  # (once, however many findings the file has)
                self._said.add(message)
                self.on_error(message)
            return Config()


def read_baseline(path: str) -> frozenset[str]:
    """The fingerprints of a baseline file (`--write-baseline`): a JSON object whose
    `fingerprints` is an array of strings. Anything else raises LoadError naming the file."""
    limit = 256 * 1024 * 1024  # far above what a run writes (tens of bytes a finding); /dev/zero stops here

    def refused(why: str, en: str) -> LoadError:
        return LoadError(f"{path}: 不是有效的基线文件（{why}）", en=f"{path}: not a valid baseline file ({en})")

    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise LoadError(f"{path}: 无法读取基线文件（{error.strerror or error}）",
                        en=f"{path}: cannot read the baseline file ({error.strerror or error})") from None
    if len(data) > limit:
        raise refused(f"超过 {limit // 1024 // 1024} MB", f"over {limit // 1024 // 1024} MB")
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise refused("不是 UTF-8 文本", "not UTF-8 text") from None
    except RecursionError:  # deeply nested arrays: the decoder is recursive
        raise refused("嵌套过深", "nested too deep") from None
    except ValueError as error:
        raise refused(f"不是 JSON：{error}", f"not JSON: {error}") from None
    fingerprints = document.get("fingerprints") if isinstance(document, dict) else None
    # A string is not read as its characters, nor a number or an object as a fingerprint.
    if not isinstance(fingerprints, list) or not all(isinstance(f, str) for f in fingerprints):
        raise refused('应为 {"fingerprints": ["…", …]}，由 --write-baseline 写出',
                      'expected {"fingerprints": ["…", …]}, as written by --write-baseline')
    return frozenset(fingerprints)


def write_baseline(path: str, fingerprints: Iterable[str]) -> None:
    """Write the fingerprints to `path`: a regular file is replaced whole (a full disk leaves
    the old one), a device or pipe written to. LoadError ("无法写入") when it cannot be."""
    text = json.dumps({"schema_version": 1, "fingerprints": sorted(fingerprints)}, indent=1)
    target = Path(os.path.realpath(path))  # a link's file is replaced, not the link
    temporary = None
    try:
        if target.is_file() or not target.exists():
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with open(temporary or target, "w", encoding="utf-8") as handle:
            handle.write(text)
        if temporary is not None:
            os.replace(temporary, target)
            temporary = None
    except OSError as error:
        raise LoadError(f"无法写入 {path}：{error.strerror or error}",
                        en=f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


__all__ = ["CheckRun", "ConfigResolver", "DEFAULT_BUDGET", "Interrupted", "stop_on_signals", "ReportChecker", "RunOptions", "RunSummary",
           "read_baseline", "read_report", "write_baseline"]
