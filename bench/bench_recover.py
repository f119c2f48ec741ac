"""Time of table assembly and of the recovery of flattened tables, against parsing in the same run.

    python bench/bench_recover.py            # three repeats, best taken
    python bench/bench_recover.py --quick    # one repeat

1. Per flattened Pingtan crawl: the tables recovered and the time of the recovery alone (the
   glued rows found, split and searched: `govdisclosure.recover.recover`), per table and as a
   ratio to parsing the same text (the anchor).
2. Growth: texts printed one cell per line, and flattened texts, of growing size: time per
   thousand lines or characters, which stays flat when the readers are linear.
Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import govdisclosure  # noqa: E402
from govdisclosure.registry import default as default_registry  # noqa: E402
from govdisclosure.extract import detect_template  # noqa: E402
from govdisclosure.recover import recover  # noqa: E402

CRAWLS = sorted((ROOT / "tests" / "corpus").glob("*_pingtan_zone.txt"))


def best_time(function, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def cell_per_line(rows: int) -> str:
    head = "某县2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 |\n本年制发件数 |\n"
    return head + "规章 |\n1 |\n2 |\n3 |\n" * rows


def flattened(repeats: int) -> str:
    row = "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000"
    return ("某区2021年政府信息公开工作年度报告\n一、总体情况" + "本年度政务公开工作有序推进。" * 120
            + "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计" + row * repeats + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    repeats = 1 if parser.parse_args().quick else 3
    catalogs = default_registry().catalogs
    print(f"{'crawl':32} {'tables':>6} {'parse ms':>9} {'recover ms':>11} {'ms/table':>9} {'ratio':>6}")
    for path in CRAWLS:
        text = path.read_text(encoding="utf-8")
        report = govdisclosure.parse(text)
        catalog = catalogs.get(detect_template(report, catalogs)[0])
        tables = len({r.row.indicator.table for r in recover(report, catalog)[0]})
        parse = best_time(lambda: govdisclosure.parse(text), repeats)
        seconds = best_time(lambda: recover(report, catalog), repeats)
        print(f"{path.name:32} {tables:6} {1000 * parse:9.1f} {1000 * seconds:11.1f} "
              f"{1000 * seconds / max(tables, 1):9.1f} {seconds / parse:6.2f}")
    print("\nOne cell per line: parse time per 1,000 lines (flat when linear)")
    for rows in (1_000, 10_000, 100_000):
        text = cell_per_line(rows)
        lines = text.count("\n")
        seconds = best_time(lambda: govdisclosure.parse(text), repeats)
        print(f"  {lines:8} lines {seconds:7.2f} s {1000 * seconds / lines * 1000:8.2f} ms/1k lines")
    print("\nFlattened text: extract time per 1,000 characters (flat when linear)")
    for count in (10, 100, 1_000):
        text = flattened(count)
        seconds = best_time(lambda: govdisclosure.extract(govdisclosure.parse(text)), repeats)
        print(f"  {len(text):8} chars {seconds:7.2f} s {1000 * seconds / len(text) * 1000:8.2f} ms/1k chars")


if __name__ == "__main__":
    main()
