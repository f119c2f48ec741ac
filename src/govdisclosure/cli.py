"""The `govdisclosure` command line."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys

from . import __version__
from .run import DEFAULT_BUDGET, EXIT_INTERRUPTED, read_report
from .output.tree import format_tree
from .serialize import report_dict
from .sources import LoadError

# Exit status: 0 clean, 1 an error-level finding, 2 an input could not be read or the call was
# wrong, 3 an internal error; 130 and 143 a run stopped by SIGINT or SIGTERM.
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_INTERNAL_ERROR = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Read Chinese government information-disclosure annual reports (政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=f"govdisclosure {__version__}")
    parser.add_argument("-p", dest="plugin_options", action="append", default=[], metavar="no:NAME",
                        help="leave the installed plugin NAME out of this run (as pytest's -p no:NAME)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse_cmd = commands.add_parser("parse", help="parse reports into their tree (sections, tables, rows, cells)")
    parse_cmd.add_argument("paths", nargs="+", metavar="PATH", help="report files (HTML, PDF, DOCX, text or markdown), directories or globs; - reads standard input")
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
    extract_cmd.add_argument("--wide", action="store_true", help="with --panel: one row per issuer × year")
    extract_cmd.add_argument("-o", "--output", metavar="FILE",
                             help="with --panel: write to FILE (.csv, or .parquet with pyarrow) instead of standard output")
    check_cmd = commands.add_parser("check", help="check reports: arithmetic, prose against tables, periods, input problems")
    check_cmd.add_argument("paths", nargs="+", metavar="PATH", help="report files (HTML, PDF, DOCX, text or markdown), directories or globs; - reads standard input")
    check_cmd.add_argument("--output-format", choices=("text", "json", "sarif", "github", "csv"), default="text",
                           help="text (default): path:line:col: CODE message, with the source line; json: one document; "
                                "sarif: SARIF 2.1.0; github: workflow annotations; csv: one row per finding")
    check_cmd.add_argument("--baseline", metavar="FILE",
                           help="hide findings whose fingerprints FILE lists, and report its entries that no longer match")
    check_cmd.add_argument("--write-baseline", metavar="FILE", help="write the fingerprints of all findings to FILE")
    check_cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the messages (default zh)")
    check_cmd.add_argument("--config", metavar="FILE",
                           help="configuration file (default: the nearest govdisclosure.toml or pyproject.toml "
                                "[tool.govdisclosure])")
    check_cmd.add_argument("--select", default="", help="comma-separated code prefixes to run (default: all; ALL: every rule); an unknown one is an error")
    check_cmd.add_argument("--ignore", default="", help="comma-separated code prefixes to skip")
    check_cmd.add_argument("--statistics", action="store_true", help="print the number of findings per code")
    for command in (check_cmd, extract_cmd):
        command.add_argument("--region", metavar="CODE",
                             help="the reports' division code (e.g. 350128), instead of resolving their issuer")
    for command in (check_cmd, extract_cmd):
        command.add_argument("--timeout", type=float, default=DEFAULT_BUDGET, metavar="SECONDS",
                             help=f"stop a report that takes longer than SECONDS and report it (default {DEFAULT_BUDGET:g}; "
                                  "0: no limit, and -j 1 reads in this process)")
    check_cmd.add_argument("--no-cross-year", action="store_true",
                           help="do not compare each issuer's reports of consecutive years (GD5xx)")
    for command in (check_cmd, extract_cmd):
        command.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                             help="read and check N reports at once in worker processes (output is the same as -j 1)")
        command.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    commands.add_parser("rules", help="list every rule: code, name, severity, plugin, summary")
    commands.add_parser("plugins", help="list the loaded plugins, their versions and what each contributes")
    rule_cmd = commands.add_parser("rule", help="explain one rule")
    rule_cmd.add_argument("code", help="a rule code, e.g. GD101")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    wrong = [option for option in args.plugin_options if not option.startswith("no:")]
    if wrong:
        print(f"govdisclosure: error: -p 只接受 no:NAME（停用插件 NAME）：{', '.join(wrong)}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    # Plugins left out are blocked in the plugin manager (never imported), in this process and
    # in every worker (the blocked names travel with the workers' options).
    args.blocked = tuple(sorted({option[3:] for option in args.plugin_options}))
    return _run(args)


def _registry(blocked: tuple[str, ...] = ()):
    from .registry import default

    return default(blocked)


def _run(args) -> int:
    try:
        if args.command in ("check", "extract"):
            problem = _missing_plugins(getattr(args, "config", None), args.blocked)
            if problem:
                print(f"govdisclosure: error: {problem}", file=sys.stderr)
                return EXIT_INPUT_ERROR
        if args.command == "parse":
            return _cmd_parse(args)
        if args.command == "extract":
            return _cmd_extract(args)
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "rules":
            return _cmd_rules(args.blocked)
        if args.command == "rule":
            return _cmd_rule(args.code, args.blocked)
        if args.command == "plugins":
            return _cmd_plugins(args.blocked)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the command line never shows a traceback
        if os.environ.get("GOVDISCLOSURE_DEBUG"):
            raise
        print(f"govdisclosure: internal error: {type(error).__name__}: {error} "
              "(set GOVDISCLOSURE_DEBUG=1 for the traceback, and please report it)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    return EXIT_OK  # pragma: no cover - argparse requires a command


class _Inputs:
    """The reports named on the command line, read one by one; a file that cannot be read is
    reported on stderr and remembered, and the rest are still read."""

    def __init__(self, paths: list[str]):
        from .batch import expand

        self.paths = expand(paths)
        self.unreadable = False

    def __iter__(self):
        for path in self.paths:
            try:
                yield read_report(path)
            except LoadError as error:
                print(f"govdisclosure: error: {error}", file=sys.stderr)
                self.unreadable = True


def _cmd_parse(args) -> int:
    many = len(args.paths) > 1
    inputs = _Inputs(args.paths)
    for report in inputs:
        if args.output_format == "json":
            document = report_dict(report)
            print(json.dumps(document, ensure_ascii=False, indent=None if many else 2))
        else:
            print(format_tree(report))
    return EXIT_INPUT_ERROR if inputs.unreadable else EXIT_OK


def _missing_plugins(config_path, blocked: tuple[str, ...]) -> str | None:
    """The configuration's `require-plugins` that are not loaded, as a message; None when all are."""
    from .config import ConfigError, load_config
    from .registry import missing_plugins

    try:
        required = load_config(config_path).require_plugins
    except ConfigError:
        return None  # reported by the command itself
    return missing_plugins(_registry(blocked), required) if required else None


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


def _cmd_rule(code: str, blocked: tuple[str, ...]) -> int:
    from .rules.docs import explain
    from .testing import core_cases

    rule = _registry(blocked).rule(code.upper())
    if rule is None:
        print(f"govdisclosure: error: 没有规则 {code}（govdisclosure rules 列出全部规则）", file=sys.stderr)
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
    from .run import CheckRun, ConfigResolver, RunOptions, read_baseline, write_baseline

    registry = _registry(args.blocked)
    for failure in registry.failures:
        print(f"govdisclosure: warning: {failure}", file=sys.stderr)
    try:
        baseline = read_baseline(args.baseline) if args.baseline else None
        check_selection(registry, _prefixes(args.select), _prefixes(args.ignore))
        ConfigResolver(registry, args.config).for_directory(os.getcwd())  # the one here, checked before the run
    except (LoadError, ConfigError, SelectionError) as error:
        print(f"govdisclosure: error: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    options = RunOptions(select=_prefixes(args.select), ignore=_prefixes(args.ignore), lang=args.lang,
                         cross_year=not args.no_cross_year, region=args.region, blocked=args.blocked,
                         config=args.config, baseline=baseline, jobs=max(1, args.jobs),
                         budget=args.timeout or None, keep_fingerprints=bool(args.write_baseline))
    # The format only picks a writer; what is written is the run's (run.py, output/).
    output = writer_of(args.output_format, sys.stdout, lang=args.lang, registry=registry, version=__version__)
    run = CheckRun(options, registry, on_error=lambda message: print(f"govdisclosure: error: {message}", file=sys.stderr))
    try:
        summary = run.run(args.paths, output, lambda items, total: progress(items, args.quiet, "check", total))
    finally:
        output.close()
    if summary.interrupted:
        assert summary.signum is not None  # an interrupted run has the signal that stopped it
        return EXIT_INTERRUPTED.get(summary.signum, 130)
    if args.write_baseline:
        write_baseline(args.write_baseline, summary.fingerprints)
    for stale in summary.stale_baseline:
        print(f"govdisclosure: baseline entry {stale} no longer matches any finding", file=sys.stderr)
    if args.statistics:
        for code, count in sorted(summary.codes.items()):
            print(f"{count:6}  {code}", file=sys.stdout if args.output_format == "text" else sys.stderr)
    if summary.unreadable:
        return EXIT_INPUT_ERROR
    return EXIT_FINDINGS if summary.errors else EXIT_OK


def _cmd_extract(args) -> int:
    import csv

    from .batch import expand, progress
    from .output.convert import FACT_COLUMNS, csv_cell
    from .run import Interrupted, ReportExtractor, each_report, stop_on_signals

    paths = expand(args.paths)
    extractor = ReportExtractor(args.output_format, args.panel, args.region, args.blocked)
    if args.wide and not args.panel:
        print("govdisclosure: error: --wide 只用于 --panel", file=sys.stderr)
        return EXIT_INPUT_ERROR
    # Workers that survive their work, each report within the budget (-j 1 and a budget: one worker).
    results = progress(each_report(extractor, paths, max(1, args.jobs), args.timeout or None),
                       args.quiet, "extract", len(paths))
    try:
        with stop_on_signals():
            return _write_panel(args, results) if args.panel else _write_facts(args, results)
    except Interrupted as interrupted:
        print(f"govdisclosure: interrupted ({signal.Signals(interrupted.signum).name}); "
              "the output is incomplete", file=sys.stderr)
        return EXIT_INTERRUPTED.get(interrupted.signum, 130)


def _write_facts(args, results) -> int:
    import csv

    from .output.convert import FACT_COLUMNS, csv_cell

    unreadable = False
    writer = csv.writer(sys.stdout, lineterminator="\n") if args.output_format == "csv" else None
    if writer:
        writer.writerow(FACT_COLUMNS)
    for result in results:
        if result["error"]:
            print(f"govdisclosure: error: {result['error']}", file=sys.stderr)
            unreadable = True
        elif writer:
            writer.writerows([csv_cell(row[c]) for c in FACT_COLUMNS] for row in result["rows"])
        else:
            print(json.dumps(result["document"], ensure_ascii=False))
    return EXIT_INPUT_ERROR if unreadable else EXIT_OK


def _write_panel(args, results) -> int:
    from .panel import write_panel

    def failed(message: str) -> None:
        print(f"govdisclosure: error: {message}", file=sys.stderr)

    try:
        unreadable = write_panel(results, args.wide, args.output, failed)
    except LoadError as error:
        failed(str(error))
        return EXIT_INPUT_ERROR
    return EXIT_INPUT_ERROR if unreadable else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
