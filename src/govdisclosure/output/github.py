"""GitHub Actions workflow commands: one annotation per finding (`::error file=…,line=…::…`)."""

from __future__ import annotations

from .base import Writer, shown

LEVELS = {"error": "error", "warning": "warning"}  # anything else is a notice


def _escaped(text: str) -> str:
    """A workflow command's message, with the characters the runner would read as syntax escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _escaped(text).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(Writer):
    def diagnostic(self, d) -> None:
        line, column = (d.span.line, d.span.column) if d.span else (1, 1)
        self.stream.write(f"::{LEVELS.get(d.severity, 'notice')} file={_property(shown(d.source))},line={line},col={column},"
                          f"title={_property(f'{d.code} {d.name}')}::{_escaped(d.message_in(self.lang))}\n")
