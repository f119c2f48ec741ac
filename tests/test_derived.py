"""Derived indicators (catalog/data/derived.toml): the Pingtan 2019–2025 panel against a hand
computation, missing operands, zero denominators, low N, plugins' variants, the panel's forms."""

import csv
import io
import subprocess
import sys
from decimal import Decimal

import pytest

from govdisclosure.catalog.model import CatalogError, tomllib
from govdisclosure.derived import merged, parse_derived, rows
from govdisclosure.registry import load as load_registry

from conftest import CORPUS, ROOT

PINGTAN = [CORPUS / f"{year}_{'f2019' if year < 2021 else 'f2021'}_pingtan_zone.html" for year in range(2019, 2026)]

# The reports' own figures, read off their tables by hand (表三 总计 column; 表四 the review,
# direct-suit and suit-after-review groups): new, carried in, disclosed, partly, results total;
# review corrected, pending, total; direct corrected, pending, total; after-review corrected,
# pending, total.
TABLES = {
    2019: (23, 0, 7, 1, 23, (0, 0, 0), (0, 0, 0), (0, 0, 0)),
    2020: (21, 0, 7, 6, 21, (0, 0, 0), (0, 0, 0), (0, 0, 0)),
    2021: (70, 0, 30, 5, 69, (0, 0, 3), (0, 0, 12), (0, 0, 0)),
    2022: (74, 1, 21, 9, 75, (1, 0, 2), (0, 0, 1), (0, 0, 0)),
    2023: (81, 0, 22, 20, 81, (1, 0, 2), (0, 1, 5), (0, 0, 2)),
    2024: (218, 0, 71, 29, 218, (1, 1, 7), (0, 0, 0), (2, 0, 19)),
    2025: (154, 0, 33, 38, 148, (3, 0, 36), (3, 0, 6), (0, 0, 3)),
}


def _rate(numerator, denominator):
    return None if denominator == 0 else (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.000001"))


def _by_hand(year):
    new, carried_in, disclosed, partly, total, review, direct, after = TABLES[year]
    (r_corrected, r_pending, r_total), (d_corrected, d_pending, d_total), (a_corrected, a_pending, a_total) = review, direct, after
    previous_new = TABLES[year - 1][0] if year - 1 in TABLES else None
    return {
        ("disclosure_rate", "over_results"): _rate(disclosed + partly, total),
        ("disclosure_rate", "over_accepted"): _rate(disclosed + partly, new + carried_in),
        ("review_correction_rate", "over_all"): _rate(r_corrected, r_total),
        ("review_correction_rate", "over_closed"): _rate(r_corrected, r_total - r_pending),
        ("litigation_correction_rate", "over_all"): _rate(d_corrected + a_corrected, d_total + a_total),
        ("litigation_correction_rate", "over_closed"): _rate(d_corrected + a_corrected,
                                                             d_total + a_total - d_pending - a_pending),
        ("dispute_conversion_rate", "over_new"): _rate(r_total + d_total + a_total, new),
        ("applications_growth", "new"): None if previous_new is None else _rate(new, previous_new) - 1,
    }


@pytest.fixture(scope="module")
def pingtan_panel():
    from govdisclosure.panel import panel_frame

    return panel_frame(PINGTAN, registry=load_registry(autoload=False))


def test_the_pingtan_panel_s_rates_are_those_computed_by_hand(pingtan_panel):
    derived = pingtan_panel[pingtan_panel.concept.str.startswith("derived.")]
    assert sorted(set(derived.year)) == list(range(2019, 2026))
    for year in range(2019, 2026):
        got = {(row.concept.removeprefix("derived."), row.column): row for row in derived[derived.year == year].itertuples()}
        expected = _by_hand(year)
        assert set(got) == set(expected), year
        for key, value in expected.items():
            row = got[key]
            if value is None:
                assert row.value_text == "" and row.status in ("undefined", "missing"), (year, key)
            else:
                assert Decimal(row.value_text) == value, (year, key, row.value_text, value)
                assert row.value == pytest.approx(float(value))
                assert row.status == ("low_n" if row.n < 30 else "number"), (year, key)


def test_the_panel_gives_the_numerator_the_denominator_and_n(pingtan_panel):
    row = pingtan_panel[(pingtan_panel.year == 2024) & (pingtan_panel.concept == "derived.review_correction_rate")
                        & (pingtan_panel.column == "over_closed")].iloc[0]
    assert (row.numerator, row.denominator, row.n, row.value_text, row.status) == (1.0, 6.0, 6.0, "0.166667", "low_n")
    growth = pingtan_panel[(pingtan_panel.concept == "derived.applications_growth") & (pingtan_panel.year == 2019)].iloc[0]
    assert growth.status == "missing"  # (the run has no 2018 report of Pingtan's 2019 template: no base)
    assert "实质公开率" in pingtan_panel[pingtan_panel.concept == "derived.disclosure_rate"].iloc[0].label


INDICATORS = load_registry(autoload=False).derived


def _values(**cells):
    """Panel values: `concept__column=(value, status)`."""
    return {key.replace("__", ":").replace("_DOT_", "."): {"value": value, "status": status}
            for key, (value, status) in cells.items()}


def _one(indicator, variant, values, previous=None, min_n=30):
    found = [r for r in rows(INDICATORS, values, previous, min_n)
             if r["concept"] == f"derived.{indicator}" and r["column"] == variant]
    assert len(found) == 1
    return found[0]


def test_a_blank_operand_gives_a_missing_rate_never_zero():
    values = _values(results_DOT_disclosed__total=("", "blank"), results_DOT_partly_disclosed__total=("3", "number"),
                     results_DOT_total__total=("40", "number"))
    row = _one("disclosure_rate", "over_results", values)
    assert (row["value"], row["status"], row["numerator"], row["denominator"]) == ("", "missing", "", "40")
    # (and a cell the report does not print at all is no zero either)
    assert _one("disclosure_rate", "over_results", _values(results_DOT_total__total=("40", "number")))["status"] == "missing"


def test_a_zero_denominator_gives_no_rate_and_a_printed_zero_is_a_number():
    values = _values(results_DOT_disclosed__total=("0", "zero"), results_DOT_partly_disclosed__total=("0", "zero"),
                     results_DOT_total__total=("0", "zero"))
    assert _one("disclosure_rate", "over_results", values)["status"] == "undefined"
    values["results.total:total"] = {"value": "50", "status": "number"}
    row = _one("disclosure_rate", "over_results", values)
    assert (row["value"], row["status"]) == ("0.000000", "number")


def test_low_n_follows_the_minimum_and_legacy_tables_use_their_value_column():
    legacy = _values(results_DOT_disclosed__value=("10", "number"), results_DOT_partly_disclosed__value=("2", "number"),
                     results_DOT_total__value=("24", "number"))
    assert _one("disclosure_rate", "over_results", legacy)["status"] == "low_n"
    row = _one("disclosure_rate", "over_results", legacy, min_n=20)
    assert (row["value"], row["status"], row["n"]) == ("0.500000", "number", "24")
    # (the legacy table has no 上年结转: that variant is missing there, not computed over 新收 alone)
    assert _one("disclosure_rate", "over_accepted", legacy)["status"] == "missing"


def test_growth_needs_last_year_s_figure():
    this, last = _values(applications_DOT_new__total=("66", "number")), _values(applications_DOT_new__total=("60", "number"))
    row = _one("applications_growth", "new", this, last)
    assert (row["value"], row["numerator"], row["denominator"], row["status"]) == ("0.100000", "66", "60", "number")
    assert _one("applications_growth", "new", this, None)["status"] == "missing"


def test_a_plugin_adds_a_variant_and_may_not_define_one_twice(tmp_path):
    from govdisclosure.hookspecs import hookimpl
    from govdisclosure.registry import make_plugin_manager, of_manager

    extra = tmp_path / "derived.toml"
    extra.write_text('[[indicators]]\nid = "disclosure_rate"\n[[indicators.variants]]\nname = "fully_over_results"\n'
                     'label = "予以公开÷办理结果总计"\nnumerator = ["results.disclosed:total"]\n'
                     'denominator = ["results.total:total"]\n', encoding="utf-8")
    twice = tmp_path / "twice.toml"
    twice.write_text('[[indicators]]\nid = "disclosure_rate"\n[[indicators.variants]]\nname = "over_results"\n'
                     'numerator = ["results.disclosed:total"]\ndenominator = ["results.total:total"]\n', encoding="utf-8")

    def registry_with(path, name):
        class Province:
            @hookimpl
            def govdisclosure_derived(self):
                return [path]

        manager, failures = make_plugin_manager(False, ())
        manager.register(Province(), name=name)
        return of_manager(manager, failures)

    variants = {v.name for d in registry_with(extra, "province").derived if d.id == "disclosure_rate" for v in d.variants}
    assert variants == {"over_results", "over_accepted", "fully_over_results"}
    with pytest.warns(Warning, match="clash"):
        broken = registry_with(twice, "clash")
    assert [f.name for f in broken.failures] == ["clash"]
    assert [v.name for d in broken.derived if d.id == "disclosure_rate" for v in d.variants] == ["over_results", "over_accepted"]


@pytest.mark.parametrize("text, problem", [
    ('[[indicators]]\nid = "x"\n', "at least one variant"),
    ('[[indicators]]\nid = "x y"\n[[indicators.variants]]\nname = "a"\nnumerator = ["a:b"]\ndenominator = ["c:d"]\n', "id"),
    ('[[indicators]]\nid = "x"\nkind = "mean"\n[[indicators.variants]]\nname = "a"\nnumerator = ["a:b"]\ndenominator = ["c:d"]\n', "kind"),
    ('[[indicators]]\nid = "x"\n[[indicators.variants]]\nname = "a"\nnumerator = ["a"]\ndenominator = ["c:d"]\n', "term"),
    ('[[indicators]]\nid = "x"\n[[indicators.variants]]\nname = "a"\nnumerator = []\ndenominator = ["c:d"]\n', "numerator"),
])
def test_a_wrong_definition_is_refused_with_what_is_wrong(text, problem):
    with pytest.raises(CatalogError, match=problem):
        merged(parse_derived(tomllib.loads(text), "local.toml"))


def _extract(*arguments):
    done = subprocess.run([sys.executable, "-m", "govdisclosure", "extract", "--panel", *arguments],
                          capture_output=True, text=True, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"),
                               "GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD": "1"})
    return done


def test_extract_panel_writes_the_derived_rows_long_and_wide():
    done = _extract(*map(str, PINGTAN[-2:]))
    assert done.returncode == 0, done.stderr
    long = list(csv.DictReader(io.StringIO(done.stdout)))
    rate = next(r for r in long if r["concept"] == "derived.applications_growth" and r["year"] == "2025")
    assert (rate["column"], rate["value"], rate["numerator"], rate["denominator"], rate["n"], rate["status"]) == \
        ("new", "-0.293578", "154", "218", "218", "number")
    assert all(r["numerator"] == "" for r in long if not r["concept"].startswith("derived."))
    wide = list(csv.DictReader(io.StringIO(_extract("--wide", "--min-n", "5", *map(str, PINGTAN[-2:])).stdout)))
    assert [row["derived.disclosure_rate:over_results"] for row in wide] == ["0.458716", "0.479730"]
    refused = _extract("--min-n", "-1", str(PINGTAN[0]))
    assert refused.returncode == 2 and "min-n" in refused.stderr


def test_a_negative_operand_or_denominator_gives_no_rate():
    # (total − pending below zero: a misread table; GD105 reports the negative count itself)
    values = _values(review_litigation__review_corrected=("1", "number"), review_litigation__review_total=("2", "number"),
                     review_litigation__review_pending=("3", "number"))
    row = _one("review_correction_rate", "over_closed", values, min_n=0)
    assert (row["value"], row["status"], row["denominator"]) == ("", "undefined", "-1")
    values["review_litigation:review_corrected"] = {"value": "-1", "status": "number"}
    assert _one("review_correction_rate", "over_all", values, min_n=0)["status"] == "undefined"


def test_variants_added_to_an_indicator_take_its_kind_and_another_kind_is_refused():
    growth = ('[[indicators]]\nid = "g"\nkind = "growth"\n[[indicators.variants]]\nname = "a"\n'
              'numerator = ["x:total"]\ndenominator = ["x:total"]\n')
    more = '[[indicators]]\nid = "g"\n[[indicators.variants]]\nname = "b"\nnumerator = ["y:total"]\ndenominator = ["y:total"]\n'
    [indicator] = merged(parse_derived(tomllib.loads(growth), "a.toml") + parse_derived(tomllib.loads(more), "b.toml"))
    assert indicator.kind == "growth" and [v.name for v in indicator.variants] == ["a", "b"]
    [alone] = merged(parse_derived(tomllib.loads(more), "b.toml"))
    assert alone.kind == "ratio"
    with pytest.raises(CatalogError, match="kind 'ratio', but it is 'growth'"):
        merged(parse_derived(tomllib.loads(growth), "a.toml")
               + parse_derived(tomllib.loads(more.replace('id = "g"', 'id = "g"\nkind = "ratio"')), "b.toml"))
