"""Rules, diagnostics and the engine that runs them."""

from .model import Context, Diagnostic, Finding, Related, Rule, RuleOverride

__all__ = ["Context", "Diagnostic", "Finding", "Related", "Rule", "RuleOverride"]
