"""Writers of `check`'s results: text, json, sarif, github, csv, html and xlsx. Each takes its fields from one
converter (`output.convert`); the command line only picks one."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import Writer

# Each format's writer, as "module:class": imported only when a run writes that format (the html
# and xlsx writers are large, and the command line imports this package for every command).
FORMATS = {"text": "text:TextWriter", "json": "json:JsonWriter", "sarif": "sarif:SarifWriter",
           "github": "github:GithubWriter", "csv": "csv:CsvWriter", "html": "html_report:HtmlWriter",
           "xlsx": "xlsx:XlsxWriter"}


def writer_class(name: str) -> type[Writer]:
    """The writer class of output format `name`."""
    module, _, cls = FORMATS[name].partition(":")
    return getattr(import_module(f".{module}", __name__), cls)


def writer(name: str, stream, **options) -> Writer:
    """The writer of output format `name` on `stream` (options: lang, registry, version)."""
    return writer_class(name)(stream, **options)


def __getattr__(name: str) -> Any:
    """`WRITERS` (every format's class) and each writer class by name, imported on first use."""
    if name == "WRITERS":
        return {format_name: writer_class(format_name) for format_name in FORMATS}
    for format_name, where in FORMATS.items():
        if where.endswith(f":{name}"):
            return writer_class(format_name)
    if name == "Writer":
        from .base import Writer

        return Writer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATS", "WRITERS", "CsvWriter", "GithubWriter", "HtmlWriter", "JsonWriter", "SarifWriter", "TextWriter", "Writer",
           "XlsxWriter", "writer", "writer_class"]
