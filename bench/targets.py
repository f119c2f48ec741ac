"""The performance targets (docs/performance.md), each measured against its anchor in the same run.

    python bench/targets.py                  # five interleaved runs of each figure, medians
    python bench/targets.py --quick          # three runs, smaller batches (a minute or two)
    python bench/targets.py --corpus DIR     # also the reports in DIR (default: ../shared/corpus
                                             # when it is there, besides tests/corpus)
    python bench/targets.py --json F.json    # also keep the figures; --table F.json prints them again
    python bench/targets.py --only html,pdf  # some of the figures (FIGURES below)

Every timed figure is a whole process (`python -m govdisclosure …`, or a small anchor script),
timed by the CPU time the kernel accounts to it (user + system, `os.wait4`) or, where the target
says so, by wall time. A figure and its anchor run alternately, and the median of each is taken:
a shared machine's noise falls on both alike. The ratios, not the seconds, are the result.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CORPORA = [ROOT / "tests" / "corpus", ROOT.parent / "shared" / "corpus"]
PYTHON = sys.executable

# The anchors: the cheapest thing that reads the same input, each a whole process like the figure.
LARK_ANCHOR = """
import sys
from pathlib import Path
from lark import Lark
parser = Lark(Path(sys.argv[1]).read_text(encoding="utf-8"), parser="lalr")
for name in sys.argv[2:]:
    try:
        parser.parse(Path(name).read_text(encoding="utf-8"))
    except Exception:
        pass
"""
LXML_HTML_ANCHOR = """
import sys
from lxml import html
for name in sys.argv[1:]:
    html.fromstring(open(name, "rb").read())
"""
PDFIUM_ANCHOR = """
import sys
import pypdfium2
for name in sys.argv[1:]:
    document = pypdfium2.PdfDocument(name)
    for page in document:
        page.get_textpage().get_text_range()
    document.close()
"""
DOCX_LXML_ANCHOR = """
import sys, zipfile
from lxml import etree
for name in sys.argv[1:]:
    with zipfile.ZipFile(name) as archive:
        etree.fromstring(archive.read("word/document.xml"))
"""
# What `check` of a text report cannot run without: the core dependencies it imports.
DEPENDENCIES = "import attrs, cattrs, lark, pluggy, importlib.metadata, tomllib, decimal, json, multiprocessing"
READ_DOCUMENTS = """
import sys
from govdisclosure.sources import read_document
for name in sys.argv[1:]:
    read_document(name)
"""


# The processes run as an installed package does: with compiled bytecode (a wheel's install
# compiles it; a development checkout may set PYTHONDONTWRITEBYTECODE), kept in the run's own
# scratch folder, and each command is run once, unmeasured, before it is timed.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


# The figures, in the order they are measured and printed (`--only` picks some).
FIGURES = ("text", "html", "pdf", "docx", "version", "one", "record", "jobs", "memory", "growth")


def measure(command: list[str]) -> tuple[float, float, int]:
    """CPU seconds (user + system), wall seconds and peak memory (KiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                               env=ENVIRONMENT)
    _, _status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, dict[str, float]]:
    """Each command run `runs` times, in turn with the others; the median of each measure."""
    samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for command in commands.values():
        measure(command)  # (bytecode compiled, caches filled, files in the page cache)
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(measure(command))
    figures = {}
    for name, got in samples.items():
        cpu, wall = [s[0] for s in got], [s[1] for s in got]
        figures[name] = {"cpu": statistics.median(cpu), "wall": statistics.median(wall),
                         "rss": statistics.median(s[2] for s in got),
                         # the runs' spread: (slowest − fastest) / median, CPU and wall
                         "spread": max((max(cpu) - min(cpu)) / (statistics.median(cpu) or 1),
                                       (max(wall) - min(wall)) / (statistics.median(wall) or 1))}
    LAST_SPREAD[0] = max(f["spread"] for f in figures.values())
    return figures


# The largest spread of the runs of the last `interleaved` call (a figure's rows say it).
LAST_SPREAD = [0.0]


def copies(paths: list[Path], times: int, folder: Path) -> list[str]:
    """`times` copies of each file under distinct names (a run sees as many reports)."""
    out = []
    for n in range(times):
        for path in paths:
            target = folder / f"{n:05d}-{path.name}"
            shutil.copyfile(path, target)
            out.append(str(target))
    return out


def corpus_files(extra: list[Path]) -> list[Path]:
    seen: dict[str, Path] = {}
    for folder in [*CORPORA, *extra]:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix in (".txt", ".html", ".htm", ".pdf", ".docx"):
                    seen.setdefault(path.name, path)  # tests/corpus holds copies of shared ones
    return list(seen.values())


def check_command(paths: list[str], *options: str) -> list[str]:
    return [PYTHON, "-m", "govdisclosure", "check", "--output-format", "json", "--quiet", *options, *paths]


def record_size_ratio(texts: list[Path]) -> float:
    """The cross-year record each report spools, against the report's own size (all reports)."""
    sys.path.insert(0, str(ROOT / "src"))
    import govdisclosure
    from govdisclosure.collection import record_of
    from govdisclosure.engine import check_report
    from govdisclosure.registry import default

    registry = default()
    record_bytes = report_bytes = 0
    for path in texts:
        report = govdisclosure.load(path)
        facts, _ = check_report(report, registry)
        record_bytes += len(record_of(report, facts, None, registry).to_json().encode("utf-8"))
        report_bytes += path.stat().st_size
    return record_bytes / report_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument("--table", type=Path, metavar="JSON", help="print the table of figures a run wrote (--json) and stop")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--only", default=",".join(FIGURES),
                        help=f"comma-separated figures to measure (default all: {','.join(FIGURES)})")
    args = parser.parse_args()
    if args.table:
        print_table(json.loads(args.table.read_text(encoding="utf-8")))
        return
    wanted = set(args.only.split(","))
    unknown = wanted - set(FIGURES)
    if unknown:
        parser.error(f"unknown figures: {', '.join(sorted(unknown))}")
    runs, times, batch, big = (3, 5, 200, 2_000) if args.quick else (5, 25, 1_000, 10_000)

    files = corpus_files(args.corpus)
    texts = [p for p in files if p.suffix == ".txt" and p.read_text(encoding="utf-8", errors="replace").count("\n") >= 30]
    pages = [p for p in files if p.suffix in (".html", ".htm")]
    pdfs = [p for p in files if p.suffix == ".pdf"]
    docxs = [p for p in files if p.suffix == ".docx"]
    rows: list[dict] = []

    def row(what, anchor, ratio, hard, stretch, better, detail):
        met = (lambda target: target is None or (ratio >= target if better == "higher" else ratio <= target))
        rows.append({"what": what, "anchor": anchor, "ratio": round(ratio, 3), "hard": hard, "stretch": stretch,
                     "hard_met": met(hard), "stretch_met": met(stretch), "detail": detail,
                     "spread": round(LAST_SPREAD[0], 3)})
        LAST_SPREAD[0] = 0.0
        print(f"{what}: {ratio:.3f} (hard {hard}, stretch {stretch}) {detail}", file=sys.stderr)

    def seconds(what, value, hard, stretch, detail=""):
        rows.append({"what": what, "anchor": "—", "seconds": round(value, 3), "hard": hard, "stretch": stretch,
                     "hard_met": value <= hard, "stretch_met": value <= stretch, "detail": detail,
                     "spread": round(LAST_SPREAD[0], 3)})
        LAST_SPREAD[0] = 0.0
        print(f"{what}: {value:.3f} s (hard {hard}, stretch {stretch}) {detail}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        ENVIRONMENT["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
        if "text" in wanted:
            (folder / "text").mkdir()
            text_copies = copies(texts, times, folder / "text")
            got = interleaved({"check": check_command(text_copies, "--no-cross-year"),
                               "anchor": [PYTHON, "-c", LARK_ANCHOR, str(BENCH / "baseline.lark"), *text_copies]}, runs)
            row(f"`check --output-format json`, {len(texts)} text reports ×{times}", "naive lark LALR parse",
                got["anchor"]["cpu"] / got["check"]["cpu"], 0.6, 1.0, "higher",
                f"{got['check']['cpu']:.2f} s against {got['anchor']['cpu']:.2f} s CPU")

        if "html" in wanted:
            (folder / "html").mkdir()
            page_copies = copies(pages, max(1, times // 5), folder / "html")
            got = interleaved({"check": check_command(page_copies, "--no-cross-year"),
                               "anchor": [PYTHON, "-c", LXML_HTML_ANCHOR, *page_copies]}, runs)
            row(f"`check` of {len(pages)} HTML pages ×{max(1, times // 5)}", "`lxml.html` parse",
                got["check"]["cpu"] / got["anchor"]["cpu"], 10, 4, "lower",
                f"{1000 * got['check']['cpu'] / len(page_copies):.1f} ms a page against "
                f"{1000 * got['anchor']['cpu'] / len(page_copies):.1f} ms")

        for kind, originals, anchor, name in (("pdf", pdfs, PDFIUM_ANCHOR, "pypdfium2 text extraction"),
                                              ("docx", docxs, DOCX_LXML_ANCHOR, "lxml parse of `document.xml`")):
            if not originals or kind not in wanted:
                continue
            repeated = [str(p) for p in originals] * max(1, times // 5)
            got = interleaved({"read": [PYTHON, "-c", READ_DOCUMENTS, *repeated], "anchor": [PYTHON, "-c", anchor, *repeated]}, runs)
            row(f"reading {len(originals)} {kind.upper()} ×{max(1, times // 5)}", name,
                got["read"]["cpu"] / got["anchor"]["cpu"], 4, 2, "lower",
                f"{1000 * got['read']['cpu'] / len(repeated):.1f} ms a file against "
                f"{1000 * got['anchor']['cpu'] / len(repeated):.1f} ms")

        if "version" in wanted:
            got = interleaved({"version": [PYTHON, "-m", "govdisclosure", "--version"]}, max(runs, 5))
            seconds("`govdisclosure --version`, wall", got["version"]["wall"], 0.08, 0.05)
        if "one" in wanted:
            one = sorted(texts, key=lambda p: p.stat().st_size)[len(texts) // 2]
            # Beside it, the floor: the interpreter, and the interpreter importing only the
            # libraries a check cannot do without (nothing of govdisclosure's own).
            got = interleaved({"one": check_command([str(one)]), "python": [PYTHON, "-c", "pass"],
                               "libraries": [PYTHON, "-c", DEPENDENCIES]}, max(runs, 5))
            seconds("`check` of one text report, wall", got["one"]["wall"], 0.15, 0.1,
                    f"{one.name}; the interpreter starts in {got['python']['wall']:.3f} s, and imports the "
                    f"libraries a check needs in {got['libraries']['wall']:.3f} s")

        if "record" in wanted:
            row("cross-year record on disk", "the report's size", record_size_ratio(texts), 1, 0.2, "lower", "")

        if "jobs" in wanted:
            (folder / "batch").mkdir()
            batch_copies = copies(texts, -(-batch // len(texts)), folder / "batch")[:batch]
            got = interleaved({"j1": check_command(batch_copies, "-j", "1"), "j2": check_command(batch_copies, "-j", "2")}, runs)
            row(f"`-j 2` over {len(batch_copies)} reports on {os.cpu_count()} cores, wall", "`-j 1`",
                got["j1"]["wall"] / got["j2"]["wall"], None, 1.8, "higher",
                f"{got['j1']['wall']:.1f} s against {got['j2']['wall']:.1f} s")

        if "memory" in wanted:
            (folder / "big").mkdir()
            big_copies = copies(texts, -(-big // len(texts)), folder / "big")[:big]
            got = interleaved({"small": check_command(big_copies[:batch]), "big": check_command(big_copies)}, 1)
            row(f"peak memory, {len(big_copies)} reports", f"{batch} reports", got["big"]["rss"] / got["small"]["rss"],
                1.25, 1.1, "lower", f"{got['big']['rss'] / 1024:.0f} MiB against {got['small']['rss'] / 1024:.0f} MiB")

        if "growth" in wanted:
            # One report grown by repeating its body: the time per byte of a 5 MB report against
            # that of a 500 KB one (1.0: linear), both less the time of a 1 KB report (the
            # start-up every size pays once); and the 5 MB report's peak memory.
            seed = (ROOT / "samples" / "2018_legacy_tianyuan_district.txt").read_text(encoding="utf-8")
            sizes = {"1KB": 1_000, "500KB": 500_000, "5MB": 5_000_000}
            commands, grown = {}, {}
            for name, size in sizes.items():
                grown[name] = folder / f"grown-{name}.txt"
                text = seed * (size // len(seed.encode()) + 1)
                while len(text.encode()) > size and len(text) > 300:  # (Chinese: 3 bytes a character)
                    text = text[: len(text) * size // len(text.encode())]
                grown[name].write_text(text, encoding="utf-8")
                commands[name] = check_command([str(grown[name])], "--timeout", "0")
            got = interleaved(commands, max(1, runs - 2))
            start = got["1KB"]["cpu"]
            per_byte = {name: (got[name]["cpu"] - start) / grown[name].stat().st_size for name in ("500KB", "5MB")}
            row("time per byte, a 5 MB report", "a 500 KB report", per_byte["5MB"] / per_byte["500KB"], 1.25, 1.1,
                "lower", f"{got['5MB']['cpu']:.1f} s CPU for 5 MB against {got['500KB']['cpu']:.1f} s for 500 KB; "
                f"peak {got['5MB']['rss'] / 1024:.0f} MiB")

    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print_table(rows)


def print_table(rows: list[dict]) -> None:
    print("| what | anchor | measured | spread of the runs | hard | stretch |")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        measured = f"{r['seconds']} s" if "seconds" in r else f"{r['ratio']}×"
        marks = {True: "met", False: "**not met**"}
        hard = "—" if r["hard"] is None else f"{r['hard']} ({marks[r['hard_met']]})"
        stretch = "—" if r["stretch"] is None else f"{r['stretch']} ({marks[r['stretch_met']]})"
        detail = f" ({r['detail']})" if r["detail"] else ""
        spread = f"±{50 * r['spread']:.0f} %" if r.get("spread") else "—"
        print(f"| {r['what']} | {r['anchor']} | {measured}{detail} | {spread} | {hard} | {stretch} |")


if __name__ == "__main__":
    main()
