"""The catalogues in force: the core's and the plugins', gathered through the hooks."""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

import attrs
from attrs import frozen

from ..plugins import PluginFailure, PluginWarning, make_plugin_manager, trace
from .model import Catalog, CatalogError, parse_catalog, tomllib


@frozen
class Catalogs:
    """Every catalogue, in registration order, and the plugins that failed."""

    catalogs: tuple[Catalog, ...]
    failures: tuple[PluginFailure, ...] = ()

    def get(self, template: str) -> Catalog | None:
        return next((c for c in self.catalogs if c.template == template), None)

    @property
    def templates(self) -> tuple[str, ...]:
        return tuple(c.template for c in self.catalogs)


def gather_catalogs(manager, failures: list[PluginFailure]) -> Catalogs:
    """Call each plugin's `govdisclosure_catalogs` on its own; a plugin whose catalogue does not
    load is reported and skipped. The core's must load. Variants (`extends`) are read after
    every catalogue they may extend."""
    catalogs: list[Catalog] = []
    variants: list[tuple[str, dict, str]] = []
    failures = list(failures)

    def failed(plugin: str, error: Exception) -> None:
        if plugin == "core":
            raise error
        failure = PluginFailure(plugin, "govdisclosure_catalogs", f"{type(error).__name__}: {error}")
        failures.append(failure)
        warnings.warn(str(failure), PluginWarning, stacklevel=3)

    for impl in manager.hook.govdisclosure_catalogs.get_hookimpls():
        try:
            loaded = []
            for item in impl.function() or ():
                if isinstance(item, Catalog):
                    loaded.append(item)
                    continue
                data, origin = _read(item)
                if data.get("template", {}).get("extends"):
                    variants.append((impl.plugin_name, data, origin))
                else:
                    loaded.append(parse_catalog(data, origin))
        except Exception as error:  # noqa: BLE001 - a plugin's failure is reported, not raised
            failed(impl.plugin_name, error)
            continue
        for catalog in loaded:
            catalogs.append(attrs.evolve(catalog, plugin=impl.plugin_name))
            trace(f"govdisclosure_catalogs [{impl.plugin_name}] → {catalog.template} ({catalog.origin})")
    for plugin, data, origin in variants:
        base = next((c for c in catalogs if c.template == data["template"]["extends"]), None)
        try:
            if base is None:
                raise CatalogError(f"{origin}: extends {data['template']['extends']!r}, which is not loaded")
            catalog = parse_catalog(data, origin, base)
        except Exception as error:  # noqa: BLE001
            failed(plugin, error)
            continue
        catalogs.append(attrs.evolve(catalog, plugin=plugin))
        trace(f"govdisclosure_catalogs [{plugin}] → {catalog.template} extends {catalog.extends} ({origin})")
    seen = {}
    for catalog in catalogs:
        if catalog.template in seen:
            raise CatalogError(f"two catalogues define template {catalog.template!r}: {seen[catalog.template]} and {catalog.origin}")
        seen[catalog.template] = catalog.origin
    return Catalogs(tuple(catalogs), tuple(failures))


def _read(item) -> tuple[dict, str]:
    """The TOML data of a catalogue file (a path or a package resource) and its name."""
    name = getattr(item, "name", str(item))
    try:
        return tomllib.loads(item.read_text(encoding="utf-8") if hasattr(item, "read_text") else Path(item).read_text(encoding="utf-8")), name
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{name}: not valid TOML: {error}") from None


@lru_cache(maxsize=1)
def default_catalogs() -> Catalogs:
    """The catalogues of the core and the installed plugins (loaded once per process)."""
    manager, failures = make_plugin_manager()
    return gather_catalogs(manager, failures)
