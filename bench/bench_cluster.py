"""A run on a local Dask cluster: `govdisclosure.dask` over many reports read through file:// URLs.

    python bench/bench_cluster.py               # 10,000 reports, two worker processes
    python bench/bench_cluster.py --reports 1000 --workers 2

The corpus's text reports (tests/corpus) are copied under distinct names until there are as many
as asked (each issuer then has many reports of one year: the cross-year pass reads them all); a
`dask.distributed.LocalCluster` of worker processes checks them (`gd.check`), then the checks
across reports run (`gd.check_across`: records on the workers, comparisons on the client).
Printed: wall time of each, reports per second, findings. Figures: docs/scale.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    import govdisclosure.dask as gd

    texts = [p for p in sorted((ROOT / "tests" / "corpus").glob("*.txt"))
             if p.read_text(encoding="utf-8", errors="replace").count("\n") >= 30]
    with tempfile.TemporaryDirectory() as folder:
        urls = []
        for number in range(args.reports):
            source = texts[number % len(texts)]
            target = Path(folder) / f"{number:06d}-{source.name}"
            shutil.copyfile(source, target)
            urls.append(target.as_uri())
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster):
            start = time.perf_counter()
            own = gd.check(urls).compute()
            checked = time.perf_counter() - start
            start = time.perf_counter()
            across = gd.check_across(urls)
            compared = time.perf_counter() - start
    print("| reports | workers | check, s | reports/s | across, s | findings | across findings |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.reports:,} | {args.workers} | {checked:.1f} | {args.reports / checked:.0f} | {compared:.1f} | "
          f"{len(own):,} | {len(across):,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
