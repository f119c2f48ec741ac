"""Many reports at once: inputs from files, directories and globs; a progress bar on a
terminal; a spool that keeps per-report results on disk instead of in memory. (The worker
processes are `govdisclosure.pool`'s.)
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

# What a directory is searched for (a file named on the command line is read whatever its name).
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx")
# Files in a directory that are never reports.
NOT_REPORTS = ("MANIFEST.tsv",)


def expand(arguments: Iterable[str]) -> list[str]:
    """Paths from the command line: a file as given, a directory's report files (recursively, in
    sorted order, hidden files and folders left out), a glob's matches (sorted); `-` (standard
    input) kept. A name that is none of these, and a directory without reports, are kept too, so
    that reading them reports why (`unmatched` names the globs that match nothing)."""
    out: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if argument == "-" or path.is_file():
            out.append(argument)
        elif path.is_dir():
            found = [str(p) for p in _walk(path) if p.suffix.lower() in REPORT_SUFFIXES and p.name not in NOT_REPORTS]
            out.extend(found or [argument])  # (an empty one is reported when read)
        elif glob.has_magic(argument):
            # (glob's `*` and `**` match no hidden name already, as a shell's do)
            matches = sorted(m for m in glob.glob(argument, recursive=True) if Path(m).is_file())
            out.extend(matches or [argument])
        else:
            out.append(argument)
    return out


# A URL an fsspec file system reads (`s3://bucket/reports/`, `file:///data/x.html`, `memory://…`).
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(argument: str) -> bool:
    return bool(_URL.match(argument))


def expand_anywhere(arguments: Iterable[str]) -> list[str]:
    """`expand`, and URLs through fsspec (`pip install fsspec`, and the file system's own package
    for s3 and the like): a URL's directory gives its report files (hidden ones left out, in
    sorted order), a glob its matches, each as a URL; a URL that matches nothing is kept, so that
    reading it says why."""
    out: list[str] = []
    for argument in arguments:
        if not is_url(argument):
            out.extend(expand([argument]))
            continue
        import fsspec

        fs, root = fsspec.core.url_to_fs(argument)
        if glob.has_magic(root):
            found = [p for p in fs.glob(root) if fs.isfile(p)]
        elif fs.isdir(root):
            found = [p for p in fs.find(root) if Path(p).suffix.lower() in REPORT_SUFFIXES and Path(p).name not in NOT_REPORTS
                     and not any(part.startswith(".") for part in Path(p).relative_to(Path(root)).parts)]
        else:
            found = []
        out.extend(sorted(fs.unstrip_protocol(p) for p in found) or [argument])
    return out


def _walk(directory: Path) -> list[Path]:
    """The files below a directory, in sorted order, without hidden files and folders (`.git`,
    macOS's `._x.pdf`): a name starting with "." is read only when named on the command line."""
    found: list[Path] = []
    for root, folders, files in os.walk(directory):
        folders[:] = [name for name in folders if not name.startswith(".")]  # (not descended into)
        found.extend(Path(root, name) for name in files if not name.startswith("."))
    return sorted(p for p in found if p.is_file())


def unmatched(arguments: Iterable[str]) -> list[str]:
    """The arguments that are globs matching no file (and no file or folder of that name)."""
    return [argument for argument in arguments
            if argument != "-" and not os.path.exists(argument) and glob.has_magic(argument)
            and not any(Path(m).is_file() for m in glob.iglob(argument, recursive=True))]


def progress(items, quiet: bool, description: str, total: int | None = None):
    """A progress bar on standard error when it is a terminal (and not `--quiet`); else the
    items as they are."""
    total = len(items) if total is None else total
    if quiet or not sys.stderr.isatty() or total < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=description, unit="份", file=sys.stderr, leave=False, total=total)


class Spool:
    """Lines kept on disk until the run's end (JSON lines of per-report results)."""

    def __init__(self):
        # (surrogateescape: a file name that is not UTF-8 comes back as it went in)
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape")
        self.count = 0

    def write(self, value) -> int:
        """Keep a value; returns where it is, for `read_at`."""
        where = self._file.tell()
        self._file.write(json.dumps(value, ensure_ascii=False) + "\n")
        self.count += 1
        return where

    def read_at(self, where: int):
        return json.loads(self.line_at(where))

    def write_line(self, line: str) -> int:
        """Keep a line that is already encoded (JSON without a line break), as `write` would
        keep a value: encoded once, not again as a string."""
        where = self._file.tell()
        self._file.write(line + "\n")
        self.count += 1
        return where

    def line_at(self, where: int) -> str:
        self._file.seek(where)
        line = self._file.readline()
        self._file.seek(0, os.SEEK_END)
        return line.rstrip("\n")

    def __iter__(self):
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)

    def close(self) -> None:
        self._file.close()


def default_jobs() -> int:
    """All cores (`-j 0`): those this process may run on, where the system says."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # (not on macOS or Windows)
        return max(1, os.cpu_count() or 1)


class JsonArrayWriter:
    """Writes `"name": [ … ]` of a JSON document item by item, exactly as `json.dumps(document,
    indent=2)` would, so a streamed document is byte-identical to a dumped one."""

    def __init__(self, out, name: str, last: bool = False):
        self.out, self.name, self.last, self.first = out, name, last, True

    def write(self, item) -> None:
        from .output.base import json_text

        # (a name that is not UTF-8 as `\\xNN`: the document stays valid UTF-8 JSON)
        text = json_text(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    "))
        self.out.write(("" if self.first else ",\n") + ("  " + json.dumps(self.name) + ": [\n" if self.first else "")
                       + "    " + text)
        self.first = False

    def close(self) -> None:
        end = "" if self.last else ","
        if self.first:
            self.out.write(f"  {json.dumps(self.name)}: []{end}\n")
        else:
            self.out.write(f"\n  ]{end}\n")
