"""Issuing bodies resolved to China's divisions: the gazetteer data, names, and corpus reports."""

from importlib import resources

import pytest
from conftest import SAMPLE, corpus_file

import govdisclosure
from govdisclosure.ast import Caption, Paragraph, Report, SignOff, Title
from govdisclosure.jurisdiction import Division, Jurisdiction, resolve, resolve_name


def _data_rows(name: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(comment lines, data rows, header) of a TSV shipped with the package."""
    text = resources.files("govdisclosure").joinpath(f"data/{name}").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    comments = [line for line in lines if line.startswith("#")]
    rest = [line.split("\t") for line in lines if not line.startswith("#")]
    return comments, rest[1:], rest[0]


# --- the data ------------------------------------------------------------------------------------


def test_divisions_data_is_sane():
    comments, rows, header = _data_rows("divisions.tsv")
    assert header == ["code", "name", "level", "parent"]
    # The header says where the data came from.
    source = "\n".join(comments)
    assert "modood/Administrative-divisions-of-China" in source and "commit" in source and "MIT" in source

    assert len(rows) > 3000
    assert all(len(row) == 4 for row in rows)
    by_code = {code: (name, level, parent) for code, name, level, parent in rows}
    assert len(by_code) == len(rows), "codes are unique"
    for code, name, level, parent in rows:
        assert len(code) == 6 and code.isdigit(), code
        assert name, code
        if level == "province":
            assert parent == "" and code.endswith("0000"), code
            continue
        assert parent in by_code, f"{code}: parent {parent} missing"
        parent_level = by_code[parent][1]
        if level == "prefecture":
            assert parent_level == "province" and code.endswith("00") and code[:2] == parent[:2], code
        else:
            assert level == "county", code
            # A county sits under a prefecture with its first four digits, or directly under its
            # province (a municipality's district, a province-administered county-level city).
            assert (parent_level == "prefecture" and code[:4] == parent[:4]) or (
                parent_level == "province" and code[:2] == parent[:2]
            ), code

    levels = [row[2] for row in rows]
    assert levels.count("province") == 31
    assert levels.count("prefecture") > 300


def test_municipalities_have_no_prefecture_level():
    _, rows, _ = _data_rows("divisions.tsv")
    by_code = {row[0]: row for row in rows}
    for code, name in [
        ("110000", "北京市"),
        ("120000", "天津市"),
        ("310000", "上海市"),
        ("500000", "重庆市"),
    ]:
        assert by_code[code][1:] == [name, "province", ""]
        assert not any(row[2] == "prefecture" and row[3] == code for row in rows), name
    assert by_code["310115"][1:] == ["浦东新区", "county", "310000"]
    assert by_code["500243"][3] == "500000"  # a county of 重庆, not under a "县" placeholder
    assert "市辖区" not in {row[1] for row in rows}


def test_aliases_point_at_divisions():
    comments, rows, header = _data_rows("division_aliases.tsv")
    assert header == ["alias", "code", "note"]
    assert comments, "the table says it is maintained by hand"
    _, divisions, _ = _data_rows("divisions.tsv")
    codes = {row[0] for row in divisions}
    for alias, code, note in rows:
        assert code in codes, alias
        assert note, alias
    aliases = {alias: code for alias, code, _ in rows}
    assert aliases["平潭综合实验区"] == "350128"
    assert aliases["株洲高新区"] == aliases["株洲高新技术产业开发区"] == "430211"


# --- names ---------------------------------------------------------------------------------------


def _where(j: Jurisdiction | None):
    if j is None:
        return None
    return (
        j.code,
        j.level,
        j.province.name,
        j.prefecture.name if j.prefecture else None,
        j.county.name if j.county else None,
    )


@pytest.mark.parametrize(
    "name, expected",
    [
        ("株洲市天元区人民政府", ("430211", "county", "湖南省", "株洲市", "天元区")),
        ("株洲高新区（天元区）", ("430211", "county", "湖南省", "株洲市", "天元区")),
        ("株洲高新技术产业开发区", ("430211", "county", "湖南省", "株洲市", "天元区")),
        ("平潭综合实验区管委会", ("350128", "county", "福建省", "福州市", "平潭县")),
        ("上海市人民政府办公厅", ("310000", "province", "上海市", None, None)),
        ("上海市科学技术委员会", ("310000", "province", "上海市", None, None)),
        ("淮安市洪泽区人民政府", ("320813", "county", "江苏省", "淮安市", "洪泽区")),
        ("洪泽区人民政府", ("320813", "county", "江苏省", "淮安市", "洪泽区")),  # unique nationally
        ("沭阳县发展和改革局", ("321322", "county", "江苏省", "宿迁市", "沭阳县")),
        ("武汉市生态环境局", ("420100", "prefecture", "湖北省", "武汉市", None)),
        ("杭州市余杭区发展和改革局", ("330110", "county", "浙江省", "杭州市", "余杭区")),
        ("天元", ("430211", "county", "湖南省", "株洲市", "天元区")),  # without its suffix, unique
        ("恩施州人民政府", ("422800", "prefecture", "湖北省", "恩施土家族苗族自治州", None)),
        ("马鞍山市和县", ("340523", "county", "安徽省", "马鞍山市", "和县")),
    ],
)
def test_resolve_name(name, expected):
    found = resolve_name(name)
    assert _where(found) == expected
    assert found.evidence == name


def test_divisions_are_typed():
    found = resolve_name("株洲市天元区人民政府")
    assert found.province == Division("430000", "湖南省", "province")
    assert found.prefecture == Division("430200", "株洲市", "prefecture")
    assert found.county == Division("430211", "天元区", "county")


@pytest.mark.parametrize(
    "name, expected",
    [
        # Municipalities: the city is the province; its districts have no prefecture.
        ("北京市人民政府", ("110000", "province", "北京市", None, None)),
        ("重庆市铜梁区商务委员会", ("500151", "county", "重庆市", None, "铜梁区")),
        ("上海市浦东新区人民政府", ("310115", "county", "上海市", None, "浦东新区")),
        # County-level cities run by the province have no prefecture either.
        ("仙桃市人民政府", ("429004", "county", "湖北省", None, "仙桃市")),
        # Prefecture-level cities without counties.
        ("东莞市人民政府", ("441900", "prefecture", "广东省", "东莞市", None)),
    ],
)
def test_municipalities_and_direct_counties(name, expected):
    assert _where(resolve_name(name)) == expected


def test_ambiguous_names_need_a_parent():
    # 朝阳区 is a district of 北京 and of 长春: alone it settles nothing (no common ancestor).
    assert resolve_name("朝阳区") is None
    assert resolve_name("朝阳区人民政府") is None
    assert _where(resolve_name("北京市朝阳区")) == ("110105", "county", "北京市", None, "朝阳区")
    assert _where(resolve_name("长春市朝阳区人民政府")) == ("220104", "county", "吉林省", "长春市", "朝阳区")
    # 城区 (阳泉, 晋城, 汕尾) likewise.
    assert resolve_name("城区") is None
    assert resolve_name("阳泉市城区").code == "140302"
    # 吉林 is the province and its city: the common ancestor, the province.
    assert resolve_name("吉林").code == "220000"
    assert resolve_name("吉林市").code == "220200"
    # 嘉峪关市 is both a prefecture and its only county: the prefecture.
    assert resolve_name("嘉峪关市").code == "620200"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "市科委",
        "中华人民共和国政府信息公开条例",
        "供销合作社",  # 合作 (合作市) inside a word
        "省、市和县三级",  # 和县 inside a sentence
        "主城区",
        "中山大学",
        "长治久安",
        "国务院办公厅",
    ],
)
def test_words_that_only_look_like_names(text):
    assert resolve_name(text) is None


def test_resolve_name_takes_only_text():
    assert resolve_name(None) is None
    assert resolve_name(42) is None


# --- reports -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, code, level",
    [
        (corpus_file("2019_f2019_shanghai_office.html"), "310000", "province"),
        (corpus_file("2024_f2021_pingtan_zone.html"), "350128", "county"),
        (SAMPLE, "430211", "county"),
        (corpus_file("2024_f2021_huaian_city.txt"), "320800", "prefecture"),
        (corpus_file("2023_f2021_shuyang_fgw.html"), "321322", "county"),
    ],
)
def test_resolve_corpus(path, code, level):
    found = resolve(govdisclosure.load(path))
    assert found is not None
    assert (found.code, found.level) == (code, level)
    assert found.evidence.startswith("发布单位：")


def test_resolve_corpus_names():
    found = resolve(govdisclosure.load(corpus_file("2024_f2021_huaian_city.txt")))
    assert (found.province.name, found.prefecture.name, found.county) == ("江苏省", "淮安市", None)
    found = resolve(govdisclosure.load(corpus_file("2023_f2021_shuyang_fgw.html")))
    assert found.county.name == "沭阳县" and found.prefecture.name == "宿迁市"


def test_resolve_falls_back_in_order():
    # Title before preamble; the preamble's first lines; sign-offs; 填报单位; page metadata.
    report = Report(title="天元区人民政府2018年政府信息公开工作年度报告", preamble=(Paragraph("上海市…"),))
    assert resolve(report).code == "430211"
    assert resolve(report).evidence == "标题：天元区人民政府2018年政府信息公开工作年度报告"

    report = Report(preamble=(Title("年度报告"), Paragraph("本报告由淮安市人民政府办公室编制。")))
    assert (resolve(report).code, resolve(report).evidence) == (
        "320800",
        "前言：本报告由淮安市人民政府办公室编制。",
    )

    report = Report(preamble=(SignOff("沭阳县发展和改革局"),))
    assert resolve(report).evidence == "落款：沭阳县发展和改革局"

    report = Report(preamble=(Caption("填报单位（盖章）：株洲高新区（天元区）政务服务中心"),))
    found = resolve(report)
    assert (found.code, found.evidence) == ("430211", "填报单位：株洲高新区（天元区）政务服务中心")

    report = Report(metadata_items=(("发布机构", "沭阳县发展和改革局"),))
    assert (resolve(report).code, resolve(report).evidence) == ("321322", "发布机构：沭阳县发展和改革局")

    report = Report(issuer="市科委", metadata_items=(("来源", "平潭综合实验区管委会办公室"),))
    assert resolve(report).code == "350128"


def test_resolve_never_raises():
    assert resolve(Report()) is None
    assert resolve(Report(issuer="市政府办公室", title="2020年政府信息公开工作年度报告")) is None
    assert resolve(None) is None
    assert resolve(object()) is None
