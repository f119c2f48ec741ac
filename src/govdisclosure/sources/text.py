"""Plain-text and markdown reports: size limit, binary check, encoding detection."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

# A report's text is tens of kilobytes; anything this large is not a report.
MAX_TEXT_BYTES = 20 * 1024 * 1024
# Share of control characters above which bytes are taken for binary.
MAX_CONTROL_SHARE = 0.01
# The encodings Chinese government sites and their exports use, tried strictly in this order.
# GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8", "gb18030", "utf-16")


class LoadError(Exception):
    """A file that cannot be read as a report; the message says why, in plain words."""


def _sniff_other_kind(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"PK\x03\x04"):
        return "DOCX/ZIP"
    lowered = head[:2048].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered or b"<table" in lowered:
        return "HTML"
    return None


def read_text(path: str | os.PathLike) -> tuple[str, str]:
    """The decoded text of a text or markdown report and the encoding it was in."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise LoadError(f"{path}: 文件过大（{size} 字节，上限 {MAX_TEXT_BYTES} 字节），不像一份年度报告")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path}: 文件不存在") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: 是目录，不是文件") from None
    except OSError as error:
        raise LoadError(f"{path}: 无法读取（{error.strerror or error}）") from None
    if not data.strip():
        raise LoadError(f"{path}: 文件为空")
    other = _sniff_other_kind(data[:4096])
    if other:
        raise LoadError(f"{path}: 这是 {other} 文件；本版本只读取纯文本和 markdown 报告")
    text, encoding = decode(data)
    if text is None:
        raise LoadError(f"{path}: 无法识别文本编码（试过 {', '.join(ENCODINGS)}），可能是二进制文件")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n\f")
    if controls > MAX_CONTROL_SHARE * len(text) or "\x00" in text:
        raise LoadError(f"{path}: 含大量控制字符，是二进制文件而不是文本报告")
    return text, encoding


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Decode with the first encoding that takes the bytes without error (BOMs respected)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None, None
    for encoding in ENCODINGS[:2]:  # UTF-16 without a BOM is not guessed
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, None


def load(path: str | os.PathLike):
    """Read a report file and parse it. Raises `LoadError` with a clear message for anything
    that is not a readable report text."""
    from ..grammar import parse

    text, encoding = read_text(path)
    report = parse(text, source=str(path))
    return report
