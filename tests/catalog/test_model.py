"""Loading a catalogue file (`catalog.load_catalog`): a variant is read on top of its base."""

import pytest

from govdisclosure.catalog import CatalogError, load_catalog
from govdisclosure.registry import load as load_registry

from conftest import ROOT

HUBEI = ROOT / "plugins" / "hubei" / "src" / "govdisclosure_hubei" / "hb_f2019.toml"


def test_a_variant_file_loads_on_top_of_its_base():
    # (the 0.2 loader refused it: "unknown table 't2'")
    variant = load_catalog(HUBEI)
    base = load_registry(autoload=False).catalogs.get("f2019")
    assert variant.template == "hb-f2019" and variant.extends == "f2019" and variant.regions == ("42",)
    assert {t.id for t in base.tables} <= {t.id for t in variant.tables}
    assert "hb.other_proactive_documents" in {i.concept for i in variant.indicators}
    assert len(variant.indicators) > len(base.indicators)
    assert load_catalog(HUBEI, base=base) == variant


def test_a_variant_of_an_unknown_template_or_the_wrong_base_says_so(tmp_path):
    orphan = tmp_path / "orphan.toml"
    orphan.write_text('[template]\nid = "x-f2030"\nname = "x"\nsource = "x"\nextends = "f2030"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="f2030"):
        load_catalog(orphan)
    with pytest.raises(CatalogError, match="not 'f2021'"):
        load_catalog(HUBEI, base=load_registry(autoload=False).catalogs.get("f2021"))


def test_a_national_catalogue_loads_alone():
    catalog = load_catalog(ROOT / "src" / "govdisclosure" / "catalog" / "data" / "f2021.toml")
    assert catalog.template == "f2021" and not catalog.extends
