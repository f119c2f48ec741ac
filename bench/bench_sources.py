"""Reading time of the originals (HTML pages, PDFs, DOCX) and its growth with input size.

    python bench/bench_sources.py            # three repeats, best taken
    python bench/bench_sources.py --quick    # one repeat

Prints per kind: files, MB, seconds to read (`read_document`) and to load (read, parse, spans
moved to the original), then the time to read synthetic HTML tables of growing size (the readers
must stay linear). Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import govdisclosure  # noqa: E402
from govdisclosure.sources import read_document  # noqa: E402

ORIGINALS = sorted(p for p in (ROOT / "tests" / "corpus").iterdir() if p.suffix in (".html", ".pdf", ".docx"))


def best_time(function, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    repeats = 1 if parser.parse_args().quick else 3
    by_kind: dict[str, list[Path]] = defaultdict(list)
    for path in ORIGINALS:
        by_kind[path.suffix.lstrip(".")].append(path)
    print(f"{'kind':6} {'files':>5} {'MB':>6} {'read s':>8} {'load s':>8} {'ms/file':>8}")
    for kind, paths in sorted(by_kind.items()):
        size = sum(p.stat().st_size for p in paths) / 1e6
        read = best_time(lambda: [read_document(p) for p in paths], repeats)
        load = best_time(lambda: [govdisclosure.load(p) for p in paths], repeats)
        print(f"{kind:6} {len(paths):5} {size:6.2f} {read:8.2f} {load:8.2f} {1000 * load / len(paths):8.0f}")
    print("\nHTML table of n rows: read time (linear growth expected)")
    with tempfile.TemporaryDirectory() as folder:
        for rows in (1_000, 10_000, 50_000):
            page = Path(folder) / f"{rows}.html"
            page.write_text("<p>某某县2023年政府信息公开工作年度报告</p><table>"
                            + "<tr><td>规章</td><td>1</td><td>2</td></tr>" * rows + "</table>", encoding="utf-8")
            seconds = best_time(lambda: read_document(page), repeats)
            print(f"  {rows:7} rows {page.stat().st_size / 1e6:6.2f} MB {seconds:7.2f} s  {1e6 * seconds / rows:6.1f} µs/row")


if __name__ == "__main__":
    main()
