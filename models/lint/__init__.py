"""The lint engine: service-chain rules in a registry, run with a chain's own settings."""

from models.lint.engine import Finding, effective_severity, lint_chain, summarise
from models.lint.registry import RULES, SEVERITIES, Reads, Rule

__all__ = ["RULES", "SEVERITIES", "Finding", "Reads", "Rule", "effective_severity", "lint_chain", "summarise"]
