"""The writers of check's results: one converter, the message rendered in the language asked for."""

import csv
import io
import json

from govdisclosure.cli import main
from govdisclosure.output import WRITERS, writer
from govdisclosure.output.convert import DIAGNOSTIC_COLUMNS, diagnostic_data, fact_row

import govdisclosure
from conftest import SAMPLE, corpus_file


def _run(capsys, *args):
    code = main(["check", "-q", *args])
    return code, capsys.readouterr().out


def test_every_format_writes_the_same_findings(capsys):
    report = str(corpus_file("2013_legacy_pingtan_county.txt"))
    _, text = _run(capsys, str(SAMPLE), report)
    _, document = _run(capsys, "--output-format", "json", str(SAMPLE), report)
    _, table = _run(capsys, "--output-format", "csv", str(SAMPLE), report)
    _, sarif = _run(capsys, "--output-format", "sarif", str(SAMPLE), report)
    _, github = _run(capsys, "--output-format", "github", str(SAMPLE), report)
    diagnostics = json.loads(document)["diagnostics"]
    rows = list(csv.DictReader(io.StringIO(table)))
    results = json.loads(sarif)["runs"][0]["results"]
    assert len(diagnostics) == len(rows) == len(results) == len(github.splitlines()) > 5
    assert list(rows[0]) == list(DIAGNOSTIC_COLUMNS)
    assert [(r["code"], r["message"], r["fingerprint"]) for r in rows] == \
        [(d["code"], d["message"], d["fingerprint"]) for d in diagnostics]
    assert [r["message"]["text"] for r in results] == [d["message"] for d in diagnostics]
    assert all(f"{d['code']} [{d['severity']}] {d['message']}" in text for d in diagnostics)


def test_english_messages_are_rendered_from_the_same_arguments(capsys):
    _, chinese = _run(capsys, "--output-format", "json", str(SAMPLE))
    _, english = _run(capsys, "--output-format", "json", "--lang", "en", str(SAMPLE))
    zh, en = json.loads(chinese)["diagnostics"], json.loads(english)["diagnostics"]
    assert [d["args"] for d in zh] == [d["args"] for d in en] and [d["fingerprint"] for d in zh] == [d["fingerprint"] for d in en]
    assert any(a["message"] != b["message"] for a, b in zip(zh, en))
    gd301 = next(d for d in en if d["code"] == "GD301")
    assert gd301["message"].startswith("the text “") and isinstance(gd301["args"]["table"], int)


def test_github_annotations_escape_what_the_runner_would_read(capsys):
    from govdisclosure.rules.model import Diagnostic

    stream = io.StringIO()
    out = writer("github", stream)
    out.start()
    out.diagnostic(Diagnostic("GD201", "required-sections", "warning", "{problem}", "a,b:c.txt",
                              args=(("problem", "缺少 100%\n第二行"),)))
    assert stream.getvalue() == "::warning file=a%2Cb%3Ac.txt,line=1,col=1,title=GD201 required-sections::缺少 100%25%0A第二行\n"


def test_the_json_output_is_the_converter_s_and_facts_become_rows_once():
    report = govdisclosure.load(SAMPLE)
    found = govdisclosure.check(report)
    stream = io.StringIO()
    out = writer("json", stream, version="0")
    out.start()
    for d in found:
        out.diagnostic(d)
    out.finish([], {"reports": 1})
    out.close()
    assert json.loads(stream.getvalue())["diagnostics"] == [diagnostic_data(d) for d in found]
    facts = govdisclosure.extract(report)
    row = fact_row(facts.facts[0], report, facts.template)
    record = facts.records()[0]
    assert row["value"] == record["value_text"] and float(row["value"]) == record["value"]
    assert {k: row[k] for k in ("indicator", "status", "line")} == {k: record[k] for k in ("indicator", "status", "line")}
    assert set(WRITERS) == {"text", "json", "sarif", "github", "csv", "html", "xlsx"}


def test_no_finding_arrives_rendered_in_both_languages():
    """Messages are templates by the finding's kind (GD201 missing or out of order, GD401, GD90x):
    no argument carries an English rendering of its own."""
    golden = json.loads((corpus_file("MANIFEST.tsv").parent.parent / "data" / "golden" / "check.json")
                        .read_text(encoding="utf-8"))
    args = [d["args"] for d in golden["diagnostics"]]
    assert args and not [a for a in args if any(k.endswith("_en") for k in a)]
    kinds = {d["code"]: set() for d in golden["diagnostics"]}
    for d in golden["diagnostics"]:
        kinds[d["code"]].add(d["args"].get("kind"))
    assert kinds["GD903"] >= {"missing", "partial"} and kinds["GD201"] >= {"missing"}


def test_names_are_shown_escaped():
    from govdisclosure.output.base import json_text, shown

    assert shown("bad\udcff\udcfename.txt") == "bad\\xff\\xfename.txt"
    assert shown("esc\x1b[31mred\n.txt\t") == "esc\\x1b[31mred\\n.txt\\t"
    assert shown("天元区/报告.txt") == "天元区/报告.txt"
    text = json_text(json.dumps({"source": "bad\udcff.txt", "esc": "\x1b"}, ensure_ascii=False))
    text.encode("utf-8")
    assert json.loads(text) == {"source": "bad\\xff.txt", "esc": "\x1b"}


def test_the_statistics_writer_counts_by_rule_most_first(capsys):
    from govdisclosure.output.text import StatisticsWriter

    assert main(["check", "-q", "--output-format", "json", str(SAMPLE)]) == 1
    document = json.loads(capsys.readouterr().out)
    out = io.StringIO()
    statistics = StatisticsWriter(out, lang="en")
    statistics.start()
    diagnostics = govdisclosure.check(SAMPLE)
    for d in diagnostics:
        statistics.diagnostic(d)
    statistics.finish([], {"reports": 1}, interrupted=True)
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("check interrupted: 1 report checked")
    counts = {line.split()[1]: int(line.split()[0]) for line in lines[:-1]}
    assert counts == document["summary"]["codes"]
    assert all(len(line.split()) == 3 for line in lines[:-1])


def test_text_writer_colours_only_when_asked():
    from govdisclosure.output.text import format_diagnostic

    first = next(d for d in govdisclosure.check(SAMPLE) if d.severity == "error")
    assert "\x1b" not in format_diagnostic(first)
    coloured = format_diagnostic(first, color=True)
    assert coloured.startswith("\x1b[1m") and f"\x1b[1;31m{first.code}\x1b[0m" in coloured


def test_every_writer_takes_the_colour_option():
    for name in WRITERS:
        writer(name, io.StringIO(), lang="zh", registry=None, version="0", color=True)


def test_a_source_line_s_control_characters_never_reach_the_terminal(tmp_path):
    from govdisclosure.output.text import format_diagnostic

    path = tmp_path / "r.txt"
    text = SAMPLE.read_text(encoding="utf-8").replace("天元区人民政府", "天元区\x1b[2J人民政府", 1)
    path.write_text(text, encoding="utf-8")
    for d in govdisclosure.check(govdisclosure.load(path)):
        assert "\x1b" not in format_diagnostic(d)


# --- categories: the report's errors apart from the notes on the tool's own reading ---------------

def test_every_rule_says_whom_its_findings_are_for():
    from govdisclosure.registry import default
    from govdisclosure.vocabulary import CATEGORIES

    rules = {rule.code: rule for rule in default().rules}
    assert all(rule.category in CATEGORIES for rule in rules.values())
    # The input family's are notes on the reading; a skipped or recovery-decided relation too,
    # though arithmetic: the tool could not check it. A sum that does not add up is the report's.
    assert {code for code, rule in rules.items() if rule.category == "reading"} >= {"GD100", "GD107", "GD901", "GD903"}
    assert rules["GD101"].category == rules["GD201"].category == rules["GD502"].category == "report"


def test_the_text_output_puts_each_report_s_reading_notes_after_its_errors(capsys):
    import re

    paths = [str(p) for p in sorted(corpus_file("2013_legacy_pingtan_county.txt").parent.glob("*.txt"))]
    _, document = _run(capsys, "--output-format", "json", "--no-cross-year", *paths)
    categories = {(d["source"], d["code"], d["message"]): d["category"] for d in json.loads(document)["diagnostics"]}
    _, text = _run(capsys, "--no-cross-year", *paths)
    finding = re.compile(r"^(.+?):\d+:\d+: ([A-Z]{2,3}\d{3}) \[\w+\] (.*)$")
    seen: dict[str, list[str]] = {}
    headings = 0
    for line in text.splitlines():
        if "：读取说明（" in line:
            headings += 1
            seen.setdefault(line.split("：读取说明")[0], []).append("heading")
            continue
        match = finding.match(line)
        if match:
            seen.setdefault(match[1], []).append(categories[match.group(1, 2, 3)])
    both = [order for order in seen.values() if "report" in order and "reading" in order]
    assert len(both) > 5  # (reports with both kinds: the order is tested, not assumed)
    for order in seen.values():
        if "reading" in order:  # the errors, the heading, then the notes
            first = order.index("heading")
            assert set(order[:first]) <= {"report"} and set(order[first + 1:]) == {"reading"}, order
        else:
            assert "heading" not in order
    assert headings == sum("reading" in order for order in seen.values())


def test_hide_reading_notes_leaves_out_the_info_notes_and_counts_them(capsys):
    paths = [str(p) for p in sorted(corpus_file("2013_legacy_pingtan_county.txt").parent.glob("*.txt"))]
    status, document = _run(capsys, "--output-format", "json", *paths)
    hidden_status, hidden = _run(capsys, "--output-format", "json", "--hide-reading-notes", *paths)
    every, shown = json.loads(document), json.loads(hidden)
    notes = [d for d in every["diagnostics"] if d["category"] == "reading" and d["severity"] == "info"]
    assert notes and hidden_status == status
    assert shown["diagnostics"] == [d for d in every["diagnostics"] if d not in notes]
    assert shown["summary"]["reading_notes_hidden"] == len(notes) and "reading_notes_hidden" not in every["summary"]
    assert shown["summary"]["infos"] == every["summary"]["infos"] - len(notes)
    _, text = _run(capsys, "--hide-reading-notes", *paths)
    assert f"另有 {len(notes)} 条读取说明未显示" in text and "GD100 [info]" not in text
