"""Codes from an authenticator app, computed here as the phone does (RFC 6238), not by allauth."""

import base64
import hashlib
import hmac
import re
import struct
import time


def totp(secret: str, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    """The code an app shows for the base32 ``secret`` at time ``at`` (now)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def secret_on(page: str) -> str:
    """The secret the set-up page shows for typing into an app."""
    match = re.search(r'<code class="totp-secret">([A-Z2-7]+)</code>', page)
    assert match, "the set-up page shows no secret"
    return match.group(1)
