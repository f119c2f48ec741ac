"""The registry: a plugin that fails in a hook in any way (sys.exit too, a print, a catalogue
another plugin defines) is reported and skipped whole; Ctrl-C still stops."""

import sys
import warnings

import pytest

import govdisclosure
from govdisclosure import core_plugin
from govdisclosure.engine import check
from govdisclosure.hookspecs import hookimpl
from govdisclosure.plugins import PluginWarning, make_plugin_manager
from govdisclosure.registry import of_manager
from govdisclosure.rules import ReportRule

from conftest import SAMPLE


def _quiet_rule(code="ZR101"):
    return ReportRule(code, "quiet", "compliance", "info", "{x}", "测试", lambda context: iter(()))


class ExitingRulesPlugin:
    """Exits in its rules hook; its catalogue must not be used either."""

    @hookimpl
    def govdisclosure_rules(self):
        sys.exit(0)

    @hookimpl
    def govdisclosure_catalogs(self):
        from test_plugins import ExtraCatalogPlugin

        return ExtraCatalogPlugin().govdisclosure_catalogs()


def test_sys_exit_in_a_hook_reports_the_plugin_and_skips_it_whole():
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(ExitingRulesPlugin(), name="exiting")
    with pytest.warns(PluginWarning, match="SystemExit"):
        registry = of_manager(manager, failures)
    assert [(f.name, f.value) for f in registry.failures] == [("exiting", "govdisclosure_rules")]
    assert "hubei2019" not in registry.catalogs.templates and "f2021" in registry.catalogs.templates
    assert check(govdisclosure.load(SAMPLE), registry)  # the run goes on with the core


class InterruptedPlugin:
    @hookimpl
    def govdisclosure_rules(self):
        raise KeyboardInterrupt


def test_ctrl_c_in_a_hook_stops_the_load():
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(InterruptedPlugin(), name="interrupted")
    with pytest.raises(KeyboardInterrupt):
        of_manager(manager, failures)


class PrintingPlugin:
    @hookimpl
    def govdisclosure_rules(self):
        print("HELLO FROM the rules hook")
        return [_quiet_rule()]


def test_a_hook_that_prints_writes_to_standard_error_not_output(capsys):
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(PrintingPlugin(), name="printing")
    registry = of_manager(manager, failures)
    captured = capsys.readouterr()
    assert registry.rule("ZR101") is not None and not registry.failures
    assert captured.out == "" and "HELLO FROM the rules hook" in captured.err


def _f2021_again():
    return [core_plugin._catalog_data().joinpath("f2021.toml")]


class DuplicateCataloguePlugin:
    """A catalogue of a template the core defines, and a rule (skipped with it)."""

    @hookimpl
    def govdisclosure_catalogs(self):
        return _f2021_again()

    @hookimpl
    def govdisclosure_rules(self):
        return [_quiet_rule("ZD101")]


class LastDuplicateCataloguePlugin(DuplicateCataloguePlugin):
    """The same, its hook asking pluggy to be called last: it must not come before the core."""

    @hookimpl(trylast=True)
    def govdisclosure_catalogs(self):
        return _f2021_again()


@pytest.mark.parametrize("plugin", [DuplicateCataloguePlugin(), LastDuplicateCataloguePlugin()])
def test_a_catalogue_of_a_template_already_defined_skips_the_later_plugin(plugin):
    manager, failures = make_plugin_manager(autoload=False)
    manager.register(plugin, name="duplicate")
    with pytest.warns(PluginWarning, match="two catalogues define template 'f2021'"):
        registry = of_manager(manager, failures)
    assert [f.name for f in registry.failures] == ["duplicate"]
    assert registry.catalogs.get("f2021").plugin == "core" and registry.rule("ZD101") is None
    report = govdisclosure.load(SAMPLE)
    assert check(report, registry) == check(report)  # the core's run, unchanged


def test_two_plugins_defining_one_template_fail_the_later_one():
    from test_plugins import ExtraCatalogPlugin

    manager, failures = make_plugin_manager(autoload=False)
    manager.register(ExtraCatalogPlugin(), name="first")
    manager.register(ExtraCatalogPlugin(), name="second")
    with pytest.warns(PluginWarning, match="second"):
        registry = of_manager(manager, failures)
    assert [f.name for f in registry.failures] == ["second"] and registry.catalogs.get("hubei2019").plugin == "first"


def test_a_plugin_warning_is_shown_as_one_plain_line():
    line = warnings.formatwarning("插件 x 加载失败", PluginWarning, "/site-packages/govdisclosure/registry.py", 93,
                                  "warn(failure)")
    assert line == "govdisclosure: warning: 插件 x 加载失败\n"
    other = warnings.formatwarning("old", DeprecationWarning, "x.py", 3, "call()")
    assert other.startswith("x.py:3: DeprecationWarning: old")  # other warnings keep their format
