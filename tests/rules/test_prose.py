import time

import govdisclosure
from conftest import CORPUS
from govdisclosure.registry import default


def _huaian_with(prose: str) -> str:
    huaian = (CORPUS / "2024_f2021_huaian_city.txt").read_text(encoding="utf-8")
    at = huaian.index("（一）主动公开情况")
    return huaian[:at] + prose + "\n" + huaian[at:]


def _gd301(report):
    return [d for d in govdisclosure.check(report) if d.code == "GD301"]


def test_a_prose_number_that_contradicts_the_table_is_found_once_per_statement():
    report = govdisclosure.parse(_huaian_with("收到政府信息公开申请 5 件，" * 3))
    found = _gd301(report)
    assert len(found) == 3 and all(dict(d.values)["stated"] == "5" for d in found)
    assert len({dict(d.values)["table"] for d in found}) == 1


def test_prose_against_table_is_linear_in_the_prose_facts():
    # Each fact was looked up by a scan of all the facts: quadratic (34 s at 1 MB).
    report = govdisclosure.parse(_huaian_with("收到政府信息公开申请 5 件，" * 5_000))
    start = time.process_time()
    assert len(_gd301(report)) == 5_000
    assert time.process_time() - start < 10.0


# --- the prose patterns the rule's facts come from (catalog/data/prose.toml) ---


def _zero_patterns():
    return [p for p in default().prose_patterns if p.zero and p.concept in ("review.total", "litigation.total")]


def test_the_stated_zero_of_review_and_litigation_is_found():
    patterns = _zero_patterns()
    assert len(patterns) == 2
    for text in ["无行政复议和行政诉讼", "无因政府信息公开申请行政复议和提起行政诉讼的情况", "无申请行政复议、行政诉讼"]:
        assert all(p.regex.search(text) for p in patterns), text


def test_the_zero_patterns_are_linear_on_repeated_wuyin():
    text = "无因" * 50_000
    for pattern in _zero_patterns():
        start = time.process_time()
        assert pattern.regex.search(text) is None
        assert time.process_time() - start < 1.0  # the unbounded `[^。；]*?` took minutes


def test_every_prose_pattern_is_quick_on_long_repetitive_text():
    texts = ["无因" * 20_000, "收到申请" * 10_000, "主动公开信息" + "1" * 50_000, "行政复议" * 10_000,
             "行政复议1件，其中" * 5_000, "行政诉讼1件，其中结果" * 5_000, "作出行政处罚决定" * 5_000,
             "收取信息处理费" + "1" * 50_000]
    for pattern in default().prose_patterns:
        for text in texts:
            start = time.process_time()
            list(pattern.regex.finditer(text))
            assert time.process_time() - start < 1.0, pattern.regex.pattern


def _prose_facts(name: str) -> dict:
    report = govdisclosure.load(CORPUS / name)
    return {(f.column, f.value, f.status) for f in govdisclosure.extract(report).facts
            if f.kind == "prose" and f.concept == "review_litigation"}


def test_review_and_litigation_results_in_the_prose_of_the_corpus_are_read_and_agree():
    from decimal import Decimal

    # Huai'an 2024 breaks both case types down (`行政复议 351 件，其中结果维持 72 件，结果纠正 64 件…；
    # 政府信息公开行政诉讼 46 件，其中结果维持 25 件，结果纠正 5 件`), read by hand.
    assert _prose_facts("2024_f2021_huaian_city.txt") == {
        ("review_total", Decimal(351), "number"), ("direct_total+after_review_total", Decimal(46), "number"),
        ("review_upheld", Decimal(72), "number"), ("review_corrected", Decimal(64), "number"),
        ("direct_upheld+after_review_upheld", Decimal(25), "number"),
        ("direct_corrected+after_review_corrected", Decimal(5), "number"),
    }
    # Shanghai 2019 `行政复议7件，诉讼9件，均获维持`: none corrected (not all upheld: 2 and 1 pending).
    assert _prose_facts("2019_f2019_shanghai_office.txt") == {
        ("review_total", Decimal(7), "number"), ("review_corrected", Decimal(0), "zero"),
        ("direct_corrected+after_review_corrected", Decimal(0), "zero"),
    }
    # Both tables agree with their text (Shanghai's corrected cells are blank: not compared).
    for name in ("2024_f2021_huaian_city.txt", "2019_f2019_shanghai_office.txt", "2019_f2019_guangzhou_guoziwei_EXCERPT.txt"):
        assert not _gd301(govdisclosure.load(CORPUS / name)), name
