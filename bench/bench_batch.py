"""Memory and time of a batch run against the number of reports: the run must stream.

    python bench/bench_batch.py                  # 1,000, 3,000 and 10,000 reports
    python bench/bench_batch.py --sizes 500 2000 # other sizes
    python bench/bench_batch.py --jobs 2

Each size is a directory of symbolic links to the corpus text reports, repeated (each copy its
own file name, so every copy is read, checked and compared across years); `govdisclosure check
--output-format json` runs over it in a fresh process, and its peak resident memory and wall
time are printed. Flat memory: the peak stays about the same as the number of reports grows.
Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
MEASURE = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], stdout=out)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 3_000, 10_000])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    command = Path(sys.executable).with_name("govdisclosure")
    print(f"{'reports':>8} {'peak MB':>8} {'seconds':>8} {'ms/report':>9}  (-j {args.jobs})")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            for n in range(size):
                source = CORPUS[n % len(CORPUS)]
                os.symlink(source, Path(folder) / f"{n:06d}_{source.name}")
            start = time.perf_counter()
            peak = subprocess.run([sys.executable, "-c", MEASURE, os.devnull, str(command), "check", "-q",
                                   "--output-format", "json", "-j", str(args.jobs), folder],
                                  capture_output=True, text=True, check=True).stdout.strip()
            seconds = time.perf_counter() - start
            print(f"{size:8} {int(peak) / 1024:8.0f} {seconds:8.1f} {1000 * seconds / size:9.1f}")


if __name__ == "__main__":
    main()
