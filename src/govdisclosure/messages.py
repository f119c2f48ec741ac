"""The lines the tool says of its own (not the rules' messages), by language: data/messages.toml.
The command line's are its top-level keys, the text output's its `output` tables."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, Any]]:
    """data/messages.toml by language (`zh`, `en`): str.format templates."""
    from .catalog.model import tomllib

    text = resources.files("govdisclosure").joinpath("data/messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
