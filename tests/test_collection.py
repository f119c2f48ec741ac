"""Many reports at once: inputs, parallel runs, collections by issuer and year, cross-year rules."""

import json
from decimal import Decimal

import pytest

import govdisclosure
from govdisclosure.batch import expand
from govdisclosure.cli import main
from govdisclosure.collection import YearRecord, issuer_key, record_of, series_of
from govdisclosure.engine import check_pairs

from conftest import CORPUS, corpus_file


def test_issuer_keys_join_the_names_a_body_goes_by():
    assert issuer_key("平潭综合实验区管委会") == issuer_key("平潭综合实验区") == "平潭综合实验区"
    assert issuer_key("淮安市洪泽区人民政府") == issuer_key("洪泽区人民政府") == "洪泽区"
    assert issuer_key("平潭县人民政府") != issuer_key("平潭综合实验区")
    assert issuer_key("上海市人民政府办公厅") == "上海市人民政府办公厅"


def test_inputs_from_directories_and_globs(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("a/2023_x.txt", "a/2022_x.html", "a/notes.csv", "a/MANIFEST.tsv", "b.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert expand([str(tmp_path / "a")]) == [str(tmp_path / "a/2022_x.html"), str(tmp_path / "a/2023_x.txt")]
    assert expand([str(tmp_path / "**" / "*.txt")]) == [str(tmp_path / "a/2023_x.txt")]
    assert expand([str(tmp_path / "b.pdf"), "-"]) == [str(tmp_path / "b.pdf"), "-"]
    assert expand([str(tmp_path / "nothing*.txt")]) == [str(tmp_path / "nothing*.txt")]


def run_json(capsys, *args) -> tuple[int, str]:
    status = main(["check", "--output-format", "json", *map(str, args)])
    return status, capsys.readouterr().out


def test_parallel_output_is_byte_identical_over_the_whole_corpus(capsys):
    one_status, one = run_json(capsys, CORPUS, "-j", "1")
    two_status, two = run_json(capsys, CORPUS, "-j", "2")
    assert one == two and one_status == two_status
    document = json.loads(one)
    # The streamed document is what json.dumps would write of it.
    assert one == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    summary = document["summary"]
    assert summary["reports"] == len(document["files"]) >= 67 and summary["unreadable"] == []
    assert summary["templates"]["f2021"] >= 20 and sum(summary["codes"].values()) == len(document["diagnostics"])


@pytest.fixture(scope="module")
def pingtan():
    """The Pingtan zone's reports 2011–2025, both readings of each year (HTML and text)."""
    records = []
    for path in sorted(CORPUS.glob("*_pingtan_zone.*")):
        report = govdisclosure.load(path)
        records.append(record_of(report, govdisclosure.extract(report)))
    return series_of(records)


def test_pingtan_is_one_series_with_every_year_read_twice(pingtan):
    (series,) = pingtan
    assert series.key == "平潭综合实验区"
    assert [r.year for r in series.records] == list(range(2011, 2026)) and series.gaps == ()
    assert [r.kind for r in series.records] == ["html"] * 15  # the page, not its flattened text
    assert [year for year, _ in series.duplicates] == list(range(2011, 2026))
    assert YearRecord.from_json(series.records[-1].to_json()) == series.records[-1]


def test_pingtan_carry_over_and_roll_forward_checked_by_hand(pingtan):
    found = check_pairs(pingtan, select=("GD501", "GD502"))
    # Carry-over holds for every consecutive pair with the 2019 or 2021 template (checked by hand:
    # 结转下年度 2019–2025 = 0, 0, 1 (自然人 1), 0, 0, 0, 6; 上年结转 2020–2025 = 0, 0, 1, 0, 0, 0).
    assert [d for d in found if d.code == "GD501"] == []
    # Roll-forward of 行政规范性文件 (现行有效 665, 698, 470, 440, 546 for 2021–2025; 制发/废止
    # 88/55, 77/132, 62/33, 58/45): holds from 2021 to 2022 (665 + 88 − 55 = 698), fails after.
    roll = [(d.source.split("/")[-1], d.values) for d in found if d.code == "GD502"]
    assert [(name, dict(values)["in_force"], dict(values)["previous_in_force"]) for name, values in roll] == [
        ("2023_f2021_pingtan_zone.html", "470", "698"),
        ("2024_f2021_pingtan_zone.html", "440", "470"),
        ("2025_f2021_pingtan_zone.html", "546", "440"),
    ]
    first = next(d for d in found if d.code == "GD502")
    assert "643" in first.message  # 698 + 77 − 132
    # Both reports and both places are named.
    (related,) = first.related
    assert related.source.endswith("2022_f2021_pingtan_zone.html") and related.span.line > 1
    assert first.span.line > 1


def test_copied_text_is_found_with_its_overlap(pingtan):
    found = check_pairs(pingtan, select=("GD504",))
    by_year = {(d.source.split("/")[-1][:4], d.message.split("”")[0][1:]): dict(d.values)["overlap"] for d in found}
    # The 2012 and 2013 reports repeat the year before's overview almost word for word.
    assert float(by_year[("2013", "一、概述")]) > 0.9
    assert all(float(v) > 0.5 for v in by_year.values())


def test_running_totals_never_decrease():
    def record(year, total, source):
        report = govdisclosure.parse(
            f"某县人民政府{year}年政府信息公开工作年度报告\n二、附表\n"
            f"指标名称 | 计量单位 | {year}年度 | 历年累计 |\n（一）主动公开政府信息数 | 条 | 10 | {total} |\n", source=source)
        return record_of(report, govdisclosure.extract(report))

    falls = series_of([record(2015, 500, "a"), record(2016, 480, "b")])
    assert [(d.code, d.span.line, d.related[0].source) for d in check_pairs(falls, select=("GD503",))] == [("GD503", 4, "a")]
    grows = series_of([record(2015, 500, "a"), record(2016, 510, "b")])
    assert check_pairs(grows, select=("GD503",)) == []


def test_cross_year_findings_in_the_check_run(capsys):
    files = [corpus_file(f"{y}_f2021_pingtan_zone.html") for y in (2022, 2023)]
    status = main(["check", *map(str, files)])
    out = capsys.readouterr().out
    assert "GD502" in out and "2022_f2021_pingtan_zone.html" in out.split("GD502")[1]
    assert "系列 平潭综合实验区：2022–2023 年 2 份" in out
    main(["check", "--output-format", "json", *map(str, files)])
    (collection,) = json.loads(capsys.readouterr().out)["collections"]
    assert collection["division"] == "350128" and collection["years"] == [2022, 2023]
    main(["check", "--no-cross-year", *map(str, files)])
    assert "GD502" not in capsys.readouterr().out
    assert status in (0, 1)


def test_no_progress_bar_when_not_a_terminal(capsys):
    main(["check", str(corpus_file("2024_f2021_huaian_city.txt")), str(corpus_file("2024_f2021_hongze_district.txt"))])
    assert capsys.readouterr().err == ""


def test_values_survive_the_spool_exactly():
    report = govdisclosure.load(corpus_file("2019_f2019_shanghai_office.html"))
    record = record_of(report, govdisclosure.extract(report))
    again = YearRecord.from_json(record.to_json())
    assert again.fact("applications.new", "total").value == "859" and Decimal(again.fact("applications.new", "total").value) == 859


def test_a_running_total_that_fell_in_pingtan_2016_checked_by_hand(pingtan):
    # The Fujian table's 历年累计 of 其中：1、同意公开答复数 is 1 in 2015 and 0 in 2016 (both pages
    # read by eye; 受理依申请公开信息总数 falls the same way, a row the national catalogue lacks).
    found = check_pairs(pingtan, select=("GD503",))
    assert [(d.source.split("/")[-1], dict(d.values)["current"], dict(d.values)["previous"]) for d in found] == [
        ("2016_legacy_pingtan_zone.html", "0", "1")]


def run_panel(capsys, *args) -> list[dict]:
    import csv
    import io

    assert main(["extract", "--panel", *map(str, args)]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_the_pingtan_panel_joins_three_generations_by_concept(capsys):
    rows = run_panel(capsys, *sorted(CORPUS.glob("*_pingtan_zone.*")))
    # One reading per year (the page), one row per year × concept × column.
    assert {r["source_kind"] for r in rows} == {"html"}
    keys = [(r["year"], r["concept"], r["column"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert sorted({int(r["year"]) for r in rows}) == list(range(2011, 2026))
    assert {r["template"] for r in rows} == {"legacy", "f2019", "f2021"}
    # A concept id joins 2011 (legacy, Fujian table) to 2019 (f2019) to 2025 (f2021).
    disclosed = {int(r["year"]) for r in rows if r["concept"] == "results.disclosed"}
    assert disclosed == set(range(2011, 2026))
    in_person = {r["year"] for r in rows if r["concept"] == "applications.new.in_person"}
    new_total = {r["year"]: r["value"] for r in rows if r["concept"] == "applications.new" and r["column"] == "total"}
    assert {"2011", "2018"} <= in_person and new_total["2019"] == "23" and new_total["2025"] != ""
    # Provenance on every row, and the division the issuer resolved to.
    assert all(r["source"] and r["library_version"] == govdisclosure.__version__ and r["published"] for r in rows)
    assert {r["division"] for r in rows} == {"350128"}
    assert [r["published"] for r in rows if r["year"] == "2024"][0] == "2025-03-10 15:35"


def test_wide_panel_and_parquet(tmp_path, capsys):
    files = [corpus_file(f"{y}_f2021_pingtan_zone.html") for y in (2024, 2025)]
    rows = run_panel(capsys, "--wide", *files)
    assert [r["year"] for r in rows] == ["2024", "2025"] and rows[0]["applications.new:total"] == "218"
    import pandas as pd

    out = tmp_path / "panel.parquet"
    assert main(["extract", "--panel", "-o", str(out), *map(str, files)]) == 0
    frame = pd.read_parquet(out)
    assert len(frame) == 416 and set(frame.year) == {2024, 2025}  # 200 table values and 8 derived rates a year
    rate = frame[(frame.year == 2025) & (frame.concept == "derived.disclosure_rate") & (frame.column == "over_results")]
    assert rate.numerator.tolist() == [71.0] and rate.denominator.tolist() == [148.0] and rate.value_text.tolist() == ["0.479730"]
    total = frame[(frame.year == 2024) & (frame.concept == "applications.new") & (frame.column == "total")]
    assert total.value.tolist() == [218.0] and total.value_text.tolist() == ["218"]
    assert frame.value.dtype == "float64" and frame.groupby("year").value.sum()[2024] > 218
    wide = tmp_path / "wide.parquet"
    assert main(["extract", "--panel", "--wide", "-o", str(wide), *map(str, files)]) == 0
    assert pd.read_parquet(wide)["applications.new:total"].tolist() == [218.0, 154.0]


def test_extract_in_parallel_is_the_same(capsys):
    assert main(["extract", str(CORPUS), "-j", "1"]) == 0
    one = capsys.readouterr().out
    assert main(["extract", str(CORPUS), "-j", "2"]) == 0
    assert capsys.readouterr().out == one and len(one.splitlines()) > 3000


def test_dask_gives_the_same_facts_as_the_plain_path():
    import dask

    import govdisclosure.dask as gd

    with dask.config.set(scheduler="threads"):
        frame = gd.extract(str(CORPUS)).compute()
    import pandas as pd

    def text(value) -> str:  # a missing value reads as None on both sides
        return "None" if value is None or pd.isna(value) else str(value)

    got = sorted(tuple(text(v) for v in row) for row in
                 frame[["source", "indicator", "column", "value_text", "status"]].values.tolist())
    plain = []
    for path in expand([str(CORPUS)]):
        report = govdisclosure.load(path)
        plain.extend((report.source, str(f.indicator), str(f.column), "" if f.value is None else str(f.value), str(f.status))
                     for f in govdisclosure.extract(report).facts)
    assert got == sorted(plain) and len(got) > 3000
    # Numbers are numbers: a numeric groupby adds values, it does not join digits.
    assert frame.value.dtype == "float64"
    by_year = frame[frame.kind == "table"].groupby("year").value.sum()
    assert by_year.dtype == "float64" and by_year.sum() == frame[frame.kind == "table"].value.sum()
    with dask.config.set(scheduler="threads"):
        diagnostics = gd.check([str(corpus_file("2024_f2021_pingtan_zone.html")), "missing.txt"]).compute()
    assert "GD000" in set(diagnostics.code) and len(diagnostics) >= 1


def test_dask_checks_across_reports_as_the_command_line_does(tmp_path, capsys):
    import json

    import dask

    import govdisclosure.dask as gd

    roster = tmp_path / "roster.csv"
    roster.write_text("issuer,years\n平潭综合实验区,2010-2025\n平潭县人民政府,2011-2013\n", encoding="utf-8")
    files = [str(p) for p in sorted(CORPUS.glob("*pingtan*.html"))]
    with dask.config.set(scheduler="threads"):
        frame = gd.check_across(files, roster=str(roster))
    main(["check", "--output-format", "json", "--roster", str(roster), *files])
    document = json.loads(capsys.readouterr().out)
    across = sorted((d["source"], d["code"], d["fingerprint"], d["line"]) for d in document["diagnostics"]
                    if d["code"].startswith(("GD5", "GD7")))
    got = sorted((row.source, row.code, row.fingerprint, None if pd_missing(row.line) else int(row.line))
                 for row in frame.itertuples())
    assert got == across
    assert {"GD701", "GD702"} <= set(frame.code) and any(code.startswith("GD5") for code in frame.code)


def pd_missing(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def test_pingtan_2023_prose_states_393_documents_in_force_against_470_in_its_table():
    diagnostics = govdisclosure.check(govdisclosure.load(corpus_file("2023_f2021_pingtan_zone.html")))
    (found,) = [d for d in diagnostics if d.code == "GD301"]
    assert "393" in found.message and "470" in found.message


def test_gaps_and_duplicates_in_a_series():
    def record(year, kind="text", source=None):
        return YearRecord(source or f"{year}.{kind}", kind, "某县人民政府", "某县", year, "f2021", {}, {})

    (series,) = series_of([record(2019), record(2021), record(2021, "html"), record(2023)])
    assert [r.year for r in series.records] == [2019, 2021, 2023] and series.gaps == (2020, 2022)
    assert series.records[1].kind == "html" and series.duplicates == ((2021, ("2021.html", "2021.text")),)
    assert list(series.pairs()) == []  # no two consecutive years


def test_progress_bar_on_a_terminal(monkeypatch):
    import sys

    from govdisclosure.batch import progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    bar = progress(["a", "b"], quiet=False, description="check")
    assert type(bar).__name__ == "tqdm" and list(bar) == ["a", "b"]
    assert progress(["a", "b"], quiet=True, description="check") == ["a", "b"]


def test_the_reading_kept_of_a_duplicate_is_by_kind_then_path_not_input_order():
    from itertools import permutations

    from govdisclosure.panel import chosen

    def record(source, kind):
        return YearRecord(source, kind, "某县人民政府", "某县", 2021, "f2021", {}, {})

    readings = [record("b/2021.txt", "text"), record("a/2021.txt", "text"), record("c/2021.pdf", "pdf"),
                record("b/2021.pdf", "pdf")]
    for order in permutations(readings):
        (series,) = series_of(order)
        assert series.records[0].source == "b/2021.pdf"
        assert series.duplicates == ((2021, ("a/2021.txt", "b/2021.pdf", "b/2021.txt", "c/2021.pdf")),)
    # The panel's reading kept per issuer and year: the same rule.
    index = [("某县", 2021, r.kind, r.source, place) for place, r in enumerate(readings)]
    loose = [("", None, "text", "z.txt", 4), ("", None, "text", "y.txt", 5)]
    for order in permutations(index + loose):
        assert chosen(list(order)) == [3, 5, 4]


def _argument_orders():
    """The corpus files (every reading: .txt, .html, .pdf, .docx) in path order, run in this
    process, and shuffled, run by two workers (-j 2 gives the same output as -j 1 already)."""
    import random

    files = [str(path) for path in expand([str(CORPUS)])]
    shuffled = files[:]
    random.Random(15).shuffle(shuffled)
    return [("-j", "1", "--timeout", "0", *files), ("-j", "2", *shuffled)]


def test_the_order_of_the_arguments_changes_nothing_in_check_output_or_baseline(capsys, tmp_path):
    outputs, baselines = set(), set()
    for number, arguments in enumerate(_argument_orders()):
        baseline = tmp_path / f"baseline{number}.json"
        _, out = run_json(capsys, "-q", "--write-baseline", baseline, *arguments)
        outputs.add(out)
        baselines.add(baseline.read_text(encoding="utf-8"))
    assert len(outputs) == 1 and len(baselines) == 1
    document = json.loads(outputs.pop())
    assert any(c["duplicates"] for c in document["collections"]) and "GD504" in document["summary"]["codes"]


def test_the_order_of_the_arguments_changes_nothing_in_the_panel(capsys):
    panels = set()
    for arguments in _argument_orders():
        assert main(["extract", "--panel", "-q", *arguments]) == 0
        panels.add(capsys.readouterr().out)
    assert len(panels) == 1 and panels.pop().startswith("issuer,")


def test_the_hash_seed_changes_nothing_in_check_output(tmp_path):
    import os
    import subprocess
    import sys

    files = [str(path) for path in sorted(CORPUS.glob("2024_*.txt"))] + [str(path) for path in sorted(CORPUS.glob("2023_*.html"))]
    outputs = set()
    for seed in ("0", "7", "777"):
        env = dict(os.environ, PYTHONHASHSEED=seed, GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD="1")
        result = subprocess.run([sys.executable, "-m", "govdisclosure", "check", "-q", "--output-format", "json", *files],
                                capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode in (0, 1), result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1 and json.loads(outputs.pop())["summary"]["reports"] == len(files)


def test_a_record_keeps_only_what_the_pair_rules_read():
    from govdisclosure.collection import kept_concepts
    from govdisclosure.registry import default
    from govdisclosure.rules.cross_year import parameters

    registry = default()
    concepts, columns = kept_concepts(registry)
    assert {parameters()["carry_over"]["current"], "applications.new", "regulations"} <= concepts
    assert "历年累计" in columns
    report = govdisclosure.load(corpus_file("2019_f2019_shanghai_office.html"))
    facts = govdisclosure.extract(report)
    record = record_of(report, facts, registry=registry)
    table_facts = {(f.concept, f.column) for f in facts.facts if f.kind == "table" and f.concept and f.column}
    assert set(record.facts) == {key for key in table_facts if key[0] in concepts or key[1] in columns}
    assert 0 < len(record.facts) < len(table_facts) / 2
    assert YearRecord.from_json(record.to_json()) == record
    assert "\n" not in record.to_json()


def test_a_pair_rule_that_reads_everything_keeps_every_fact():
    import attrs

    from govdisclosure.collection import kept_concepts
    from govdisclosure.registry import default
    from govdisclosure.rules import pair_rule

    @pair_rule(code="XX501", name="reads-all", family="cross-year", severity="info", reads=("*",),
               message="x", summary="x")
    def reads_all(context):
        return ()

    registry = default()
    everything = attrs.evolve(registry, rules=(*registry.rules, reads_all))
    assert kept_concepts(everything) is None
    report = govdisclosure.load(corpus_file("2019_f2019_shanghai_office.html"))
    facts = govdisclosure.extract(report)
    table_facts = {(f.concept, f.column) for f in facts.facts if f.kind == "table" and f.concept and f.column}
    assert set(record_of(report, facts, registry=everything).facts) == table_facts
