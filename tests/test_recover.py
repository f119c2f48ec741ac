"""Flattened tables recovered by arithmetic (govdisclosure.recover), checked against the same
reports' HTML pages: a recovered value is the page's, anything else is unrecoverable."""

import time

import pytest
from conftest import CORPUS, corpus_file

import govdisclosure
from govdisclosure.recover import MAX_CELL_DIGITS, splits

PAIRS = sorted(p.name for p in CORPUS.glob("*.txt") if (CORPUS / p.name.replace(".txt", ".html")).exists())


def fact_columns(fact) -> set[str]:
    from govdisclosure.registry import default as default_registry

    for catalog in default_registry().catalogs.catalogs:
        if any(i.id == fact.indicator for i in catalog.indicators):
            return {c.id for c in catalog.columns_of(catalog.indicator(fact.indicator))}
    return set()


def table_facts(path):
    facts = govdisclosure.extract(govdisclosure.load(path))
    return facts, {(f.indicator, f.column): f for f in facts.facts if f.kind == "table" and f.indicator}


@pytest.fixture(scope="module")
def pairs():
    return {name: (table_facts(corpus_file(name))[1], table_facts(corpus_file(name.replace(".txt", ".html")))[1])
            for name in PAIRS}


def test_every_text_twin_reads_the_pages_values_or_says_it_cannot(pairs):
    read = recovered = 0
    for name, (text, page) in pairs.items():
        for key, fact in page.items():
            if fact.status not in ("number", "zero"):
                continue
            national = "_legacy_" not in name
            read += national
            twin = text.get(key)
            if fact.column not in fact_columns(fact):
                continue  # a column the page's header adds to the template (Fujian's 历年累计)
            assert twin is not None, (name, key)  # no cell the page reads is lost silently
            if twin.status == "unrecoverable":
                assert twin.note, (name, key)
                continue
            assert twin.value == fact.value, (name, key, twin.raw, fact.raw)
            recovered += national and twin.certainty == "recovered"
    # The national templates' Pingtan pages (2019-2025) with the core alone; the Fujian legacy
    # table is the Fujian plugin's (plugins/fujian/tests).
    assert read > 1300 and recovered >= 0.9 * read


def test_recovered_facts_name_what_decided_them():
    facts, cells = table_facts(corpus_file("2021_f2021_pingtan_zone.txt"))
    new = cells[("f2021.t3.new", "natural")]
    # `640020470`: 64|0|0|2|0|4|70 is the only split whose total is the sum of the other six.
    assert (new.value, new.certainty, new.decided_by) == (64, "recovered", ("f2021.t3.applicant_total",))
    assert cells[("f2021.t3.new", "total")].value == 70
    # `（一）予以公开270020130` has two splits with a right row total; the results total decides.
    disclosed = cells[("f2021.t3.disclosed", "natural")]
    assert disclosed.value == 27 and "f2021.t3.results_total" in disclosed.decided_by
    # All zeros: one split whatever the relations.
    carried = cells[("f2021.t3.carried_over_in", "total")]
    assert carried.value == 0 and carried.decided_by == ()
    # `行政规范性文件693665`: three columns and no relation among them: never guessed.
    normative = cells[("f2021.t2.normative_documents", "issued")]
    assert normative.status == "unrecoverable" and normative.value is None
    assert ("69", "36", "65") in normative.candidates
    problem = next(p for p in facts.problems if p.code == "table-unrecoverable" and "行政规范性文件" in p.message)
    assert ("69", "36", "65") in problem.candidates


def test_a_relation_that_decided_a_split_does_not_check_it():
    diagnostics = govdisclosure.check(govdisclosure.load(corpus_file("2021_f2021_pingtan_zone.txt")))
    used = {d.relation for d in diagnostics if d.code == "GD107"}
    assert "f2021.t3.applicant_total" in used
    assert not [d for d in diagnostics if d.code == "GD104" and d.relation in used]


def test_a_report_error_in_a_flattened_table_is_still_found():
    # Pingtan 2020 prints （七）总计 20 in the 自然人 column where its rows add up to 26: the page
    # and its flattened crawl both say so.
    for name in ("2020_f2019_pingtan_zone.html", "2020_f2019_pingtan_zone.txt"):
        diagnostics = govdisclosure.check(govdisclosure.load(corpus_file(name)))
        assert [d.relation for d in diagnostics if d.code == "GD101"] == ["f2019.t3.results_total"] * 2, name


@pytest.mark.parametrize("run, count, expected", [
    ("640020470", 7, {("64", "0", "0", "2", "0", "4", "70"), ("6", "4", "0", "0", "20", "4", "70")}),
    ("000", 3, {("0", "0", "0")}),
    ("500000 5", 7, {("5", "0", "0", "0", "0", "0", "5")}),  # a space is a cell boundary
    ("0012", 2, set()),  # no leading zeros
    ("5.5", 2, set()),  # no decimals outside money columns
])
def test_the_contract_of_a_split(run, count, expected):
    found = set(splits(run, count))
    assert expected <= found if len(expected) > 1 else found == expected
    assert all(len(cell) == 1 or cell[0] != "0" for reading in found for cell in reading)


def test_money_and_signed_columns():
    assert splits("5949.088667", 1, money=True) == [("5949.088667",)]
    assert ("35", "-15") in splits("35-15", 2, signed=True)
    assert splits("35-15", 2) == []


def test_a_run_no_split_satisfies_names_its_row():
    text = ("某区2021年政府信息公开工作年度报告\n一、总体情况" + "本年度政务公开工作有序推进。" * 120
            + "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            + "一、本年新收政府信息公开申请数量111111111二、上年结转政府信息公开申请数量0000000\n")
    facts = govdisclosure.extract(govdisclosure.parse(text))
    new = [f for f in facts.facts if f.concept == "applications.new"]
    assert new and all(f.status == "unrecoverable" for f in new)
    assert any("本年新收政府信息公开申请数量" in p.message for p in facts.problems)


def test_a_huge_run_is_refused_at_once():
    assert splits("1" * 10_000, 7) == []
    assert splits("1" * (7 * MAX_CELL_DIGITS), 7) is not None
    started = time.process_time()
    splits("1" * 200, 15)  # more readings than are kept: None, within the bound
    assert time.process_time() - started < 5  # a guard against exponential time, not a benchmark
