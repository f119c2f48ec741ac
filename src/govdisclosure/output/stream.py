"""Standard output as the commands write to it."""

from __future__ import annotations

from .base import undecodable_escaped


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
