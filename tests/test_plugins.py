"""Plugins: the core through the hooks, installed plugins loaded one by one, failures reported."""

import os
import warnings
from importlib import metadata
from pathlib import Path

import pytest

import govdisclosure
from govdisclosure import plugins
from govdisclosure.registry import of_manager
from govdisclosure.hookspecs import hookimpl
from govdisclosure.plugins import PluginWarning, make_plugin_manager


def fake_entry_points(*entries):
    return lambda: [metadata.EntryPoint(name, value, plugins.ENTRY_POINT_GROUP) for name, value in entries]


def test_core_registers_its_catalogues_through_the_hook():
    manager, failures = make_plugin_manager(autoload=False)
    assert failures == []
    assert "core" in {manager.get_name(p) for p in manager.get_plugins()}
    catalogs = of_manager(manager, failures).catalogs
    assert catalogs.templates == ("legacy", "f2019", "f2021")


def test_a_plugin_that_fails_to_import_is_reported_and_skipped(monkeypatch):
    monkeypatch.setattr(plugins, "_entry_points", fake_entry_points(
        ("broken", "govdisclosure_no_such_module:plugin"),
        ("working", "test_plugins:ExtraCatalogPlugin"),
    ))
    with pytest.warns(PluginWarning, match="broken"):
        manager, failures = make_plugin_manager(autoload=True)
    assert [f.name for f in failures] == ["broken"]
    assert "ModuleNotFoundError" in failures[0].error
    assert "加载失败" in str(failures[0])
    assert manager.has_plugin("working")


def test_autoload_can_be_disabled(monkeypatch):
    monkeypatch.setattr(plugins, "_entry_points", fake_entry_points(("broken", "govdisclosure_no_such_module:x")))
    monkeypatch.setenv(plugins.DISABLE_AUTOLOAD, "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manager, failures = make_plugin_manager()
    assert failures == [] and not manager.has_plugin("broken")


class BadCatalogPlugin:
    @hookimpl
    def govdisclosure_catalogs(self):
        return ["/nonexistent/catalogue.toml"]


class ExtraCatalogPlugin:
    @hookimpl
    def govdisclosure_catalogs(self):
        from govdisclosure.catalog import parse_catalog

        return [parse_catalog({
            "template": {"id": "hubei2019", "extends": "f2019", "first_year": 2019},
            "tables": [{"id": "t2", "title": "主动公开政府信息情况", "columns": [{"id": "made", "label": "本年新制作数量"}]}],
            "indicators": [{"id": "hubei2019.t2.other_docs", "table": "t2", "label": "其他主动公开文件",
                            "unit": "件", "concept": "other_active_documents"}],
        }, "hubei test")]


def test_a_plugin_catalogue_that_does_not_load_is_reported_and_skipped():
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(BadCatalogPlugin(), name="bad")
    manager.register(ExtraCatalogPlugin(), name="extra")
    with pytest.warns(PluginWarning, match="bad"):
        catalogs = of_manager(manager, failures).catalogs
    assert [f.name for f in catalogs.failures] == ["bad"]
    assert "hubei2019" in catalogs.templates and "f2021" in catalogs.templates


class RegionalRulePlugin:
    """A plugin rule scoped to Fujian (division codes starting 35)."""

    @hookimpl
    def govdisclosure_rules(self):
        from govdisclosure.rules import ReportRule
        from govdisclosure.rules.model import Finding

        def always(context):
            yield Finding({"source": context.source}, span=context.report.span, key="always")

        return [ReportRule("ZZ101", "fujian-only", "compliance", "info", "福建插件的规则在 {source} 上运行", "仅用于测试：只在福建运行",
                     always, regions=("35",))]


REGIONAL = RegionalRulePlugin()


@pytest.fixture
def regional_plugin(monkeypatch):
    from govdisclosure.registry import clear_default as _clear_registries

    monkeypatch.setattr(plugins, "_entry_points", fake_entry_points(("regional", "test_plugins:REGIONAL")))
    monkeypatch.delenv(plugins.DISABLE_AUTOLOAD, raising=False)
    _clear_registries()
    yield
    _clear_registries()


def test_the_engine_applies_a_plugin_rule_only_in_its_region(regional_plugin):
    from conftest import SAMPLE

    import govdisclosure
    from govdisclosure.engine import check
    from govdisclosure.registry import default as default_registry

    report = govdisclosure.load(SAMPLE)  # a Hunan report (天元区)
    registry = default_registry()
    assert "ZZ101" in {r.code for r in registry.rules}
    assert [d.code for d in check(report, registry, region="350128") if d.code == "ZZ101"] == ["ZZ101"]
    assert [d.code for d in check(report, registry, region="430211") if d.code == "ZZ101"] == []


def test_plugins_command_and_leaving_a_plugin_out(regional_plugin, capsys):
    from govdisclosure.cli import main

    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "core-rules" in out and "regional" in out and "ZZ101" in out
    assert main(["-p", "no:regional", "plugins"]) == 0
    out = capsys.readouterr().out
    assert "ZZ101" not in out and "blocked: regional (-p no:regional)" in out.splitlines()
    assert main(["-p", "no:regional", "rules"]) == 0 and "ZZ101" not in capsys.readouterr().out
    assert main(["-p", "regional", "plugins"]) == 2  # only no:NAME is accepted
    assert main(["rules"]) == 0 and "ZZ101" in capsys.readouterr().out  # back after the run


def test_required_plugins_fail_loudly(regional_plugin, tmp_path, capsys):
    from conftest import SAMPLE

    from govdisclosure.cli import main

    config = tmp_path / "govdisclosure.toml"
    config.write_text('require-plugins = ["regional", "hubei-missing"]\n', encoding="utf-8")
    assert main(["check", "--config", str(config), str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "hubei-missing" in err and "regional" not in err.split("：", 1)[1].split("hubei")[0]
    config.write_text('require-plugins = ["regional"]\n', encoding="utf-8")
    assert main(["check", "--config", str(config), str(SAMPLE)]) in (0, 1)
    assert main(["-p", "no:regional", "check", "--config", str(config), str(SAMPLE)]) == 2


def test_a_failing_plugin_is_named_with_its_version_and_the_run_completes(monkeypatch, capsys):
    from conftest import SAMPLE

    from govdisclosure.cli import main
    from govdisclosure.registry import clear_default as _clear_registries

    monkeypatch.setattr(plugins, "_entry_points", fake_entry_points(("broken", "govdisclosure_no_such_module:x")))
    monkeypatch.delenv(plugins.DISABLE_AUTOLOAD, raising=False)
    _clear_registries()
    try:
        # (the warning is the line on standard error: test_a_plugin_fault_is_one_plain_line_and_the_output_stays_valid)
        with pytest.warns(PluginWarning) as warned:
            status = main(["check", str(SAMPLE)])
        captured = capsys.readouterr()
        assert status == 1 and "broken" in str(warned[0].message) and "ModuleNotFoundError" in str(warned[0].message)
        assert "1 份报告" in captured.out
    finally:
        _clear_registries()


def test_debug_traces_the_hook_calls(monkeypatch, capsys):
    from govdisclosure.cli import main
    from govdisclosure.registry import clear_default as _clear_registries

    monkeypatch.setenv(plugins.DEBUG, "1")
    _clear_registries()
    try:
        assert main(["rules"]) == 0
        err = capsys.readouterr().err
        assert "govdisclosure_rules [core-rules] → GD000, GD100, GD101" in err and "govdisclosure_catalogs [core] → legacy" in err
    finally:
        monkeypatch.delenv(plugins.DEBUG)
        _clear_registries()


def test_sarif_and_json_name_the_plugins(regional_plugin, capsys):
    import json

    from conftest import SAMPLE

    from govdisclosure.cli import main

    main(["check", "--output-format", "sarif", "--region", "350128", str(SAMPLE)])
    sarif = json.loads(capsys.readouterr().out)
    assert {"name": "regional"} in sarif["runs"][0]["tool"]["extensions"]
    assert "ZZ101" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    main(["check", "--output-format", "json", str(SAMPLE)])
    document = json.loads(capsys.readouterr().out)
    assert "regional" in document["tool"]["plugins"]
    assert "ZZ101" not in document["summary"]["codes"]  # a Hunan report: out of the rule's region


VARIANT = """
[template]
id = "xx-f2019"
name = "某省批注版 2019 年报格式"
extends = "f2019"
regions = ["99"]

[[indicators]]
id = "f2019.t2.regulations"
aliases = ["规章（设区的市应提供相关数据）"]

[[indicators]]
id = "xx-f2019.t2.other_documents"
table = "t2"
label = "其他主动公开文件"
columns = ["new_made", "new_published", "total_published"]
unit = "件"
concept = "xx.other_documents"
"""


def test_a_variant_extends_a_national_template(tmp_path):
    path = tmp_path / "variant.toml"
    path.write_text(VARIANT, encoding="utf-8")

    class VariantPlugin:
        @hookimpl
        def govdisclosure_catalogs(self):
            return [path]

    manager, failures = make_plugin_manager(autoload=False)
    manager.register(VariantPlugin(), name="variant")
    catalogs = of_manager(manager, failures).catalogs
    variant, national = catalogs.get("xx-f2019"), catalogs.get("f2019")
    assert variant.extends == "f2019" and variant.regions == ("99",) and variant.plugin == "variant"
    # Everything of the base, the annotated wording as an alias, the extra row added.
    assert {i.id for i in national.indicators} < {i.id for i in variant.indicators}
    assert "规章（设区的市应提供相关数据）" in variant.indicator("f2019.t2.regulations").aliases
    assert variant.indicator("xx-f2019.t2.other_documents").concept == "xx.other_documents"
    assert len(variant.relations) == len(national.relations) and variant.first_year == national.first_year
    # The national catalogue is untouched.
    assert "规章（设区的市应提供相关数据）" not in national.indicator("f2019.t2.regulations").aliases


class OverridePlugin:
    """Hunan's office wants the legacy unit column exact: GD106 an error there, in its wording."""

    @hookimpl
    def govdisclosure_rule_overrides(self):
        from govdisclosure.rules import RuleOverride

        return [RuleOverride("GD106", severity="error", message="（湖南）“{label}”单位栏写作“{printed}”，应为“{expected}”",
                             regions=("43",))]


class BadOverridePlugin:
    @hookimpl
    def govdisclosure_rule_overrides(self):
        from govdisclosure.rules import RuleOverride

        return [RuleOverride("GD777", severity="error")]


def test_a_plugin_overrides_severity_and_wording_only_in_its_region():
    from conftest import SAMPLE

    import govdisclosure
    from govdisclosure.engine import check
    from govdisclosure.registry import of_manager
    from govdisclosure.plugins import PluginWarning

    manager, failures = make_plugin_manager(autoload=False)
    manager.register(OverridePlugin(), name="hunan")
    manager.register(BadOverridePlugin(), name="bad")
    with pytest.warns(PluginWarning, match="GD777"):
        registry = of_manager(manager, failures)
    assert [(o.code, o.plugin) for o in registry.overrides] == [("GD106", "hunan")]
    assert [f.name for f in registry.failures] == ["bad"]
    report = govdisclosure.load(SAMPLE)
    hunan = [d for d in check(report, registry, region="430211") if d.code == "GD106"]
    elsewhere = [d for d in check(report, registry, region="350128") if d.code == "GD106"]
    assert [d.severity for d in hunan] == ["error", "error"] and hunan[0].message.startswith("（湖南）")
    assert [d.severity for d in elsewhere] == ["warning", "warning"] and not elsewhere[0].message.startswith("（湖南）")
    assert [d.fingerprint for d in hunan] == [d.fingerprint for d in elsewhere]


class CatalogueFailsButHasRules:
    """A plugin whose catalogue does not load: its rule must not run either."""

    @hookimpl
    def govdisclosure_catalogs(self):
        return ["/nonexistent/catalogue.toml"]

    @hookimpl
    def govdisclosure_rules(self):
        from govdisclosure.rules import ReportRule
        from govdisclosure.rules.model import Finding

        def always(context):
            yield Finding({}, span=context.report.span, key="x")

        return [ReportRule("ZZ201", "orphan", "compliance", "warning", "不该运行", "不该运行", always)]


def rule_plugin(*rules):
    class RulePlugin:
        @hookimpl
        def govdisclosure_rules(self):
            return list(rules)

    return RulePlugin()


def _rule(code="ZZ301", severity="warning", family="compliance"):
    from govdisclosure.rules import ReportRule

    return ReportRule(code, "test-rule", family, severity, "测试", "测试", lambda context: iter(()))


@pytest.mark.parametrize("plugin, message", [
    (CatalogueFailsButHasRules(), "catalogue.toml"),
    (rule_plugin(_rule(severity="fatal")), "fatal"),
    (rule_plugin(_rule(family="style")), "style"),
    (rule_plugin(_rule(code="zz1")), "zz1"),
    (rule_plugin(_rule(), _rule()), "两次"),
    (rule_plugin(_rule(code="GD101")), "GD101"),
])
def test_a_plugin_with_anything_invalid_is_reported_and_none_of_it_is_used(plugin, message):
    from conftest import SAMPLE

    import govdisclosure
    from govdisclosure.engine import check
    from govdisclosure.registry import of_manager as registry_of

    manager, failures = make_plugin_manager(autoload=False)
    manager.register(plugin, name="faulty")
    with pytest.warns(PluginWarning, match=message):
        registry = registry_of(manager, failures)
    assert [f.name for f in registry.failures] == ["faulty"] and message in registry.failures[0].error
    assert not [r for r in registry.rules if r.plugin == "faulty"]
    assert not [c for c in registry.catalogs.catalogs if c.plugin == "faulty"]
    # The run goes on with the core, and the SARIF output of the core's findings is sound.
    diagnostics = check(govdisclosure.load(SAMPLE), registry)
    assert diagnostics and {d.plugin for d in diagnostics} <= {"core", "core-rules"}


class MisspeltHookPlugin:
    @hookimpl
    def govdisclosure_rule(self):  # the hook is govdisclosure_rules
        return []


MISSPELT = MisspeltHookPlugin()


def test_a_misspelt_hook_makes_the_plugin_fail(monkeypatch):
    monkeypatch.setattr(plugins, "_entry_points", fake_entry_points(("misspelt", "test_plugins:MISSPELT")))
    with pytest.warns(PluginWarning, match="govdisclosure_rule"):
        manager, failures = make_plugin_manager(autoload=True)
    assert [f.name for f in failures] == ["misspelt"] and "govdisclosure_rules" in failures[0].error
    assert not manager.has_plugin("misspelt")


class DataPlugin:
    """A plugin adding required sections and prose patterns from its own data files."""

    def __init__(self, sections: str, patterns: str):
        self.sections, self.patterns = sections, patterns

    @hookimpl
    def govdisclosure_sections(self):
        return [self.sections]

    @hookimpl
    def govdisclosure_prose_patterns(self):
        return [self.patterns]


SECTIONS = '[templates.legacy]\nsections = [{ name = "概述", words = ["概述"] }]\n'
PATTERN = '[[patterns]]\nconcept = "applications.new"\nregex = "新收申请(?P<n>\\\\d+)件"\nunit = "件"\n'


def test_the_registry_holds_the_sections_and_prose_patterns_of_every_plugin(tmp_path):
    (tmp_path / "sections.toml").write_text(SECTIONS, encoding="utf-8")
    (tmp_path / "prose.toml").write_text(PATTERN, encoding="utf-8")
    core = of_manager(*make_plugin_manager(autoload=False))
    assert [s.name for s in core.required_sections("f2021")][:2] == ["总体情况", "主动公开政府信息情况"]
    assert core.required_sections("hb-f2019", base="f2019") == core.required_sections("f2019")
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(DataPlugin(tmp_path / "sections.toml", tmp_path / "prose.toml"), name="data")
    registry = of_manager(manager, failures)
    assert [s.name for s in registry.required_sections("legacy")] == ["概述"]  # the plugin's replaces the core's
    assert len(registry.prose_patterns) == len(core.prose_patterns) + 1
    assert registry.prose_patterns[-1].regex.pattern == "新收申请(?P<n>\\d+)件"


def test_a_plugin_adds_words_to_a_section_role_and_the_rules_find_the_section_by_them(tmp_path):
    # A county that titles its overview 工作概况: the rules and the cross-year record find it once
    # the role knows the word.
    (tmp_path / "sections.toml").write_text('[roles.overview]\nwords = ["工作概况"]\n', encoding="utf-8")
    (tmp_path / "prose.toml").write_text(PATTERN, encoding="utf-8")
    text = "XX县2023年政府信息公开工作年度报告\n一、工作概况\n" + "我县全面推进政务公开工作。" * 100 + "\n"
    report = govdisclosure.parse(text)
    core = of_manager(*make_plugin_manager(autoload=False))
    assert core.section(report, "overview") is None
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(DataPlugin(tmp_path / "sections.toml", tmp_path / "prose.toml"), name="data")
    registry = of_manager(manager, failures)
    assert registry.section_roles["overview"][:2] == ("总体情况", "概述")  # added to, not replaced
    assert registry.section(report, "overview").title == "工作概况"


@pytest.mark.parametrize("sections, pattern, message", [
    (SECTIONS, PATTERN.replace("(?P<n>", "("), "(?P<n>"),
    (SECTIONS, PATTERN.replace("新收", "新收["), "error"),
    ("[templates.legacy]\nsections = [{ name = 1 }]\n", PATTERN, "sections need a name and words"),
    ('[templates.legacy]\nsections = [{ name = "概述", words = ["概述"], role = "preface" }]\n', PATTERN, "preface"),
    ('[roles.overview]\nwords = []\n', PATTERN, "words must be a non-empty list"),
])
def test_a_plugin_with_bad_sections_or_patterns_is_skipped_whole(tmp_path, sections, pattern, message):
    (tmp_path / "sections.toml").write_text(sections, encoding="utf-8")
    (tmp_path / "prose.toml").write_text(pattern, encoding="utf-8")
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(DataPlugin(tmp_path / "sections.toml", tmp_path / "prose.toml"), name="data")
    with pytest.warns(PluginWarning, match="data"):
        registry = of_manager(manager, failures)
    assert [f.name for f in registry.failures] == ["data"] and message in registry.failures[0].error
    core = of_manager(*make_plugin_manager(autoload=False))
    assert registry.sections == core.sections and registry.prose_patterns == core.prose_patterns


IMPORTED = []


def test_a_blocked_plugin_is_never_imported_and_require_names_it(monkeypatch):
    from govdisclosure.registry import RegistryError, load

    monkeypatch.setattr(plugins, "_entry_points", fake_entry_points(("regional", "test_plugins:REGIONAL")))
    monkeypatch.setattr(metadata.EntryPoint, "load", lambda self: IMPORTED.append(self.name) or REGIONAL)
    monkeypatch.delenv(plugins.DISABLE_AUTOLOAD, raising=False)
    registry = load(blocked=["regional"])
    assert IMPORTED == [] and registry.blocked == ("regional",) and registry.rule("ZZ101") is None
    assert load().rule("ZZ101") is not None and IMPORTED == ["regional"]
    with pytest.raises(RegistryError, match="regional 已停用（-p no:regional）"):
        load(blocked=["regional"], require=["regional"])
    with pytest.raises(RegistryError, match="hunan 未安装"):
        load(require=["hunan"])


def test_one_plugin_uses_one_code_prefix():
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(rule_plugin(_rule("ZZ301"), _rule("ZY302")), name="two-prefixes")
    with pytest.warns(PluginWarning, match="多个前缀"):
        registry = of_manager(manager, failures)
    assert not [r for r in registry.rules if r.plugin == "two-prefixes"]


def plugin_module(tmp_path, monkeypatch, source: str) -> None:
    """An installed plugin `misbehaving` whose module is `source`."""
    (tmp_path / "misbehaving_plugin.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(plugins, "_entry_points", fake_entry_points(
        ("misbehaving", "misbehaving_plugin:plugin"), ("working", "test_plugins:ExtraCatalogPlugin")))


def test_a_plugin_that_exits_or_prints_at_import_is_reported_and_skipped(tmp_path, monkeypatch, capsys):
    plugin_module(tmp_path, monkeypatch, 'import sys\nprint("HELLO FROM import")\nsys.exit(0)\n')
    with pytest.warns(PluginWarning, match="SystemExit"):
        manager, failures = make_plugin_manager(autoload=True)
    assert [f.name for f in failures] == ["misbehaving"] and manager.has_plugin("working")
    captured = capsys.readouterr()
    assert captured.out == "" and "HELLO FROM import" in captured.err


def test_ctrl_c_at_a_plugin_import_stops_the_load(tmp_path, monkeypatch):
    plugin_module(tmp_path, monkeypatch, "raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        make_plugin_manager(autoload=True)


# A plugin that misbehaves as GD_FAULT says, installed as `fault`, through the real command line.
FAULT_RUN = Path(__file__).parent / "helpers" / "fault_plugin.py"


def fault_run(fault: str, *args: str, cwd=None):
    import subprocess
    import sys

    env = {**os.environ, "GD_FAULT": fault, "PYTHONPATH": str(FAULT_RUN.parent)}
    env.pop(plugins.DISABLE_AUTOLOAD, None)
    return subprocess.run([sys.executable, str(FAULT_RUN), *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


@pytest.mark.parametrize("fault, jobs", [
    ("import_exit", "1"), ("import_print", "1"), ("rules_exit", "1"), ("rules_print", "1"), ("catalogs_dup", "1"),
    ("check_exit", "1"), ("check_exit", "2"), ("check_print", "1"), ("check_print", "2"),
])
def test_a_plugin_fault_is_one_plain_line_and_the_output_stays_valid(fault, jobs):
    import json

    from conftest import SAMPLE, corpus_file

    inputs = [str(SAMPLE), str(corpus_file("2011_legacy_pingtan_zone.txt"))]
    result = fault_run(fault, "check", "--output-format", "json", "-q", "-j", jobs, *inputs)
    assert result.returncode in (0, 1), result.stderr
    document = json.loads(result.stdout)  # the whole of standard output, and nothing else
    assert document["summary"]["reports"] == 2 and "HELLO" not in result.stdout
    internal = [d for d in document["diagnostics"] if d["code"] == "GD999"]
    if fault == "check_exit":  # one GD999 per report, naming the rule and SystemExit
        assert len(internal) == 2 and all("ZF101" in d["message"] and "SystemExit" in d["message"] for d in internal)
    else:
        assert not internal
    warned = [line for line in result.stderr.splitlines() if "fault" in line and "HELLO" not in line]
    if fault.endswith("_print") and fault != "import_print":
        assert not warned and "HELLO FROM" in result.stderr
    elif fault in ("import_exit", "rules_exit", "catalogs_dup"):
        # Plain lines: no source path, no line of code, no category.
        assert warned and all(line.startswith("govdisclosure: warning: 插件 fault") for line in warned), result.stderr
        assert len(set(warned)) == 1 and "PluginWarning" not in result.stderr and ".py:" not in result.stderr
        assert ("CatalogError" if fault == "catalogs_dup" else "SystemExit: 0") in warned[0]
    if fault == "import_print":
        assert "HELLO FROM fault import" in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plugin_fault_is_said_in_english_with_lang_en(jobs):
    import re

    from conftest import SAMPLE

    result = fault_run("rules_exit", "check", "--lang", "en", "-q", "-j", jobs, str(SAMPLE))
    assert result.returncode in (0, 1), result.stderr
    warned = [line for line in result.stderr.splitlines() if line.startswith("govdisclosure: warning:")]
    assert warned and all(line.startswith("govdisclosure: warning: plugin fault") for line in warned)
    assert "failed to load and was skipped whole" in warned[0] and not re.search("[\u4e00-\u9fff]", warned[0])


def test_a_duplicate_catalogue_leaves_extract_working():
    from conftest import SAMPLE

    result = fault_run("catalogs_dup", "extract", "--panel", "-q", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("issuer,") and "two catalogues define template 'f2021'" in result.stderr
