"""Label matching: folding, aliases, fuzzy matches taken only when clear, never a silent guess."""

import pytest

from govdisclosure.catalog import parse_catalog
from govdisclosure.catalog.match import LabelIndex, fold_label

CATALOG = parse_catalog({
    "template": {"id": "demo", "first_year": 2021},
    "tables": [{"id": "t3", "title": "申请", "columns": [{"id": "total", "label": "总计"}]}],
    "indicators": [
        {"id": "demo.new", "table": "t3", "label": "一、本年新收政府信息公开申请数量", "unit": "件", "concept": "applications.new"},
        {"id": "demo.secret", "table": "t3", "label": "1.属于国家秘密", "unit": "件", "concept": "withheld.secret"},
        {"id": "demo.law", "table": "t3", "label": "2.其他法律行政法规禁止公开", "aliases": ["其他法律行政止公开"],
         "unit": "件", "concept": "withheld.law"},
        {"id": "demo.partial", "table": "t3", "label": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
         "unit": "件", "concept": "results.partial"},
        {"id": "demo.staff", "table": "t3", "label": "（三）从事政府信息公开工作人员数", "aliases": ["从事政府信息公开工作人数员"],
         "unit": "人", "concept": "staff"},
    ],
}, "demo")


@pytest.mark.parametrize("text, folded", [
    ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    ("(二)部分 公开", "部分公开"),
    ("1．属于国家秘密", "属于国家秘密"),
    ("其中：主动公开规范性文件数", "主动公开规范性文件"),
    ("３.危及“三安全一稳定”", '危及"三安全一稳定"'),
])
def test_fold_label(text, folded):
    assert fold_label(text) == folded


def test_exact_alias_fuzzy_and_unknown():
    index = LabelIndex(CATALOG)
    assert index.match("一、本年新收政府信息公开申请数量").how == "exact"
    assert index.match("本年新收政府信息公开申请数量").indicator.id == "demo.new"
    assert index.match("（二）部分公开（区分处理的，只计这一情").indicator.id == "demo.partial"
    typo = index.match("2.其他法律行政止公开")
    assert (typo.indicator.id, typo.how) == ("demo.law", "alias")
    assert index.match("（三）从事政府信息公开工作人数员").indicator.id == "demo.staff"
    fuzzy = index.match("本年新收到政府信息公开申请数量")
    assert (fuzzy.indicator.id, fuzzy.how) == ("demo.new", "fuzzy")
    unknown = index.match("行政许可")
    assert unknown.indicator is None and unknown.how == "unknown"


def test_catalogue_errors_name_the_entry():
    from govdisclosure.catalog import CatalogError

    base = {"template": {"id": "x"}, "tables": [{"id": "t", "title": "T", "columns": [{"id": "v", "label": "值"}]}]}
    with pytest.raises(CatalogError, match=r"indicators\[0\] \(x.a\): unknown table 'nope'"):
        parse_catalog({**base, "indicators": [{"id": "x.a", "table": "nope", "label": "甲", "concept": "a"}]}, "x.toml")
    with pytest.raises(CatalogError, match="unknown parent"):
        parse_catalog({**base, "indicators": [{"id": "x.a", "table": "t", "label": "甲", "concept": "a", "parent": "x.z"}]}, "x.toml")
    with pytest.raises(CatalogError, match=r"relations\[0\].*unknown indicators \['x.q'\]"):
        parse_catalog({**base, "indicators": [{"id": "x.a", "table": "t", "label": "甲", "concept": "a"}],
                       "relations": [{"id": "r", "kind": "sum", "total": "x.a", "parts": ["x.q"]}]}, "x.toml")
    with pytest.raises(CatalogError, match="kind 'weird'"):
        parse_catalog({**base, "indicators": [{"id": "x.a", "table": "t", "label": "甲", "concept": "a", "kind": "weird"}]}, "x.toml")
