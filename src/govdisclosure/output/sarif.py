"""SARIF 2.1.0 (code-scanning tools): one run, the rules that fired as the driver's rules, the
plugins loaded as the tool's extensions. SARIF is one object, so the results are held to the end."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .base import Writer, json_text

if TYPE_CHECKING:
    from ..rules.model import Diagnostic

SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _region(span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line,
            "endColumn": max(span.end_column, span.column)}


def sarif_document(diagnostics, rules, version: str, plugins=(), lang: str = "zh", complete: bool = True) -> dict[str, Any]:
    """The SARIF log of diagnostics, with the driver's rules (those of `rules` that fired)."""
    used = {d.code for d in diagnostics}
    driver_rules = [
        {"id": rule.code, "name": rule.name, "shortDescription": {"text": rule.summary},
         "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]}}
        for rule in rules if rule.code in used
    ]
    results = []
    for d in diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code, "level": SARIF_LEVELS[d.severity], "message": {"text": d.message_in(lang)},
            "partialFingerprints": {"govdisclosure/v1": d.fingerprint},
        }
        if d.span is not None:
            result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": d.source}, "region": _region(d.span)}}]
        related = [
            {"id": index, "message": {"text": r.message},
             "physicalLocation": {"artifactLocation": {"uri": r.source or d.source}, "region": _region(r.span)}}
            for index, r in enumerate(d.related) if r.span is not None
        ]
        if related:
            result["relatedLocations"] = related
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "govdisclosure", "version": version, "rules": driver_rules},
                           "extensions": [{"name": info.name, **({"version": info.version} if info.version else {})}
                                          for info in plugins if not info.name.startswith("core")]},
                  "invocations": [{"executionSuccessful": complete}],
                  "results": results}],
    }


class SarifWriter(Writer):
    def start(self) -> None:
        self.held: list[Diagnostic] = []

    def diagnostic(self, diagnostic) -> None:
        self.held.append(diagnostic)

    def finish(self, collections, summary, interrupted: bool = False) -> None:
        rules = self.registry.rules if self.registry is not None else ()
        infos = self.registry.infos if self.registry is not None else ()
        self.stream.write(json_text(json.dumps(sarif_document(self.held, rules, self.version, infos, self.lang,
                                                              not interrupted), ensure_ascii=False, indent=2)) + "\n")
