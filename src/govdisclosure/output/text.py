"""Text for people, as ruff prints: `path:line:col: CODE [severity] message`, the source line
with a caret under the place, the related places, then a summary. In colour on a terminal
(`Writer.color`); every line of the tool's own in the language asked for (`--lang`)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..rules.model import Diagnostic
from .base import Writer, shown

# Characters of a long source line (an HTML page may be one line) shown around the place.
SHOWN_CHARS = 120

# What of a source line a terminal would act on (ESC…), shown as one "�" each so the caret stays in place.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# ANSI styles, as ruff uses them: the path bold, the code in its severity's colour.
BOLD, RESET, BLUE = "\033[1m", "\033[0m", "\033[34m"
SEVERITY_STYLE = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}

# The lines the text output says of its own, in each language (`{…}`: str.format's arguments).
SUMMARY = {
    "zh": {
        "page": "第{page}页", "reports": "{reports} 份报告：{errors} 个错误，{warnings} 个警告，{infos} 条提示",
        "templates": "模板：", "template": "{template} {count}", "sep": "，",
        "unreadable": "无法读取：{count} 个文件", "tables_not_read": "统计表未完整读出：{count} 份报告（GD903）",
        "duplicates": "重复的年份：", "gaps": "缺少年份：", "list": "、", "notes": "；",
        "series": "系列 {issuer}：{first}–{last} 年 {count} 份",
        "interrupted": "检查被中断：中断前检查了 {reports} 份报告，以上只含这些报告",
        "none": "没有发现问题",
    },
    "en": {
        "page": "page {page}",
        "reports": "{reports} report{reports_s}: {errors} error{errors_s}, {warnings} warning{warnings_s}, "
                   "{infos} note{infos_s}",
        "templates": "templates: ", "template": "{template} {count}", "sep": ", ",
        "unreadable": "could not read: {count} file{count_s}",
        "tables_not_read": "statistics tables not read whole: {count} report{count_s} (GD903)",
        "duplicates": "years read twice: ", "gaps": "years missing: ", "list": ", ", "notes": "; ",
        "series": "series {issuer}: {first}–{last}, {count} report{count_s}",
        "interrupted": "check interrupted: {reports} report{reports_s} checked before it stopped; the above covers those only",
        "none": "no findings",
    },
}


def said(lang: str, key: str, **arguments) -> str:
    """One of the output's own lines in `lang` (zh when it has none); `{n_s}` is the English plural of `{n}`."""
    plurals = {f"{name}_s": "" if value == 1 else "s" for name, value in arguments.items() if isinstance(value, int)}
    return SUMMARY.get(lang, SUMMARY["zh"])[key].format(**arguments, **plurals)


def where(span, lang: str = "zh") -> str:
    """A place as `line:column`, with the page of a PDF (`第3页:12:1`) or a DOCX locator."""
    if span is None:
        return "1:1"
    if span.page is not None:
        return f"{said(lang, 'page', page=span.page)}:{span.line}:{span.column}"
    if span.locator:
        return shown(span.locator)
    return f"{span.line}:{span.column}"


def format_diagnostic(diagnostic: Diagnostic, lang: str = "zh", color: bool = False) -> str:
    """One finding: its place and message, the source line with a caret under the place
    (aligned for full-width characters), then the related places. A file name is printed
    escaped (`shown`): a name's control characters never reach the terminal."""
    from ..textutil import display_width

    def style(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    span = diagnostic.span
    line, column = (span.line, span.column) if span else (1, 1)
    code = style(diagnostic.code, SEVERITY_STYLE.get(diagnostic.severity, BOLD))
    out = [f"{style(shown(diagnostic.source), BOLD)}:{where(span, lang)}: {code} [{diagnostic.severity}] "
           f"{diagnostic.message_in(lang)}"]
    text = _source_line(diagnostic.source, line) if span is None or (span.page is None and not span.locator) else None
    if text is not None:
        start = max(0, column - 1 - SHOWN_CHARS // 2) if len(text) > SHOWN_CHARS else 0
        shown_text = _TERMINAL_CONTROL.sub("\ufffd", text[start : start + SHOWN_CHARS])
        out.append(style(f"  {line:>4} |", BLUE) + f" {shown_text}")
        caret = " " * display_width(shown_text[: column - 1 - start]) + style("^", SEVERITY_STYLE.get(diagnostic.severity, BOLD))
        out.append(style("       |", BLUE) + " " + caret)
    for related in diagnostic.related:
        place = where(related.span, lang) if related.span else "-"
        out.append(f"       = {shown(related.source or diagnostic.source)}:{place}: {related.message}")
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


def summary_lines(collections, summary, interrupted: bool, lang: str = "zh") -> list[str]:
    """The lines after the findings: counts, templates, files not read, the cross-year series."""
    out, reports = [], summary["reports"]
    out.append(said(lang, "reports", reports=reports, errors=summary["errors"], warnings=summary["warnings"],
                    infos=summary["infos"]))
    templates, unreadable = summary["templates"], summary["unreadable"]
    if templates and (reports > 1 or unreadable):
        out.append(said(lang, "templates") + said(lang, "sep").join(
            said(lang, "template", template=t, count=n) for t, n in sorted(templates.items())))
    if unreadable:
        out.append(said(lang, "unreadable", count=len(unreadable)))
    if summary["tables_not_read"]:
        out.append(said(lang, "tables_not_read", count=summary["tables_not_read"]))
    for one in collections:
        # (the files read twice are in the JSON output; here, which years)
        notes = [said(lang, "duplicates") + said(lang, "list").join(str(d["year"]) for d in one["duplicates"])] \
            if one["duplicates"] else []
        if one["gaps"]:
            notes.append(said(lang, "gaps") + said(lang, "list").join(map(str, one["gaps"])))
        out.append(said(lang, "series", issuer=shown(one["issuer"]), first=one["years"][0], last=one["years"][-1],
                        count=len(one["years"])) + (said(lang, "notes") + said(lang, "notes").join(notes) if notes else ""))
    if interrupted:
        out.append(said(lang, "interrupted", reports=reports))
    return out


class TextWriter(Writer):
    def diagnostic(self, diagnostic: Diagnostic) -> None:
        self.stream.write(format_diagnostic(diagnostic, self.lang, self.color) + "\n")

    def finish(self, collections, summary, interrupted: bool = False) -> None:
        self.stream.write("".join(line + "\n" for line in summary_lines(collections, summary, interrupted, self.lang)))


class StatisticsWriter(Writer):
    """`--statistics`: the number of findings of each rule, most first (`  12  GD101 relation-sum`),
    instead of the findings; then whether the run was interrupted."""

    def start(self) -> None:
        self.counts: Counter[str] = Counter()
        self.names: dict[str, str] = {}

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        self.counts[diagnostic.code] += 1
        self.names[diagnostic.code] = diagnostic.name

    def finish(self, collections, summary, interrupted: bool = False) -> None:
        width = max([6, *(len(str(n)) for n in self.counts.values())])
        rows = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        lines = [f"{count:>{width}}  {code} {self.names[code]}" for code, count in rows] or [said(self.lang, "none")]
        if interrupted:
            lines.append(said(self.lang, "interrupted", reports=summary["reports"]))
        self.stream.write("".join(line + "\n" for line in lines))
