"""Loading plugins: the core first, then each installed plugin on its own.

A plugin that fails to import or register is reported (`PluginFailure`, and a warning) and
skipped; it never stops the others and is never silently ignored. Set
GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD=1 to load the core only.
"""

from __future__ import annotations

import os
import warnings
from importlib import metadata

import pluggy
from attrs import frozen

from . import core_plugin, hookspecs
from .rules import core as core_rules

ENTRY_POINT_GROUP = "govdisclosure"
DISABLE_AUTOLOAD = "GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD"


@frozen
class PluginFailure:
    """A plugin that could not be loaded, and why."""

    name: str
    value: str
    error: str

    def __str__(self) -> str:
        return f"插件 {self.name}（{self.value}）加载失败，已跳过：{self.error}"


class PluginWarning(UserWarning):
    """Raised as a warning for each plugin that failed to load."""


def _entry_points():
    return metadata.entry_points(group=ENTRY_POINT_GROUP)


def make_plugin_manager(autoload: bool | None = None) -> tuple[pluggy.PluginManager, list[PluginFailure]]:
    """A plugin manager with the core and the installed plugins registered, and the failures."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    manager.register(core_plugin, name="core")
    manager.register(core_rules, name="core-rules")
    failures: list[PluginFailure] = []
    if autoload is None:
        autoload = not os.environ.get(DISABLE_AUTOLOAD)
    if autoload:
        for entry_point in sorted(_entry_points(), key=lambda ep: ep.name):
            try:
                plugin = entry_point.load()
                manager.register(plugin, name=entry_point.name)
            except Exception as error:  # noqa: BLE001 - any failure of a plugin is reported, not raised
                failure = PluginFailure(entry_point.name, entry_point.value, f"{type(error).__name__}: {error}")
                failures.append(failure)
                warnings.warn(str(failure), PluginWarning, stacklevel=2)
    return manager, failures
