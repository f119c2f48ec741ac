"""Plain-text and markdown reports: reading bytes safely, binary check, encoding detection."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from .document import Document
from .errors import LoadError

# No report file of any kind comes near this; a larger one is refused before it is read.
MAX_FILE_BYTES = 50 * 1024 * 1024
# A report's text is tens of kilobytes; anything this large is not a report.
MAX_TEXT_BYTES = 20 * 1024 * 1024
# Share of control characters above which bytes are taken for binary.
MAX_CONTROL_SHARE = 0.01
# The encodings Chinese government sites and their exports use, tried strictly in this order.
# GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8", "gb18030", "utf-16")


def read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes; a missing, unreadable, empty or oversized file is a `LoadError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(f"{path}: 文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节），不像一份年度报告")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path}: 文件不存在") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: 是目录，其中没有报告文件（.txt .md .html .pdf .docx）") from None
    except OSError as error:
        raise LoadError(f"{path}: 无法读取（{error.strerror or error}）") from None
    if not data.strip():
        raise LoadError(f"{path}: 文件为空")
    return data


def read(data: bytes, path: str | os.PathLike) -> Document:
    """A plain-text or markdown report as a `Document` (its text is the report text)."""
    text, encoding = text_of(data, path)
    return Document("text", text, encoding=encoding)


def read_text(path: str | os.PathLike) -> tuple[str, str]:
    """The decoded text of a text or markdown report and the encoding it was in."""
    return text_of(read_bytes(path), path)


def text_of(data: bytes, path: str | os.PathLike) -> tuple[str, str]:
    if len(data) > MAX_TEXT_BYTES:
        raise LoadError(f"{path}: 文件过大（{len(data)} 字节，上限 {MAX_TEXT_BYTES} 字节），不像一份年度报告")
    if data.startswith(b"PK\x03\x04"):
        raise LoadError(f"{path}: 这是 ZIP 压缩文件，但不是 Word（DOCX）文档")
    text, encoding = decode(data)
    if text is None or encoding is None:  # decode gives both or neither
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
