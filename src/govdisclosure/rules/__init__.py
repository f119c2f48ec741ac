"""Rules, diagnostics and the engine that runs them."""

from .model import (
    Context,
    Diagnostic,
    Finding,
    PairContext,
    PairRule,
    Related,
    ReportContext,
    ReportRule,
    Rule,
    RuleOverride,
    pair_rule,
    rule,
)

__all__ = ["Context", "Diagnostic", "Finding", "PairContext", "PairRule", "Related", "ReportContext", "ReportRule",
           "Rule", "RuleOverride", "pair_rule", "rule"]
