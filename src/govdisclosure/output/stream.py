"""Standard output as the commands write to it."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from .base import undecodable_escaped


@contextmanager
def bars_cleared():
    """While a progress bar is drawn on the terminal (tqdm, on stderr), what is written inside
    is written with the bar cleared first and redrawn after, so that a finding never shares a
    line with the bar. Nothing to do when no bar is live (tqdm not even imported)."""
    tqdm = sys.modules.get("tqdm")
    if tqdm is None or not getattr(tqdm.tqdm, "_instances", None):
        yield
        return
    with tqdm.tqdm.external_write_mode(file=sys.stderr):
        yield
        sys.stdout.flush()  # (before the bar is drawn again)


class OutputError(Exception):
    """Standard output could not be written (a full disk, an I/O error): exit 2, never 3."""


class Output:
    """Standard output as the commands write to it: a write that fails raises OutputError (a
    closed pipe stays BrokenPipeError, for `| head`); a name's undecodable bytes are written
    as `\\xNN` (the JSON writers escape them inside their strings themselves)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            with bars_cleared():
                return self.stream.write(undecodable_escaped(text))
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(error.strerror or str(error)) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(error.strerror or str(error)) from None
        except ValueError:  # (closed)
            pass

    def __getattr__(self, name: str):
        return getattr(self.stream, name)
