"""Plain-text and markdown reports: reading bytes safely, binary check, encoding detection."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from .document import Document
from .errors import LoadError
from .limits import MAX_FILE_BYTES, MAX_TEXT_BYTES

__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_BYTES", "decode", "read", "read_bytes", "read_text", "text_of"]
# Share of control characters above which bytes are taken for binary.
MAX_CONTROL_SHARE = 0.01
# The encodings Chinese government sites and their exports use, tried strictly in this order.
# GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8", "gb18030", "utf-16")
# Old binary Office files (Word 97–2003 .doc, WPS .wps/.et/.dps, Excel .xls, PowerPoint .ppt) are
# OLE2 compound files and start with this signature; they are not read.
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
# Their extensions: a file so named that is no text is one of them (sites also publish HTML or
# text under .doc, which is read as what it is).
OLD_OFFICE_SUFFIXES = (".doc", ".dot", ".wps", ".wpt", ".xls", ".xlt", ".et", ".ppt", ".dps")


def read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes; a missing, unreadable, empty or oversized file is a `LoadError`, and so
    is anything but a regular file (a device such as /dev/zero never ends, a FIFO blocks)."""
    path = Path(path)
    limit = MAX_FILE_BYTES  # read once: tests patch it
    try:
        _regular(path, os.stat(path))
        # Non-blocking, so a FIFO put in place after the check cannot hang the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            _regular(path, info)
            if info.st_size > limit:
                raise LoadError(f"{path}: 文件过大（{info.st_size} 字节，上限 {limit} 字节），不像一份年度报告",
                                en=f"{path}: file too large ({info.st_size} bytes, over the limit of {limit} bytes), "
                                "not an annual report")
            # At most one byte past the limit, whatever the size said (/proc files say 0).
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise LoadError(f"{path}: 文件不存在", en=f"{path}: no such file") from None
    except IsADirectoryError:
        raise _directory(path) from None
    except OSError as error:
        raise LoadError(f"{path}: 无法读取（{error.strerror or error}）",
                        en=f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise LoadError(f"{path}: 文件过大（超过上限 {limit} 字节），不像一份年度报告",
                        en=f"{path}: file too large (over the limit of {limit} bytes), not an annual report")
    if not data.strip():
        raise LoadError(f"{path}: 文件为空", en=f"{path}: the file is empty")
    return data


def _directory(path: Path) -> LoadError:
    return LoadError(f"{path}: 是目录，其中没有报告文件（.txt .md .html .pdf .docx）",
                     en=f"{path}: is a directory with no report files in it (.txt .md .html .pdf .docx)")


def _regular(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise _directory(path)
    if not stat.S_ISREG(info.st_mode):
        kind, kind_en = (("设备文件", "a device") if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                         else ("命名管道（FIFO）", "a named pipe, FIFO") if stat.S_ISFIFO(info.st_mode)
                         else ("套接字", "a socket") if stat.S_ISSOCK(info.st_mode)
                         else ("特殊文件", "a special file"))
        raise LoadError(f"{path}: 不是普通文件（是{kind}），不读取", en=f"{path}: is not a regular file ({kind_en}), not read")


def read(data: bytes, path: str | os.PathLike) -> Document:
    """A plain-text or markdown report as a `Document` (its text is the report text)."""
    text, encoding = text_of(data, path)
    return Document("text", text, encoding=encoding)


def read_text(path: str | os.PathLike) -> tuple[str, str]:
    """The decoded text of a text or markdown report and the encoding it was in."""
    return text_of(read_bytes(path), path)


def text_of(data: bytes, path: str | os.PathLike) -> tuple[str, str]:
    if len(data) > MAX_TEXT_BYTES:
        raise LoadError(f"{path}: 文件过大（{len(data)} 字节，上限 {MAX_TEXT_BYTES} 字节），不像一份年度报告",
                        en=f"{path}: file too large ({len(data)} bytes, over the limit of {MAX_TEXT_BYTES} bytes), "
                        "not an annual report")
    if data.startswith(b"PK\x03\x04"):
        raise LoadError(f"{path}: 这是 ZIP 压缩文件，但不是 Word（DOCX）文档",
                        en=f"{path}: a ZIP archive, but not a Word (DOCX) document")
    if data.startswith(OLE2_SIGNATURE):
        raise LoadError(f"{path}: 旧版 Office 二进制文件（.doc .wps .xls 等），不支持的格式：请另存为 DOCX 或 PDF",
                        en=f"{path}: an old binary Office file (.doc .wps .xls and the like), an unsupported format: "
                        "save it as DOCX or PDF")
    text, encoding = decode(data)
    if (text is None or "\x00" in text) and Path(path).suffix.lower() in OLD_OFFICE_SUFFIXES:
        raise LoadError(f"{path}: 旧版 Office 文件（{Path(path).suffix}），不支持的格式：请另存为 DOCX 或 PDF",
                        en=f"{path}: an old Office file ({Path(path).suffix}), an unsupported format: save it as DOCX or PDF")
    if text is None or encoding is None:  # decode gives both or neither
        raise LoadError(f"{path}: 无法识别文本编码（试过 {', '.join(ENCODINGS)}），可能是二进制文件",
                        en=f"{path}: unknown text encoding (tried {', '.join(ENCODINGS)}), perhaps a binary file")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n\f")
    if controls > MAX_CONTROL_SHARE * len(text) or "\x00" in text:
        raise LoadError(f"{path}: 含大量控制字符，是二进制文件而不是文本报告",
                        en=f"{path}: full of control characters, a binary file and not a text report")
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
