"""Extraction: template detection and table facts on real reports; blank is not zero; nothing guessed."""

import json
from decimal import Decimal

import pytest

import govdisclosure
from govdisclosure.registry import default as default_registry
from govdisclosure.extract import read_cell

from conftest import CORPUS_TEXTS, SAMPLE, corpus_file


@pytest.fixture(scope="module")
def seed_facts():
    return govdisclosure.extract(govdisclosure.load(SAMPLE))


def test_core_catalogues_load_with_shared_concepts():
    catalogs = default_registry().catalogs
    # (installed regional plugins add their own after the core's)
    assert tuple(c.template for c in catalogs.catalogs if c.plugin == "core") == ("legacy", "f2019", "f2021")
    concepts = {c.template: {i.concept for i in c.indicators} for c in catalogs.catalogs}
    for shared in ("applications.new", "results.disclosed", "results.withheld.state_secret"):
        assert all(shared in concepts[t] for t in ("legacy", "f2019", "f2021")), shared
    assert "normative_documents" in concepts["f2019"] & concepts["f2021"]


@pytest.mark.parametrize("text, expected", [
    ("", ("blank", None, "")), ("0", ("zero", Decimal("0"), "")), ("34.7", ("number", Decimal("34.7"), "")),
    ("-18", ("number", Decimal("-18"), "")), ("251000元", ("number", Decimal("251000"), "元")),
    ("-", ("dash", None, "")), ("——", ("dash", None, "")), ("见附件", ("text", None, "")),
])
def test_read_cell(text, expected):
    assert read_cell(text) == expected


def test_seed_statistics_rows(seed_facts):
    assert seed_facts.template == "legacy" and seed_facts.evidence
    table = [f for f in seed_facts.facts if f.kind == "table"]
    assert len(table) == 60 and all(f.indicator for f in table)
    assert seed_facts.value("legacy.stats.proactive_items") == Decimal("11350")
    assert seed_facts.value("legacy.stats.received") == Decimal("3")
    assert seed_facts.value("legacy.stats.budget") == Decimal("34.7")
    # The same wording under 行政复议 and 行政诉讼 is told apart by the row before it.
    assert seed_facts.value("legacy.stats.review_other") == Decimal("19")
    assert seed_facts.value("legacy.stats.litigation_other") == Decimal("0")
    # A value written in the unit column is recovered, with a note (seed line 39).
    (channels,) = seed_facts.of("legacy.stats.proactive_channels")
    assert channels.value == Decimal("11350") and channels.note == "数值写在单位栏" and channels.span.line == 39
    (other,) = seed_facts.of("legacy.stats.other_responses")  # line 55: `5、其他方式回应事件数 | 0 | |`
    assert (other.value, other.status, other.note, other.unit) == (0, "zero", "数值写在单位栏", "次")
    # A typo in a label is matched through its alias (seed line 93).
    (staff,) = seed_facts.of("legacy.stats.staff")
    assert staff.label == "（三）从事政府信息公开工作人数员" and staff.value == Decimal("3")


def test_huaian_2024_application_and_review_tables():
    facts = govdisclosure.extract(govdisclosure.load(corpus_file("2024_f2021_huaian_city.txt")))
    assert facts.template == "f2021"
    assert facts.value("f2021.t3.new", "total") == Decimal("3119")
    assert facts.value("f2021.t3.carried_over_in", "total") == Decimal("34")
    assert facts.value("f2021.t3.total", "total") == Decimal("3050")
    assert facts.value("f2021.t3.carried_over_out", "total") == Decimal("103")
    assert facts.value("f2021.t3.partly_disclosed", "total") == Decimal("454")
    review = {f.column: f.value for f in facts.of("f2021.t4.cases") if f.kind == "table"}
    assert len(review) == 15 and review["review_total"] == Decimal("351")
    assert [(f.column, f.value) for f in facts.of("f2021.t2.regulations")] == [
        ("issued", 1), ("repealed", 0), ("in_force", 11)]
    assert facts.value("f2021.t2.administrative_fees", "fee_amount") == Decimal("96171.6")
    # The 其他处理 sub-rows whose labels the PDF broke over the lines around their numbers are
    # read by joining the pieces (an exact match of the whole label only).
    assert facts.value("f2021.t3.other_handling_overdue_correction", "total") == Decimal("71")
    assert facts.value("f2021.t3.other_handling_unpaid_fee", "total") == Decimal("6")
    assert [p for p in facts.problems if p.code == "unknown-row"] == []


def test_shanghai_2019_blank_is_not_zero_and_the_balance_holds():
    facts = govdisclosure.extract(govdisclosure.load(corpus_file("2019_f2019_shanghai_office.txt")))
    assert facts.template == "f2019"
    total = {i: facts.value(i, "total") for i in ("f2019.t3.new", "f2019.t3.carried_over_in", "f2019.t3.total", "f2019.t3.carried_over_out")}
    assert total == {"f2019.t3.new": 859, "f2019.t3.carried_over_in": 18, "f2019.t3.total": 805, "f2019.t3.carried_over_out": 72}
    blank = [f for f in facts.of("f2019.t3.carried_over_in") if f.column == "research"]
    assert blank[0].status == "blank" and blank[0].value is None
    assert not [p for p in facts.problems if "信息内容" in p.message]  # repeated headers are not rows
    amount = [f for f in facts.facts if f.column == "procurement_amount"]
    assert [(f.raw, f.value, f.unit) for f in amount] == [("251000元", 251000, "元")]


def test_hybrid_2023_report_is_f2021_with_its_deviation():
    facts = govdisclosure.extract(govdisclosure.load(corpus_file("2023_f2021_hongze_district.txt")))
    assert facts.template == "f2021"
    assert any("其他处理" in d for d in facts.deviations)


@pytest.mark.parametrize("name", [p.name for p in CORPUS_TEXTS if "EXCERPT" in p.name and "guangzhou" not in p.name
                                  and "wuhan" not in p.name and "chongqing" not in p.name
                                  and "zizhong" not in p.name and "nilek" not in p.name])
def test_reports_without_a_statistics_table_take_the_template_of_their_year(name):
    # Excerpts that stop before the tables: the generation is the one in force in the report's
    # year (the manifest's, in the file name), and the evidence says so.
    report = govdisclosure.load(corpus_file(name))
    facts = govdisclosure.extract(report)
    assert (facts.template, facts.template_source) == (name.split("_")[1], "year")
    assert str(report.year) in facts.evidence[0]
    assert not [f for f in facts.facts if f.kind == "table"]
    # Their tables were never read, and check says so.
    assert "GD903" in {d.code for d in govdisclosure.check(report)}


def test_a_text_that_is_no_report_stays_unknown():
    facts = govdisclosure.extract(govdisclosure.parse("2021年工作总结\n一、总体情况\n本年度各项工作有序推进。\n"))
    assert (facts.template, facts.template_source, facts.evidence) == ("unknown", "", ())
    assert "GD903" not in {d.code for d in govdisclosure.check(govdisclosure.parse("2021年工作总结\n正文。\n"))}


def test_a_report_printing_only_the_shared_table_takes_its_years_template():
    # Table 3 is the same in 2019 and 2021: the report's year decides.
    rows = ("| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
            "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n")
    for year, template in ((2020, "f2019"), (2022, "f2021")):
        text = f"某县{year}年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + rows
        facts = govdisclosure.extract(govdisclosure.parse(text))
        assert (facts.template, facts.template_source) == (template, "tables")


def test_unknown_rows_are_reported_and_kept():
    report = govdisclosure.parse(
        "三、收到和处理政府信息公开申请情况\n"
        "| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 其他需要说明的数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
        "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    )
    facts = govdisclosure.extract(report)
    unknown = [f for f in facts.facts if f.indicator is None]
    assert [f.raw for f in unknown] == ["5", "0", "0", "0", "0", "0", "5"]
    assert [p.code for p in facts.problems] == ["unknown-row"] and "其他需要说明的数量" in facts.problems[0].message


def test_extract_cli_csv(capsys):
    from govdisclosure.cli import main

    assert main(["extract", str(SAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "source,issuer,year,template,kind,indicator,concept,label,column,value,status,unit,printed_unit,certainty,note,line,decided_by,candidates"
    assert sum(",table," in line for line in lines) == 60 and sum(",prose," in line for line in lines) == 7
    assert any(",legacy.stats.proactive_items,proactive.items," in line and ",11350,number,条,条,exact,,35" in line for line in lines)


def test_extract_json_matches_schema(capsys):
    import jsonschema

    from conftest import ROOT
    from govdisclosure.cli import main

    schema = json.loads((ROOT / "docs" / "facts.schema.json").read_text(encoding="utf-8"))
    paths = [SAMPLE, corpus_file("2024_f2021_huaian_city.txt"), corpus_file("2021_f2021_pingtan_zone.txt"),
             corpus_file("2022_f2021_beijing_chengguanwei_EXCERPT.txt")]
    assert main(["extract", "--output-format", "json", *map(str, paths)]) == 0
    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # (in path order, whatever the order of the arguments)
    assert [(d["template"], d["template_source"]) for d in documents] == [
        ("legacy", "tables"), ("f2021", "labels"), ("f2021", "year"), ("f2021", "tables")]
    assert documents[1]["coverage"]["t3"]["recovered"] > 0
    for document in documents:
        jsonschema.validate(document, schema)


def test_seed_prose_facts(seed_facts):
    prose = {(f.indicator, f.value, f.certainty) for f in seed_facts.facts if f.kind == "prose"}
    assert prose == {
        ("legacy.stats.proactive_items", 11350, "exact"),
        ("legacy.stats.received", 3, "ambiguous"),  # 受理: 本年新收, or 新收 + 上年结转
        ("legacy.stats.received_online", 2, "exact"),
        ("legacy.stats.received_in_person", 1, "exact"),
        # stated zeros: 全年无不予公开政府信息情况; 全年无因…申请行政复议和提起行政诉讼情况
        ("legacy.stats.withheld", 0, "exact"),
        ("legacy.stats.review", 0, "exact"),
        ("legacy.stats.litigation", 0, "exact"),
    }
    # `其中，区政府和区直各部门主动公开政府信息8000余条` is about part of the scope: no fact.
    assert not [f for f in seed_facts.facts if f.kind == "prose" and f.value == 8000]


def test_approximate_prose_fact_is_a_lower_bound():
    report = govdisclosure.parse(
        "某县2015年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息6000余条。\n"
        "二、附表\n统计指标 | 单位 | 统计数 |\n（一）主动公开政府信息数 | 条 | 6012 |\n")
    facts = govdisclosure.extract(report)
    (prose,) = [f for f in facts.facts if f.kind == "prose"]
    assert (prose.value, prose.certainty, prose.note) == (6000, "approximate", "约数（下限）")


def test_records_and_dataframe(seed_facts, monkeypatch):
    import builtins

    records = seed_facts.records()
    assert len(records) == len(seed_facts.facts)
    assert records[0]["indicator"] == "legacy.stats.proactive_items" and records[0]["value"] == 11350
    assert isinstance(records[0]["value"], float) and records[0]["value_text"] == "11350"
    assert records[0]["exact"] == Decimal(11350) and records[0]["status"] == "number"
    frame = seed_facts.to_dataframe()
    assert frame.value.dtype == "float64" and frame.groupby("kind").value.sum()["table"] == sum(
        float(f.value) for f in seed_facts.facts if f.kind == "table" and f.value is not None)
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"govdisclosure\[pandas\]"):
        seed_facts.to_dataframe()


def test_year_and_cumulative_columns_and_negative_counts():
    report = govdisclosure.parse(
        "某区2014年度政府信息公开工作年度报告\n一、附表\n"
        "| 指标名称 | 计量单位 | 2014年度 | 历年累计 |\n"
        "| 主动公开政府信息数 | 条 | 425 | 1516 |\n"
        "| 网络申请数 | 件 | -2 | 7 |\n"
    )
    facts = govdisclosure.extract(report)
    assert facts.template == "legacy"
    items = [(f.column, f.value) for f in facts.of("legacy.stats.proactive_items")]
    assert items == [("历年累计", 1516), ("value", 425)]
    (online, _) = sorted(facts.of("legacy.stats.received_online"), key=lambda f: f.column != "value")
    assert online.value == -2 and online.note == "负值，但该指标不能为负"


def _manifest():
    import csv

    from conftest import CORPUS

    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


# The Pingtan 地税局 2013 report has no statistics table (its flattened text names a legacy label
# in prose, which is what detection goes by there); its HTML page, read whole, has none either.
NO_TABLE = {"2013_legacy_pingtan_dishui.html"}


@pytest.mark.parametrize("entry", [e for e in _manifest() if e["complete"].strip() == "yes"], ids=lambda e: e["file"])
def test_template_detection_on_every_complete_report(entry):
    if entry["file"] in NO_TABLE:
        facts = govdisclosure.extract(govdisclosure.load(corpus_file(entry["file"])))
        # The generation of its year, and said to be so.
        assert (facts.template, facts.template_source) == (entry["format"], "year")
        assert not govdisclosure.load(corpus_file(entry["file"])).tables
        return
    facts = govdisclosure.extract(govdisclosure.load(corpus_file(entry["file"])))
    assert facts.template == entry["format"]
    assert facts.evidence


def test_numbers_detached_from_their_columns_are_not_guessed():
    # Shanghai 2025: `| 规章 | 22 | 235 |` under four columns; 55 stands on another line.
    facts = govdisclosure.extract(govdisclosure.load(corpus_file("2025_f2021_shanghai_office.txt")))
    regulations = facts.of("f2021.t2.regulations")
    assert [(f.raw, f.status, f.value) for f in regulations] == [("22", "unrecoverable", None), ("235", "unrecoverable", None)]
    (problem,) = [p for p in facts.problems if p.code == "table-unrecoverable"]
    assert "主动公开政府信息情况" in problem.message and "规章" in problem.message


def test_coverage_counts_what_was_read():
    # Hongze 2023 keeps 2019's single 其他处理 row in its 2021 table: that row stands for its
    # three, and the table is read whole.
    hongze = govdisclosure.extract(govdisclosure.load(corpus_file("2023_f2021_hongze_district.txt")))
    assert hongze.coverage["t3"] == {"expected": 161, "read": 161, "blank": 0, "recovered": 0, "unrecoverable": 0,
                                     "complete": True}
    # Shanghai 科委 2024: a converter tore labels from their values; what is not read is said.
    kewei = govdisclosure.extract(govdisclosure.load(corpus_file("2024_f2021_shanghai_kewei.txt")))
    assert kewei.coverage["t3"]["read"] < kewei.coverage["t3"]["expected"] and not kewei.coverage["t3"]["complete"]
    codes = [d.code for d in govdisclosure.check(govdisclosure.load(corpus_file("2024_f2021_shanghai_kewei.txt")))]
    assert "GD903" in codes


def test_check_counts_the_reports_whose_tables_were_not_read(capsys):
    from govdisclosure.cli import main

    paths = [corpus_file("2023_f2021_hongze_district.txt"), corpus_file("2024_f2021_shanghai_kewei.txt")]
    main(["check", "-q", *map(str, paths)])
    assert "统计表未完整读出：1 份报告（GD903）" in capsys.readouterr().out
    main(["check", "-q", "--ignore", "GD903", "--output-format", "json", *map(str, paths)])
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["tables_not_read"] == 1
    assert [f["tables_not_read"] for f in document["files"]] == [[], ["t3"]]


def test_the_fact_model_has_a_home_of_its_own():
    import ast as python_ast
    from pathlib import Path

    from govdisclosure.facts import STATUSES, Fact, Status

    # Blank is not zero: a number only where a number or a zero was read.
    assert Fact("i", "c", "v", Decimal(0), "zero", "0").number == 0
    assert Fact("i", "c", "v", None, "blank", "").number is None
    assert Fact("i", "c", "v", None, Status.DASH, "-").number is None
    fact = Fact("i", "c", "v", Decimal(3), "number", "3")
    assert fact.status is Status.NUMBER and fact.status == "number" and f"{fact.status}" == "number"
    assert json.dumps(fact.status) == '"number"' and STATUSES[0] == "number"
    with pytest.raises(ValueError):
        Fact("i", "c", "v", None, "nonsense", "")
    # prose.py takes the model from facts.py, not from the extractor that imports it.
    source = Path(govdisclosure.prose.__file__).read_text(encoding="utf-8")
    imported = {node.module for node in python_ast.walk(python_ast.parse(source)) if isinstance(node, python_ast.ImportFrom)}
    assert "extract" not in imported and "facts" in imported


def test_the_printed_unit_is_a_field_not_a_note(seed_facts):
    printed = [f for f in seed_facts.facts if f.kind == "table" and f.printed_unit]
    assert printed and all(not f.note.startswith("单位栏为") for f in seed_facts.facts)
    wrong = [f for f in printed if f.unit and f.printed_unit != f.unit]  # (a heading row prescribes none)
    found = [d for d in govdisclosure.check(SAMPLE) if d.code == "GD106"]
    assert len(found) == len({f.indicator for f in wrong}) and all(f"单位栏为“{f.printed_unit}”" in
                                                                    " ".join(d.message for d in found) for f in wrong)
