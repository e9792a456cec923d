"""Dutybound: a legal-liability knowledge base and reasoning engine."""
__version__ = "0.1.0"
