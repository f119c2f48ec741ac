"""One JSON document per run (docs/output.md): the tool, the diagnostics as they come, the files,
the cross-year series and the summary. Streamed: the diagnostics are written as they come and
the files' summaries spooled to disk, so memory stays flat however many reports a run reads."""

from __future__ import annotations

import json

from ..batch import JsonArrayWriter, Spool
from .base import Writer, json_text
from .convert import diagnostic_data

SCHEMA_VERSION = 1


def _indented(value) -> str:
    return json_text(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  "))


class JsonWriter(Writer):
    def start(self) -> None:
        plugins = list(self.registry.plugins) if self.registry is not None else []
        self.stream.write('{\n  "schema_version": ' + str(SCHEMA_VERSION) + ',\n  "tool": '
                          + _indented({"name": "govdisclosure", "version": self.version, "plugins": plugins}) + ",\n")
        self.diagnostics = JsonArrayWriter(self.stream, "diagnostics")
        self.files = Spool()

    def diagnostic(self, diagnostic) -> None:
        self.diagnostics.write(diagnostic_data(diagnostic, self.lang))

    def file(self, summary) -> None:
        self.files.write(summary)

    def finish(self, collections, summary, interrupted: bool = False) -> None:
        self.diagnostics.close()
        files = JsonArrayWriter(self.stream, "files")
        for item in self.files:
            files.write(item)
        files.close()
        # (an interrupted run is said at the top level, and only then: a whole run's document is unchanged)
        stopped = '  "interrupted": true,\n' if interrupted else ""
        self.stream.write('  "collections": ' + _indented(collections) + ",\n" + stopped
                          + '  "summary": ' + _indented(summary) + "\n}\n")

    def close(self) -> None:
        files = getattr(self, "files", None)
        if files is not None:
            files.close()
