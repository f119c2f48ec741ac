"""Loading plugins: the core first, then each installed plugin on its own.

A plugin that fails to import or register is reported (`PluginFailure`, and a warning) and
skipped; it never stops the others and is never silently ignored. Set
GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD=1 to load the core only, and GOVDISCLOSURE_DEBUG=1 to trace
every hook call on standard error. Plugins are left out by name through pluggy's blocking
(`govdisclosure -p no:NAME`, `registry.load(blocked=…)`). What the plugins contribute is gathered
in `govdisclosure.registry`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterable
from importlib import metadata
from typing import TextIO

import pluggy
from attrs import frozen

from . import core_plugin, hookspecs
from .rules import core as core_rules

ENTRY_POINT_GROUP = "govdisclosure"
DISABLE_AUTOLOAD = "GOVDISCLOSURE_DISABLE_PLUGIN_AUTOLOAD"
# The core's own plugins: their contributions must load (a failure there is a bug, and raises).
CORE_PLUGINS = frozenset({"core", "core-rules"})
DEBUG = "GOVDISCLOSURE_DEBUG"


@frozen
class PluginFailure:
    """A plugin that could not be loaded, and why."""

    name: str
    value: str
    error: str
    version: str = ""

    def __str__(self) -> str:
        return self.in_language("zh")

    def in_language(self, lang: str) -> str:
        version = f" {self.version}" if self.version else ""
        if lang == "en":
            return (f"plugin {self.name}{version} ({self.value}) failed to load and was skipped whole (none of its "
                    f"catalogues, rules or overrides is used): {self.error}")
        return f"插件 {self.name}{version}（{self.value}）加载失败，整个插件已跳过（其目录、规则与覆盖均不使用）：{self.error}"


@frozen
class PluginInfo:
    """A loaded plugin: its entry-point name, its distribution and version."""

    name: str
    distribution: str = ""
    version: str = ""


def trace(message: str) -> None:
    """With GOVDISCLOSURE_DEBUG set, what a hook call returned, on standard error."""
    if os.environ.get(DEBUG):
        print(f"govdisclosure: debug: {message}", file=sys.stderr)


class PluginWarning(UserWarning):
    """Raised as a warning for each plugin that failed to load (its `failure`, when set, is the
    PluginFailure, which says it in either language)."""

    failure: PluginFailure | None = None


# The language a PluginWarning is shown in: the command line's --lang (`show_warnings_in`).
_WARNING_LANGUAGE = ["zh"]


def show_warnings_in(lang: str) -> None:
    _WARNING_LANGUAGE[0] = lang


def _plain_plugin_warnings(format_warning):
    """`warnings.formatwarning`, showing a PluginWarning as one `govdisclosure: warning:` line (a
    source path and a line of our code tell the user nothing about their plugin), in the
    language the command line was asked for."""
    def formatwarning(message, category, filename, lineno, line=None):
        if isinstance(category, type) and issubclass(category, PluginWarning):
            failure = getattr(message, "failure", None)
            text = failure.in_language(_WARNING_LANGUAGE[0]) if failure is not None else message
            return f"govdisclosure: warning: {text}\n"
        return format_warning(message, category, filename, lineno, line)

    return formatwarning


# Every other warning keeps the format it had.
warnings.formatwarning = _plain_plugin_warnings(warnings.formatwarning)


def warn(failure: PluginFailure, stacklevel: int = 3) -> None:
    """A plugin's failure as a PluginWarning (API users can catch or filter it)."""
    warning = PluginWarning(str(failure))
    warning.failure = failure  # (its English, for the formatter)
    warnings.warn(warning, stacklevel=stacklevel)


def stops_the_run(error: BaseException) -> bool:
    """Whether an exception raised in plugin code is the user stopping the run (Ctrl-C, or the
    run's SIGINT/SIGTERM), which must go through, rather than a failure of the plugin's (any other,
    SystemExit included: a plugin calling sys.exit must not end the run with exit 0)."""
    from .run import Interrupted  # (on the error path only: loading plugins needs none of run's modules)

    return isinstance(error, (KeyboardInterrupt, Interrupted))


def stdout_to_stderr() -> contextlib.redirect_stdout[TextIO]:
    """While plugin code runs: its print() goes to standard error, so that standard output holds
    the results only (JSON, SARIF, CSV)."""
    return contextlib.redirect_stdout(sys.stderr)


def _entry_points() -> metadata.EntryPoints:
    return metadata.entry_points(group=ENTRY_POINT_GROUP)


def register(manager: pluggy.PluginManager, plugin, name: str) -> None:
    """Register a plugin, refusing one that implements a hook no spec declares (a misspelt
    `govdisclosure_rule` would otherwise never be called, and the plugin look loaded)."""
    manager.register(plugin, name=name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        manager.unregister(name=name)
        known = ", ".join(sorted(h for h in dir(manager.hook) if h.startswith("govdisclosure_")))
        raise pluggy.PluginValidationError(plugin, f"{error}（已知的钩子：{known}）") from None


def make_plugin_manager(autoload: bool | None = None,
                        blocked: Iterable[str] = ()) -> tuple[pluggy.PluginManager, list[PluginFailure]]:
    """A plugin manager with the core and the installed plugins registered, less the `blocked`
    ones (never even imported), and the failures. The loaded plugins' distributions and versions
    are in `manager.govdisclosure_infos`."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    if os.environ.get(DEBUG):
        manager.trace.root.setwriter(lambda message: print(message, end="", file=sys.stderr))
        manager.enable_tracing()
    manager.register(core_plugin, name="core")
    manager.register(core_rules, name="core-rules")
    from . import __version__

    infos = [PluginInfo("core", "govdisclosure", __version__), PluginInfo("core-rules", "govdisclosure", __version__)]
    failures: list[PluginFailure] = []
    if autoload is None:
        autoload = not os.environ.get(DISABLE_AUTOLOAD)
    for name in blocked:
        manager.set_blocked(name)
    if autoload:
        for entry_point in sorted(_entry_points(), key=lambda ep: ep.name):
            if manager.is_blocked(entry_point.name):
                trace(f"plugin {entry_point.name} left out (-p no:{entry_point.name})")
                continue
            dist = getattr(entry_point, "dist", None)
            distribution, version = (dist.name, dist.version) if dist is not None else ("", "")
            try:
                with stdout_to_stderr():
                    plugin = entry_point.load()
                    register(manager, plugin, entry_point.name)
                infos.append(PluginInfo(entry_point.name, distribution, version))
                trace(f"plugin {entry_point.name} loaded ({distribution} {version})")
            except BaseException as error:  # noqa: BLE001 - any failure of a plugin (sys.exit too) is reported, not raised
                if stops_the_run(error):
                    raise
                failure = PluginFailure(entry_point.name, entry_point.value, f"{type(error).__name__}: {error}", version)
                failures.append(failure)
                warn(failure)
    setattr(manager, "govdisclosure_infos", tuple(infos))  # ours: pluggy's class declares no such attribute
    return manager, failures
