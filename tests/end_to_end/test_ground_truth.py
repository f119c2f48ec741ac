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
# Originals (HTML pages, PDFs): the expected file is named after the whole file name.
SOURCES.update({name: CORPUS / name for name in (
    "2019_f2019_shanghai_office.html", "2019_f2019_pingtan_zone.html", "2020_f2019_pingtan_zone.html",
    "2021_f2021_pingtan_zone.html", "2022_f2021_pingtan_zone.html", "2023_f2021_pingtan_zone.html",
    "2024_f2021_pingtan_zone.html", "2025_f2021_pingtan_zone.html", "2023_f2021_shuyang_fgw.html",
    "2024_f2021_huaian_city.pdf",
)})


def place(span) -> str:
    """A fact's place as the expected files write it: the line, or `page:line` in a PDF."""
    return f"{span.page}:{span.line}" if span.page is not None else str(span.line)


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
    got = [(place(f.span), f.indicator, f.column or "", "" if f.value is None else str(f.value), f.status)
           for f in facts.facts if f.kind == "table"]
    assert got == expected


def test_every_expected_file_has_a_source():
    assert {p.stem for p in EXPECTED.glob("*.tsv")} == set(SOURCES)
