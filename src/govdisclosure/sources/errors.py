"""The one error a reader raises."""

from __future__ import annotations


class LoadError(Exception):
    """A file that cannot be read as a report; the message says why, in plain words.

    `str(error)` is the Chinese message; `en` is the same message in English (None where there
    is none), and `in_language(lang)` the one to show in a run's language."""

    def __init__(self, message: str, *args: object, en: str | None = None):
        super().__init__(message, *args)
        self.en = en

    def in_language(self, lang: str) -> str:
        """The message in `lang`: the English when lang is "en" and there is one, else the Chinese."""
        if lang == "en" and self.en is not None:
            return self.en
        return str(self)

    def prefixed(self, prefix: str) -> LoadError:
        """A plain `LoadError` with `prefix` (a path and ": ") before both texts."""
        return LoadError(f"{prefix}{self}", en=None if self.en is None else f"{prefix}{self.en}")
