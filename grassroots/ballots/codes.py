"""One-time voting codes and receipts.

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 50
bits, printed as ``ABCDE-FGHJK``. Only an HMAC of it is stored, under a key derived from
the deployment's field-encryption key, so a copy of the database does not let anyone
try codes offline. The receipt is a second HMAC of the code, bound to the ballot: the
voter (who holds the code) can recompute it; the table of receipts says nothing about
who voted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10


def _key(purpose: bytes) -> bytes:
    return hashlib.sha256(purpose + b"\x00" + settings.FIELD_ENCRYPTION_KEY.encode()).digest()


def generate(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        codes.add("".join(secrets.choice(ALPHABET) for _i in range(LENGTH)))
    return sorted(codes, key=lambda _c: secrets.randbits(32))


def normalize(code: str) -> str:
    """What the voter typed, as stored: upper case, without spaces and dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def is_well_formed(code: str) -> bool:
    code = normalize(code)
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def display(code: str) -> str:
    code = normalize(code)
    return f"{code[:5]}-{code[5:]}"


def code_hash(code: str) -> str:
    return hmac.new(
        _key(b"grassroots.ballot-code"), normalize(code).encode(), hashlib.sha256
    ).hexdigest()


def receipt(public_id: str, code: str) -> str:
    """The receipt of the ballot cast with ``code``: 16 hex digits, shown as 4 groups."""
    digest = hmac.new(
        _key(b"grassroots.ballot-receipt"),
        f"{public_id}:{normalize(code)}".encode(),
        hashlib.sha256,
    ).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))
