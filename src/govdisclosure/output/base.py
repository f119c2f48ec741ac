"""What every writer of `check`'s results does, in the order the run calls it."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # (type only: the command line imports this module before any rule)
    from ..rules.model import Diagnostic

# The characters a file name may hold that a terminal would act on (ESC starts a colour or a
# cursor move) or that break a line, and the bytes of a name that is not UTF-8 (decoded by
# Python as lone surrogates, `surrogateescape`).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNDECODABLE = re.compile(r"[\udc80-\udcff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def undecodable_escaped(text: str, backslash: str = "\\") -> str:
    """A text's undecodable bytes as `\\xNN` (`backslash` doubled for the inside of a JSON string)."""
    return _UNDECODABLE.sub(lambda m: f"{backslash}x{ord(m.group()) - 0xDC00:02x}", text)


def shown(text: str) -> str:
    """A name (or a message holding one) as it may be printed: undecodable bytes and control
    characters as backslash escapes (`bad\\xff\\xfename.txt`, `\\x1b[31m`), the rest as it is."""
    text = _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)
    return undecodable_escaped(text)


def json_text(text: str) -> str:
    """JSON text (`json.dumps(…, ensure_ascii=False)`) that can be written as UTF-8: a name's
    undecodable bytes become `\\xNN` in its string, as the text output prints them. (Lone
    surrogates are only ever inside strings, and JSON escapes the control characters itself.)"""
    return undecodable_escaped(text, "\\\\") if _UNDECODABLE.search(text) else text


def color_wanted(stream, environ=os.environ) -> bool:
    """Whether to colour what goes to `stream`: FORCE_COLOR (not empty) always, as ruff does;
    else never with NO_COLOR (not empty) or TERM=dumb; else when it is a terminal."""
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # (a closed stream)
        return False


class Writer:
    """Writes one run's results to a stream: `start()`, then `diagnostic()` for each finding as
    it comes and `file()` for each report read, then `finish()` with the cross-year series and
    the run's summary, saying whether the run was interrupted (the output is still whole: a
    valid document that says so). Messages are rendered in `lang`."""

    def __init__(self, stream: TextIO, *, lang: str = "zh", registry=None, version: str = "", color: bool = False):
        self.stream, self.lang, self.registry, self.version = stream, lang, registry, version
        self.color = color  # ANSI colours (the text output on a terminal, `color_wanted`)

    def start(self) -> None:
        pass

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        raise NotImplementedError

    # Whether the writer draws each report (its tables, its panel rows): `details()` is then
    # called with them, before `file()`.
    wants_details = False

    def details(self, summary: dict[str, Any], details: dict[str, Any]) -> None:
        """One report's details (run.report_details), for a writer that `wants_details`."""

    def file(self, summary: dict[str, Any]) -> None:
        pass

    def finish(self, collections: list[dict[str, Any]], summary: dict[str, Any], interrupted: bool = False) -> None:
        pass

    def close(self) -> None:
        """Release what the writer holds (a spool of file summaries), whether or not it finished."""
