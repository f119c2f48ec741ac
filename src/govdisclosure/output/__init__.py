"""Writers of `check`'s results: text, json, sarif, github, csv, html and xlsx. Each takes its fields from one
converter (`output.convert`); the command line only picks one."""

from __future__ import annotations

from .base import Writer
from .csv import CsvWriter
from .github import GithubWriter
from .html_report import HtmlWriter
from .json import JsonWriter
from .sarif import SarifWriter
from .text import TextWriter
from .xlsx import XlsxWriter

WRITERS: dict[str, type[Writer]] = {"text": TextWriter, "json": JsonWriter, "sarif": SarifWriter,
                                    "github": GithubWriter, "csv": CsvWriter, "html": HtmlWriter, "xlsx": XlsxWriter}


def writer(name: str, stream, **options) -> Writer:
    """The writer of output format `name` on `stream` (options: lang, registry, version)."""
    return WRITERS[name](stream, **options)


__all__ = ["WRITERS", "CsvWriter", "GithubWriter", "HtmlWriter", "JsonWriter", "SarifWriter", "TextWriter", "Writer",
           "XlsxWriter", "writer"]
