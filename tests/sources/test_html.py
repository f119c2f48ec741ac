"""HTML pages and fragments: finding the report, full-grid tables, encodings, metadata, positions."""

from decimal import Decimal

import pytest

import govdisclosure
from govdisclosure import LoadError
from govdisclosure.registry import default as default_registry
from govdisclosure.sources import read_document, sniff
from govdisclosure.sources.document import written_rows
from govdisclosure.sources.html import decode_html, parse_html, table_grid, _StartTags

from conftest import CORPUS, corpus_file

SHANGHAI = "2019_f2019_shanghai_office.html"


def facts_of(path):
    return govdisclosure.extract(govdisclosure.load(path))


def table_values(facts) -> dict:
    return {(f.indicator, f.column): f for f in facts.facts if f.kind == "table"}


def test_shanghai_2019_gives_every_fact_of_its_three_tables():
    facts = facts_of(corpus_file(SHANGHAI))
    assert facts.template == "f2019"
    got = table_values(facts)
    catalog = default_registry().catalogs.get("f2019")
    expected = {(i.id, c.id) for t in ("t2", "t3", "t4") for i in catalog.indicators_of(t) if i.kind != "heading"
                for c in catalog.columns_of(i)}
    assert expected <= set(got)
    # Blank cells (`&nbsp;`) are blank, not zero; the 总计 column balances: 859 + 18 = 805 + 72.
    total = {name: got[(f"f2019.t3.{name}", "total")].value for name in ("new", "carried_over_in", "total", "carried_over_out")}
    assert total == {"new": 859, "carried_over_in": 18, "total": 805, "carried_over_out": 72}
    assert got[("f2019.t3.disclosed", "total")].status == "blank"
    assert [got[("f2019.t3.disclosed", c)].value for c in ("natural", "commercial", "research")] == [258, 12, None]
    assert got[("f2019.t2.government_procurement", "procurement_items")].value == 6
    review = [got[("f2019.t4.cases", f"review_{n}")].value for n in ("upheld", "corrected", "other", "pending", "total")]
    assert review == [5, None, None, 2, 7]
    # A header whose spans disagree with its values' (本年增/减 over two columns, the first value
    # over the two before it): the values still line up with the template's three columns.
    assert [f.value for f in facts.of("f2019.t2.administrative_licensing")] == [0, 0, 0]
    assert [p.code for p in facts.problems] == []


def test_html_and_text_of_one_report_agree_wherever_the_text_has_a_value():
    html = table_values(facts_of(corpus_file(SHANGHAI)))
    text = table_values(facts_of(corpus_file(SHANGHAI.replace(".html", ".txt"))))
    compared = 0
    for key, fact in text.items():
        if fact.status in ("number", "zero"):
            assert html[key].value == fact.value, key
            compared += 1
    assert compared >= 40


PINGTAN_TEMPLATES = ["2019_f2019_pingtan_zone.html", "2020_f2019_pingtan_zone.html", "2021_f2021_pingtan_zone.html",
                     "2022_f2021_pingtan_zone.html", "2023_f2021_pingtan_zone.html", "2024_f2021_pingtan_zone.html",
                     "2025_f2021_pingtan_zone.html"]


@pytest.mark.parametrize("name", PINGTAN_TEMPLATES)
def test_pingtan_pages_give_the_full_facts_their_flattened_texts_lost(name):
    template = name.split("_")[1]
    facts = facts_of(corpus_file(name))
    assert facts.template == template
    catalog = default_registry().catalogs.get(template)
    got = table_values(facts)
    expected = {(i.id, c.id) for t in ("t3", "t4") for i in catalog.indicators_of(t) if i.kind != "heading"
                for c in catalog.columns_of(i)}
    assert expected <= set(got)
    assert all(got[key].status in ("number", "zero") for key in expected)
    t = template
    for column in ("natural", "total"):  # the table's own identity holds on these pages
        assert got[(f"{t}.t3.new", column)].value + got[(f"{t}.t3.carried_over_in", column)].value == \
            got[(f"{t}.t3.total", column)].value + got[(f"{t}.t3.carried_over_out", column)].value


def test_the_body_is_found_among_the_navigation_and_the_title_comes_first():
    report = govdisclosure.load(corpus_file("2024_f2021_pingtan_zone.html"))
    document = read_document(corpus_file("2024_f2021_pingtan_zone.html"))
    assert report.title == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert [s.title for s in report.sections][:2] == ["总体情况", "主动公开政府信息情况"]
    for navigation in ("闽政通APP", "网站支持IPV6", "长者模式", "avalon.log", "当前位置"):
        assert navigation not in document.text
    # A page whose title stands above the article (the body starts with 根据《条例》…).
    assert govdisclosure.load(corpus_file("2021_f2021_pingtan_zone.html")).title == "平潭综合实验区2021年度政府信息公开工作年度报告"


def test_page_metadata_is_kept():
    shuyang = govdisclosure.load(corpus_file("2023_f2021_shuyang_fgw.html")).metadata
    assert shuyang["索引号"] == "014314799/2024-00002"
    assert shuyang["发布机构"] == "沭阳县发展和改革局"
    assert shuyang["公开日期"] == "2024-01-17"
    pingtan = govdisclosure.load(corpus_file("2024_f2021_pingtan_zone.html")).metadata
    assert pingtan["来源"] == "平潭综合实验区管委会办公室" and pingtan["时间"] == "2025-03-10 15:35"
    assert govdisclosure.load(corpus_file(SHANGHAI)).metadata["发布日期"] == "2020-01-31"


def test_spans_point_at_the_element_in_the_page():
    path = corpus_file("2024_f2021_pingtan_zone.html")
    lines = decode_html(path.read_bytes(), path)[0].splitlines()
    facts = facts_of(path)
    (new_total,) = [f for f in facts.facts if f.indicator == "f2021.t3.new" and f.column == "total"]
    source = lines[new_total.span.line - 1][new_total.span.column - 1:]
    assert source.startswith("<td")
    assert f">{new_total.raw}<" in source[: source.index("</td>") + 5]
    report = govdisclosure.load(path)
    heading = report.sections[2]
    assert "三、收到和处理政府信息公开申请情况" in "".join(lines[heading.span.line - 1:heading.span.line + 3])


GRID = """<table>
<tr><td rowspan="2">信息内容</td><td colspan="2">本年<br/>增/减</td><td>处理决定数量</td></tr>
<tr><td>增</td><td>减</td><td>总</td></tr>
<tr><td>行政许可</td><td>&nbsp;</td><td colspan="2"><p>3</p></td></tr>
<tr><td>行政处罚</td><td>1</td><td>2</td></tr>
</table>"""


def test_table_grid_expands_spans_and_written_rows_keep_each_cell_once():
    root = parse_html(GRID, "grid")
    (table,) = root.iter("table")
    grid = table_grid(table, _StartTags(GRID, list(root.iter())))
    assert [[text for text, _ in row] for row in grid] == [
        ["信息内容", "本年 增/减", "本年 增/减", "处理决定数量"],
        ["信息内容", "增", "减", "总"],
        ["行政许可", "", "3", "3"],
        ["行政处罚", "1", "2", ""],
    ]
    assert [[text for text, _ in row] for row in written_rows(grid)] == [
        ["信息内容", "本年 增/减", "处理决定数量"], ["信息内容", "增", "减", "总"], ["行政许可", "", "3"], ["行政处罚", "1", "2", ""],
    ]
    (origin,) = {o for _, o in grid[0][1:3]}
    assert (origin.line, origin.column) == (2, 30)  # the second `<td` of line 2


WORD_FRAGMENT = """<p class=MsoNormal><b>某某县2023年政府信息公开工作年度报告</b></p>
<p><!--[if !supportLists]--><span>一、</span><!--[endif]-->总体情况</p>
<p style="mso-list:l0">全年主动公开政府信息<span lang=EN-US>123</span>条。<o:p></o:p></p>
<style>p.MsoNormal {margin:0}</style><script>var 一 = "二、不是标题";</script>
<table border=1><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>1</td><td>&nbsp;</td><td>3</td></tr></table>"""


def test_word_markup_comments_styles_and_scripts(tmp_path):
    path = tmp_path / "fragment.html"
    path.write_text(WORD_FRAGMENT, encoding="utf-8")
    report = govdisclosure.load(path)
    assert report.title == "某某县2023年政府信息公开工作年度报告" and report.year == 2023
    assert [s.title for s in report.sections] == ["总体情况"]
    assert report.sections[0].children[0].text == "全年主动公开政府信息123条。"
    (table,) = report.tables
    assert table.rows[-1].texts == ("规章", "1", "", "3")
    assert report.source_kind == "html"


def test_a_gbk_page_without_a_charset_reads_the_same_as_utf8(tmp_path):
    original = corpus_file(SHANGHAI).read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.html"
    gbk.write_bytes(original.encode("gbk", errors="xmlcharrefreplace"))
    declared = tmp_path / "declared.html"
    declared.write_bytes(('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + original)
                         .encode("gbk", errors="xmlcharrefreplace"))
    expected = table_values(facts_of(corpus_file(SHANGHAI)))
    for path in (gbk, declared):
        assert read_document(path).encoding == "gb18030"
        got = table_values(facts_of(path))
        assert {k: f.value for k, f in got.items()} == {k: f.value for k, f in expected.items()}


def test_no_entity_or_network_is_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    page = tmp_path / "xxe.html"
    page.write_text(f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body>'
                    '<p>某某县2023年政府信息公开工作年度报告</p><p>正文&x;结束</p></body></html>', encoding="utf-8")
    document = read_document(page)
    assert "机密内容" not in document.text and document.text.startswith("某某县2023年")


def test_absurd_spans_are_bounded(tmp_path):
    page = tmp_path / "spans.html"
    page.write_text('<p>某某县2023年政府信息公开工作年度报告</p><table><tr><td colspan="999999999" rowspan="99999">规章</td>'
                    '<td>1</td></tr><tr><td>行政规范性文件</td><td>2</td></tr></table>', encoding="utf-8")
    report = govdisclosure.load(page)
    assert report.tables and max(len(r.cells) for r in report.tables[0].rows) <= 3


def test_kinds_are_told_by_content():
    assert sniff(b"<p>fragment</p><table><tr><td>1</td></tr></table>", ".txt") == "html"
    assert sniff(b"%PDF-1.7\n...", ".html") == "pdf"
    assert sniff(b"| a | b |\n<br> in markdown", ".md") == "text"
    assert sniff(corpus_file("2021_template_blank.docx").read_bytes(), ".bin") == "docx"
    assert sniff((CORPUS / SHANGHAI).read_bytes(), "") == "html"


@pytest.mark.parametrize("content", [b"\x00\x01binary\xff" * 100, bytes(range(256)) * 40])
def test_binary_named_html_is_a_clear_error(tmp_path, content):
    path = tmp_path / "junk.html"
    path.write_bytes(content)
    with pytest.raises(LoadError):
        govdisclosure.load(path)


def test_check_prints_html_positions_with_the_report_s_words_not_the_markup(tmp_path, capsys):
    from govdisclosure.cli import main

    path = tmp_path / "report.html"
    path.write_text("<p>某某县2023年政府信息公开工作年度报告</p>\n<p>一、总体情况</p>\n"
                    "<p>本报告所列数据的统计期限自2022年1月1日至2022年12月31日。</p>\n<p>二、主动公开政府信息情况</p>\n"
                    "<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\n"
                    "<tr><td>规章</td><td>1</td><td>0</td><td>3</td></tr></table>\n", encoding="utf-8")
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert f"{path}:3:1: GD401" in out and "     3 | 本报告所列数据的统计期限自2022年1月1日" in out and "<p>" not in out


def test_money_cells_keep_their_unit():
    got = table_values(facts_of(corpus_file(SHANGHAI)))
    fact = got[("f2019.t2.government_procurement", "procurement_amount")]
    assert fact.value == Decimal("251000") and fact.raw == "251000元"


def test_short_text_stops_at_its_limit_and_agrees_with_the_whole_text():
    # (the page-metadata and title searches ask every element; they need short texts only)
    from lxml import html as lxml_html

    from govdisclosure.sources.html import _inline_text, _short_text, text_sizes

    root = lxml_html.fromstring("<div><p>发布机构： 平潭  综合实验区</p><div>" + "<span>很长的正文。</span>" * 100 + "</div></div>")
    letters = text_sizes(root).letters
    short, long_ = root[0], root[1]
    assert _short_text(short, 80, letters) == _inline_text(short) == "发布机构： 平潭 综合实验区"
    assert _short_text(long_, 80, letters) is None and len(_inline_text(long_)) == 600
    assert _short_text(long_, 600, letters) == _inline_text(long_)
    assert _short_text(root, 400, letters) is None


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.html"))[:8], ids=lambda p: p.name)
def test_text_sizes_are_those_of_each_element_s_whole_text(path):
    from govdisclosure.sources.html import SKIP_TAGS, decode_html, text_sizes

    root = parse_html(decode_html(path.read_bytes(), path)[0], path)
    sizes = text_sizes(root)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    assert len(elements) > 50
    for element in elements:
        whole = "".join(element.itertext())
        assert sizes.letters[element] == len("".join(whole.split())), element.tag
        assert (element in sizes.colons) == (":" in whole or "：" in whole), element.tag

    # Outside links, from the root down, as the body search reads it: nothing inside a link or a
    # skipped element counts, the tails after them do.
    def outside(element, in_link=False) -> int:
        in_link = in_link or element.tag == "a"
        total = 0 if in_link else len("".join((element.text or "").split()))
        for child in element:
            if isinstance(child.tag, str) and child.tag not in SKIP_TAGS:
                total += outside(child, in_link)
            if not in_link:
                total += len("".join((child.tail or "").split()))
        return total

    reached = [e for e in elements if e.tag not in SKIP_TAGS and not any(a.tag in SKIP_TAGS or a.tag == "a" for a in e.iterancestors())]
    assert len(reached) > 50 and sizes.outside_links[root] > 0
    for element in reached:
        assert sizes.outside_links[element] == outside(element), element.tag


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.html")), ids=lambda p: p.name)
def test_every_element_s_origin_is_its_own_start_tag_in_the_page(path):
    # The start tags are located for every element but turned into line and column only when
    # asked: each answer is checked against the page's own characters at that place.
    text = decode_html(path.read_bytes(), path)[0]
    root = parse_html(text, path)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    positions = _StartTags(text, list(root.iter()))
    lines = text.split("\n")
    located = 0
    for element in elements:
        origin = positions.origin(element)
        assert origin is positions.origin(element)  # one Origin per element
        at = lines[origin.line - 1][origin.column - 1:]
        if at.lower().startswith(f"<{element.tag.lower()}"):
            located += 1
            assert element.sourceline is None or origin.line <= element.sourceline
        else:  # an element the parser implied, or a script or style (blanked): the start of its line
            assert origin.column == 1 and element.tag in IMPLIED + ("script", "style"), (element.tag, origin)
    assert located >= len([e for e in elements if e.tag not in ("script", "style")]) - len(IMPLIED)


IMPLIED = ("html", "head", "body", "tbody", "p")
