"""Text for people, as ruff prints: `path:line:col: CODE [severity] message`, the source line
with a caret under the place, the related places, then a summary. In colour on a terminal
(`Writer.color`); every line of the tool's own in the language asked for (`--lang`)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..rules.model import Diagnostic
from .base import Writer, shown

# What of a source line a terminal would act on (ESC…), shown as one "�" each so the caret stays in place.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# ANSI styles, as ruff uses them: the path bold, the code in its severity's colour.
BOLD, RESET, BLUE = "\033[1m", "\033[0m", "\033[34m"
SEVERITY_STYLE = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}

# The lines the text output says of its own, in each language: data/messages.toml's `output` tables.
def lines_said() -> dict[str, dict[str, str]]:
    from ..messages import messages

    return {lang: table["output"] for lang, table in messages().items()}


def said(lang: str, key: str, **arguments) -> str:
    """One of the output's own lines in `lang` (zh when it has none); `{n_s}` is the English plural of `{n}`."""
    plurals = {f"{name}_s": "" if value == 1 else "s" for name, value in arguments.items() if isinstance(value, int)}
    said_in = lines_said()
    return said_in.get(lang, said_in["zh"])[key].format(**arguments, **plurals)


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
    excerpt = diagnostic.excerpt or _excerpt(diagnostic.source, span, diagnostic.quote, diagnostic.quote_at)
    if excerpt is not None:
        # (the report's text at the place: a row's cells, a sentence, a PDF page's line, not the markup)
        shown_text = _TERMINAL_CONTROL.sub("\ufffd", excerpt.text)
        number = f"{line:>4}" if span is None or (span.page is None and not span.locator) else "    "
        out.append(style(f"  {number} |", BLUE) + f" {shown_text}")
        caret = " " * display_width(shown_text[: excerpt.column - 1]) + style("^", SEVERITY_STYLE.get(diagnostic.severity, BOLD))
        out.append(style("       |", BLUE) + " " + caret)
    for related in diagnostic.related:
        place = where(related.span, lang) if related.span else "-"
        out.append(f"       = {shown(related.source or diagnostic.source)}:{place}: {related.message}")
    return "\n".join(out)


def _excerpt(source: str | None, span, quote: str = "", at: int | None = None):
    """The report text at a finding's place, read again from its file: for a finding made
    where the text was not at hand (a cross-year finding, a diagnostic made by hand)."""
    document = _document(source) if source and source not in ("<stdin>", "<text>") and span is not None else None
    return document.excerpt(span, quote, at) if document is not None else None


@lru_cache(maxsize=8)
def _document(path: str):
    from ..sources import LoadError, read_document

    try:
        return read_document(path)
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
    if summary.get("reading_notes_hidden"):
        out.append(said(lang, "hidden", count=summary["reading_notes_hidden"]))
    if interrupted:
        out.append(said(lang, "interrupted", reports=reports))
    return out


class TextWriter(Writer):
    """The findings of each report as they come, grouped by category: what is wrong in the
    report first, then, under their own heading, the notes on what the tool could not read or
    check (held until the report's summary, one report's findings at a time)."""

    def start(self) -> None:
        self.pending: list[Diagnostic] = []

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        self.pending.append(diagnostic)

    def file(self, summary) -> None:
        self._flush()

    def _flush(self) -> None:
        found, self.pending = self.pending, []
        reading = [d for d in found if d.category == "reading"]
        out = [format_diagnostic(d, self.lang, self.color) for d in found if d.category != "reading"]
        if reading:
            heading = said(self.lang, "reading", source=shown(reading[0].source), count=len(reading))
            out.append(f"{BOLD}{heading}{RESET}" if self.color else heading)
            out += [format_diagnostic(d, self.lang, self.color) for d in reading]
        if out:
            self.stream.write("".join(line + "\n" for line in out))

    def finish(self, collections, summary, interrupted: bool = False) -> None:
        self._flush()  # (the cross-year findings, after the last report)
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
