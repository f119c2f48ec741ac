"""What a run builds from data files and would build again the same way next time, kept in the
user's cache directory: the grammar's LALR tables (lark's own cache), the parsed TOML of the
catalogues and the gazetteer's indexes. A process that reads one report starts much sooner.

The directory is the user's own (`~/.cache/govdisclosure`, or under XDG_CACHE_HOME), never a
shared temporary one, since a pickle runs code when read; GOVDISCLOSURE_CACHE_DIR chooses
another, and an empty value turns every cache off. An entry is named by a digest of everything
it was built from (its inputs, the library's and Python's versions), so a changed input is a
new entry and a stale one is never read; an entry that cannot be read or written is built again,
as it would be without a cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

_Built = TypeVar("_Built")


def folder() -> str | None:
    """The cache directory, made if need be; None when caching is off or it cannot be made."""
    chosen = os.environ.get("GOVDISCLOSURE_CACHE_DIR")
    if chosen == "":
        return None
    if chosen is None:
        home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        chosen = os.path.join(home, "govdisclosure")
    try:
        os.makedirs(chosen, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return chosen


def _version() -> str:
    from . import __version__

    return f"{__version__} {sys.version}"


def kept(kind: str, inputs: str | bytes, build: Callable[[], _Built], built_by: str | None = None) -> _Built:
    """`build()`, or what an earlier run's `build()` made of the same `inputs` (the text of the
    data files it reads, or anything else it depends on) with the same code: `built_by`, the
    file of the module whose code builds it (its bytes join the digest, so an edit of the code in
    a checkout, the version unchanged, builds anew). `kind` names the entry's files."""
    place = folder()
    if place is None:
        return build()
    data = inputs.encode("utf-8", "surrogatepass") if isinstance(inputs, str) else inputs
    code = b""
    if built_by is not None:
        try:
            with open(built_by, "rb") as source:
                code = source.read()
        except OSError:
            return build()  # (code that cannot be read cannot be told unchanged)
    digest = hashlib.sha256(_version().encode() + b"\0" + code + b"\0" + data).hexdigest()[:24]
    path = os.path.join(place, f"{kind}-{digest}.pickle")
    try:
        with open(path, "rb") as stored:
            return pickle.load(stored)
    except Exception:  # noqa: BLE001 - missing, truncated or unreadable: built again below
        pass
    built = build()
    import tempfile

    try:  # written whole under another name, then renamed: a reader never sees half an entry
        handle, temporary = tempfile.mkstemp(dir=place, prefix=f".{kind}-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - a full disk or a read-only cache: the run goes on without it
        try:
            os.unlink(temporary)
        except (OSError, UnboundLocalError):
            pass
    return built


def toml(text: str) -> dict:
    """`tomllib.loads(text)`, kept: parsing the catalogues took a fifth of a one-report run."""
    from .catalog.model import tomllib

    return kept("toml", text, lambda: tomllib.loads(text))
