"""`govdisclosure` with a plugin whose rule blocks on a report holding the word BLOCK: it writes
its process id to the file $BLOCKING_MARKER, then waits for ever. The run tests drive signals and
dead workers with it, not timing: they wait for the marker, then act. `extract` runs no rules, so
there the reading of such a report blocks the same way.

    python tests/helpers/blocking_run.py check -j 2 a.txt block.txt
"""

import os
import sys
import time
from importlib import metadata
from pathlib import Path

from govdisclosure import plugins, render, run
from govdisclosure.cli import main
from govdisclosure.hookspecs import hookimpl
from govdisclosure.rules import ReportContext, rule


def block_here() -> None:
    Path(os.environ["BLOCKING_MARKER"]).write_text(str(os.getpid()))
    while True:
        time.sleep(3600)


@rule(code="ZB101", name="blocks", family="compliance", severity="info", message="不会出现", summary="测试：阻塞")
def blocks(context: ReportContext):
    if any("BLOCK" in (getattr(node, "text", "") or "") for node in context.report.walk()):
        block_here()
    return iter(())


def blocking_read(path):
    report = read_report(path)
    if "BLOCK" in render(report):
        block_here()
    return report


class BlockingPlugin:
    @hookimpl
    def govdisclosure_rules(self):
        return [blocks]


PLUGIN = BlockingPlugin()

if __name__ == "__main__":
    sys.modules.setdefault("blocking_run", sys.modules["__main__"])
    plugins._entry_points = lambda: [metadata.EntryPoint("blocking", "blocking_run:PLUGIN", plugins.ENTRY_POINT_GROUP)]
    os.environ.pop(plugins.DISABLE_AUTOLOAD, None)
    if sys.argv[1:2] == ["extract"]:
        read_report, run.read_report = run.read_report, blocking_read
    sys.exit(main(sys.argv[1:]))
