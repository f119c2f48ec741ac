"""Rules, diagnostics and the engine that runs them."""

from .model import (
    BatchContext,
    BatchFinding,
    BatchRule,
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
    batch_rule,
    pair_rule,
    rule,
)

__all__ = ["BatchContext", "BatchFinding", "BatchRule", "Context", "Diagnostic", "Finding", "PairContext", "PairRule",
           "Related", "ReportContext", "ReportRule", "Rule", "RuleOverride", "batch_rule", "pair_rule", "rule"]
