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


# --- every LoadError has its English twin ---------------------------------------------------------


def test_a_load_error_keeps_its_chinese_message_and_has_an_english_one():
    import pickle

    from govdisclosure.sources.limits import LimitExceeded

    error = govdisclosure.LoadError("a.txt: 文件不存在", en="a.txt: no such file")
    assert str(error) == "a.txt: 文件不存在" and error.args == ("a.txt: 文件不存在",)
    assert error.in_language("en") == "a.txt: no such file"
    assert error.in_language("zh") == error.in_language("fr") == "a.txt: 文件不存在"
    assert govdisclosure.LoadError("只有中文").in_language("en") == "只有中文"
    copy = pickle.loads(pickle.dumps(error))  # (a worker's error crosses processes)
    assert str(copy) == str(error) and copy.en == error.en
    limit = LimitExceeded("超过上限 5 个", en="over the limit of 5")
    assert isinstance(limit, govdisclosure.LoadError) and limit.in_language("en") == "over the limit of 5"
    at = limit.at("b.pdf")
    assert str(at) == "b.pdf: 超过上限 5 个" and at.in_language("en") == "b.pdf: over the limit of 5"


def _calls(text: str, name: str):
    """Each `name(…)` call in `text`: its line and its whole argument text (parentheses balanced)."""
    import re

    for match in re.finditer(rf"(?<![\w.]){name}\(", text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start:match.start()].lstrip().startswith("class "):
            continue  # (a subclass, not a call)
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        yield text.count("\n", 0, match.start()) + 1, text[match.end():end]


def test_every_load_config_and_selection_error_raised_in_the_package_has_an_english_twin():
    from conftest import ROOT

    missing, seen = [], 0
    for path in sorted((ROOT / "src" / "govdisclosure").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in ("LoadError", "LimitExceeded", "ConfigError", "SelectionError", "_WrongType"):
            for line, arguments in _calls(text, name):
                seen += 1
                if "en=" not in arguments:
                    missing.append(f"{path.relative_to(ROOT)}:{line}: {name}({arguments[:60]}")
    assert seen > 40
    assert missing == []
