"""The `govdisclosure` command line."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # (typing itself is not imported: see below)
if TYPE_CHECKING:
    import argparse

from . import __version__

# The rest of the library is imported inside the functions that use it: `govdisclosure --version`
# then costs an interpreter's start and little more (docs/performance.md).

# Exit status: 0 clean, 1 an error-level finding, 2 an input, the configuration, the call or the
# output (a full disk) was at fault, 3 only a bug of the tool's own; 130 and 143 a run stopped by
# SIGINT or SIGTERM. A closed pipe (`| head`) stops the run with the status of what was printed.
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_INTERNAL_ERROR = 0, 1, 2, 3
# What `--version` says, by argparse or by the short path before the parser is built.
_VERSION_LINE = f"govdisclosure {__version__}"

def _messages() -> dict[str, dict[str, str]]:
    """The lines the command line says of its own, in each language (`--lang`): data/messages.toml."""
    from .messages import messages

    return messages()


def _said(args, key: str, **arguments) -> str:
    """A line of the command line's own, in the language of `args` (zh when it has no --lang)."""
    return _messages()[getattr(args, "lang", "zh") or "zh"][key].format(**arguments)


def _error(message, prefix: str = "error") -> None:
    """`govdisclosure: error: …` on stderr, a name's control characters and undecodable bytes escaped."""
    from .output.base import shown
    from .output.stream import bars_cleared

    with bars_cleared():  # (a progress bar may be on the terminal)
        print(f"govdisclosure: {prefix}: {shown(str(message))}", file=sys.stderr)


def _in_language(error: Exception, args) -> str:
    """An error's message in the language of `args`: a `LoadError`, `ConfigError` or
    `SelectionError` has one in English too."""
    from .sources.errors import in_language

    return in_language(error, getattr(args, "lang", "zh") or "zh")


class _Status:
    """The exit status of what was printed so far: where a closed pipe stops a run."""

    def __init__(self):
        self.value = EXIT_OK
        self.lang = "zh"  # (the --lang given, once the arguments are read)

    def at_least(self, status: int) -> None:
        self.value = max(self.value, status)


def _non_negative(text: str, zero: str = "0") -> int:
    """A count of 0 or more; anything else is refused (exit 2). `zero` says what 0 means."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be {zero} or more, not {value}")
    return value


def _jobs(text: str) -> int:
    """`-j N`: N worker processes; 0 all cores; a negative number is refused (exit 2)."""
    from .batch import default_jobs

    return _non_negative(text, "0 (all cores)") or default_jobs()


def _parser() -> argparse.ArgumentParser:
    import argparse

    from .output.convert import CSV_ENCODINGS
    from .run import DEFAULT_BUDGET

    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Read Chinese government information-disclosure annual reports (政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=_VERSION_LINE)
    parser.add_argument("-p", dest="plugin_options", action="append", default=[], metavar="no:NAME",
                        help="leave the installed plugin NAME out of this run (as pytest's -p no:NAME)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse_cmd = commands.add_parser("parse", help="parse reports into their tree (sections, tables, rows, cells)")
    parse_cmd.add_argument("paths", nargs="+", metavar="PATH", help="report files (HTML, PDF, DOCX, text or markdown), directories or globs; - reads standard input")
    parse_cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the tool's own lines (default zh)")
    parse_cmd.add_argument(
        "--output-format",
        choices=("tree", "json"),
        default="tree",
        help="tree: an indented outline (default); json: one JSON document per report "
        "(indented for one report, one line each for several)",
    )
    extract_cmd = commands.add_parser("extract", help="the statistics of reports, one row per fact")
    extract_cmd.add_argument("paths", nargs="+", metavar="PATH", help="report files (HTML, PDF, DOCX, text or markdown), directories or globs; - reads standard input")
    extract_cmd.add_argument("--output-format", choices=("csv", "json"), default="csv",
                             help="csv (default): one row per fact; json: one JSON document per report")
    extract_cmd.add_argument("--panel", action="store_true",
                             help="a panel dataset: one row per issuer × year × concept × column, with provenance "
                                  "(one reading per issuer and year)")
    extract_cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the tool's own lines (default zh)")
    extract_cmd.add_argument("--wide", action="store_true", help="with --panel: one row per issuer × year")
    extract_cmd.add_argument("--min-n", type=_non_negative, default=30, metavar="N",
                             help="with --panel: a derived rate on fewer than N cases (its denominator) is marked "
                                  "low_n (default 30)")
    extract_cmd.add_argument("-o", "--output", metavar="FILE",
                             help="with --panel: write to FILE (.csv, or .parquet with pyarrow) instead of standard output")
    check_cmd = commands.add_parser("check", help="check reports: arithmetic, prose against tables, periods, input problems")
    check_cmd.add_argument("paths", nargs="+", metavar="PATH", help="report files (HTML, PDF, DOCX, text or markdown), directories or globs; - reads standard input")
    check_cmd.add_argument("--output-format", choices=("text", "json", "sarif", "github", "csv", "html", "xlsx"),
                           default="text",
                           help="text (default): path:line:col: CODE message, with the report's words; json: one document; "
                                "sarif: SARIF 2.1.0; github: workflow annotations; csv: one row per finding; html: a page "
                                "with each report's tables and the wrong cells marked; xlsx: a workbook (redirect it to a file)")
    check_cmd.add_argument("--output-dir", metavar="DIR",
                           help="with --output-format html: write DIR/index.html and one page per report "
                                "(<issuer>-<year>.html), to send back to each agency")
    check_cmd.add_argument("--baseline", metavar="FILE",
                           help="hide findings whose fingerprints FILE lists, and report its entries that no longer match")
    check_cmd.add_argument("--write-baseline", metavar="FILE", help="write the fingerprints of all findings to FILE")
    check_cmd.add_argument("--lang", choices=("zh", "en"), default="zh",
                           help="language of the messages and of every line of the tool's own (default zh)")
    check_cmd.add_argument("--config", metavar="FILE",
                           help="configuration file (default: the nearest govdisclosure.toml or pyproject.toml "
                                "[tool.govdisclosure])")
    check_cmd.add_argument("--select", default="", help="comma-separated code prefixes to run (default: all; ALL: every rule); an unknown one is an error")
    check_cmd.add_argument("--ignore", default="", help="comma-separated code prefixes to skip")
    check_cmd.add_argument("--hide-reading-notes", action="store_true",
                           help="leave out the info-level notes on what the tool could not read or check (counted in the summary)")
    check_cmd.add_argument("--statistics", action="store_true",
                           help="print the number of findings of each rule (code and name) instead of the findings; "
                                "with another --output-format, the document and the counts on stderr")
    for command in (check_cmd, extract_cmd):
        command.add_argument("--region", metavar="CODE",
                             help="the reports' division code (e.g. 350128), instead of resolving their issuer")
    for command in (check_cmd, extract_cmd):
        command.add_argument("--csv-encoding", choices=CSV_ENCODINGS, default="utf-8",
                             help="CSV output: utf-8 (default, for data tools) or utf-8-sig (with the BOM Excel "
                                  "needs to show Chinese)")
    for command in (check_cmd, extract_cmd):
        command.add_argument("--timeout", type=float, default=DEFAULT_BUDGET, metavar="SECONDS",
                             help=f"stop a report that takes longer than SECONDS and report it (default {DEFAULT_BUDGET:g}; "
                                  "0: no limit, and -j 1 reads in this process)")
    check_cmd.add_argument("--no-cross-year", action="store_true",
                           help="do not compare reports with each other: neither each issuer's consecutive years "
                                "(GD5xx) nor the run's reports together (GD7xx)")
    check_cmd.add_argument("--roster", metavar="FILE",
                           help="a CSV of the units that must report (columns issuer and/or division, and years): "
                                "the units with no report are listed (GD702)")
    for command in (check_cmd, extract_cmd):
        command.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                             help="read and check N reports at once in worker processes, 0: one per core "
                                  "(output is the same as -j 1)")
        command.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    diff_cmd = commands.add_parser("diff", help="two reports of one issuer side by side: the cells that changed and "
                                                "the cross-year findings")
    diff_cmd.add_argument("paths", nargs=2, metavar="REPORT", help="the two reports (in either order: by year)")
    diff_cmd.add_argument("--all", action="store_true", help="list the cells that did not change too")
    diff_cmd.add_argument("--output-format", choices=("text", "json"), default="text")
    diff_cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the tool's own lines (default zh)")
    commands.add_parser("rules", help="list every rule: code, name, severity, plugin, summary")
    commands.add_parser("plugins", help="list the loaded plugins, their versions and what each contributes")
    rule_cmd = commands.add_parser("rule", help="explain one rule")
    rule_cmd.add_argument("code", help="a rule code, e.g. GD101")
    new_plugin_cmd = commands.add_parser("new-plugin", help="write a new regional plugin's package: one rule, a catalogue "
                                                            "variant, its cases and tests")
    new_plugin_cmd.add_argument("name", help="the plugin's name (its distribution is govdisclosure-NAME)")
    new_plugin_cmd.add_argument("--region", required=True, metavar="CODE", help="the division code it applies to (2, 4 or 6 digits)")
    new_plugin_cmd.add_argument("--code-prefix", required=True, metavar="XX", help="its rules' code prefix: 2–3 capitals, not GD")
    new_plugin_cmd.add_argument("--output-dir", default=".", metavar="DIR", help="where to write govdisclosure-NAME/ (default .)")
    new_plugin_cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the tool's own lines")
    completion_cmd = commands.add_parser("completion", help="print a shell completion script (bash, zsh or fish)")
    completion_cmd.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell")
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command line: its exit status (0 clean, 1 errors found, 2 bad input, configuration or
    output, 3 a bug of the tool's own; 130/143 stopped by a signal)."""
    from .output.stream import Output, OutputError

    status = _Status()
    stdout = sys.stdout
    sys.stdout = Output(stdout)
    try:
        try:
            return _main(argv, status)
        finally:
            sys.stdout.flush()  # (here, where a full disk can still be reported, not at exit)
    except BrokenPipeError:
        # The reader went away (`| head -1`): stop now, with the status of what was printed.
        _drop(stdout)
        return status.value
    except OutputError as error:
        _drop(stdout)
        _error(_messages()[status.lang]["unwritable"].format(why=error))
        return EXIT_INPUT_ERROR
    finally:
        sys.stdout = stdout


def _drop(stream) -> None:
    """Send what is left of a stream that cannot be written to /dev/null, so that Python's own
    flush at exit neither fails again nor says "Exception ignored"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # (not a real file: a test's capture)
        pass


def _main(argv: list[str] | None, status: _Status) -> int:
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:  # (as argparse says it, without building the parser)
        print(_VERSION_LINE)
        return EXIT_OK
    args = _parser().parse_args(argv)
    from .plugins import show_warnings_in

    show_warnings_in(getattr(args, "lang", "zh") or "zh")  # a plugin's failure, said in --lang
    args.status, status.lang = status, getattr(args, "lang", "zh")
    wrong = [option for option in args.plugin_options if not option.startswith("no:")]
    if wrong:
        _error(_said(args, "plugin_option", names=", ".join(wrong)))
        return EXIT_INPUT_ERROR
    # Plugins left out are blocked in the plugin manager (never imported), in this process and
    # in every worker (the blocked names travel with the workers' options).
    args.blocked = tuple(sorted({option[3:] for option in args.plugin_options}))
    return _run(args)


def _registry(blocked: tuple[str, ...] = ()):
    from .registry import default

    return default(blocked)


def _run(args) -> int:
    from .output.stream import OutputError

    try:
        if args.command in ("check", "extract"):
            problem = _missing_plugins(getattr(args, "config", None), args.blocked, getattr(args, "lang", "zh") or "zh")
            if problem:
                _error(problem)
                return EXIT_INPUT_ERROR
        if args.command == "parse":
            return _cmd_parse(args)
        if args.command == "extract":
            return _cmd_extract(args)
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "diff":
            return _cmd_diff(args)
        if args.command == "rules":
            return _cmd_rules(args.blocked)
        if args.command == "rule":
            return _cmd_rule(args, args.code, args.blocked)
        if args.command == "plugins":
            return _cmd_plugins(args.blocked)
        if args.command == "new-plugin":
            return _cmd_new_plugin(args)
        if args.command == "completion":
            from .completion import completion_script

            sys.stdout.write(completion_script(_parser(), args.shell))
            return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except (BrokenPipeError, OutputError):
        raise  # (main's: the output's fault, not the tool's)
    except Exception as error:  # noqa: BLE001 - the command line never shows a traceback
        if os.environ.get("GOVDISCLOSURE_DEBUG"):
            raise
        _error(_said(args, "internal", kind=type(error).__name__, error=error), "internal error")
        return EXIT_INTERNAL_ERROR
    return EXIT_OK  # pragma: no cover - argparse requires a command


def _arguments(args) -> list[str]:
    """The paths of the command line less the globs that match no file, each said ("没有文件匹配
    PATTERN", exit 2), rather than read as a file that does not exist."""
    from .batch import unmatched

    empty = set(unmatched(args.paths))
    for pattern in sorted(empty):
        _error(_said(args, "no_match", pattern=pattern))
        args.status.at_least(EXIT_INPUT_ERROR)
    return [path for path in args.paths if path not in empty]


class _Inputs:
    """The reports named on the command line, read one by one; a file that cannot be read is
    reported on stderr and remembered, and the rest are still read."""

    def __init__(self, args):
        from .batch import expand

        self.paths = expand(_arguments(args))
        self.status = args.status

    @property
    def unreadable(self) -> bool:
        return self.status.value == EXIT_INPUT_ERROR

    def __iter__(self):
        from .run import read_report
        from .sources import LoadError

        for path in self.paths:
            try:
                yield read_report(path)
            except LoadError as error:
                _error(error.in_language(self.status.lang))
                self.status.at_least(EXIT_INPUT_ERROR)


def _cmd_parse(args) -> int:
    import json

    from .output.base import json_text
    from .output.tree import format_tree
    from .serialize import report_dict

    inputs = _Inputs(args)
    many = len(inputs.paths) > 1  # (a folder of several: one line each, as for several names)
    for report in inputs:
        if args.output_format == "json":
            document = report_dict(report)
            print(json_text(json.dumps(document, ensure_ascii=False, indent=None if many else 2)))
        else:
            print(format_tree(report))
    return EXIT_INPUT_ERROR if inputs.unreadable else EXIT_OK


def _missing_plugins(config_path, blocked: tuple[str, ...], lang: str = "zh") -> str | None:
    """What is wrong with the configuration (unreadable, a wrong value, a code no rule has, a
    required plugin not loaded), as a message; None when nothing is. For extract too, which reads it nowhere else."""
    from .config import ConfigError, check_config, load_config

    try:
        check_config(load_config(config_path), lambda: _registry(blocked))
    except ConfigError as error:
        return error.in_language(lang)
    return None


def _cmd_diff(args) -> int:
    """Two reports of one issuer: the cells that changed, the cross-year findings on the pair
    (with the configuration nearest the later report, as `check` applies it)."""
    import json

    from .config import ConfigError
    from .output.base import color_wanted, json_text
    from .run import ConfigResolver
    from .sources import LoadError
    from .year_diff import diff_data, diff_reports, format_diff

    try:
        registry = _registry(args.blocked)
        first, second = args.paths  # (in either order: the diff orders them by year)
        diff = diff_reports(first, second, registry=registry, lang=args.lang, all_cells=args.all,
                            config_for=ConfigResolver(registry).for_path)
    except (LoadError, ConfigError) as error:
        _error(_in_language(error, args))
        return EXIT_INPUT_ERROR
    if args.output_format == "json":
        sys.stdout.write(json_text(json.dumps(diff_data(diff), ensure_ascii=False, indent=2)) + "\n")
    else:
        sys.stdout.write(format_diff(diff, args.lang, color_wanted(sys.stdout)) + "\n")
    return EXIT_FINDINGS if any(d.severity == "error" for d in diff.findings) else EXIT_OK


def _cmd_new_plugin(args) -> int:
    from .scaffold import ScaffoldError, new_plugin

    try:
        folder = new_plugin(args.name, args.region, args.code_prefix, args.output_dir)
    except (ScaffoldError, OSError) as error:
        _error(error.in_language(args.lang) if isinstance(error, ScaffoldError) else f"{error.strerror or error}: {error.filename}")
        return EXIT_INPUT_ERROR
    print(folder)
    return EXIT_OK


def _cmd_plugins(blocked: tuple[str, ...]) -> int:
    from collections import defaultdict

    registry = _registry(blocked)
    rules, templates = defaultdict(list), defaultdict(list)
    for rule in registry.rules:
        rules[rule.plugin].append(rule.code)
    for catalog in registry.catalogs.catalogs:
        templates[catalog.plugin].append(catalog.template)
    for info in registry.infos:
        version = f"{info.distribution} {info.version}".strip()
        print(f"{info.name:<14} {version}")
        if templates.get(info.name):
            print(f"{'':14}   catalogues: {', '.join(templates[info.name])}")
        if rules.get(info.name):
            print(f"{'':14}   rules: {', '.join(rules[info.name])}")
    for failure in registry.failures:
        print(f"failed: {failure}")
    for name in registry.blocked:
        print(f"blocked: {name} (-p no:{name})")
    return EXIT_OK


def _cmd_rules(blocked: tuple[str, ...]) -> int:
    for rule in _registry(blocked).rules:
        print(f"{rule.code}  {rule.name:<30} {rule.severity:<8} {rule.plugin:<12} {rule.summary}")
    return EXIT_OK


def _cmd_rule(args, code: str, blocked: tuple[str, ...]) -> int:
    from .rules.docs import explain
    from .testing import core_cases

    rule = _registry(blocked).rule(code.upper())
    if rule is None:
        _error(_said(args, "no_rule", code=code))
        return EXIT_INPUT_ERROR
    print(explain(rule, [case for case in core_cases() if case.code == rule.code]))
    return EXIT_OK


def _prefixes(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(",") if p.strip())


def _cmd_check(args) -> int:
    from .batch import progress
    from .config import ConfigError
    from .engine import SelectionError, check_selection
    from .output import writer as writer_of
    from .output.base import Writer, color_wanted
    from .output.convert import BOM
    from .output.text import StatisticsWriter
    from .roster import read_roster
    from .run import EXIT_INTERRUPTED, CheckRun, ConfigResolver, RunOptions, read_baseline, write_baseline
    from .sources import LoadError

    registry = _registry(args.blocked)  # (a plugin that failed is said once, by its PluginWarning)
    try:
        baseline = read_baseline(args.baseline) if args.baseline else None
        roster = read_roster(args.roster) if args.roster else None
        check_selection(registry, _prefixes(args.select), _prefixes(args.ignore))
        ConfigResolver(registry, args.config).for_directory(os.getcwd())  # the one here, checked before the run
    except (LoadError, ConfigError, SelectionError) as error:
        _error(_in_language(error, args))
        return EXIT_INPUT_ERROR
    options = RunOptions(select=_prefixes(args.select), ignore=_prefixes(args.ignore), lang=args.lang,
                         cross_year=not args.no_cross_year, region=args.region, blocked=args.blocked,
                         config=args.config, baseline=baseline, jobs=max(1, args.jobs),
                         budget=args.timeout or None, keep_fingerprints=bool(args.write_baseline),
                         hide_reading_notes=args.hide_reading_notes)
    paths = _arguments(args)
    if args.output_dir and args.output_format != "html":
        _error(_said(args, "output_dir"))
        return EXIT_INPUT_ERROR
    if args.output_format == "html" and not args.output_dir:
        from .batch import expand
        from .output.html_report import MAX_REPORTS_PER_PAGE

        if len(expand(paths)) > MAX_REPORTS_PER_PAGE:
            _error(_said(args, "too_many_for_a_page", limit=MAX_REPORTS_PER_PAGE))
            return EXIT_INPUT_ERROR
    # The format only picks a writer; what is written is the run's (run.py, output/). Text:
    # in colour on a terminal; the counts alone with --statistics.
    color = args.output_format == "text" and color_wanted(sys.stdout)
    output: Writer
    if args.statistics and args.output_format == "text":
        output = StatisticsWriter(sys.stdout, lang=args.lang, registry=registry, version=__version__)
    else:
        if args.output_format == "csv" and args.csv_encoding == "utf-8-sig":
            sys.stdout.write(BOM)
        extra = {"output_dir": args.output_dir} if args.output_format == "html" else {}
        output = writer_of(args.output_format, sys.stdout, lang=args.lang, registry=registry, version=__version__,
                           color=color, **extra)

    def on_error(message: str) -> None:
        _error(message)
        args.status.at_least(EXIT_INPUT_ERROR)

    if roster is not None and args.no_cross_year:
        _error(_said(args, "roster_needs_cross_year"))
        return EXIT_INPUT_ERROR
    run = CheckRun(options, registry, on_error=on_error, roster=roster)
    try:
        summary = run.run(paths, _Counting(output, args.status),
                          lambda items, total: progress(items, args.quiet, "check", total))
    except LoadError as error:  # (a writer that cannot write here: xlsx to a terminal, no XlsxWriter)
        _error(error.in_language(args.lang))
        return EXIT_INPUT_ERROR
    finally:
        output.close()
    if summary.interrupted:
        assert summary.signum is not None  # an interrupted run has the signal that stopped it
        return EXIT_INTERRUPTED.get(summary.signum, 130)
    unwritable = False
    if args.write_baseline:
        try:
            write_baseline(args.write_baseline, summary.fingerprints)
        except LoadError as error:
            _error(error.in_language(args.lang))
            unwritable = True
    for stale in summary.stale_baseline:
        print(f"govdisclosure: baseline entry {stale} no longer matches any finding", file=sys.stderr)
    if args.statistics and args.output_format != "text":  # (the document on stdout, the counts beside it)
        names = {rule.code: rule.name for rule in registry.rules}
        for code, count in sorted(summary.codes.items(), key=lambda item: (-item[1], item[0])):
            print(f"{count:6}  {code} {names.get(code, '')}".rstrip(), file=sys.stderr)
    if summary.unreadable or unwritable or args.status.value == EXIT_INPUT_ERROR:
        return EXIT_INPUT_ERROR
    return EXIT_FINDINGS if summary.errors else EXIT_OK


class _Counting:
    """A writer that keeps the exit status of the findings it has written (`| head`)."""

    def __init__(self, writer, status: _Status):
        self.writer, self.status = writer, status

    def diagnostic(self, diagnostic) -> None:
        self.writer.diagnostic(diagnostic)
        if diagnostic.severity == "error":
            self.status.at_least(EXIT_FINDINGS)

    def __getattr__(self, name: str):
        return getattr(self.writer, name)


def _cmd_extract(args) -> int:
    import signal

    from .batch import expand, progress
    from .run import EXIT_INTERRUPTED, Interrupted, ReportExtractor, each_report, stop_on_signals

    paths = expand(_arguments(args))
    extractor = ReportExtractor(args.output_format, args.panel, args.region, args.blocked, lang=args.lang)
    if args.wide and not args.panel:
        _error(_said(args, "wide"))
        return EXIT_INPUT_ERROR
    extractor.prepare()  # here, before the workers fork: the plugins load once
    # Workers that survive their work, each report within the budget (-j 1 and a budget: one worker).
    results = progress(each_report(extractor, paths, max(1, args.jobs), args.timeout or None),
                       args.quiet, "extract", len(paths))
    try:
        with stop_on_signals():
            return _write_panel(args, results, extractor.registry) if args.panel else _write_facts(args, results)
    except Interrupted as interrupted:
        print(f"govdisclosure: {_said(args, 'interrupted', signal=signal.Signals(interrupted.signum).name)}",
              file=sys.stderr)
        return EXIT_INTERRUPTED.get(interrupted.signum, 130)


def _write_facts(args, results) -> int:
    import csv
    import json

    from .output.base import json_text, shown
    from .output.convert import BOM, FACT_COLUMNS, csv_cell

    unreadable = args.status.value == EXIT_INPUT_ERROR  # (a glob that matched nothing)
    writer = csv.writer(sys.stdout, lineterminator="\n") if args.output_format == "csv" else None
    if writer:
        if args.csv_encoding == "utf-8-sig":
            sys.stdout.write(BOM)
        writer.writerow(FACT_COLUMNS)
    for result in results:
        if result["error"]:
            _error(result['error'])
            unreadable = True
            args.status.at_least(EXIT_INPUT_ERROR)
        elif writer:
            # (a name's control characters escaped, as every output prints it)
            writer.writerows([shown(row[c]) if c == "source" and row[c] else csv_cell(row[c]) for c in FACT_COLUMNS]
                             for row in result["rows"])
        else:
            print(json_text(json.dumps(result["document"], ensure_ascii=False)))
    return EXIT_INPUT_ERROR if unreadable else EXIT_OK


def _write_panel(args, results, registry) -> int:
    from .panel import write_panel
    from .sources import LoadError

    def failed(message: str) -> None:
        _error(message)
        args.status.at_least(EXIT_INPUT_ERROR)

    try:
        unreadable = write_panel(results, args.wide, args.output, failed, args.csv_encoding,
                                 registry.derived if registry is not None else (), args.min_n)
    except LoadError as error:
        failed(error.in_language(args.lang))
        return EXIT_INPUT_ERROR
    return EXIT_INPUT_ERROR if unreadable or args.status.value == EXIT_INPUT_ERROR else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
