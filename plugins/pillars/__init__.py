"""Pillars: the data platform of a state Human Trafficking Prevention Coordinating Council."""

__version__ = "0.1.0"
