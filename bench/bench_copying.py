"""Time of the same-year copy check between units (GD701) as the number of reports grows.

    python bench/bench_copying.py            # 1,000, 3,000 and 10,000 generated reports
    python bench/bench_copying.py --quick    # 500, 1,500 and 5,000

Each report is a record with an overview and a problems section of about 500 characters, written
from a vocabulary of the reports' usual words (so that every pair shares common phrases, as real
reports do); one report in fifty copies four fifths of another unit's overview. The check runs as
`CheckRun` runs it (a `BatchContext` over the year's records, read twice). Printed: the time per
report at each size, its ratio to the smallest size's (flat when the check is linear), and the
copies found against those planted. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from govdisclosure.collection import Place, YearRecord  # noqa: E402
from govdisclosure.registry import load  # noqa: E402
from govdisclosure.rules.across_reports import check_copied_between_units  # noqa: E402
from govdisclosure.rules.model import BatchContext  # noqa: E402

WORDS = ("公开 政府 信息 申请 办理 答复 平台 网站 政策 解读 回应 关切 监督 保障 考核 培训 目录 规范 审查 发布 群众 "
         "企业 服务 数据 统计 年度 工作 制度 机制 落实 推进 完善 加强 提升 开展 组织 领导 责任 部署 会议 文件 标准 "
         "基层 重点 领域 栏目 更新 维护 安全 保密 审核 流程 渠道 热线 咨询 意见 建议 满意 质量 效率 创新").split()


def _text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice("，。、；") for _ in range(words))


def records(count: int, seed: int = 7) -> tuple[list[YearRecord], set[tuple[str, str]]]:
    rng = random.Random(seed)
    out, planted = [], set()
    for number in range(count):
        overview, problems = _text(rng, 170), _text(rng, 170)
        if number % 50 == 49:  # four fifths of an earlier unit's overview
            source = rng.randrange(number)
            copied = out[source].texts["overview"].value
            overview = copied[: len(copied) * 4 // 5] + overview[len(copied) * 4 // 5:]
            planted.add((f"unit{number}.txt", f"unit{source}.txt"))
        texts = {"overview": Place(overview, "text", "一、总体情况", None),
                 "problems": Place(problems, "text", "五、存在的主要问题及改进情况", None)}
        out.append(YearRecord(f"unit{number}.txt", "text", f"某某单位{number}", f"unit{number}", 2023, "f2021", {},
                              texts))
    return out, planted


def run(count: int, registry) -> tuple[float, int, int]:
    batch, planted = records(count)
    context = BatchContext(2023, len(batch), lambda: iter(batch), registry)
    start = time.process_time()
    found = list(check_copied_between_units(context))
    elapsed = time.process_time() - start
    pairs = {(f.source, f.finding.values["other_source"]) for f in found}
    return elapsed, len(planted & pairs), len(planted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = (500, 1500, 5000) if args.quick else (1000, 3000, 10000)
    registry = load(autoload=False)
    print("| reports | CPU s | ms per report | per report / smallest | copies found |")
    print("|---:|---:|---:|---:|---:|")
    first = None
    for size in sizes:
        elapsed, found, planted = run(size, registry)
        per = elapsed / size
        first = first or per
        print(f"| {size:,} | {elapsed:.2f} | {1000 * per:.2f} | {per / first:.2f} | {found}/{planted} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
