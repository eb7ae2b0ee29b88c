"""Masking of values echoed back to people (rejections, error messages, quarantine).

An identifier is never echoed; other values are shortened and stripped of control characters so a
rejection report stays one line and cannot smuggle a huge or hostile field.
"""

from __future__ import annotations

MASK = "***"
MAX_ECHO = 60


def mask_value(value: object, *, identifier: bool) -> str:
    """What may be shown of ``value``: ``***`` for identifiers, else a short, printable excerpt."""
    if identifier:
        return MASK
    if value is None:
        return ""
    text = str(value)
    if len(text) > MAX_ECHO:
        text = text[:MAX_ECHO] + f"...({len(text)} chars)"
    return "".join(ch if ch.isprintable() else " " for ch in text)
