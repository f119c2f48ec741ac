"""The HTML report (`--output-format html`): what a supervising office sends back to an agency.

One self-contained page per run (no network, no fonts or scripts from elsewhere; it opens from
disk and prints one report per page), or with `--output-dir` an index and one page per report.
The index lists each report with its counts and whether its tables were read whole, sortable and
filtered by severity and code. A report's page re-draws its statistics tables from the facts,
marks the cells the findings name (a finding's place, and its related places, are cells by
their offset in the report text), and lists the report's errors apart from the notes on what the
tool could not read, each with its place, the report's words there and the rule's explanation.
Cross-year findings show both years' values; a report whose previous year is in the run shows
the cells that changed.

Streamed: each report's page data is spooled to disk as it comes, and the pages are written at
the end, when the cross-year findings are known."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..batch import Spool
from ..rules.model import Diagnostic
from .base import Writer
from ..sources.document import CELL_SEPARATOR
from .convert import diagnostic_data

# One page holds at most this many reports; above it, `--output-dir` writes one page each.
MAX_REPORTS_PER_PAGE = 1000

_STYLE = """
:root { --error: #b3261e; --warning: #a15c00; --info: #2f5f8a; --line: #d0d4da; --muted: #5f6670; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 1em 2em; color: #1d1f23; line-height: 1.5; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 2px solid var(--line); padding-bottom: .2em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; margin: .4em 0 1em; }
th, td { border: 1px solid var(--line); padding: .2em .5em; vertical-align: top; }
th { background: #f1f3f5; font-weight: 600; }
td.value { text-align: right; font-variant-numeric: tabular-nums; min-width: 3em; position: relative; }
td.blank { color: var(--muted); }
td.flagged { cursor: pointer; }
td.flag-error { background: #fbe4e2; outline: 2px solid var(--error); }
td.flag-warning { background: #fff1d6; outline: 2px solid var(--warning); }
td.flag-info { background: #e3eef8; outline: 2px solid var(--info); }
td.flag-related { outline-style: dashed; outline-width: 1px; }
td.flag-place { font-weight: 700; }
tr.heading-row td { font-weight: 600; background: #fafbfc; }
.popup { display: none; position: absolute; z-index: 5; right: 0; top: 100%; width: 28em; text-align: left;
         background: #fff; border: 1px solid #888; box-shadow: 0 2px 8px rgba(0,0,0,.2); padding: .5em .7em;
         font-size: .9em; font-weight: normal; white-space: normal; }
td.flagged:hover .popup, td.flagged.open .popup { display: block; }
.sev { display: inline-block; padding: 0 .4em; border-radius: 3px; color: #fff; font-size: .85em; }
.sev-error { background: var(--error); } .sev-warning { background: var(--warning); } .sev-info { background: var(--info); }
.finding { border-left: 4px solid var(--line); margin: .6em 0; padding: .2em .8em; }
.finding.severity-error { border-color: var(--error); } .finding.severity-warning { border-color: var(--warning); }
.finding.severity-info { border-color: var(--info); }
.place { color: var(--muted); font-size: .9em; }
.excerpt { font-family: "Noto Sans Mono CJK SC", monospace; background: #f6f7f9; padding: .2em .5em;
           white-space: pre-wrap; margin: .3em 0; }
.excerpt mark { background: #ffd54f; }
.reading { background: #f7f7f7; border: 1px dashed var(--line); padding: .2em 1em; }
.note { color: var(--muted); }
.report { margin-top: 2.5em; }
.filters { margin: .5em 0; } .filters label { margin-right: 1.5em; }
#index th { cursor: pointer; user-select: none; }
#index th[data-order="asc"]::after { content: " ▲"; } #index th[data-order="desc"]::after { content: " ▼"; }
.pairs td, .pairs th { font-size: .9em; }
@media print {
  body { max-width: none; padding: 0; }
  .filters, .popup, nav, .back { display: none !important; }
  .report { page-break-before: always; break-before: page; margin-top: 0; }
  td.flag-error, td.flag-warning, td.flag-info { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details { display: block; } details > * { display: block; }
}
"""

# Sorting and filtering the index, and opening a cell's explanation on a click (no library:
# the page must open from disk, offline).
_SCRIPT = """
(function () {
  var index = document.getElementById('index');
  if (index) {
    var body = index.tBodies[0];
    Array.prototype.forEach.call(index.tHead.rows[0].cells, function (th, column) {
      th.addEventListener('click', function () {
        var order = th.getAttribute('data-order') === 'asc' ? 'desc' : 'asc';
        Array.prototype.forEach.call(index.tHead.rows[0].cells, function (other) { other.removeAttribute('data-order'); });
        th.setAttribute('data-order', order);
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute('data-sort'), y = b.cells[column].getAttribute('data-sort');
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
          return order === 'asc' ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    var severity = document.getElementById('filter-severity'), code = document.getElementById('filter-code');
    var apply = function () {
      Array.prototype.forEach.call(body.rows, function (row) {
        var show = (!severity.value || Number(row.getAttribute('data-' + severity.value)) > 0) &&
                   (!code.value || (' ' + row.getAttribute('data-codes') + ' ').indexOf(' ' + code.value + ' ') >= 0);
        row.hidden = !show;
      });
    };
    severity.addEventListener('change', apply); code.addEventListener('change', apply);
  }
  document.addEventListener('click', function (event) {
    var cell = event.target.closest ? event.target.closest('td.flagged') : null;
    Array.prototype.forEach.call(document.querySelectorAll('td.flagged.open'), function (open) {
      if (open !== cell) { open.classList.remove('open'); }
    });
    if (cell) { cell.classList.toggle('open'); }
  });
})();
"""

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _said(lang: str) -> dict[str, str]:
    from ..messages import messages

    table = messages()
    return table.get(lang, table["zh"])["html"]


def page_name(summary: dict[str, Any], taken: set[str]) -> str:
    """The file of a report's page under `--output-dir`: `<issuer key>-<year>.html` (the file
    stem where no issuer is known), `-2`, `-3` … where two readings would share one."""
    from ..collection import issuer_key

    key = issuer_key(summary.get("issuer")) if summary.get("issuer") else Path(summary["source"]).stem
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", f"{key}-{summary['year']}" if summary.get("year") else key) or "report"
    name, number = f"{stem}.html", 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}.html"
    taken.add(name)
    return name


def _source_link(source: str, kind: str | None, page: int | None = None) -> str | None:
    """A link to the original file: `file://…` (a PDF at its page, `#page=N`); None for
    standard input."""
    if not source or source.startswith("<"):
        return None
    try:
        uri = Path(source).resolve().as_uri()
    except ValueError:
        return None
    return f"{uri}#page={page}" if kind == "pdf" and page else uri


class HtmlWriter(Writer):
    wants_details = True

    def __init__(self, stream, *, output_dir: str | None = None, **options):
        super().__init__(stream, **options)
        self.output_dir = Path(output_dir) if output_dir else None

    # --- collecting -------------------------------------------------------------------------

    def start(self) -> None:
        self.spool = Spool()
        self.pending: list[dict[str, Any]] = []
        self.details_of: dict[str, Any] | None = None
        # Per report, what the index and the cross-year pages need: kept in memory (small).
        self.entries: list[dict[str, Any]] = []
        self.rules = {rule.code: rule for rule in self.registry.rules} if self.registry is not None else {}

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        data = diagnostic_data(diagnostic, self.lang)
        data["offset"] = diagnostic.span.offset if diagnostic.span else None
        data["related_offsets"] = [r.span.offset if r.span and not r.source else None for r in diagnostic.related]
        data["scope"] = getattr(self.rules.get(diagnostic.code), "scope", "report")
        data["quote"] = diagnostic.quote
        self.pending.append(data)

    def details(self, summary, details) -> None:
        self.details_of = details

    def file(self, summary) -> None:
        details, self.details_of = self.details_of or {}, None
        place = self.spool.write({"summary": summary, "details": details, "diagnostics": self.pending})
        identity = details.get("panel", {}).get("identity", {})
        codes = sorted({d["code"] for d in self.pending})
        self.entries.append({"summary": summary, "place": place, "codes": codes,
                             "issuer_key": identity.get("issuer_key", ""), "kind": identity.get("source_kind", "text")})
        self.pending = []

    # --- writing ----------------------------------------------------------------------------

    def finish(self, collections, summary, interrupted: bool = False) -> None:
        late: dict[str, list[dict[str, Any]]] = {}
        for data in self.pending:  # the cross-year findings, after the last report: on the later report
            late.setdefault(data["source"], []).append(data)
        self.pending = []
        for entry in self.entries:
            extra = late.get(entry["summary"]["source"], [])
            entry["codes"] = sorted(set(entry["codes"]) | {d["code"] for d in extra})
            for d in extra:
                entry["summary"][d["severity"] + "s"] = entry["summary"].get(d["severity"] + "s", 0) + 1
        previous = self._previous_years()
        said = _said(self.lang)
        if self.output_dir is None:
            out = [self._head(said["title"]), self._index(said, summary, interrupted, None)]
            for number, entry in enumerate(self.entries):
                out.append(self._report(said, number, entry, late, previous))
            out.append(self._tail())
            self.stream.write("".join(out))
            return
        self.output_dir.mkdir(parents=True, exist_ok=True)
        taken: set[str] = {"index.html"}
        names = [page_name(entry["summary"], taken) for entry in self.entries]
        for number, (entry, name) in enumerate(zip(self.entries, names)):
            page = [self._head(self._report_title(said, entry["summary"])),
                    f'<p class="back"><a href="index.html">{_e(said["back"])}</a></p>',
                    self._report(said, number, entry, late, previous), self._tail()]
            (self.output_dir / name).write_text("".join(page), encoding="utf-8")
        index = [self._head(said["title"]), self._index(said, summary, interrupted, names), self._tail()]
        (self.output_dir / "index.html").write_text("".join(index), encoding="utf-8")

    def close(self) -> None:
        spool = getattr(self, "spool", None)
        if spool is not None:
            spool.close()

    def _previous_years(self) -> dict[int, int]:
        """Per report, the report of the same issuer for the year before, when the run has it
        (the first reading in path order)."""
        by_year: dict[tuple[str, int], int] = {}
        for number, entry in enumerate(self.entries):
            year = entry["summary"].get("year")
            if entry["issuer_key"] and year is not None:
                by_year.setdefault((entry["issuer_key"], year), number)
        out = {}
        for number, entry in enumerate(self.entries):
            year = entry["summary"].get("year")
            if entry["issuer_key"] and year is not None and (entry["issuer_key"], year - 1) in by_year:
                out[number] = by_year[(entry["issuer_key"], year - 1)]
        return out

    def _head(self, title: str) -> str:
        lang = "en" if self.lang == "en" else "zh-CN"
        return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
                f'<meta name="generator" content="govdisclosure {_e(self.version)}">'
                f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>\n")

    def _tail(self) -> str:
        return f"<script>{_SCRIPT}</script>\n</body></html>\n"

    def _report_title(self, said, summary) -> str:
        who = summary.get("issuer") or Path(summary["source"]).name
        year = summary.get("year")
        return f"{who} {year}" if year else who

    def _index(self, said, summary, interrupted: bool, names: list[str] | None) -> str:
        codes = sorted({code for entry in self.entries for code in entry["codes"]})
        out = [f"<h1>{_e(said['title'])}</h1>",
               f'<p>{_e(said["summary"].format(reports=summary["reports"], errors=summary["errors"], warnings=summary["warnings"], infos=summary["infos"]))}</p>']
        if interrupted:
            out.append(f'<p class="note"><strong>{_e(said["interrupted"])}</strong></p>')
        if summary.get("unreadable"):
            out.append(f'<p class="note">{_e(said["unreadable"])}：' + "、".join(_e(s) for s in summary["unreadable"]) + "</p>")
        out.append('<nav class="filters">'
                   f'<label>{_e(said["filter_severity"])} <select id="filter-severity"><option value="">{_e(said["all"])}</option>'
                   f'<option value="errors">{_e(said["errors"])}</option><option value="warnings">{_e(said["warnings"])}</option>'
                   f'<option value="infos">{_e(said["infos"])}</option></select></label>'
                   f'<label>{_e(said["filter_code"])} <select id="filter-code"><option value="">{_e(said["all"])}</option>'
                   + "".join(f'<option value="{_e(c)}">{_e(c)}</option>' for c in codes) + "</select></label></nav>")
        columns = ["agency", "year", "template", "errors", "warnings", "infos", "tables", "link"]
        out.append('<table id="index"><thead><tr>' + "".join(f"<th>{_e(said[c])}</th>" for c in columns)
                   + "</tr></thead><tbody>")
        for number, entry in enumerate(self.entries):
            s = entry["summary"]
            href = names[number] if names else f"#report-{number}"
            complete = not s.get("tables_not_read")
            agency = s.get("issuer") or Path(s["source"]).name
            cells = [(agency, agency), (s.get("year") or "", s.get("year") or 0), (s.get("template"), s.get("template")),
                     (s["errors"], s["errors"]), (s["warnings"], s["warnings"]), (s["infos"], s["infos"]),
                     (said["yes"] if complete else said["no"] + "（" + "、".join(s["tables_not_read"]) + "）", int(complete))]
            row = "".join(f'<td data-sort="{_e(sort)}">{_e(text)}</td>' for text, sort in cells)
            row += f'<td data-sort="{number}"><a href="{_e(href)}">{_e(said["open"])}</a></td>'
            out.append(f'<tr data-errors="{s["errors"]}" data-warnings="{s["warnings"]}" data-infos="{s["infos"]}" '
                       f'data-codes="{_e(" ".join(entry["codes"]))}" data-complete="{int(complete)}">{row}</tr>')
        out.append("</tbody></table>\n")
        return "".join(out)

    def _report(self, said, number: int, entry, late, previous) -> str:
        stored = self.spool.read_at(entry["place"])
        summary, details = stored["summary"], stored["details"]
        found = stored["diagnostics"] + late.get(summary["source"], [])
        found.sort(key=lambda d: (_SEVERITY_RANK.get(d["severity"], 3), d["line"] or 0, d["code"]))
        errors = [d for d in found if d.get("category") != "reading"]
        reading = [d for d in found if d.get("category") == "reading"]
        flags = self._flags(errors)
        kind = entry["kind"]
        source = summary["source"]
        link = _source_link(source, kind)
        out = [f'<section class="report" id="report-{number}" data-source="{_e(source)}">',
               f"<h2>{_e(self._report_title(said, summary))}</h2>",
               '<p class="place">' + _e(said["template"]) + f"：{_e(summary.get('template'))} · "
               + (f'<a href="{_e(link)}">{_e(source)}</a>' if link else _e(source)) + "</p>"]
        out.append(f"<h3>{_e(said['errors_heading'])}（{len(errors)}）</h3>")
        out += [self._finding(said, d, kind) for d in errors] or [f'<p class="note">{_e(said["no_errors"])}</p>']
        tables = details.get("tables", [])
        if tables:
            out.append(f"<h3>{_e(said['tables_heading'])}</h3>")
            out += [self._table(said, table, flags) for table in tables]
        if number in previous:
            out.append(self._changes(said, previous[number], details, summary.get("year")))
        out.append(f'<div class="reading"><h3>{_e(said["reading_heading"])}（{len(reading)}）</h3>'
                   f'<p class="note">{_e(said["reading_note"])}</p>')
        out += [self._finding(said, d, kind) for d in reading] or [f'<p class="note">{_e(said["no_reading"])}</p>']
        out.append("</div></section>\n")
        return "".join(out)

    def _flags(self, errors) -> dict[int, list[tuple[dict[str, Any], str]]]:
        """The findings on each cell, by the cell's offset: a finding's place and its related
        places within the report ((finding, "place" or "related"))."""
        flags: dict[int, list[tuple[dict[str, Any], str]]] = {}
        for d in errors:
            if d["offset"] is not None:
                flags.setdefault(d["offset"], []).append((d, "place"))
            for offset in d["related_offsets"]:
                if offset is not None:
                    flags.setdefault(offset, []).append((d, "related"))
        return flags

    def _table(self, said, table, flags) -> str:
        out = [f'<table class="stats" data-table="{_e(table["id"])}"><caption><strong>{_e(table["title"])}</strong>']
        if not table["read"]:
            out.append(f' <span class="note">{_e(said["table_not_read"])}</span>')
        elif not table["complete"]:
            out.append(f' <span class="note">{_e(said["table_partly_read"])}</span>')
        out.append("</caption><thead><tr><th></th>")
        out += [f"<th>{_e(column['label'])}</th>" for column in table["columns"]]
        out.append("</tr></thead><tbody>")
        for row in table["rows"]:
            out.append(f'<tr class="{"heading-row" if row["heading"] else ""}"><td>{_e(row["label"])}</td>')
            for column in table["columns"]:
                out.append(self._cell(said, row, column["id"], flags))
            out.append("</tr>")
        out.append("</tbody></table>")
        return "".join(out)

    def _cell(self, said, row, column: str, flags) -> str:
        if column not in row["columns"]:
            return "<td></td>"
        cell = row["cells"].get(column)
        attributes = f'data-indicator="{_e(row["indicator"])}" data-column="{_e(column)}"'
        if cell is None:
            if row["heading"]:  # (a group's heading row has no values to print)
                return "<td></td>"
            return f'<td class="value blank" {attributes} title="{_e(said["not_printed"])}">·</td>'
        status = cell["status"]
        shown = cell["value"] if status in ("number", "zero") else (said.get("status_" + status) or cell["raw"] or status)
        on = flags.get(cell["offset"], []) if cell["offset"] is not None else []
        classes = ["value"] + (["blank"] if status not in ("number", "zero") else [])
        if not on:
            return f'<td class="{" ".join(classes)}" {attributes}>{_e(shown)}</td>'
        worst = min((d["severity"] for d, _ in on), key=lambda s: _SEVERITY_RANK.get(s, 3))
        # The finding's own place (a total that does not add up) stands out from the cells it involves.
        classes += ["flagged", f"flag-{worst}", "flag-place" if any(role == "place" for _, role in on) else "flag-related"]
        popup = "".join(self._popup_entry(said, d) for d, _ in on)
        codes = " ".join(sorted({d["code"] for d, _ in on}))
        return (f'<td class="{" ".join(classes)}" {attributes} data-codes="{_e(codes)}" tabindex="0">{_e(shown)}'
                f'<div class="popup">{popup}</div></td>')

    def _popup_entry(self, said, d) -> str:
        """A finding on a marked cell: its message, relation, numbers and the rule's explanation."""
        explanation = self._explanation(d["code"])
        return (f'<p><span class="sev sev-{_e(d["severity"])}">{_e(d["code"])}</span> {_e(d["message"])}'
                + (f'<br><span class="note">{_e(said["relation"])}：{_e(d["relation"])}</span>' if d.get("relation") else "")
                + (f'<br><span class="note">{_e(self._values_text(d))}</span>' if d.get("values") else "")
                + (f'<br><span class="note">{_e(explanation)}</span>' if explanation else "") + "</p>")

    def _explanation(self, code: str) -> str:
        rule = self.rules.get(code)
        if rule is None:
            return ""
        return "；".join(part for part in (rule.summary, rule.rationale) if part)

    @staticmethod
    def _values_text(d) -> str:
        return "；".join(f"{k} = {v}" for k, v in d["values"].items() if not k.endswith("_source"))

    def _finding(self, said, d, kind) -> str:
        place = self._place(said, d)
        link = _source_link(d["source"], kind, d.get("page"))
        out = [f'<div class="finding severity-{_e(d["severity"])}" data-code="{_e(d["code"])}" data-fingerprint="{_e(d["fingerprint"])}">',
               f'<p><span class="sev sev-{_e(d["severity"])}">{_e(said["severity_" + d["severity"]])}</span> '
               f'<strong>{_e(d["code"])}</strong> {_e(d["message"])}</p>',
               '<p class="place">' + (f'<a href="{_e(link)}">{_e(place)}</a>' if link else _e(place)) + "</p>"]
        excerpt = d.get("excerpt")
        if excerpt:
            text, at = excerpt["text"], excerpt["column"] - 1
            end = at + self._marked(d, text, at)
            out.append(f'<div class="excerpt">{_e(text[:at])}<mark>{_e(text[at:end])}</mark>{_e(text[end:])}</div>')
        if d["related"]:
            items = "<ul>" + "".join(f'<li class="place">{_e(r["message"])}</li>' for r in d["related"]) + "</ul>"
            # (a sum of twenty parts: folded, as the marked cells already show them)
            out.append(items if len(d["related"]) <= 3 else
                       f'<details><summary>{_e(said["related"].format(count=len(d["related"])))}</summary>{items}</details>')
        if d.get("scope") == "pair":
            out.append(self._pair_values(said, d))
        explanation = self._explanation(d["code"])
        rule = self.rules.get(d["code"])
        if explanation or (rule is not None and rule.source):
            out.append(f'<details><summary>{_e(said["explain"])}</summary><p>{_e(explanation)}</p>'
                       + (f'<p class="note">{_e(said["source"])}：{_e(rule.source)}</p>' if rule is not None and rule.source else "")
                       + "</details>")
        out.append("</div>")
        return "".join(out)

    @staticmethod
    def _marked(d, text: str, at: int) -> int:
        """How much of an excerpt to mark from the place: the quote, else the cell (up to the
        next cell's separator), at most a few words."""
        quote = d.get("quote") or ""
        if quote and text[at : at + len(quote)] == quote:
            return len(quote)
        end = text.find(CELL_SEPARATOR, at)
        return max(1, min(len(text) if end < 0 else end, at + 40) - at)

    def _place(self, said, d) -> str:
        if d.get("page") is not None:
            return said["place_page"].format(page=d["page"], line=d["line"])
        if d.get("locator"):
            return d["locator"]
        if d.get("line") is not None:
            return said["place_line"].format(line=d["line"], column=d["column"])
        return said["place_none"]

    def _pair_values(self, said, d) -> str:
        """A cross-year finding's values, last year's beside this year's."""
        values = d["values"]
        args = d["args"]
        rows = []
        if "previous" in values and "current" in values:
            rows.append((args.get("label", ""), values["previous"], values["current"]))
        for key, value in values.items():
            if key.startswith("previous_") and key != "previous_source" and key[len("previous_"):] in values:
                rows.append((key[len("previous_"):], value, values[key[len("previous_"):]]))
        if not rows:
            return ""
        before, after = args.get("previous", said["last_year"]), args.get("year", said["this_year"])
        return ('<table class="pairs"><thead><tr><th></th>'
                f"<th>{_e(before)}</th><th>{_e(after)}</th></tr></thead><tbody>"
                + "".join(f"<tr><td>{_e(label)}</td><td>{_e(a)}</td><td>{_e(b)}</td></tr>" for label, a, b in rows)
                + "</tbody></table>")

    def _changes(self, said, earlier: int, details, this_year) -> str:
        """The cells that changed from the issuer's previous year in the run (by concept and
        column, across template generations); a blank is never taken for zero."""
        before = self.spool.read_at(self.entries[earlier]["place"])
        old = before["details"].get("panel", {}).get("values", {})
        new = details.get("panel", {}).get("values", {})
        year = before["summary"].get("year")
        labels = {c["id"]: c["label"] for table in details.get("tables", []) for c in table["columns"]}
        rows = []
        for key in sorted(set(old) | set(new)):
            a, b = old.get(key), new.get(key)
            shown_a = a["value"] if a and a["status"] in ("number", "zero") else (said.get("status_" + a["status"], "") if a else "")
            shown_b = b["value"] if b and b["status"] in ("number", "zero") else (said.get("status_" + b["status"], "") if b else "")
            if shown_a == shown_b:
                continue
            label = (b or a or {}).get("label", key)
            change = ""
            if a and b and a["status"] in ("number", "zero") and b["status"] in ("number", "zero"):
                change = str(Decimal(b["value"]) - Decimal(a["value"]))
            column = key.split(":", 1)[1]
            rows.append((label, labels.get(column, column), shown_a, shown_b, change))
        head = f"<h3>{_e(said['changes_heading'].format(year=year))}（{len(rows)}）</h3>"
        if not rows:
            return head + f'<p class="note">{_e(said["no_changes"])}</p>'
        return (head + '<table class="pairs changes"><thead><tr>'
                + "".join(f"<th>{_e(x)}</th>" for x in (said["item"], said["column"], year, this_year, said["change"]))
                + "</tr></thead><tbody>"
                + "".join("<tr>" + "".join(f"<td>{_e(x)}</td>" for x in row) + "</tr>" for row in rows)
                + "</tbody></table>")

