"""Token keys, normalisation and masking."""

from __future__ import annotations

import pytest

from pillars.errors import PillarsError
from pillars.privacy.masking import mask_value
from pillars.privacy.normalise import digits, initial, normalise_name
from pillars.privacy.tokens import KEY_ENV, KEY_FILE_ENV, Tokeniser, load_key


def test_name_normalisation():
    assert normalise_name("José  O'Neil") == normalise_name("jose oneil") == "joseoneil"
    assert normalise_name("MARÍA-JOSÉ") == "mariajose"
    assert normalise_name("Zoë") == "zoe"
    assert initial("  Ángela") == "a"
    assert digits("+1 (713) 555-0100") == "7135550100"


def test_tokens_link_spellings_and_depend_on_key():
    tokeniser = Tokeniser(b"k" * 32)
    a = tokeniser.token("match_key_name_dob", [normalise_name("José  O'Neil"), "1990-01-02"])
    b = tokeniser.token("match_key_name_dob", [normalise_name("jose oneil"), "1990-01-02"])
    assert a == b
    assert len(a) == 64
    assert Tokeniser(b"j" * 32).token("match_key_name_dob", ["joseoneil", "1990-01-02"]) != a
    assert tokeniser.token("match_key_other", ["joseoneil", "1990-01-02"]) != a
    # part boundaries matter: ("ab", "c") is not ("a", "bc")
    assert tokeniser.token("k", ["ab", "c"]) != tokeniser.token("k", ["a", "bc"])


def test_missing_key_says_how_to_set_it(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    with pytest.raises(PillarsError, match=KEY_ENV):
        load_key()


def test_key_from_env_and_file(monkeypatch, tmp_path):
    monkeypatch.setenv(KEY_ENV, "x" * 40)
    assert load_key() == b"x" * 40
    monkeypatch.delenv(KEY_ENV)
    path = tmp_path / "key"
    path.write_text("y" * 40 + "\n")
    monkeypatch.setenv(KEY_FILE_ENV, str(path))
    assert load_key() == b"y" * 40
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(PillarsError, match="too short"):
        load_key()


def test_masking():
    assert mask_value("Maria Garcia", identifier=True) == "***"
    assert mask_value("x" * 500, identifier=False).startswith("x" * 60 + "...")
    assert mask_value("a\tb\nc", identifier=False) == "a b c"


@pytest.mark.parametrize("key", [b"k" * 16, b"a-council-secret-of-32-bytes!!!!", bytes(range(100))])
def test_tokens_are_standard_hmac_sha256_whatever_the_key_length(key):
    """The tokeniser keeps HMAC's keyed states to save the key schedule per token; the tokens must still be
    exactly the standard library's HMAC-SHA256 (keys longer than a block are hashed first)."""
    import hmac

    tokeniser = Tokeniser(key)
    for parts in (["maria", "garcia", "1990-02-01"], ["josé"], [""]):
        message = ("match_key_name_dob\x1f" + "\x1f".join(parts)).encode("utf-8")
        assert tokeniser.token("match_key_name_dob", parts) == hmac.digest(key, message, "sha256").hex()
