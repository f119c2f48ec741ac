"""What every writer of `check`'s results does, in the order the run calls it."""

from __future__ import annotations

from typing import Any, TextIO

from ..rules.model import Diagnostic


class Writer:
    """Writes one run's results to a stream: `start()`, then `diagnostic()` for each finding as
    it comes and `file()` for each report read, then `finish()` with the cross-year series and
    the run's summary, saying whether the run was interrupted (the output is still whole: a
    valid document that says so). Messages are rendered in `lang`."""

    def __init__(self, stream: TextIO, *, lang: str = "zh", registry=None, version: str = ""):
        self.stream, self.lang, self.registry, self.version = stream, lang, registry, version

    def start(self) -> None:
        pass

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        raise NotImplementedError

    def file(self, summary: dict[str, Any]) -> None:
        pass

    def finish(self, collections: list[dict[str, Any]], summary: dict[str, Any], interrupted: bool = False) -> None:
        pass

    def close(self) -> None:
        """Release what the writer holds (a spool of file summaries), whether or not it finished."""
