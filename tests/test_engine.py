"""The rule engine, the core rules and `govdisclosure check`."""

import json

import pytest

import govdisclosure
from govdisclosure.cli import main
from govdisclosure.engine import check
from govdisclosure.registry import load as load_registry, of_manager
from govdisclosure.hookspecs import hookimpl
from govdisclosure.plugins import PluginWarning, make_plugin_manager
from govdisclosure.rules import Finding, ReportRule, Rule

from conftest import CORPUS, SAMPLE, corpus_file


@pytest.fixture(scope="module")
def seed_diagnostics():
    return check(govdisclosure.load(SAMPLE))


def test_seed_findings_name_both_places(seed_diagnostics):
    found = {(d.code, d.severity, d.span.line, tuple(r.span.line for r in d.related)) for d in seed_diagnostics}
    # (a) 不同意公开答复数 2 while its 其中 breakdown sums to 0
    assert ("GD101", "warning", 69, (70, 71, 72, 73, 74, 75)) in found
    # (b) "全年无因…行政复议和提起行政诉讼" against 行政复议数量 24 and 行政诉讼数量 22
    assert ("GD301", "error", 24, (80,)) in found and ("GD301", "error", 24, (84,)) in found
    # (c) "全年无不予公开政府信息情况" against 不同意公开答复数 2
    assert ("GD301", "error", 20, (69,)) in found


def test_seed_relations_that_hold_raise_nothing(seed_diagnostics):
    errors = [d for d in seed_diagnostics if d.severity == "error"]
    assert not [d for d in errors if d.span.line in (57, 62, 65, 93)]
    assert not [d for d in errors if d.code.startswith("GD1") and d.span.line in (80, 84)]
    assert len(errors) == 3
    # The seed's units of lines 52 and 53 are swapped (篇 and 次): warnings.
    assert [(d.code, d.span.line) for d in seed_diagnostics if d.code == "GD106"] == [("GD106", 52), ("GD106", 53)]


def test_real_inconsistencies_in_huaian_and_hongze():
    # Hand-checked: Huai'an 2024 and Hongze 2024 are consistent; Hongze 2023's table 4 prints
    # 复议 10 + 1 and 复议后起诉 5 under totals of 0 (noted in the corpus manifest).
    def errors(name):
        return [(d.code, d.span.line, d.relation) for d in check(govdisclosure.load(corpus_file(name))) if d.severity == "error"]

    assert errors("2024_f2021_huaian_city.txt") == []
    assert errors("2024_f2021_hongze_district.txt") == []
    assert errors("2023_f2021_hongze_district.txt") == [
        ("GD104", 112, "f2021.t4.review_total"), ("GD104", 112, "f2021.t4.after_review_total")]
    # Hongze keeps 2019's single 其他处理 row in a 2021 table: the results total is still checked,
    # with that row standing for its three parts.
    hongze = check(govdisclosure.load(corpus_file("2023_f2021_hongze_district.txt")))
    assert not [d for d in hongze if d.relation == "f2021.t3.results_total"]


def test_fingerprints_are_stable_across_unrelated_edits(seed_diagnostics):
    text = SAMPLE.read_text(encoding="utf-8")
    edited = text.replace("一、概述\n", "一、概述\n新增的一段说明文字。\n")
    again = check(govdisclosure.parse(edited, source=str(SAMPLE)))
    assert [d.fingerprint for d in again] == [d.fingerprint for d in seed_diagnostics]
    # (the line inserted after line 3 moves what follows it down one line, not what precedes it)
    assert [d.span.line for d in again] == [d.span.line + (d.span.line > 3) for d in seed_diagnostics]
    assert sum(d.span.line > 3 for d in seed_diagnostics) >= 5
    assert len({d.fingerprint for d in seed_diagnostics}) == len(seed_diagnostics)


class FailingRulePlugin:
    @hookimpl
    def govdisclosure_rules(self):
        def boom(context):
            raise RuntimeError("boom")
            yield  # pragma: no cover

        return [ReportRule("XX001", "always-fails", "structure", "warning", "{x}", "fails", boom)]


class ClashingRulePlugin:
    def __init__(self, code: str):
        self.code = code

    @hookimpl
    def govdisclosure_rules(self):
        return [ReportRule(self.code, "clash", "structure", "warning", "{x}", "clashes", lambda context: iter(()))]


def test_a_failing_rule_becomes_an_internal_diagnostic_and_the_run_goes_on():
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(FailingRulePlugin(), name="failing")
    registry = of_manager(manager, failures)
    diagnostics = check(govdisclosure.load(SAMPLE), registry)
    internal = [d for d in diagnostics if d.code == "GD999"]
    assert len(internal) == 1 and "XX001" in internal[0].message and "failing" in internal[0].message
    assert sum(d.code == "GD301" for d in diagnostics) == 3


def test_a_plugin_using_the_core_prefix_is_reported_and_skipped():
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(ClashingRulePlugin("GD101"), name="clashing")
    with pytest.warns(PluginWarning, match="GD101"):
        registry = of_manager(manager, failures)
    assert [r.plugin for r in registry.rules if r.code == "GD101"] == ["core-rules"]
    assert "clashing" in str(registry.failures[0]) and "前缀 GD" in str(registry.failures[0])


@pytest.mark.parametrize("first, second, message", [
    ("ZZ101", "ZZ101", "规则代码 ZZ101 已由插件 one 使用，与插件 two 冲突"),
    ("ZZ101", "ZZ102", "规则代码前缀 ZZ 已由插件 one 使用，与插件 two 冲突"),
])
def test_a_code_or_prefix_another_plugin_uses_fails_the_later_plugin(first, second, message):
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(ClashingRulePlugin(first), name="one")
    manager.register(ClashingRulePlugin(second), name="two")
    with pytest.warns(PluginWarning, match="two"):
        registry = of_manager(manager, failures)
    assert [(r.code, r.plugin) for r in registry.rules if r.code.startswith("ZZ")] == [("ZZ101", "one")]
    assert [f.name for f in registry.failures] == ["two"] and message in registry.failures[0].error


def test_check_cli_text_json_and_exit_codes(tmp_path, capsys):
    assert main(["check", str(SAMPLE)]) == 1
    out = capsys.readouterr().out
    assert f"{SAMPLE}:24:1: GD301 [error]" in out and "       = " in out
    assert main(["check", str(corpus_file("2024_f2021_huaian_city.txt")), "--select", "GD1,GD3"]) == 0
    capsys.readouterr()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["check", str(SAMPLE), str(empty), "--output-format", "json"]) == 2
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["schema_version"] == 1 and document["tool"]["name"] == "govdisclosure"
    assert document["files"][0]["errors"] == 3 and document["files"][0]["template"] == "legacy"
    import jsonschema

    from conftest import ROOT

    jsonschema.validate(document, json.loads((ROOT / "docs" / "check.schema.json").read_text(encoding="utf-8")))
    codes = {d["code"] for d in document["diagnostics"]}
    assert {"GD101", "GD301"} <= codes
    assert "文件为空" in captured.err
    assert main(["check", str(SAMPLE), "--ignore", "GD3", "--statistics"]) == 0
    assert "     1  GD101" in capsys.readouterr().out


def test_python_api_accepts_a_report_or_a_path():
    by_path = govdisclosure.check(SAMPLE)
    assert [d.fingerprint for d in by_path] == [d.fingerprint for d in govdisclosure.check(govdisclosure.load(SAMPLE))]


def test_baseline_hides_known_findings_and_reports_stale_entries(tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(SAMPLE), "--write-baseline", str(baseline)]) == 1
    capsys.readouterr()
    assert main(["check", str(SAMPLE), "--baseline", str(baseline)]) == 0
    out = capsys.readouterr()
    assert "GD301" not in out.out and "0 个错误" in out.out and "no longer matches" not in out.err
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["fingerprints"].append("0123456789abcdef")
    baseline.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check", str(SAMPLE), "--baseline", str(baseline)]) == 0
    assert "0123456789abcdef no longer matches" in capsys.readouterr().err
    baseline.write_text("not json", encoding="utf-8")
    assert main(["check", str(SAMPLE), "--baseline", str(baseline)]) == 2
    assert "基线文件" in capsys.readouterr().err


def test_github_annotations(capsys):
    assert main(["check", str(SAMPLE), "--output-format", "github", "--select", "GD301"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"::error file={SAMPLE},line=20,col=1,title=GD301 prose-contradicts-table::正文")
    assert len(lines) == 3


def test_configuration_outside_the_report(tmp_path, capsys, monkeypatch):
    from govdisclosure.config import ConfigError, load_config

    (tmp_path / "pyproject.toml").write_text(
        '[tool.govdisclosure]\n'
        'ignore-relations = ["legacy.stats.withheld_reasons"]\n'
        'ignore-indicators = ["legacy.stats.review"]\n'
        'per-file-ignores = { "*tianyuan*" = ["GD106"] }\n'
        'severity = { GD301 = "warning" }\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    config = load_config(start=tmp_path / "sub")  # found in the parent folder
    assert config.origin.endswith("pyproject.toml")
    found = check(govdisclosure.load(SAMPLE), config=config)
    assert not [d for d in found if d.relation == "legacy.stats.withheld_reasons"]
    assert not [d for d in found if "legacy.stats.review" in d.indicators]
    assert not [d for d in found if d.code == "GD106"]
    assert {d.severity for d in found if d.code == "GD301"} == {"warning"}
    # A report's configuration is the nearest one up from the report, wherever the run starts.
    report = tmp_path / "sub" / SAMPLE.name
    report.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", str(report)]) == 0  # the only errors left are warnings now
    assert main(["check", str(SAMPLE)]) == 1  # the sample's own folder has none
    capsys.readouterr()
    (tmp_path / "govdisclosure.toml").write_text('ignroe = ["GD1"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="ignroe"):
        load_config(start=tmp_path)
    assert main(["check", str(report)]) == 2
    assert "未知的配置项 ignroe" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)  # and where the run starts, it is said before the run
    assert main(["check", str(SAMPLE)]) == 2


def test_english_messages_from_the_same_arguments():
    zh = check(govdisclosure.load(SAMPLE), select=("GD301",))
    en = check(govdisclosure.load(SAMPLE), select=("GD301",), lang="en")
    assert [d.fingerprint for d in zh] == [d.fingerprint for d in en]
    assert en[0].message == "the text “无不予公开政府信息情况” contradicts the table: “4、不同意公开答复数” is 2"
    assert all(r.message_en for r in load_registry(autoload=False).rules)


def test_sarif_output_is_valid_sarif_2_1_0(capsys):
    import jsonschema

    from conftest import ROOT

    schema = json.loads((ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert main(["check", str(SAMPLE), str(corpus_file("2023_f2021_hongze_district.txt")), "--output-format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"GD301", "GD101", "GD104"}
    prose = next(r for r in results if r["ruleId"] == "GD301")
    assert prose["level"] == "error" and prose["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 69
    assert {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]} == {r["ruleId"] for r in results}


def test_money_is_compared_within_its_rounding():
    from decimal import Decimal

    from govdisclosure.catalog import parse_catalog
    from govdisclosure.rules.arithmetic import check_sum
    from govdisclosure.rules.model import Context
    from govdisclosure.extract import Fact, Facts

    catalog = parse_catalog({
        "template": {"id": "m"},
        "tables": [{"id": "t", "title": "经费", "columns": [{"id": "v", "label": "金额"}]}],
        "indicators": [{"id": "m.total", "table": "t", "label": "合计", "concept": "c", "kind": "money_wan", "unit": "万元"},
                       {"id": "m.a", "table": "t", "label": "甲", "concept": "a", "kind": "money_wan", "unit": "万元"},
                       {"id": "m.b", "table": "t", "label": "乙", "concept": "b", "kind": "money_wan", "unit": "万元"}],
        "relations": [{"id": "m.sum", "kind": "sum", "total": "m.total", "parts": ["m.a", "m.b"]}],
    }, "money")

    def findings(total, a, b):
        facts = Facts("m", facts=tuple(Fact(i, "c", "v", Decimal(v), "number", v) for i, v in
                                       (("m.total", total), ("m.a", a), ("m.b", b))))
        return [f for f in check_sum(Context(None, facts, catalog, "x")) if f.severity != "info"]

    assert findings("10.0", "3.33", "6.67") == []        # exact
    assert findings("10.0", "3.34", "6.67") == []        # 10.01 within 0.05 + 0.005 + 0.005
    assert len(findings("10.0", "3.44", "6.67")) == 1    # 10.11: beyond rounding


def test_every_english_message_is_english_or_quotes_the_report():
    import re

    for path in (SAMPLE, corpus_file("2021_f2021_pingtan_zone.txt"), corpus_file("2025_f2021_shuyang_county.txt"),
                 corpus_file("2019_f2019_guangzhou_guoziwei_EXCERPT.txt")):
        for diagnostic in check(govdisclosure.load(path), lang="en"):
            # Chinese may appear only inside quotes or after the English explanation's colon.
            head = re.split(r"[“:]", diagnostic.message)[0]
            assert not re.search(r"[\u4e00-\u9fff]", head), (diagnostic.code, diagnostic.message)


def test_2019_results_total_includes_other_handling():
    # Found by the report generator: the 2019 （七）总计 counts （六）其他处理 as well.
    from govdisclosure.registry import default as default_registry

    relation = next(r for r in default_registry().catalogs.get("f2019").relations if r.id == "f2019.t3.results_total")
    assert "f2019.t3.other_handling" in relation.parts


def test_skipped_relations_are_said_once_per_table_with_their_cells():
    # Blank cells leave relations unchecked: said once per table, the cells named as printed.
    per_table = {}
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".tsv":
            continue
        for d in check(govdisclosure.load(path)):
            if d.code == "GD100":
                key = (path.name, d.message.split("”中")[0])
                per_table[key] = per_table.get(key, 0) + 1
                assert "f20" not in d.message.split("（关系")[0]  # cells by their labels, not ids
    assert per_table and max(per_table.values()) == 1


def test_a_column_relation_without_a_rule_of_its_own_is_the_cores():
    import attrs

    from govdisclosure.catalog.model import Relation
    from govdisclosure.registry import Catalogs
    from govdisclosure.registry import load as load_registry

    registry = load_registry(autoload=False)
    f2021 = registry.catalogs.get("f2021")
    relation = Relation("test.repealed_not_above_in_force", "column_not_above", True, "test",
                        total_column="in_force", part_columns=("repealed",), rows=("f2021.t2.regulations",))
    catalogs = Catalogs(tuple(attrs.evolve(c, relations=c.relations + (relation,)) if c is f2021 else c
                              for c in registry.catalogs.catalogs))
    registry = attrs.evolve(registry, catalogs=catalogs)
    text = ("某县2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
            "| 规章 | 0 | {repealed} | 2 |\n| 行政规范性文件 | 1 | 0 | 5 |\n")
    found = [d for d in check(govdisclosure.parse(text.format(repealed=3)), registry) if d.code == "GD108"]
    assert [(d.severity, d.span.line) for d in found] == [("error", 4)] and "超过“现行有效件数” 2" in found[0].message
    assert not [d for d in check(govdisclosure.parse(text.format(repealed=1)), registry) if d.code == "GD108"]


def test_the_relations_are_evaluated_once_per_report(monkeypatch):
    from govdisclosure.rules import arithmetic

    calls = []
    real = arithmetic.check_identity
    monkeypatch.setattr(arithmetic, "check_identity", lambda context: calls.append(1) or real(context))
    diagnostics = check(govdisclosure.load(corpus_file("2019_f2019_shanghai_office.html")))
    # GD100, GD102 and GD107 all read the identity relations: one evaluation serves them.
    assert calls == [1] and {"GD100", "GD102"} & {d.code for d in diagnostics}


def test_a_rule_is_declared_on_its_check_and_stays_callable():
    from govdisclosure.rules import PairRule, ReportRule, pair_rule, rule
    from govdisclosure.rules.arithmetic import sum_relations

    @rule(code="ZZ101", name="said-nothing", family="compliance", severity="info", message="说了 {n} 次",
          summary="测试", years=(2019, None), regions=("43",), message_en="said {n} times")
    def said_nothing(context):
        yield Finding({"n": 1})

    assert isinstance(said_nothing, ReportRule) and said_nothing.first_year == 2019 and said_nothing.regions == ("43",)
    assert list(said_nothing(None)) == [Finding({"n": 1})]  # still the check
    assert isinstance(sum_relations, ReportRule) and sum_relations.code == "GD101"

    @pair_rule(code="ZZ501", name="pair", family="cross-year", severity="warning", message="m", summary="s",
               reads=("applications.new",))
    def pair(context):
        return iter(())

    assert isinstance(pair, PairRule) and pair.scope == "pair" and pair.reads == ("applications.new",)
    core = load_registry(autoload=False)
    assert all(r.reads for r in core.rules if r.scope == "pair" and r.code != "GD504")  # GD504 reads texts only
    with pytest.raises(ValueError, match="scope"):
        ReportRule("ZZ102", "x", "compliance", "info", "m", "s", said_nothing.check, scope="pair")


def test_a_rule_made_the_old_way_loads_with_a_deprecation_warning():
    class OldPlugin:
        @hookimpl
        def govdisclosure_rules(self):
            return [Rule("ZZ101", "old-style", "compliance", "info", "旧式 {n}", "旧式", lambda context: iter(()))]

    manager, failures = make_plugin_manager(autoload=False)
    manager.register(OldPlugin(), name="old")
    with pytest.warns(DeprecationWarning, match="插件 old 的规则 ZZ101 用 Rule"):
        registry = of_manager(manager, failures)
    from govdisclosure.rules import ReportRule

    assert isinstance(registry.rule("ZZ101"), ReportRule) and registry.rule("ZZ101").plugin == "old"


def test_a_message_is_rendered_when_shown_in_the_language_asked_for():
    from decimal import Decimal

    from govdisclosure.rules.model import json_safe

    diagnostics = check(govdisclosure.load(SAMPLE), select=["GD301"])
    found = diagnostics[0]
    assert found.message == found.message_in("zh") and found.message_in("en").startswith("the text “")
    assert found.arguments["table"] == found.arguments["table"] and all(
        isinstance(v, (str, int, float, list, dict, type(None))) for v in found.arguments.values())
    assert found.message_in("zh") == found.template.format(**found.arguments)
    assert [json_safe(v) for v in (Decimal("12"), Decimal("5.0"), Decimal("0.5"), (Decimal(1), "a"))] == \
        [12, 5.0, 0.5, [1, "a"]]
    english = check(govdisclosure.load(SAMPLE), select=["GD301"], lang="en")
    assert english[0].message == found.message_in("en") and english == diagnostics  # the same finding


class MisbehavingRulePlugin:
    """A rule that exits, one that prints, and a pair rule that does both, on every report."""

    @hookimpl
    def govdisclosure_rules(self):
        import sys

        from govdisclosure.rules import PairRule

        def exits(context):
            sys.exit(0)
            yield  # pragma: no cover

        def prints(context):
            print("HELLO FROM a rule")
            return iter(())

        def pair(context):
            print("HELLO FROM a pair rule")
            raise SystemExit(3)

        return [ReportRule("XY001", "exits", "structure", "warning", "{x}", "exits", exits),
                ReportRule("XY002", "prints", "structure", "warning", "{x}", "prints", prints),
                PairRule("XY003", "pair-exits", "cross-year", "warning", "{x}", "exits", pair, scope="pair", reads=("*",))]


def test_sys_exit_in_a_rule_is_its_internal_diagnostic_and_a_print_goes_to_standard_error(capsys):
    from govdisclosure.collection import record_of, series_of
    from govdisclosure.engine import check_pairs

    manager, failures = make_plugin_manager(autoload=False)
    manager.register(MisbehavingRulePlugin(), name="misbehaving")
    registry = of_manager(manager, failures)
    diagnostics = check(govdisclosure.load(SAMPLE), registry)
    internal = [d for d in diagnostics if d.code == "GD999"]
    assert len(internal) == 1 and "XY001" in internal[0].message and "SystemExit" in internal[0].message
    assert sum(d.code == "GD301" for d in diagnostics) == 3  # the others ran
    records = []
    for name in ("2011_legacy_pingtan_zone.html", "2012_legacy_pingtan_zone.html"):
        report = govdisclosure.load(corpus_file(name))
        records.append(record_of(report, govdisclosure.extract(report, registry), registry=registry))
    pairs = check_pairs(series_of(records), registry, select=["XY", "GD999"])
    assert [(d.code, "XY003" in d.message) for d in pairs] == [("GD999", True)]
    captured = capsys.readouterr()
    assert captured.out == "" and "HELLO FROM a rule" in captured.err and "HELLO FROM a pair rule" in captured.err


def test_ctrl_c_in_a_rule_stops_the_check():
    class InterruptingPlugin:
        @hookimpl
        def govdisclosure_rules(self):
            def interrupted(context):
                raise KeyboardInterrupt
                yield  # pragma: no cover

            return [ReportRule("XZ001", "ctrl-c", "structure", "warning", "{x}", "ctrl-c", interrupted)]

    manager, failures = make_plugin_manager(autoload=False)
    manager.register(InterruptingPlugin(), name="interrupting")
    with pytest.raises(KeyboardInterrupt):
        check(govdisclosure.load(SAMPLE), of_manager(manager, failures))


def test_check_takes_the_region_as_extract_does():
    # A report whose issuer names no place: a rule of Fujian's applies only when the caller says
    # where the report is from.
    import govdisclosure
    from govdisclosure.hookspecs import hookimpl
    from govdisclosure.registry import make_plugin_manager, of_manager
    from govdisclosure.rules import Finding, rule

    @rule(code="EX901", name="fujian-only", family="structure", severity="info", message="福建", summary="福建",
          regions=("35",))
    def fujian_only(context):
        yield Finding({}, span=context.report.span, key=context.region or "")

    class Fujian:
        @hookimpl
        def govdisclosure_rules(self):
            return [fujian_only]

    manager, failures = make_plugin_manager(False, ())
    manager.register(Fujian(), name="fujian-test")
    registry = of_manager(manager, failures)
    report = govdisclosure.parse("某某单位2023年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息一千余条。\n")
    codes = lambda **where: [d.code for d in govdisclosure.check(report, registry=registry, **where)]  # noqa: E731
    assert "EX901" not in codes()
    assert "EX901" in codes(region="350128") and "EX901" not in codes(region="320813")
