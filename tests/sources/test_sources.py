"""Every original in the corpus (HTML, PDF, DOCX) loads, and agrees with its text version."""

import pytest

import govdisclosure

from conftest import CORPUS_ORIGINALS


@pytest.mark.parametrize("path", CORPUS_ORIGINALS, ids=lambda p: p.name)
def test_every_original_loads_with_positions_in_the_original(path):
    report = govdisclosure.load(path)
    assert report.source_kind == path.suffix.lstrip(".")
    assert report.sections or report.tables
    for node in report.walk():
        span = node.span
        assert span is not None and span.line >= 1 and span.column >= 1
        if report.source_kind == "pdf":
            assert span.page is not None and span.page >= 1
        if report.source_kind == "docx":
            assert span.locator


PAIRS = [p for p in CORPUS_ORIGINALS if p.with_suffix(".txt").exists()]


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_an_original_and_its_text_agree_wherever_the_text_has_a_value(path):
    original = govdisclosure.extract(govdisclosure.load(path))
    text = govdisclosure.extract(govdisclosure.load(path.with_suffix(".txt")))
    if any(f.kind == "table" for f in original.facts):  # (a report without tables has no template)
        assert original.template == text.template
    from_original = {(f.indicator, f.column): f.value for f in original.facts if f.kind == "table"}
    differing = [(f.indicator, f.column, f.value, from_original.get((f.indicator, f.column)))
                 for f in text.facts if f.kind == "table" and f.status in ("number", "zero")
                 and from_original.get((f.indicator, f.column)) != f.value]
    assert differing == []
    # The original never knows less than the text.
    assert sum(f.status in ("number", "zero") for f in original.facts if f.kind == "table") >= \
        sum(f.status in ("number", "zero") for f in text.facts if f.kind == "table")


@pytest.mark.parametrize("name", ["2024_f2021_huaian_city.pdf", "2021_template_blank.docx", "2019_f2019_shanghai_office.html"])
def test_every_command_reads_every_kind(name, capsys):
    from govdisclosure.cli import main

    from conftest import corpus_file

    path = str(corpus_file(name))
    assert main(["parse", path]) == 0
    assert "Table" in capsys.readouterr().out
    assert main(["extract", path, "--output-format", "json"]) == 0
    assert '"template": "f20' in capsys.readouterr().out
    assert main(["check", path]) in (0, 1)
    out = capsys.readouterr().out
    assert "1 份报告" in out


def test_check_names_the_page_of_a_pdf_finding(capsys):
    from govdisclosure.cli import main

    from conftest import corpus_file

    main(["check", str(corpus_file("2024_f2021_huaian_city.pdf"))])
    out = capsys.readouterr().out
    # The overview is longer than the 2021 notice allows; it starts on page 1.
    assert "2024_f2021_huaian_city.pdf:第1页:" in out and "GD202" in out


def test_blank_template_gives_every_label_and_only_blank_values():
    from govdisclosure.registry import default as default_registry

    from conftest import corpus_file

    facts = govdisclosure.extract(govdisclosure.load(corpus_file("2021_template_blank.docx")))
    assert facts.template == "f2021" and facts.problems == ()
    catalog = default_registry().catalogs.get("f2021")
    expected = {(i.id, c.id) for t in ("t2", "t3", "t4") for i in catalog.indicators_of(t) if i.kind != "heading"
                for c in catalog.columns_of(i)}
    got = {(f.indicator, f.column) for f in facts.facts}
    assert got == expected
    assert {f.status for f in facts.facts} == {"blank"}


@pytest.mark.parametrize("module, limit, name, content", [
    ("text", "MAX_FILE_BYTES", "big.pdf", b"%PDF-1.7\n" + b"0" * 2000),
    ("text", "MAX_TEXT_BYTES", "big.txt", "某某县2023年政府信息公开工作年度报告\n".encode() * 100),
    ("html", "MAX_HTML_BYTES", "big.html", "<p>某某县2023年政府信息公开工作年度报告</p>".encode() * 100),
])
def test_size_limits_give_a_clear_error_and_exit_status_2(tmp_path, monkeypatch, capsys, module, limit, name, content):
    import importlib

    from govdisclosure.cli import main

    monkeypatch.setattr(importlib.import_module(f"govdisclosure.sources.{module}"), limit, 1000)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(govdisclosure.LoadError, match="过大"):
        govdisclosure.load(path)
    assert main(["check", str(path)]) == 2
    assert "过大" in capsys.readouterr().err
