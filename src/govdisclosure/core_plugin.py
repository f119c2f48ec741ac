"""The core's contributions, registered through the same hooks a province's plugin uses."""

from __future__ import annotations

from importlib import resources

from .hookspecs import hookimpl

CORE_CATALOGS = ("legacy.toml", "f2019.toml", "f2021.toml")


@hookimpl
def govdisclosure_catalogs():
    data = resources.files("govdisclosure").joinpath("catalog/data")
    return [data.joinpath(name) for name in CORE_CATALOGS]
