"""The command line: outputs, the JSON schema, and bad input handled without a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from govdisclosure.cli import main

from conftest import CORPUS_TEXTS, ROOT, SAMPLE

SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))


def run(capsys, *args):
    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_parse_tree_output(capsys):
    status, out, err = run(capsys, "parse", SAMPLE)
    assert status == 0 and err == ""
    assert "title: 天元区人民政府2018年政府信息公开工作年度报告" in out
    assert "    28  Section 七、附表" in out
    assert "Row[header] 统计指标 | 单位 | 统计数" in out


def test_parse_json_output_matches_schema(capsys):
    status, out, _ = run(capsys, "parse", SAMPLE, "--output-format", "json")
    assert status == 0
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    assert document["schema_version"] == 1
    assert document["year"] == 2018 and document["issuer"] == "天元区人民政府"
    section = document["sections"][6]
    assert (section["type"], section["number"], section["title"], section["line"]) == ("Section", 7, "附表", 28)
    table = section["children"][0]
    assert table["type"] == "Table"
    row = table["rows"][1]
    assert row["type"] == "Row" and row["line"] == 34 and row["kind"] == "group"
    cell = table["rows"][2]["cells"][2]
    assert (cell["type"], cell["text"], cell["line"]) == ("Cell", "11350", 35)
    span = cell["span"]
    assert (span["line"], span["column"], span["end_line"], span["end_column"]) == (35, 20, 35, 25)
    original = SAMPLE.read_text(encoding="utf-8")
    assert original[span["offset"] : span["end_offset"]] == "11350"


def test_every_corpus_report_json_matches_schema(capsys):
    status, out, _ = run(capsys, "parse", *CORPUS_TEXTS, "--output-format", "json")
    assert status == 0
    documents = [json.loads(line) for line in out.splitlines()]
    assert len(documents) == len(CORPUS_TEXTS)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for document in documents:
        validator.validate(document)
    assert any(d["problems"] for d in documents)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "文件为空"),
        (b"   \n\n", "文件为空"),
        (bytes(range(256)) * 40, "二进制"),
        (b"\x00\x01\x02binary\x00junk" * 100, "二进制"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04rest-of-zip", "DOCX"),
        (b"<html><body><table></table></body></html>", "HTML"),
    ],
)
def test_bad_input_gives_a_clear_error_and_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    status, out, err = run(capsys, "parse", path)
    assert status == 2
    assert out == ""
    assert err.startswith("govdisclosure: error: ") and message in err
    assert "Traceback" not in err


def test_invalid_utf8_that_is_gb18030_is_read(tmp_path, capsys):
    path = tmp_path / "gbk.txt"
    path.write_bytes("一、总体情况\n全年公开信息。\n".encode("gbk"))
    status, out, _ = run(capsys, "parse", path)
    assert status == 0 and "Section 一、总体情况" in out


def test_missing_file_and_directory(tmp_path, capsys):
    status, _, err = run(capsys, "parse", tmp_path / "nope.txt")
    assert status == 2 and "文件不存在" in err
    status, _, err = run(capsys, "parse", tmp_path)
    assert status == 2 and "目录" in err


def test_one_bad_file_among_good_ones(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    status, out, err = run(capsys, "parse", SAMPLE, bad, "--output-format", "json")
    assert status == 2
    assert len(out.splitlines()) == 1 and "文件为空" in err


def test_huge_single_line_gives_a_tree(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("一、总体情况" + "政府信息公开工作。" * 600_000, encoding="utf-8")  # ~5.4 MB of UTF-8
    result = subprocess.run(
        [sys.executable, "-m", "govdisclosure.cli", "parse", str(path), "--output-format", "json"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["problems"][0]["code"] == "flattened-text"
    assert "Traceback" not in result.stderr


def test_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes())))
    status, out, _ = run(capsys, "parse", "-")
    assert status == 0 and "附表" in out


def test_console_script_installed():
    script = Path(sys.executable).parent / "govdisclosure"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("govdisclosure ")


@pytest.mark.parametrize("option, value, hint", [
    ("--select", "XYZ", "GD"), ("--select", "gd1", "是否指 GD1"), ("--ignore", "GD10X", "GD10"),
    ("--select", "GD1,XYZ", "XYZ"),
])
def test_a_selection_that_names_no_rule_is_an_error(capsys, option, value, hint):
    # It would run (or silence) nothing without a word: exit 2, and the nearest known codes.
    assert main(["check", "-q", option, value, str(SAMPLE)]) == 2
    error = capsys.readouterr().err
    assert "不是任何已注册规则的代码" in error and hint in error


def test_all_and_known_prefixes_are_selections(capsys):
    assert main(["check", "-q", "--select", "ALL", str(SAMPLE)]) == 1
    everything = capsys.readouterr().out
    assert main(["check", "-q", "--select", "GD1", str(SAMPLE)]) in (0, 1)
    arithmetic = capsys.readouterr().out
    assert "GD301" in everything and "GD301" not in arithmetic and "GD101" in arithmetic


def test_a_configuration_that_names_no_rule_is_an_error(tmp_path, capsys):
    config = tmp_path / "govdisclosure.toml"
    config.write_text('select = ["GD1"]\nper-file-ignores = { "*.txt" = ["GD2O1"] }\n', encoding="utf-8")
    assert main(["check", "-q", "--config", str(config), str(SAMPLE)]) == 2
    error = capsys.readouterr().err
    assert str(config) in error and "GD2O1" in error


def test_the_python_api_refuses_an_unknown_selection():
    import govdisclosure
    from govdisclosure.engine import SelectionError, check

    with pytest.raises(SelectionError, match="XYZ"):
        check(govdisclosure.load(SAMPLE), select=("XYZ",))


def test_python_dash_m_runs_the_command_line():
    import subprocess
    import sys

    import govdisclosure

    result = subprocess.run([sys.executable, "-m", "govdisclosure", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and govdisclosure.__version__ in result.stdout
