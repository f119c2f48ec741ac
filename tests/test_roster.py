"""`check --roster FILE` (govdisclosure.roster, GD702): the units with no report are listed on
the roster's rows; a roster that cannot be used is a clear error (exit 2). And the run's reports
checked together: another unit's copied text (GD701)."""

import json

import pytest

from govdisclosure.cli import main
from govdisclosure.roster import parse_roster, read_roster
from govdisclosure.sources import LoadError

from conftest import corpus_file

PINGTAN = [corpus_file(f"{year}_f2021_pingtan_zone.html") for year in (2023, 2024, 2025)]


def _check(capsys, *arguments):
    status = main(["check", "--output-format", "json", *map(str, arguments)])
    out = capsys.readouterr()
    return status, json.loads(out.out) if out.out.strip() else None, out.err


def test_the_units_of_the_roster_without_a_report_are_listed(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("issuer,division,years\n平潭综合实验区,,2022-2025\n淮安市人民政府,,2024\n,320813,2023-2024\n",
                      encoding="utf-8")
    files = [*PINGTAN, corpus_file("2024_f2021_hongze_district.pdf")]
    status, document, err = _check(capsys, "--roster", roster, *files)
    assert status in (0, 1), err
    missing = [(d["line"], d["args"]["unit"], d["args"]["years"]) for d in document["diagnostics"] if d["code"] == "GD702"]
    # Pingtan has 2023–2025 here, not 2022; Huai'an's 2024 report is not in this run; 洪泽区 (320813)
    # has its government's 2024 report, not 2023's.
    assert missing == [(2, "平潭综合实验区", "2022"), (3, "淮安市人民政府", "2024"), (4, "320813", "2023")]
    assert {d["source"] for d in document["diagnostics"] if d["code"] == "GD702"} == {str(roster)}


def test_without_a_roster_nothing_is_said_to_be_missing(capsys):
    status, document, _ = _check(capsys, *PINGTAN)
    assert not [d for d in document["diagnostics"] if d["code"] == "GD702"]


@pytest.mark.parametrize("text, problem", [
    ("name,years\n某局,2023\n", "first line"),
    ("issuer,years\n某局,二〇二三\n", ":2: years"),
    ("issuer,division,years\n,3208,2023\n", ":2: a division code"),
    ("issuer,years\n,2023\n", ":2: no issuer"),
    ("issuer,years\n某局,2023-2021\n", ":2: years"),
])
def test_a_roster_that_cannot_be_used_says_where_and_why(text, problem):
    with pytest.raises(LoadError) as raised:
        parse_roster(text, "roster.csv")
    assert problem in raised.value.in_language("en")


def test_a_range_may_have_spaces_around_its_dash():
    [unit] = parse_roster("issuer,years\n某局,2021 - 2023\n", "roster.csv").units
    assert unit.years == (2021, 2022, 2023)


def test_a_roster_reads_utf8_with_a_bom_and_gbk(tmp_path):
    for encoding in ("utf-8-sig", "gb18030"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes("issuer,years\n某某县财政局,2021;2023\n".encode(encoding))
        [unit] = read_roster(str(path)).units
        assert (unit.issuer, unit.years, unit.line) == ("某某县财政局", (2021, 2023), 2)


def test_a_bad_roster_on_the_command_line_is_exit_2(tmp_path, capsys):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\xff\xfe binary")
    assert main(["check", "--roster", str(junk), str(PINGTAN[0])]) == 2
    err = capsys.readouterr().err
    assert "名册" in err and "Traceback" not in err
    assert main(["check", "--roster", str(tmp_path / "none.csv"), str(PINGTAN[0])]) == 2
    assert main(["check", "--no-cross-year", "--roster", str(junk), str(PINGTAN[0])]) == 2


def test_a_unit_copying_another_unit_s_text_of_the_same_year_is_found(tmp_path, capsys):
    overview = ("本年度，本机关坚持以公开为常态、不公开为例外，围绕中心工作，持续深化政务公开，认真落实政府信息公开条例，"
                "完善主动公开目录，规范依申请公开办理流程，加强政策解读和回应关切，推进基层政务公开标准化规范化建设，"
                "政府网站和政务新媒体运行平稳，信息发布审核机制健全，全年未发生失泄密事件。")
    for name, issuer in (("a.txt", "某某县财政局"), ("b.txt", "某某县教育局")):
        (tmp_path / name).write_text(f"{issuer}2023年政府信息公开工作年度报告\n一、总体情况\n{overview}\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("某某县民政局2023年政府信息公开工作年度报告\n一、总体情况\n"
                                    "本年度，本局公开低保、救助、养老服务等信息，召开新闻发布会两次，答复群众来信来电，"
                                    "办理依申请公开事项，及时更新信息公开专栏，接受社会监督，各项工作有序推进。\n", encoding="utf-8")
    status, document, err = _check(capsys, tmp_path)
    copied = sorted((d["source"].rsplit("/", 1)[-1], d["args"]["other_issuer"], d["args"]["ratio"])
                    for d in document["diagnostics"] if d["code"] == "GD701")
    assert copied == [("a.txt", "某某县教育局", "100%"), ("b.txt", "某某县财政局", "100%")]
    [first] = [d for d in document["diagnostics"] if d["code"] == "GD701" and d["source"].endswith("a.txt")]
    assert first["related"][0]["source"].endswith("b.txt") and first["line"] == 2
    # (not with --no-cross-year, which leaves every comparison between reports out)
    _, quiet, _ = _check(capsys, "--no-cross-year", tmp_path)
    assert not [d for d in quiet["diagnostics"] if d["code"] == "GD701"]
