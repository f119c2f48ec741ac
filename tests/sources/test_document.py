"""The excerpt of a finding: the report's own words at its place (a table row's cells, the
sentence of a quote, a PDF page's line), never the page's markup."""

from __future__ import annotations

import json
import re

import pytest

from govdisclosure.ast import Span
from govdisclosure.cli import main
from govdisclosure.sources import read_document
from govdisclosure.sources.document import CELL_SEPARATOR, EXCERPT_CHARS, excerpt_of

from conftest import CORPUS_ORIGINALS

MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&nbsp;|&#\d+;")


def _span(offset: int, end: int | None = None) -> Span:
    return Span(1, 1, 1, 1, offset, offset if end is None else end)


def test_a_row_s_cells_are_shown_apart_and_the_place_moves_with_them():
    text = "标题\n项目\t单位\t数量\n收到申请\t件\t12\n"
    place = text.index("12")
    excerpt = excerpt_of(text, _span(place))
    assert excerpt.text == "收到申请" + CELL_SEPARATOR + "件" + CELL_SEPARATOR + "12"
    assert excerpt.text[excerpt.column - 1 :].startswith("12")


def test_a_quote_is_shown_in_its_sentence_and_a_long_line_around_its_place():
    paragraph = "一是做好公开。" * 30 + "全年收到政府信息公开申请75件，均按时答复。" + "二是加强培训。" * 30
    text = paragraph + "\n"
    quote = "收到政府信息公开申请75件"
    excerpt = excerpt_of(text, _span(0, len(paragraph)), quote, paragraph.index(quote))
    assert excerpt.text == "全年收到政府信息公开申请75件，均按时答复。" and excerpt.column == 3
    place = paragraph.index("二是") + 70
    cut = excerpt_of(text, _span(place))
    assert len(cut.text) == EXCERPT_CHARS and cut.text[cut.column - 1] == paragraph[place]
    # Words that do not stand where they are said to: the line at the place, never a guess.
    assert excerpt_of(text, _span(0, len(paragraph)), quote, 3).text == paragraph[:EXCERPT_CHARS]
    wrapped = "总体情况。全年收到申请\n75件，均按时答复。其他\n"  # (a PDF's paragraph over two lines)
    joined = excerpt_of(wrapped, _span(0, len(wrapped) - 1), "收到申请75件", len("总体情况。全年"))
    assert joined.text == "全年收到申请75件，均按时答复。" and joined.column == 3
    assert excerpt_of(text, None) is None and excerpt_of("\n\n", _span(1)) is None


def _findings(paths) -> list[dict]:
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "-q", "--no-cross-year", "--output-format", "json", *map(str, paths)])
    return json.loads(out.getvalue())["diagnostics"]


@pytest.mark.parametrize("kind", [".html", ".pdf"])
def test_findings_on_pages_and_pdfs_show_the_report_s_words(kind):
    originals = [p for p in CORPUS_ORIGINALS if p.suffix == kind]
    found = _findings(originals)
    with_excerpt = [d for d in found if d["excerpt"]]
    assert len(with_excerpt) >= 0.9 * len(found) and found
    for d in with_excerpt:
        assert not MARKUP.search(d["excerpt"]["text"]), d["excerpt"]
    sums = [d for d in with_excerpt if d["code"] == "GD101"]
    for d in sums:  # a total that does not add up: its row, with the printed total at the place
        text, column = d["excerpt"]["text"], d["excerpt"]["column"]
        assert d["args"]["label"] in text and text[column - 1 :].startswith(str(d["args"]["actual"])), d
    for d in (d for d in with_excerpt if d["code"] == "GD301"):  # a sentence against the table
        text = d["excerpt"]["text"]
        assert d["args"]["text"] in text and text.endswith(("。", "；", "！", "？")) or len(text) == EXCERPT_CHARS, text
    if kind == ".pdf":  # a PDF's finding shows the line of its page
        documents = {str(p): read_document(p) for p in originals}
        for d in with_excerpt:
            document = documents[d["source"]]
            lines = document.text.split("\n")
            at = [i for i, line in enumerate(lines) if line.replace("\t", CELL_SEPARATOR) == d["excerpt"]["text"]]
            if d["code"] == "GD301":  # (a quote: its sentence, over the page's lines it wraps across)
                assert d["args"]["text"] in d["excerpt"]["text"]
            else:
                assert at and any(document.origins[i] and document.origins[i][0][1].page == d["page"] for i in at), d
    else:
        assert sums  # (the corpus pages have sums that do not add up: the test looks at them)


def test_the_text_output_shows_the_excerpt_not_the_markup(capsys):
    page = next(p for p in CORPUS_ORIGINALS if p.suffix == ".html")
    main(["check", "-q", "--no-cross-year", str(page)])
    shown = [line for line in capsys.readouterr().out.splitlines() if re.match(r"^\s+(\d+)? \| ", line)]
    assert shown and not any(MARKUP.search(line) for line in shown)
