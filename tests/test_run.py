"""Runs that survive and stop cleanly: real `check -j 2` processes with a plugin rule that blocks
(tests/helpers/blocking_run.py), driven by signals and dead workers, never by timing."""

import json
import os
import signal
import subprocess
import sys
import time

import attrs
import govdisclosure
import pytest

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads processes from /proc")

from conftest import CORPUS, ROOT, SAMPLE, corpus_file

HELPER = ROOT / "tests" / "helpers" / "blocking_run.py"
BLOCK_TEXT = "某县2022年政府信息公开工作年度报告\n一、总体情况\nBLOCK 本年度工作有序推进。\n"


@pytest.fixture
def inputs(tmp_path):
    """Reports: the sample, one that blocks, and the sample again."""
    block = tmp_path / "block.txt"
    block.write_text(BLOCK_TEXT, encoding="utf-8")
    again = tmp_path / "again.txt"
    again.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return [str(SAMPLE), str(block), str(again)]


def start(tmp_path, *args):
    marker = tmp_path / "marker"
    env = {**os.environ, "BLOCKING_MARKER": str(marker), "PYTHONPATH": str(HELPER.parent)}
    env.pop("GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD", None)
    process = subprocess.Popen([sys.executable, str(HELPER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, cwd=tmp_path)
    return process, marker


def wait_for(marker, process, limit=60.0):
    """The blocked worker's process id, once the rule has written it."""
    deadline = time.monotonic() + limit
    while not marker.exists() or not marker.read_text():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the blocking rule never ran"
        time.sleep(0.05)
    return int(marker.read_text())


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie waiting for its parent's reaping counts as gone
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


def children_of(pid: int) -> list[int]:
    """The live child processes of `pid` (from /proc: no tool needed)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_run_with_valid_json_and_no_process_left(tmp_path, inputs, signum, status):
    process, marker = start(tmp_path, "check", "-q", "-j", "2", "--output-format", "json", *inputs)
    worker = wait_for(marker, process)
    workers = children_of(process.pid)
    assert worker in workers
    process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    assert process.returncode == status, err
    document = json.loads(out)
    assert document["interrupted"] is True and "Traceback" not in err
    import jsonschema

    jsonschema.validate(document, json.loads((ROOT / "docs" / "check.schema.json").read_text(encoding="utf-8")))
    assert all(gone(pid) for pid in workers)


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_extract_too_and_leaves_no_process(tmp_path, inputs, signum, status):
    process, marker = start(tmp_path, "extract", "-q", "-j", "2", *inputs)
    worker = wait_for(marker, process)
    workers = children_of(process.pid)
    assert worker in workers
    process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    assert process.returncode == status and "Traceback" not in err
    assert "interrupted" in err and "incomplete" in err
    assert out.startswith("source,")  # the facts written before the signal, under their header
    assert all(gone(pid) for pid in workers)


def test_extract_reports_a_file_over_its_budget_and_goes_on(tmp_path, inputs):
    process, _ = start(tmp_path, "extract", "-q", "--timeout", "1", *inputs)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert "block.txt" in err and "1 秒的时限" in err
    assert out.count(str(SAMPLE)) > 50 and "again.txt" in out


def test_a_second_interrupt_exits_at_once_and_silently(tmp_path, inputs):
    process, marker = start(tmp_path, "check", "-q", "-j", "2", *inputs)
    wait_for(marker, process)
    workers = children_of(process.pid)
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "Traceback" not in err
    time.sleep(0.5)  # (the workers die with their parent)
    assert all(gone(pid) for pid in workers)


def test_text_output_says_how_many_reports_were_checked(tmp_path, inputs):
    process, marker = start(tmp_path, "check", "-q", "-j", "1", *inputs)
    wait_for(marker, process)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 130
    # (the first report's result may still be on its way when the signal comes: 0 or 1, as shown)
    last = out.rstrip().splitlines()[-1]
    # (reports come in path order: the copy of the sample in tmp_path, then block.txt)
    shown = sum(path in out for path in (inputs[2], inputs[0]))
    assert last.startswith(f"检查被中断：中断前检查了 {shown} 份报告")


def test_a_worker_killed_gives_its_file_s_error_and_the_run_goes_on(tmp_path, inputs):
    process, marker = start(tmp_path, "check", "-q", "-j", "2", "--output-format", "json", *inputs)
    worker = wait_for(marker, process)
    os.kill(worker, signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    document = json.loads(out)
    assert document["summary"]["reports"] == 2 and document["summary"]["unreadable"] == [inputs[1]]
    assert "block.txt" in err and "SIGKILL" in err
    assert "interrupted" not in document


def test_a_report_over_its_budget_is_reported_and_the_run_finishes(tmp_path, inputs):
    process, _ = start(tmp_path, "check", "-q", "--timeout", "1", "--output-format", "sarif", *inputs)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert "block.txt" in err and "1 秒的时限" in err
    log = json.loads(out)
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}] and log["runs"][0]["results"]


@pytest.mark.parametrize("path", [SAMPLE, corpus_file("2011_legacy_pingtan_county.html"), "nowhere"])
def test_a_report_s_region_is_resolved_once_in_a_run_even_when_none_is_found(monkeypatch, tmp_path, path):
    # A registry with a regional catalogue and a regional rule: both need the region.
    from govdisclosure import jurisdiction
    from govdisclosure.run import ReportChecker, RunOptions

    if path == "nowhere":  # an issuer no gazetteer knows
        path = tmp_path / "nowhere.txt"
        path.write_text("某某中心2023年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n", encoding="utf-8")
    calls = []
    real = jurisdiction.resolve
    monkeypatch.setattr(jurisdiction, "resolve", lambda report, *a, **k: calls.append(report.source) or real(report, *a, **k))
    from govdisclosure.registry import load as load_registry

    registry = load_registry(autoload=False)
    regional = attrs.evolve(registry.rules[0], code="ZZ101", regions=("99",), plugin="zz")
    registry = attrs.evolve(registry, rules=registry.rules + (regional,))
    checker = ReportChecker(RunOptions(cross_year=True, budget=None), registry)
    result = checker(str(path))
    assert result["error"] is None and calls == [str(path)]
    assert (jurisdiction.resolve(govdisclosure.load(path)) is None) == (path.name == "nowhere.txt")


def test_a_report_over_its_budget_is_said_in_english_with_lang_en(tmp_path, inputs):
    process, _ = start(tmp_path, "check", "-q", "--lang", "en", "--timeout", "1", *inputs)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert "block.txt" in err and "time limit of 1 second per report" in err
    assert "时限" not in err and "工作进程" not in err


def test_the_cycle_collector_is_paused_for_one_report_and_restored():
    import gc

    from govdisclosure.run import one_report_at_a_time

    seen = []

    @one_report_at_a_time
    def work(fail=False):
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("boom")
        return "done"

    assert gc.isenabled()
    assert work() == "done" and seen == [False] and gc.isenabled()
    with pytest.raises(ValueError):
        work(fail=True)
    assert gc.isenabled()
    gc.disable()
    try:
        work()
        assert not gc.isenabled()  # (a caller that paused it keeps it paused)
    finally:
        gc.enable()


def test_a_report_s_record_alone_is_the_record_its_check_makes():
    # (`check_across` on a cluster makes the records without running the reports' own rules)
    from govdisclosure.run import ReportChecker, RunOptions

    checker = ReportChecker(RunOptions())
    for path in sorted(CORPUS.glob("*pingtan*.html"))[:4] + [CORPUS / "2024_f2021_hongze_district.pdf"]:
        assert checker.record(str(path)) == checker(str(path))["record"], path
    assert checker.record(str(CORPUS / "missing.html")) is None
