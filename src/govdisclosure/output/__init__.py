"""Writers of `check`'s results: text, json, sarif, github and csv. Each takes its fields from one
converter (`output.convert`); the command line only picks one."""

from __future__ import annotations

from .base import Writer
from .csv import CsvWriter
from .github import GithubWriter
from .json import JsonWriter
from .sarif import SarifWriter
from .text import TextWriter

WRITERS: dict[str, type[Writer]] = {"text": TextWriter, "json": JsonWriter, "sarif": SarifWriter,
                                    "github": GithubWriter, "csv": CsvWriter}


def writer(name: str, stream, **options) -> Writer:
    """The writer of output format `name` on `stream` (options: lang, registry, version)."""
    return WRITERS[name](stream, **options)


__all__ = ["WRITERS", "CsvWriter", "GithubWriter", "JsonWriter", "SarifWriter", "TextWriter", "Writer", "writer"]
