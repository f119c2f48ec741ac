import time

from govdisclosure.report_info import TITLE_ISSUER_CHARS, issuer_of


def test_the_issuer_is_the_name_around_the_titles_year():
    assert issuer_of("淮安市人民政府2024年政府信息公开工作年度报告", ()) == "淮安市人民政府"
    assert issuer_of("2021年度天元区人民政府政府信息公开工作年度报告", ()) == "天元区人民政府"


def test_a_crawler_title_of_repeated_years_is_not_searched_quadratically():
    title = "2020年" * 20_000
    start = time.process_time()
    assert issuer_of(title, ()) is None  # too long to be a title: no issuer from it
    assert time.process_time() - start < 1.0
    # At the length limit the bounded pattern is quick too.
    start = time.process_time()
    issuer_of(("2020年" * TITLE_ISSUER_CHARS)[:TITLE_ISSUER_CHARS], ())
    assert time.process_time() - start < 0.5
