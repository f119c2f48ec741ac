"""The command line: outputs, the JSON schema, and bad input handled without a traceback."""

import json
import re
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


def test_stdin_is_recognised_by_content_like_a_file(capsys, monkeypatch):
    import io

    from conftest import corpus_file

    page = corpus_file("2013_legacy_pingtan_county.html")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page.read_bytes())))
    status, out, _ = run(capsys, "extract", "--output-format", "json", "-")
    from_stdin = json.loads(out)
    status_file, out_file, _ = run(capsys, "extract", "--output-format", "json", str(page))
    from_file = json.loads(out_file)
    assert status == status_file == 0
    assert from_stdin["template"] == from_file["template"] == "legacy"
    assert [f["value"] for f in from_stdin["facts"]] == [f["value"] for f in from_file["facts"]]


def test_stdin_longer_than_a_file_may_be_is_refused(capsys, monkeypatch):
    import io

    from govdisclosure.sources import limits

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes())))
    status, _, err = run(capsys, "check", "-")
    assert status == 2 and "上限 1000" in err


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


# --- exit status, closed pipes, full disks (issue 15, item 2) ------------------------------------

def gd(*args, stdout=subprocess.PIPE, env=None, cwd=None, timeout=120):
    """A real run of the command line (pipes and /dev/full need a process of their own)."""
    import os

    environment = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", **(env or {})}
    return subprocess.run([sys.executable, "-m", "govdisclosure", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, env=environment, cwd=cwd, timeout=timeout)


def many_reports_with_errors(tmp_path, count=30, name="2020_f2019_pingtan_zone.html"):
    """A folder whose first finding is an error, with more output than a pipe's buffer."""
    folder = tmp_path / "many"
    folder.mkdir()
    source = (ROOT / "tests" / "corpus" / name).read_bytes()
    for number in range(count):
        (folder / f"r{number:02}.html").write_bytes(source)
    return folder


def head_one(*args):
    """`govdisclosure ARGS | head -1`: the command's status, its stderr and the line head read."""
    process = subprocess.Popen([sys.executable, "-m", "govdisclosure", *map(str, args)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # (what head does after its line)
    err = process.stderr.read()
    return process.wait(timeout=120), err.decode(), first.decode()


def test_a_closed_pipe_stops_the_run_with_the_status_of_what_was_printed(tmp_path):
    folder = many_reports_with_errors(tmp_path)
    status, err, first = head_one("check", "-q", "--no-cross-year", "--select", "GD101", folder)
    assert "[error]" in first
    assert status == 1 and err == ""  # (no "Exception ignored", no BrokenPipeError)


def test_a_closed_pipe_after_warnings_only_is_exit_0(tmp_path):
    folder = many_reports_with_errors(tmp_path, 60, "2011_legacy_pingtan_county.txt")  # (warnings only)
    status, err, first = head_one("check", "-q", "--no-cross-year", folder)
    assert "[warning]" in first and status == 0 and err == ""


def test_a_closed_pipe_of_the_other_commands_is_quiet():
    status, err, first = head_one("rules")
    assert first.startswith("GD") and status == 0 and err == ""


@pytest.mark.parametrize("args", [
    ("check", "-q", SAMPLE), ("check", "-q", "--output-format", "json", SAMPLE), ("parse", SAMPLE),
    ("extract", SAMPLE), ("rules",), ("rule", "GD101"), ("plugins",), ("--version",), ("--help",),
    ("completion", "bash"),
])
def test_a_full_disk_is_exit_2_for_every_command(args):
    with open("/dev/full", "w") as full:
        result = gd(*args, stdout=full)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err == "govdisclosure: error: 无法写入输出：No space left on device\n"


def test_a_full_disk_is_said_in_english_with_lang_en():
    with open("/dev/full", "w") as full:
        result = gd("check", "-q", "--lang", "en", SAMPLE, stdout=full)
    assert result.returncode == 2
    assert result.stderr.decode() == "govdisclosure: error: cannot write the output: No space left on device\n"


# --- file names that are not UTF-8, or hold control characters -------------------------------------

def odd_names(tmp_path):
    """A folder with a report named with bytes that are not UTF-8, one with an ESC sequence, one plain."""
    import os

    folder = tmp_path / "odd"
    folder.mkdir()
    text = SAMPLE.read_bytes()
    for name in (b"bad\xff\xfename.txt", b"esc\x1b[31mred.txt", b"ok.txt"):
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(text)
    return folder


def test_a_file_name_that_is_not_utf8_is_read_and_printed_escaped(tmp_path):
    folder = odd_names(tmp_path)
    result = gd("check", "-q", folder)
    out = result.stdout.decode("utf-8")  # (valid UTF-8)
    assert result.returncode == 1, result.stderr
    assert "bad\\xff\\xfename.txt:" in out and "3 份报告" in out
    assert "esc\\x1b[31mred.txt:" in out and "\x1b" not in out  # (the ESC never reaches the terminal)


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_file_name_that_is_not_utf8_leaves_valid_json(tmp_path, output_format):
    folder = odd_names(tmp_path)
    result = gd("check", "-q", "--output-format", output_format, folder)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout.decode("utf-8"))
    text = json.dumps(document)
    assert "bad\\\\xff\\\\xfename.txt" in text and "\\udc" not in text


@pytest.mark.parametrize("args", [("csv",), ("github",)])
def test_a_file_name_that_is_not_utf8_in_the_other_formats(tmp_path, args):
    folder = odd_names(tmp_path)
    result = gd("check", "-q", "--output-format", *args, folder)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 1 and "bad\\xff\\xfename.txt" in out and "\x1b" not in out


def test_parse_and_extract_print_odd_names_escaped(tmp_path):
    folder = odd_names(tmp_path)
    tree = gd("parse", folder)
    assert tree.returncode == 0 and "Report " in tree.stdout.decode() and "\\xff\\xfe" in tree.stdout.decode()
    for output_format in ("json",):
        lines = gd("parse", "--output-format", output_format, folder).stdout.decode("utf-8").splitlines()
        assert {json.loads(line)["source"].rsplit("/", 1)[-1] for line in lines} == \
            {"bad\\xff\\xfename.txt", "esc\x1b[31mred.txt", "ok.txt"}
    facts = gd("extract", folder).stdout.decode("utf-8")
    assert "bad\\xff\\xfename.txt" in facts and "\x1b" not in facts
    documents = gd("extract", "--output-format", "json", folder).stdout.split(b"\n")
    assert len([json.loads(line) for line in documents if line]) == 3


def test_an_unreadable_file_s_odd_name_is_escaped_on_stderr(tmp_path, capsys):
    import os

    folder = tmp_path / "odd"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"e\x1b[2Jmpty\xff.txt"), "wb"):
        pass
    status, _, err = run(capsys, "check", "-q", folder)
    assert status == 2 and "e\\x1b[2Jmpty\\xff.txt" in err and "\x1b" not in err


# --- inputs (item 6) ------------------------------------------------------------------------------

def test_hidden_files_and_folders_are_skipped_unless_named(tmp_path, capsys):
    (tmp_path / "report.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "._report.pdf").write_bytes(b"\x00\x05\x16\x07junk")  # (macOS's AppleDouble file)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_bytes(b"")
    status, out, err = run(capsys, "check", "-q", tmp_path)
    assert status == 1 and err == "" and "1 份报告" in out
    status, out, err = run(capsys, "check", "-q", tmp_path / "._report.pdf")
    assert status == 2 and "._report.pdf" in err


def test_a_glob_that_matches_nothing_says_so(tmp_path, capsys):
    pattern = str(tmp_path / "*.nothing")
    status, out, err = run(capsys, "check", "-q", pattern, SAMPLE)
    assert status == 2 and f"没有文件匹配 {pattern}" in err and "文件不存在" not in err
    assert "1 份报告" in out
    status, _, err = run(capsys, "check", "-q", "--lang", "en", pattern)
    assert status == 2 and f"no file matches {pattern}" in err
    for command in ("parse", "extract"):
        status, _, err = run(capsys, command, pattern)
        assert status == 2 and f"没有文件匹配 {pattern}" in err


def test_jobs_0_means_all_cores_and_a_negative_number_is_refused(capsys, monkeypatch):
    from govdisclosure import batch, cli

    monkeypatch.setattr(batch, "default_jobs", lambda: 3)
    assert cli._jobs("0") == 3 and cli._jobs("2") == 2
    status, out, _ = run(capsys, "check", "-q", "-j", "0", SAMPLE)
    assert status == 1 and "1 份报告" in out
    for command in ("check", "extract"):
        with pytest.raises(SystemExit) as stopped:
            main([command, "-j", "-1", str(SAMPLE)])
        assert stopped.value.code == 2
        assert "must be 0 (all cores) or more" in capsys.readouterr().err


def test_not_a_report_is_a_warning_of_its_own(tmp_path, capsys):
    notice = tmp_path / "notice.txt"
    notice.write_text("关于召开2023年第一季度工作会议的通知\n各科室：\n定于3月5日召开会议。\n", encoding="utf-8")
    table = tmp_path / "data.csv"
    table.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    status, out, _ = run(capsys, "check", "-q", notice, table, SAMPLE)
    assert out.count("GD904 [warning]") == 2 and f"{SAMPLE}:" in out and "GD904" not in out.split(f"{SAMPLE}:")[1]


def test_no_corpus_report_is_called_not_a_report(capsys):
    status, out, _ = run(capsys, "check", "-q", "--select", "GD904", ROOT / "tests" / "corpus", ROOT / "samples")
    assert "GD904" not in out


# --- the command line as ruff's (item 8) ------------------------------------------------------------

def test_statistics_prints_counts_with_rule_names_not_findings(capsys):
    status, out, _ = run(capsys, "check", "-q", "--statistics", SAMPLE)
    assert status == 1
    lines = out.splitlines()
    assert lines and all(line[:6].strip().isdigit() for line in lines), out
    assert any(line.endswith("  GD101 relation-sum") for line in lines)
    assert "[error]" not in out and "份报告" not in out
    counts = [int(line.split()[0]) for line in lines]
    assert counts == sorted(counts, reverse=True)


def test_statistics_with_another_format_keeps_the_document(capsys):
    status, out, err = run(capsys, "check", "-q", "--statistics", "--output-format", "json", SAMPLE)
    assert status == 1 and json.loads(out)["diagnostics"] and "GD101 relation-sum" in err


def test_colour_only_on_a_terminal_or_when_forced(tmp_path):
    plain = gd("check", "-q", SAMPLE).stdout.decode()
    assert "\x1b[" not in plain
    forced = gd("check", "-q", SAMPLE, env={"FORCE_COLOR": "1"}).stdout.decode()
    assert "\x1b[1m" in forced and "\x1b[1;31mGD301\x1b[0m" in forced
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", forced) == plain
    # (JSON is never coloured, and NO_COLOR is honoured when not forced)
    assert "\x1b[" not in gd("check", "-q", "--output-format", "json", SAMPLE, env={"FORCE_COLOR": "1"}).stdout.decode()


def test_colour_on_a_terminal_unless_no_color():
    from govdisclosure.output.base import color_wanted

    class Terminal:
        def isatty(self):
            return True

    assert color_wanted(Terminal(), {}) and not color_wanted(Terminal(), {"NO_COLOR": "1"})
    assert not color_wanted(Terminal(), {"TERM": "dumb"}) and color_wanted(Terminal(), {"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not color_wanted(object(), {}) and color_wanted(object(), {"FORCE_COLOR": "1"})
    assert color_wanted(Terminal(), {"NO_COLOR": ""})  # (empty: not set)


def _no_cjk(text: str) -> bool:
    import re

    return not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text)


def test_lang_en_covers_the_tool_s_own_lines(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"x")
    status, out, err = run(capsys, "check", "-q", "--lang", "en", "--select", "GD1", SAMPLE,
                           ROOT / "tests" / "corpus" / "2013_legacy_pingtan_county.txt")
    summary = [line for line in out.splitlines() if not line.startswith((" ", str(ROOT)))]
    assert summary and all(_no_cjk(line) for line in summary), summary
    assert summary[0].startswith("2 reports: ") and "errors" in summary[0]
    status, out, _ = run(capsys, "check", "-q", "--lang", "en", "--statistics", tmp_path / "nothing-*.txt")
    assert status == 2 and _no_cjk(out) and out.strip() == "no findings"
    for args in (("-p", "x", "check", "--lang", "en", str(SAMPLE)), ("extract", "--lang", "en", "--wide", str(SAMPLE))):
        status, _, err = run(capsys, *args)
        assert status == 2 and _no_cjk(err), err


def test_the_english_summary_matches_the_chinese_one(capsys):
    from govdisclosure.output.text import lines_said

    assert set(lines_said()["zh"]) == set(lines_said()["en"])
    from govdisclosure.cli import _messages

    assert set(_messages()["zh"]) == set(_messages()["en"]) and "no_match" in _messages()["en"]


@pytest.mark.parametrize("shell, marks", [
    ("bash", ["complete -o filenames -o bashdefault -F _govdisclosure govdisclosure", "--output-format)",
              'compgen -W "text json sarif github csv html xlsx"', "completion)"]),
    ("zsh", ["#compdef govdisclosure", "_describe -t commands command commands", "'*:path:_files'",
             ":output-format:(text json sarif github csv html xlsx)"]),
    ("fish", ["complete -c govdisclosure -n __fish_use_subcommand -a check",
              "-l output-format -x -a 'text json sarif github csv html xlsx'", "-s j -l jobs -x"]),
])
def test_completion_scripts_are_made_from_the_parser(capsys, shell, marks):
    status, out, err = run(capsys, "completion", shell)
    assert status == 0 and err == ""
    for mark in marks:
        assert mark in out, mark
    for command in ("parse", "extract", "check", "rules", "rule", "plugins", "completion"):
        assert command in out


def test_completion_scripts_are_valid_shell(tmp_path, capsys):
    import shutil

    for shell in ("bash", "zsh", "fish"):
        program = shutil.which(shell)
        if program is None:
            continue
        run(capsys, "completion", shell)
        script = tmp_path / f"completion.{shell}"
        main(["completion", shell])
        script.write_text(capsys.readouterr().out, encoding="utf-8")
        checked = subprocess.run([program, "-n", str(script)], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr


def test_bash_completion_offers_options_and_choices(tmp_path, capsys):
    import shutil

    if shutil.which("bash") is None:
        pytest.skip("no bash")
    main(["completion", "bash"])
    script = tmp_path / "completion.bash"
    script.write_text(capsys.readouterr().out, encoding="utf-8")

    def offered(*words):
        line = " ".join(["govdisclosure", *words])
        program = (f'source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words)}; '
                   '_govdisclosure; printf "%s\\n" "${COMPREPLY[@]}"')
        return subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30).stdout.split()

    assert "check" in offered("ch")
    assert "--output-format" in offered("check", "--out")
    assert offered("check", "--output-format", "s") == ["sarif"]
    assert offered("completion", "") == ["bash", "fish", "zsh"] or set(offered("completion", "")) == {"bash", "zsh", "fish"}


def test_fish_completion_offers_commands_options_and_choices(tmp_path, capsys):
    import shutil

    if shutil.which("fish") is None:
        pytest.skip("no fish (.ci/run installs it)")
    main(["completion", "fish"])
    script = tmp_path / "completion.fish"
    script.write_text(capsys.readouterr().out, encoding="utf-8")

    def offered(line):
        result = subprocess.run(["fish", "--no-config", "-c", f"source {script}; complete -C {line!r}"],
                                capture_output=True, text=True, timeout=30)
        return [entry.split("\t")[0] for entry in result.stdout.splitlines()]

    assert "check" in offered("govdisclosure ch")
    assert "--output-format" in offered("govdisclosure check --out")
    assert offered("govdisclosure check --output-format ") == ["csv", "github", "html", "json", "sarif", "text", "xlsx"]


@pytest.mark.parametrize("command", [["check", "--output-format", "csv"], ["extract"], ["extract", "--panel"]])
def test_csv_is_plain_utf8_and_starts_with_a_bom_for_excel_when_asked(command, tmp_path):
    plain = subprocess.run([sys.executable, "-m", "govdisclosure", *command, "-q", str(SAMPLE)], capture_output=True,
                           timeout=120)
    excel = subprocess.run([sys.executable, "-m", "govdisclosure", *command, "-q", "--csv-encoding", "utf-8-sig",
                            str(SAMPLE)], capture_output=True, timeout=120)
    assert plain.returncode == excel.returncode and plain.returncode in (0, 1)
    assert not plain.stdout.startswith(b"\xef\xbb\xbf")
    assert excel.stdout == b"\xef\xbb\xbf" + plain.stdout
    text = excel.stdout.decode("utf-8-sig")
    assert len(text.splitlines()) > 2 and re.search("[\u4e00-\u9fff]", text)


def test_a_panel_file_written_for_excel_starts_with_the_bom(tmp_path):
    target = tmp_path / "panel.csv"
    assert main(["extract", "--panel", "-q", "--csv-encoding", "utf-8-sig", "-o", str(target), str(SAMPLE)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data[3:].decode("utf-8").startswith("issuer,")


# --- readers' own errors in the run's language (--lang en) ------------------------------------------

CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _unreadable_inputs(tmp_path):
    import os

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    return {"missing": (tmp_path / "missing.txt", "文件不存在", "no such file"),
            "empty": (empty, "文件为空", "the file is empty"),
            "fifo": (fifo, "不是普通文件（是命名管道（FIFO）），不读取", "is not a regular file (a named pipe, FIFO), not read")}


def _error_lines(err):
    return [line for line in err.splitlines() if line.startswith("govdisclosure: error:")]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", [["check", "-q"], ["extract", "-q"], ["parse"]])
@pytest.mark.parametrize("kind", ["missing", "empty", "fifo"])
def test_a_reader_s_error_is_said_in_english_with_lang_en(tmp_path, capsys, command, kind):
    path, chinese, english = _unreadable_inputs(tmp_path)[kind]
    status, _, err = run(capsys, *command, "--lang", "en", path)
    assert status == 2
    [line] = _error_lines(err)
    assert line == f"govdisclosure: error: {path}: {english}"
    assert not CJK.search(line)
    status, _, err = run(capsys, *command, path)  # Chinese, as before, without --lang
    assert status == 2
    assert _error_lines(err) == [f"govdisclosure: error: {path}: {chinese}"]


@pytest.mark.parametrize("command", [["check", "-q"], ["extract", "-q"], ["parse"]])
def test_an_oversized_input_is_said_in_english_with_lang_en(tmp_path, capsys, monkeypatch, command):
    monkeypatch.setattr("govdisclosure.sources.limits.MAX_FILE_BYTES", 100)
    monkeypatch.setattr("govdisclosure.sources.text.MAX_FILE_BYTES", 100)  # (the reader's own name for it)
    path = tmp_path / "big.txt"
    path.write_bytes("某某县2023年政府信息公开工作年度报告\n".encode() * 20)
    status, _, err = run(capsys, *command, "--lang", "en", path)
    assert status == 2
    [line] = _error_lines(err)
    assert line == (f"govdisclosure: error: {path}: file too large ({path.stat().st_size} bytes, over the limit of "
                    "100 bytes), not an annual report")
    assert not CJK.search(line)
    status, _, err = run(capsys, *command, path)
    assert _error_lines(err) == [f"govdisclosure: error: {path}: 文件过大（{path.stat().st_size} 字节，上限 100 字节），"
                                 "不像一份年度报告"]


def test_oversized_standard_input_is_said_in_english_with_lang_en(capsys, monkeypatch):
    import io

    monkeypatch.setattr("govdisclosure.sources.limits.MAX_FILE_BYTES", 100)
    for lang, expected in (("en", "<stdin>: input too large (over the limit of 100 bytes), not an annual report"),
                           ("zh", "<stdin>: 输入过大（超过上限 100 字节），不像一份年度报告")):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("某某县年度报告\n".encode() * 20)))
        status, _, err = run(capsys, "check", "-q", "--lang", lang, "-")
        assert status == 2
        assert _error_lines(err) == [f"govdisclosure: error: {expected}"]


def test_an_unreadable_baseline_is_said_in_english_with_lang_en(tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    baseline.write_text("[1, 2", encoding="utf-8")
    status, _, err = run(capsys, "check", "-q", "--lang", "en", "--baseline", baseline, SAMPLE)
    assert status == 2
    [line] = _error_lines(err)
    assert line.startswith(f"govdisclosure: error: {baseline}: not a valid baseline file (not JSON: ")
    assert not CJK.search(line)
    status, _, err = run(capsys, "check", "-q", "--baseline", baseline, SAMPLE)
    assert _error_lines(err)[0].startswith(f"govdisclosure: error: {baseline}: 不是有效的基线文件（不是 JSON：")


def test_the_quick_version_line_is_argparse_s():
    # `--version` alone is answered before the parser is built; through argparse it says the same.
    quick = gd("--version")
    through_argparse = gd("-p", "no:nothing-such", "--version")
    assert quick.returncode == through_argparse.returncode == 0
    assert quick.stdout == through_argparse.stdout and quick.stdout.startswith(b"govdisclosure ")
