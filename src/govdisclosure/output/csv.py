"""CSV: one row per finding (DIAGNOSTIC_COLUMNS), for a spreadsheet or a script."""

from __future__ import annotations

import csv

from .base import Writer, shown
from .convert import DIAGNOSTIC_COLUMNS, diagnostic_row


class CsvWriter(Writer):
    def start(self) -> None:
        self.rows = csv.DictWriter(self.stream, fieldnames=DIAGNOSTIC_COLUMNS, lineterminator="\n")
        self.rows.writeheader()

    def diagnostic(self, diagnostic) -> None:
        row = diagnostic_row(diagnostic, self.lang)
        row["source"] = shown(row["source"])  # (a name's control characters and undecodable bytes escaped)
        self.rows.writerow(row)
