"""The `govdisclosure_*` hooks: how the core and every plugin contribute to the library.

A plugin is a module or object with functions marked `@hookimpl`, registered through the
`govdisclosure` entry-point group (see docs/plugins.md). The core's own catalogues come through
the same hooks (`govdisclosure.core_plugin`).
"""

from __future__ import annotations

import pluggy

PROJECT = "govdisclosure"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def govdisclosure_catalogs():
    """Indicator catalogues to add: a list of paths to catalogue TOML files
    (docs/catalog-format.md) or `govdisclosure.catalog.Catalog` objects."""


@hookspec
def govdisclosure_rules():
    """Rules to add: a list of `govdisclosure.rules.Rule`. Codes are unique across plugins."""


@hookspec
def govdisclosure_rule_overrides():
    """Changes to rules (the core's or another plugin's) where this plugin applies: a list of
    `govdisclosure.rules.RuleOverride`: a rule code, a severity and/or message templates (a
    province's own wording, an English translation), and the regions and templates where they
    hold. The engine applies them; the configuration's `severity` still has the last word."""


@hookspec
def govdisclosure_sections():
    """Required sections per template: a list of paths to TOML files with
    `[templates.NAME]` tables holding `sections = [{name = "…", words = ["…"]}, …]` in order
    (data/sections.toml shows the core's). A template given later replaces an earlier one; a
    variant with none of its own requires what its base does."""


@hookspec
def govdisclosure_lexicon():
    """Common mistakes in a report's wording to point out (GD602): a list of paths to TOML files
    of `[[entries]]` with `wrong` and `right` (data/lexicon.toml shows the core's)."""


@hookspec
def govdisclosure_deadlines():
    """Publication deadlines to add (GD403): a list of paths to TOML files of `[[deadlines]]`
    (data/deadlines.toml shows the core's and the keys). An entry with `regions` applies there
    and wins over the national ones; a later plugin's wins over an earlier one's."""


@hookspec
def govdisclosure_derived():
    """Derived indicators to add (rates computed from the statistics, `derived.<id>` in the
    panel): a list of paths to TOML files of `[[indicators]]` (catalog/data/derived.toml shows
    the core's and the keys). An indicator of an id already known adds its variants to it."""


@hookspec
def govdisclosure_prose_patterns():
    """Prose patterns to add: a list of paths to TOML files of `[[patterns]]`
    (catalog/data/prose.toml shows the format): sentences that state a number of a concept."""
