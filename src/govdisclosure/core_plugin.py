"""The core's contributions, registered through the same hooks a province's plugin uses."""

from __future__ import annotations

from importlib import resources

from .hookspecs import hookimpl

CORE_CATALOGS = ("legacy.toml", "f2019.toml", "f2021.toml")


def _catalog_data():
    return resources.files("govdisclosure").joinpath("catalog/data")


@hookimpl
def govdisclosure_catalogs():
    return [_catalog_data().joinpath(name) for name in CORE_CATALOGS]


@hookimpl
def govdisclosure_sections():
    return [resources.files("govdisclosure").joinpath("data/sections.toml")]


@hookimpl
def govdisclosure_lexicon():
    return [resources.files("govdisclosure").joinpath("data/lexicon.toml")]


@hookimpl
def govdisclosure_deadlines():
    return [resources.files("govdisclosure").joinpath("data/deadlines.toml")]


@hookimpl
def govdisclosure_derived():
    return [_catalog_data().joinpath("derived.toml")]


@hookimpl
def govdisclosure_prose_patterns():
    return [_catalog_data().joinpath("prose.toml")]
