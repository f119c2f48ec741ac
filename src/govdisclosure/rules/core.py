"""The core rules, registered through the `govdisclosure_rules` hook like any plugin's. Each is
declared where it checks (`@rule` in the family's module); this module only gathers them."""

from __future__ import annotations

from types import ModuleType

from ..hookspecs import hookimpl
from . import across_reports, arithmetic, cross_year, inputs, periods, prose, structure, text
from .model import Rule


def rules_in(*modules: ModuleType) -> tuple[Rule, ...]:
    """The rules declared in modules (the names `@rule` and `@pair_rule` made), by code."""
    found = {value.code: value for module in modules for value in vars(module).values() if isinstance(value, Rule)}
    return tuple(sorted(found.values(), key=lambda rule: rule.code))


CORE_RULES = rules_in(across_reports, arithmetic, cross_year, inputs, periods, prose, structure, text)


@hookimpl
def govdisclosure_rules():
    return list(CORE_RULES)
