"""Reading report files: recognise the kind by content, read it with its adapter, parse.

Every adapter gives a `Document` (the report text and where each piece came from); `load`
parses its text and moves the tree's spans back to the original file.
"""

from __future__ import annotations

import os
from pathlib import Path

from .document import Document, Origin
from .errors import LoadError
from .sniff import sniff

__all__ = ["Document", "LoadError", "Origin", "load", "load_bytes", "load_bytes_with_document", "load_with_document",
           "read_document", "sniff", "source_lines"]


def read_document(path: str | os.PathLike) -> Document:
    """Read a report file of any kind (HTML, DOCX, PDF, plain text or markdown) into a
    `Document`. Raises `LoadError` with a clear message for anything that is not a readable
    report."""
    return _document(*_opened(path))


def _document(path: Path, data: bytes, kind: str) -> Document:
    from . import html, text

    if kind == "html":
        return html.read(data, path)
    if kind == "docx":
        from . import docx

        return docx.read(data, path)
    if kind == "pdf":
        from . import pdf

        return pdf.read(data, path)
    return text.read(data, path)


def load(path: str | os.PathLike):
    """Read a report file and parse it. Raises `LoadError` with a clear message for anything
    that is not a readable report."""
    return _parsed(read_document(path), path)


def load_with_document(path: str | os.PathLike):
    """`load`, and the `Document` it parsed (for excerpts of the report text at a place)."""
    document = read_document(path)
    return _parsed(document, path), document


def load_bytes(data: bytes, name: str = "<stdin>"):
    """A report's bytes (standard input, a download), recognised by content like a file's and
    parsed; `name` stands for its path in messages and findings."""
    return load_bytes_with_document(data, name)[0]


def load_bytes_with_document(data: bytes, name: str = "<stdin>"):
    """`load_bytes`, and the `Document` it parsed."""
    from .limits import MAX_FILE_BYTES

    if len(data) > MAX_FILE_BYTES:
        raise LoadError(f"{name}: 输入过大（超过上限 {MAX_FILE_BYTES} 字节），不像一份年度报告",
                        en=f"{name}: input too large (over the limit of {MAX_FILE_BYTES} bytes), not an annual report")
    if not data.strip():
        raise LoadError(f"{name}: 输入为空", en=f"{name}: the input is empty")
    document = _document(Path(name), data, sniff(data, ""))
    return _parsed(document, name), document


def _parsed(document: Document, path: str | os.PathLike):
    import attrs

    from ..grammar import parse
    from .document import remap

    report = parse(document.text, source=str(path))
    if document.kind != "text":
        report = remap(report, document)
    if document.metadata:  # the page's metadata first, then a crawler header's other items
        keys = {key for key, _ in document.metadata}
        items = tuple(document.metadata) + tuple(item for item in report.metadata_items if item[0] not in keys)
        report = attrs.evolve(report, metadata_items=items)
    return attrs.evolve(report, source_kind=document.kind)


def source_lines(path: str | os.PathLike) -> list[str] | None:
    """The original's lines, where spans count lines of the file itself (text and HTML), to show
    a finding in place; None for PDF and DOCX, whose spans name pages and cells."""
    from . import html, text

    path, data, kind = _opened(path)
    if kind == "html":
        return html.source_lines(data, path)
    if kind == "text":
        return text.text_of(data, path)[0].splitlines()
    return None


def _opened(path: str | os.PathLike) -> tuple[Path, bytes, str]:
    """The file's path, bytes (size and emptiness checked) and kind."""
    from . import text

    path = Path(path)
    data = text.read_bytes(path)
    return path, data, sniff(data, path.suffix)
