"""Plugins: the core through the hooks, installed plugins loaded one by one, failures reported."""

import warnings
from importlib import metadata

import pytest

from govdisclosure import plugins
from govdisclosure.catalog.registry import gather_catalogs
from govdisclosure.hookspecs import hookimpl
from govdisclosure.plugins import PluginWarning, make_plugin_manager


def fake_entry_points(*entries):
    return lambda: [metadata.EntryPoint(name, value, plugins.ENTRY_POINT_GROUP) for name, value in entries]


def test_core_registers_its_catalogues_through_the_hook():
    manager, failures = make_plugin_manager(autoload=False)
    assert failures == []
    assert "core" in {manager.get_name(p) for p in manager.get_plugins()}
    catalogs = gather_catalogs(manager, failures)
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
        catalogs = gather_catalogs(manager, failures)
    assert [f.name for f in catalogs.failures] == ["bad"]
    assert "hubei2019" in catalogs.templates and "f2021" in catalogs.templates
