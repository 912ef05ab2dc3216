"""One-time tokens for links to participants (self-assessment, surveys): only a hash is kept.

The raw token exists in the link (QR code, SMS, e-mail) and nowhere else, so a copy of the
database cannot be used to answer in a participant's name. 24 random bytes make guessing a
token hopeless, which is why a lookup may tell "unknown" from "expired" without helping anyone.
"""

import hashlib
import secrets


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """``(raw, hash)``: the raw token goes into the link, the hash into the database."""
    raw = secrets.token_urlsafe(24)
    return raw, hash_token(raw)
