"""Text for people, as ruff prints: `path:line:col: CODE [severity] message`, the source line
with a caret under the place, the related places, then a summary."""

from __future__ import annotations

from functools import lru_cache

from ..rules.model import Diagnostic
from .base import Writer

# Characters of a long source line (an HTML page may be one line) shown around the place.
SHOWN_CHARS = 120


def where(span) -> str:
    """A place as `line:column`, with the page of a PDF (`第3页:12:1`) or a DOCX locator."""
    if span is None:
        return "1:1"
    if span.page is not None:
        return f"第{span.page}页:{span.line}:{span.column}"
    if span.locator:
        return span.locator
    return f"{span.line}:{span.column}"


def format_diagnostic(diagnostic: Diagnostic, lang: str = "zh") -> str:
    """One finding: its place and message, the source line with a caret under the place
    (aligned for full-width characters), then the related places."""
    from ..textutil import display_width

    span = diagnostic.span
    line, column = (span.line, span.column) if span else (1, 1)
    out = [f"{diagnostic.source}:{where(span)}: {diagnostic.code} [{diagnostic.severity}] {diagnostic.message_in(lang)}"]
    text = _source_line(diagnostic.source, line) if span is None or (span.page is None and not span.locator) else None
    if text is not None:
        start = max(0, column - 1 - SHOWN_CHARS // 2) if len(text) > SHOWN_CHARS else 0
        shown = text[start : start + SHOWN_CHARS]
        out.append(f"  {line:>4} | {shown}")
        out.append("       | " + " " * display_width(shown[: column - 1 - start]) + "^")
    for related in diagnostic.related:
        out.append(f"       = {related.source or diagnostic.source}:{where(related.span) if related.span else '-'}: "
                   f"{related.message}")
    return "\n".join(out)


def _source_line(source: str | None, line: int) -> str | None:
    lines = _source_lines(source) if source and source not in ("<stdin>", "<text>") else None
    return lines[line - 1] if lines and 0 < line <= len(lines) else None


@lru_cache(maxsize=8)
def _source_lines(path: str) -> list[str] | None:
    from ..sources import LoadError, source_lines

    try:
        return source_lines(path)
    except LoadError:
        return None


class TextWriter(Writer):
    def diagnostic(self, diagnostic: Diagnostic) -> None:
        self.stream.write(format_diagnostic(diagnostic, self.lang) + "\n")

    def finish(self, collections, summary, interrupted: bool = False) -> None:
        out, reports = self.stream, summary["reports"]
        out.write(f"{reports} 份报告：{summary['errors']} 个错误，{summary['warnings']} 个警告，{summary['infos']} 条提示\n")
        templates, unreadable = summary["templates"], summary["unreadable"]
        if templates and (reports > 1 or unreadable):
            out.write("模板：" + "，".join(f"{t} {n}" for t, n in sorted(templates.items())) + "\n")
        if unreadable:
            out.write(f"无法读取：{len(unreadable)} 个文件\n")
        if summary["tables_not_read"]:
            out.write(f"统计表未完整读出：{summary['tables_not_read']} 份报告（GD903）\n")
        for one in collections:
            # (the files read twice are in the JSON output; here, which years)
            notes = ["重复的年份：" + "、".join(str(d["year"]) for d in one["duplicates"])] if one["duplicates"] else []
            if one["gaps"]:
                notes.append("缺少年份：" + "、".join(map(str, one["gaps"])))
            out.write(f"系列 {one['issuer']}：{one['years'][0]}–{one['years'][-1]} 年 {len(one['years'])} 份"
                      + ("；" + "；".join(notes) if notes else "") + "\n")
        if interrupted:
            out.write(f"检查被中断：中断前检查了 {reports} 份报告，以上只含这些报告\n")
