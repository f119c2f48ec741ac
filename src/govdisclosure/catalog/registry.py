"""The catalogues in force: the core's and the plugins', gathered through the hooks."""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from attrs import frozen

from ..plugins import PluginFailure, PluginWarning, make_plugin_manager
from .model import Catalog, CatalogError, load_catalog


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
    load is reported and skipped. The core's must load."""
    catalogs: list[Catalog] = []
    failures = list(failures)
    for impl in manager.hook.govdisclosure_catalogs.get_hookimpls():
        try:
            for item in impl.function() or ():
                catalogs.append(item if isinstance(item, Catalog) else _load(item))
        except Exception as error:  # noqa: BLE001 - a plugin's failure is reported, not raised
            if impl.plugin_name == "core":
                raise
            failure = PluginFailure(impl.plugin_name, "govdisclosure_catalogs", f"{type(error).__name__}: {error}")
            failures.append(failure)
            warnings.warn(str(failure), PluginWarning, stacklevel=2)
    seen = {}
    for catalog in catalogs:
        if catalog.template in seen:
            raise CatalogError(f"two catalogues define template {catalog.template!r}: {seen[catalog.template]} and {catalog.origin}")
        seen[catalog.template] = catalog.origin
    return Catalogs(tuple(catalogs), tuple(failures))


def _load(item) -> Catalog:
    if hasattr(item, "read_text") and not isinstance(item, Path):  # an importlib.resources Traversable
        from .model import parse_catalog, tomllib

        return parse_catalog(tomllib.loads(item.read_text(encoding="utf-8")), item.name)
    return load_catalog(item)


@lru_cache(maxsize=1)
def default_catalogs() -> Catalogs:
    """The catalogues of the core and the installed plugins (loaded once per process)."""
    manager, failures = make_plugin_manager()
    return gather_catalogs(manager, failures)
