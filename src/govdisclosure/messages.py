"""The package's data files (`data_toml`), and the lines the tool says of its own (not the rules'
messages), by language: data/messages.toml. The command line's are its top-level keys, the text
and HTML outputs' its `output` and `html` tables."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def data_toml(name: str) -> dict[str, Any]:
    """A TOML file of the package's `data/` (rules' parameters, words, the tool's lines), read
    once. Shared: a caller derives from it, never changes it."""
    from .cache import toml

    return toml(resources.files("govdisclosure").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def messages() -> dict[str, dict[str, Any]]:
    """data/messages.toml by language (`zh`, `en`): str.format templates."""
    return data_toml("messages.toml")
