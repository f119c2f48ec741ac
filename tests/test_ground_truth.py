"""Hand-checked expected facts (tests/data/expected, see its README) match extraction exactly."""

import pytest

import govdisclosure

from conftest import CORPUS, ROOT, SAMPLE

EXPECTED = ROOT / "tests" / "data" / "expected"
SOURCES = {
    "2018_legacy_tianyuan_district": SAMPLE,
    "2024_f2021_huaian_city": CORPUS / "2024_f2021_huaian_city.txt",
    "2023_f2021_hongze_district": CORPUS / "2023_f2021_hongze_district.txt",
    "2024_f2021_hongze_district": CORPUS / "2024_f2021_hongze_district.txt",
    "2025_f2021_shuyang_county": CORPUS / "2025_f2021_shuyang_county.txt",
}


def read_expected(name: str):
    lines = (EXPECTED / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    template = lines[0].split("\t")[1]
    rows = [tuple(line.split("\t")) for line in lines[2:]]
    return template, rows


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_extracted_facts_equal_the_expected(name):
    template, expected = read_expected(name)
    facts = govdisclosure.extract(govdisclosure.load(SOURCES[name]))
    assert facts.template == template
    got = [(str(f.span.line), f.indicator, f.column or "", "" if f.value is None else str(f.value), f.status)
           for f in facts.facts if f.kind == "table"]
    assert got == expected


def test_every_expected_file_has_a_source():
    assert {p.stem for p in EXPECTED.glob("*.tsv")} == set(SOURCES)
