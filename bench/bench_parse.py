"""Parse throughput on one core, against a straightforward lark grammar.

    python bench/bench_parse.py            # five repeats, best taken
    python bench/bench_parse.py --quick    # one repeat

Prints, in the same run, reports/s and MB/s over the corpus texts of
  * the grammar stage: govdisclosure's line lexer + LALR over whole-line tokens + tree building,
    against the baseline (bench/baseline.py: LALR with one token per text run and per cell,
    building the same kinds of nodes), both on the same normalised text;
  * the whole `govdisclosure.parse` (normalisation and source map included) against the baseline
    pipeline (the same normalisation, then the baseline grammar);
  * `check` end to end (parse, extract, every core rule) against the baseline pipeline's parse;
  * the whole parse against the same baseline grammar run with lark's defaults (Earley);
then `govdisclosure.parse` time against input size up to 5 MB. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import baseline  # noqa: E402

import govdisclosure  # noqa: E402
from govdisclosure import grammar, lexer  # noqa: E402
from govdisclosure.normalize import normalize  # noqa: E402

TEXTS = sorted((ROOT / "tests" / "corpus").glob("*.txt")) + [ROOT / "samples" / "2018_legacy_tianyuan_district.txt"]


def best_time(function, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def report(name: str, seconds: float, count: int, size: int) -> float:
    rate = count / seconds
    print(f"  {name:<34} {rate:8.1f} reports/s  {size / seconds / 1e6:6.2f} MB/s  ({seconds * 1000:7.1f} ms)")
    return rate


def our_grammar_stage(normalized) -> None:
    problems: list = []
    lexed = lexer.lex(normalized.lines, normalized.source_map, problems)
    tokens = [grammar.Token(e.kind, e.line.text, start_pos=i) for i, e in enumerate(lexed)]
    context = grammar._CURRENT.set((lexed, normalized.source_map))
    try:
        grammar._parser().parse(iter(tokens))
    finally:
        grammar._CURRENT.reset(context)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="one repeat instead of fifteen")
    args = options.parse_args()
    repeats = 1 if args.quick else 15
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print(f"python {platform.python_version()}, lark, on {platform.machine()} "
          f"({os.cpu_count()} cores, pinned to one)")
    texts = [path.read_text(encoding="utf-8") for path in TEXTS]
    size = sum(len(t.encode("utf-8")) for t in texts)
    govdisclosure.parse(texts[0])
    baseline.parse(texts[0])

    normalized = [normalize(t) for t in texts]
    print(f"\n{len(texts)} corpus reports, {size / 1e6:.2f} MB")
    print("grammar stage (same normalised text):")
    ours = report("govdisclosure (whole-line tokens)", best_time(lambda: [our_grammar_stage(n) for n in normalized], repeats), len(texts), size)
    theirs = report("baseline (token per run and cell)", best_time(lambda: [baseline.grammar_stage(n) for n in normalized], repeats), len(texts), size)
    print(f"  speed-up {ours / theirs:.1f}x")
    print("whole parse:")
    ours = report("govdisclosure.parse", best_time(lambda: [govdisclosure.parse(t) for t in texts], repeats), len(texts), size)
    theirs = report("baseline pipeline", best_time(lambda: [baseline.parse(t) for t in texts], repeats), len(texts), size)
    print(f"  speed-up {ours / theirs:.1f}x")
    from govdisclosure.engine import check
    from govdisclosure.registry import default as default_registry

    registry = default_registry()
    print("check end to end (parse, extract, every core rule), against the baseline's parse alone:")
    report("govdisclosure check", best_time(lambda: [check(govdisclosure.parse(t), registry) for t in texts], repeats),
           len(texts), size)
    report("baseline pipeline (parse only)", best_time(lambda: [baseline.parse(t) for t in texts], repeats), len(texts), size)

    # lark's defaults (Earley, dynamic lexer) with the same grammar: the grammar as one would
    # first write it. Only the reports without a flattened line: on those Earley takes minutes.
    from lark import Lark

    earley = Lark(baseline.GRAMMAR)
    plain = [t for t in texts if max((len(line) for line in t.splitlines()), default=0) < 1500]
    plain_size = sum(len(t.encode("utf-8")) for t in plain)
    print(f"whole parse against the same grammar with lark's default Earley parser ({len(plain)} reports "
          f"without a flattened line, {plain_size / 1e6:.2f} MB):")
    ours = report("govdisclosure.parse", best_time(lambda: [govdisclosure.parse(t) for t in plain], repeats),
                  len(plain), plain_size)
    theirs = report("normalise + Earley baseline", best_time(
        lambda: [earley.parse("\n".join(line.text for line in normalize(t).lines)) for t in plain], 1),
        len(plain), plain_size)
    print(f"  speed-up {ours / theirs:.1f}x")

    unit = (ROOT / "samples" / "2018_legacy_tianyuan_district.txt").read_text(encoding="utf-8")
    for label, piece in (("lines", unit), ("one flattened line", unit.replace("\n", " "))):
        print(f"\ngovdisclosure.parse against input size ({label}, the sample repeated):")
        for megabytes in (0.1, 0.5, 1, 2, 5):
            text = piece * max(1, int(megabytes * 1e6) // len(piece.encode("utf-8")))
            seconds = best_time(lambda text=text: govdisclosure.parse(text), 1)
            print(f"  {megabytes:>4} MB  {seconds:7.3f} s  {megabytes / seconds:6.2f} MB/s")


if __name__ == "__main__":
    main()
