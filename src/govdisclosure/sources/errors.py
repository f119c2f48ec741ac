"""The one error a reader raises, and the two-language message it shares with the other errors."""

from __future__ import annotations


class TwinError(Exception):
    """An error whose message is said in Chinese and, when there is one, in English.

    `str(error)` is the Chinese message; `en` is the same message in English (None where there
    is none), and `in_language(lang)` the one to show in a run's language."""

    def __init__(self, message: str, *args: object, en: str | None = None):
        super().__init__(message, *args)
        self.en = en

    def __reduce__(self):  # keep `en` across processes (pickle passes only args)
        return (_rebuild, (type(self), self.args, self.en))

    def in_language(self, lang: str) -> str:
        """The message in `lang`: the English when lang is "en" and there is one, else the Chinese."""
        if lang == "en" and self.en is not None:
            return self.en
        return str(self)

    def prefixed(self, prefix: str) -> TwinError:
        """The same kind of error with `prefix` (a path and ": ") before both texts."""
        return type(self)(f"{prefix}{self}", en=None if self.en is None else f"{prefix}{self.en}")


def _rebuild(kind: type[TwinError], args: tuple, en: str | None) -> TwinError:
    return kind(*args, en=en)


def in_language(error: BaseException, lang: str) -> str:
    """Any error's message in `lang`: a `TwinError`'s English when asked for, else `str(error)`."""
    return error.in_language(lang) if isinstance(error, TwinError) else str(error)


class LoadError(TwinError):
    """A file that cannot be read as a report; the message says why, in plain words."""

    def prefixed(self, prefix: str) -> LoadError:
        """A plain `LoadError` with `prefix` (a path and ": ") before both texts."""
        return LoadError(f"{prefix}{self}", en=None if self.en is None else f"{prefix}{self.en}")
