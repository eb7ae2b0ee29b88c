"""Keyed HMAC-SHA256 tokens that replace direct identifiers.

The key is a council secret (``PILLARS_TOKEN_KEY`` or a file named by ``PILLARS_TOKEN_KEY_FILE``): with it
the same person gets the same token from every partner, so survivors can be unduplicated; without it a
token cannot be reversed or recomputed from a guessed name. The match-key name is mixed into the message,
so a token from one key shape never collides with another; keys with the same name link across feeds.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from pillars.errors import PillarsError

KEY_ENV = "PILLARS_TOKEN_KEY"
KEY_FILE_ENV = "PILLARS_TOKEN_KEY_FILE"
MIN_KEY_BYTES = 16
_SEPARATOR = "\x1f"
_BLOCK = 64  # SHA-256 block size in bytes
_HOW_TO = (
    f"set {KEY_ENV} to a secret of at least {MIN_KEY_BYTES} characters "
    f"(e.g. export {KEY_ENV}=$(python -c 'import secrets; print(secrets.token_hex(32))')) "
    f"or {KEY_FILE_ENV} to a file holding it"
)


def load_key() -> bytes:
    """The token key from the environment; a missing or short key is a user error saying how to set it."""
    value = os.environ.get(KEY_ENV)
    source = KEY_ENV
    if not value:
        key_file = os.environ.get(KEY_FILE_ENV)
        if not key_file:
            raise PillarsError(f"no privacy token key: {_HOW_TO}")
        try:
            value = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise PillarsError(f"cannot read {KEY_FILE_ENV}={key_file} ({exc.strerror}): {_HOW_TO}") from None
        source = f"{KEY_FILE_ENV} ({key_file})"
    key = value.encode("utf-8")
    if len(key) < MIN_KEY_BYTES:
        raise PillarsError(f"the token key in {source} is too short: {_HOW_TO}")
    return key


class Tokeniser:
    """Computes tokens with one key; cheap to call per row (the HMAC key schedule is done once)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise PillarsError(f"token key too short: {_HOW_TO}")
        self._key = key
        # HMAC's two keyed SHA-256 states (RFC 2104), computed once: a token then hashes only its message,
        # where the one-shot hmac.digest redid the key schedule on every call (half the cost of a person).
        block = (hashlib.sha256(key).digest() if len(key) > _BLOCK else key).ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in block))
        self._outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in block))

    @classmethod
    def from_env(cls) -> Tokeniser:
        return cls(load_key())

    @classmethod
    def ephemeral(cls) -> Tokeniser:
        """A throw-away key, for validating files when no token will be stored."""
        return cls(secrets.token_bytes(32))

    def token(self, key_name: str, parts: Sequence[str]) -> str:
        """Hex HMAC-SHA256 of the key name and already-normalised parts."""
        inner = self._inner.copy()
        inner.update((key_name + _SEPARATOR + _SEPARATOR.join(parts)).encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()
