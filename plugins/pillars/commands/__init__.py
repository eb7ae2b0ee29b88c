"""Command groups of the ``pillars`` CLI: each module defines ``register(subparsers)``.

A module's ``register`` adds one sub-command whose parser sets ``handler`` (``args -> int``).
"""
