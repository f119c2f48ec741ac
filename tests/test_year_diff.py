"""The year-pair view on real pairs of the corpus: the values are extract's, the cross-year
findings are check's, blank is never zero, and whatever cannot be told is said."""
import json
import re
from decimal import Decimal
from functools import lru_cache

import pytest

from conftest import corpus_file
from govdisclosure.cli import main
from govdisclosure.extract import extract
from govdisclosure.output.text import format_diagnostic
from govdisclosure.sources import LoadError, load
from govdisclosure.textutil import display_width, usable_number
from govdisclosure.year_diff import WORDS, diff_data, diff_reports, format_diff

COUNTY_2011 = str(corpus_file("2011_legacy_pingtan_county.html"))
COUNTY_2012 = str(corpus_file("2012_legacy_pingtan_county.html"))
ZONE_2011 = str(corpus_file("2011_legacy_pingtan_zone.html"))
# One issuer across template generations: 2020 in the 2019 template, 2021 in the 2021 one.
ZONE_2020 = str(corpus_file("2020_f2019_pingtan_zone.html"))
ZONE_2021 = str(corpus_file("2021_f2021_pingtan_zone.html"))
# Pairs with findings of other pair rules: a running total that fell (GD503), documents in force
# that do not roll forward (GD502).
ZONE_2015 = str(corpus_file("2015_legacy_pingtan_zone.html"))
ZONE_2016 = str(corpus_file("2016_legacy_pingtan_zone.html"))
ZONE_2023 = str(corpus_file("2023_f2021_pingtan_zone.html"))
ZONE_2024 = str(corpus_file("2024_f2021_pingtan_zone.html"))
# 2019's 总计 column is mostly left blank; 2025's is filled in (and the years are not consecutive).
SHANGHAI_2019 = str(corpus_file("2019_f2019_shanghai_office.html"))
SHANGHAI_2025 = str(corpus_file("2025_f2021_shanghai_office.txt"))
# The blank 2021 form: no issuer, no year.
BLANK_FORM = str(corpus_file("2021_template_blank.docx"))
ZONE_2021_TEXT = str(corpus_file("2021_f2021_pingtan_zone.txt"))

PAIRS = [(COUNTY_2011, COUNTY_2012), (ZONE_2020, ZONE_2021), (ZONE_2015, ZONE_2016), (ZONE_2023, ZONE_2024)]
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


@pytest.fixture(scope="module")
def diffs():
    made = {}

    def diff(a, b, **options):
        key = (a, b, tuple(sorted(options.items())))
        if key not in made:
            made[key] = diff_reports(a, b, **options)
        return made[key]

    return diff


@lru_cache(maxsize=None)
def _table_cells(path):
    """(concept, column) → the first table fact of that cell, as extract reads it."""
    cells = {}
    for fact in extract(load(path)).facts:
        if fact.kind == "table" and fact.concept and fact.column:
            cells.setdefault((fact.concept, fact.column), fact)
    return cells


def _changed(before, after) -> bool:
    """Whether two facts differ, as a reader would tell: numbers by value, else by what they are."""
    if before is None or after is None:
        return True
    old, new = usable_number(before.value, before.status), usable_number(after.value, after.status)
    if old is not None and new is not None:
        return old != new
    if before.status != after.status:
        return True
    return before.status in ("text", "unrecoverable") and before.raw.strip() != after.raw.strip()


@pytest.mark.parametrize("earlier, later", PAIRS)
def test_cells_are_extracts_values_and_only_changed_ones_are_listed(diffs, earlier, later):
    diff = diffs(earlier, later)
    before, after = _table_cells(earlier), _table_cells(later)
    expected = {f"{c}:{col}" for c, col in set(before) | set(after) if _changed(before.get((c, col)), after.get((c, col)))}
    assert {cell.key for cell in diff.cells} == expected
    assert diff.changed == len(expected) and diff.compared == len(set(before) | set(after))
    assert expected  # (each pair has changes to show)
    for cell in diff.cells:
        for mine, fact in ((cell.earlier, before.get((cell.concept, cell.column))),
                           (cell.later, after.get((cell.concept, cell.column)))):
            assert (mine is None) == (fact is None)
            if fact is not None:
                assert (mine.value, mine.status, mine.raw) == (fact.value, fact.status, fact.raw)
        if cell.earlier is not None and cell.earlier.number is not None and cell.later is not None \
                and cell.later.number is not None:
            assert cell.change == cell.later.number - cell.earlier.number
            if cell.earlier.number != 0:
                assert abs(cell.relative - cell.change / abs(cell.earlier.number)) < Decimal("0.000001")
        else:
            assert cell.change is None and cell.relative is None


def test_unchanged_cells_are_listed_only_when_asked(diffs):
    diff, everything = diffs(COUNTY_2011, COUNTY_2012), diffs(COUNTY_2011, COUNTY_2012, all_cells=True)
    assert all(cell.changed for cell in diff.cells)
    assert len(everything.cells) == everything.compared > len(diff.cells)
    unchanged = [cell for cell in everything.cells if not cell.changed]
    assert unchanged and not {c.key for c in unchanged} & {c.key for c in diff.cells}
    # e.g. 2.传真申请数: 0 both years
    fax = next(c for c in unchanged if c.key == "applications.new.fax:value")
    assert fax.earlier.number == fax.later.number == 0 and fax.change == 0 and fax.relative is None


def test_a_pair_across_template_generations_lines_up_by_concept(diffs):
    diff = diffs(ZONE_2020, ZONE_2021)
    assert (diff.earlier.template, diff.later.template) == ("f2019", "f2021")
    new = next(c for c in diff.cells if c.key == "applications.new:natural")
    before, after = _table_cells(ZONE_2020)[("applications.new", "natural")], \
        _table_cells(ZONE_2021)[("applications.new", "natural")]
    assert (new.earlier.number, new.later.number) == (before.value, after.value)
    assert new.change == after.value - before.value and new.label == after.label
    # A row of one template only (2021's 本年制发件数) is shown as absent from the other, not as 0.
    issued = next(c for c in diff.cells if c.key == "normative_documents:issued")
    assert issued.earlier is None and issued.change is None and "（未列出）" in format_diff(diff)
    assert "templates_differ" in {n.kind for n in diff.notes}


@pytest.mark.parametrize("earlier, later", PAIRS)
def test_swapping_the_reports_gives_the_same_diff(diffs, earlier, later):
    one, other = diffs(earlier, later), diffs(later, earlier)
    assert one == other
    assert (one.earlier.source, one.later.source) == (earlier, later)
    assert format_diff(one) == format_diff(other)


def _check_pair_findings(capsys, a, b):
    capsys.readouterr()
    assert main(["check", "-q", "--output-format", "json", a, b]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    return [d for d in data["diagnostics"] if d["code"].startswith("GD5")]


def _comparable(finding: dict) -> dict:
    return {k: v for k, v in finding.items() if k != "excerpt"}  # (the view shows the later report's line)


@pytest.mark.parametrize("earlier, later", PAIRS + [(SHANGHAI_2019, SHANGHAI_2025)])
def test_cross_year_findings_are_those_check_reports(diffs, capsys, earlier, later):
    diff = diffs(earlier, later)
    expected = _check_pair_findings(capsys, earlier, later)
    found = diff_data(diff)["findings"]
    assert [_comparable(f) for f in found] == [_comparable(f) for f in expected]
    codes = {f["code"] for f in found}
    if (earlier, later) == (COUNTY_2011, COUNTY_2012):
        assert codes == {"GD504"}
    if (earlier, later) == (ZONE_2015, ZONE_2016):
        assert "GD503" in codes
    if (earlier, later) == (ZONE_2023, ZONE_2024):
        assert "GD502" in codes
    text = format_diff(diff)
    for finding in diff.findings:
        assert format_diagnostic(finding) in text


def test_a_blank_cell_is_never_zero(diffs):
    diff = diffs(SHANGHAI_2019, SHANGHAI_2025)
    blank_before = [c for c in diff.cells if c.earlier is not None and c.earlier.status == "blank" and c.later is not None]
    assert blank_before and any(c.later.number == 0 for c in blank_before)
    for cell in blank_before:
        assert cell.earlier.number is None and cell.change is None and cell.relative is None and cell.changed
    lines = format_diff(diff).splitlines()
    for cell in blank_before[:5]:
        row = next(line for line in lines if line.lstrip().startswith(cell.label) and cell.column_label in line)
        assert "（空白）" in row
    data = diff_data(diff)
    for cell in data["cells"]:
        if cell["earlier"] and cell["earlier"]["status"] == "blank":
            assert cell["earlier"]["value"] is None and cell["change"] is None


def test_years_not_consecutive_are_said_and_no_pair_rule_runs(diffs):
    diff = diffs(SHANGHAI_2025, SHANGHAI_2019)
    assert (diff.earlier.year, diff.later.year) == (2019, 2025)
    assert not diff.consecutive and not diff.pair_checked and diff.findings == ()
    note = next(n for n in diff.notes if n.kind == "not_consecutive")
    assert "2019" in note.zh and "2025" in note.en and "上年结转" in note.zh
    assert "未运行" in format_diff(diff)


def test_different_issuers_are_compared_and_said(diffs, capsys):
    diff = diffs(COUNTY_2012, ZONE_2011)
    assert (diff.earlier.source, diff.later.source) == (ZONE_2011, COUNTY_2012)
    assert not diff.same_issuer and not diff.pair_checked and diff.findings == ()
    assert diff.compared > 0
    note = next(n for n in diff.notes if n.kind == "issuer_differs")
    assert "平潭县人民政府" in note.zh and "平潭综合实验区" in note.en
    assert _check_pair_findings(capsys, ZONE_2011, COUNTY_2012) == []


def test_an_unknown_year_is_said_and_the_order_given_kept(diffs):
    diff = diffs(BLANK_FORM, ZONE_2021_TEXT)
    assert (diff.earlier.source, diff.later.source) == (BLANK_FORM, ZONE_2021_TEXT)
    assert not diff.ordered_by_year and not diff.pair_checked
    assert {"year_unknown", "issuer_unknown"} <= {n.kind for n in diff.notes}
    # every cell of the blank form is blank: each listed, none computed
    assert diff.cells and all(c.earlier is not None and c.earlier.status == "blank" for c in diff.cells)
    assert all(c.change is None for c in diff.cells)


def test_english_output_says_nothing_of_its_own_in_chinese(diffs):
    for pair in [(COUNTY_2011, COUNTY_2012), (SHANGHAI_2019, SHANGHAI_2025), (COUNTY_2012, ZONE_2011),
                 (BLANK_FORM, ZONE_2021_TEXT)]:
        diff = diffs(*pair)
        text = format_diff(diff, lang="en")
        for finding in diff.findings:  # (the findings as check prints them: tests/output/test_text.py's)
            text = text.replace(format_diagnostic(finding, "en"), "")
        report_words = [c.label for c in diff.cells] + [c.column_label for c in diff.cells] + \
            [c.table for c in diff.cells] + [diff.earlier.issuer, diff.later.issuer] + \
            [one.raw for c in diff.cells for one in (c.earlier, c.later) if one is not None]
        for run in _CJK.findall(text):
            assert any(run in words for words in report_words), run
        assert "Last year" in text or "year unknown" in text


def test_the_text_table_is_aligned_for_full_width_characters(diffs):
    lines = format_diff(diffs(ZONE_2020, ZONE_2021)).splitlines()
    start = lines.index("收到和处理政府信息公开申请情况") + 1
    block = lines[start:lines.index("", start)]
    assert block[0].split() == ["项目", "列", "2020", "年", "2021", "年", "变化", "变化率"]
    # Labels of different widths, numbers right-aligned: every full row ends in the same column.
    full = [block[0]] + [line for line in block[1:] if line.endswith("%")]
    assert len(full) > 5 and len({len(line) for line in full}) > 1
    assert len({display_width(line) for line in full}) == 1


def test_diff_data_is_json_with_exact_decimals(diffs):
    diff = diffs(ZONE_2023, ZONE_2024)
    data = json.loads(json.dumps(diff_data(diff), ensure_ascii=False))
    assert data["earlier"]["year"] == 2023 and data["later"]["year"] == 2024
    assert data["consecutive"] and data["same_issuer"] and data["pair_checked"]
    facts = _table_cells(ZONE_2024)
    fee = next(c for c in data["cells"] if c["key"] == "administrative_fees:fee_amount")
    assert fee["later"]["value"] == str(facts[("administrative_fees", "fee_amount")].value)
    assert Decimal(fee["change"]) == Decimal(fee["later"]["value"]) - Decimal(fee["earlier"]["value"])
    assert {n["kind"] for n in data["notes"]} == set()


def test_a_file_that_cannot_be_read_raises_load_error(tmp_path):
    with pytest.raises(LoadError):
        diff_reports(COUNTY_2011, tmp_path / "missing.html")


def test_both_languages_have_every_word():
    assert set(WORDS["zh"]) == set(WORDS["en"])
    for word in WORDS["en"].values():
        assert not _CJK.search(word)


def test_the_diff_command_prints_the_view_and_its_json(capsys, tmp_path):
    from govdisclosure.cli import main

    later, earlier = str(corpus_file("2023_f2021_pingtan_zone.html")), str(corpus_file("2022_f2021_pingtan_zone.html"))
    status = main(["diff", later, earlier])
    shown = capsys.readouterr().out
    assert status in (0, 1) and "2022 年" in shown and "GD502" in shown and shown.index("2022") < shown.index("2023")
    assert main(["diff", "--output-format", "json", "--lang", "en", earlier, later]) == status
    data = json.loads(capsys.readouterr().out)
    assert data == diff_data(diff_reports(earlier, later, lang="en"))
    assert main(["diff", earlier, str(tmp_path / "missing.html")]) == 2
    assert "missing.html" in capsys.readouterr().err
