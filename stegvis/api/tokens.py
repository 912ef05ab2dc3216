"""Making and reading token strings: ``stegvis_<prefix>_<secret>``, stored as a SHA-256 only."""

import hashlib
import hmac
import secrets

#: Every token starts so, which lets secret scanners (and people) recognise one in a leaked file.
SCHEME = "stegvis"
PREFIX_LENGTH = 8


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and its prefix (the part shown in lists)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}", prefix


def prefix_of(token: str) -> str | None:
    """The prefix of a well-formed token, else ``None`` (nothing is looked up for it)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or len(parts[1]) != PREFIX_LENGTH or not parts[2]:
        return None
    return parts[1]


def matches(token: str, key_hash: str) -> bool:
    """Whether ``token`` is the one stored as ``key_hash`` (in constant time)."""
    return hmac.compare_digest(hash_of(token), key_hash)
