"""The kind of a report file, told by its content (the extension only breaks ties)."""

from __future__ import annotations

import io
import re
import zipfile

from .text import OLE2_SIGNATURE

# Tags that only HTML has near its start: a page, or a fragment a CMS stored (`<p>…</p><table>`).
_HTML_MARKS = re.compile(
    rb"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<table[\s>]|<p[\s>]|<div[\s>]|<br\s*/?>|<span[\s>]|<h[1-6][\s>]",
    re.IGNORECASE,
)
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".jhtml")


def sniff(data: bytes, suffix: str = "") -> str:
    """`pdf`, `docx`, `html` or `text`. A ZIP that is no Word document and bytes that are no
    text are left to the text reader, which says what they are."""
    head = data[:4096]
    if head.startswith(OLE2_SIGNATURE):  # an old binary Office file: the text reader refuses it by name
        return "text"
    if head.lstrip()[:5] == b"%PDF-" or (suffix.lower() == ".pdf" and b"%PDF-" in head[:1024]):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_word(data) else "text"
    if _looks_like_html(head, suffix):
        return "html"
    return "text"


def _is_word(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _looks_like_html(head: bytes, suffix: str) -> bool:
    # Decoded loosely: only ASCII tag names are looked for, in any ASCII-compatible encoding;
    # UTF-16 pages are looked at through their ASCII bytes.
    probe = head.replace(b"\x00", b"")
    marks = len(_HTML_MARKS.findall(probe))
    if suffix.lower() in HTML_SUFFIXES:
        return marks >= 1
    return marks >= 2 or probe.lstrip().lower().startswith((b"<!doctype html", b"<html"))
