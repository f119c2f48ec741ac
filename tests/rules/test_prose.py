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
    texts = ["无因" * 20_000, "收到申请" * 10_000, "主动公开信息" + "1" * 50_000, "行政复议" * 10_000]
    for pattern in default().prose_patterns:
        for text in texts:
            start = time.process_time()
            list(pattern.regex.finditer(text))
            assert time.process_time() - start < 1.0, pattern.regex.pattern
