"""Encryption at rest for personal data, and keyed hashes for exact lookup.

Values are encrypted with Fernet (AES-128-CBC + HMAC) under a key derived from
``FIELD_ENCRYPTION_KEY``; the lookup hash is an HMAC-SHA256 under a second derived key,
so equal ID numbers can be found without decrypting every row.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings


def _derive(purpose: bytes) -> bytes:
    return hashlib.sha256(purpose + b"\x00" + settings.FIELD_ENCRYPTION_KEY.encode()).digest()


@functools.cache
def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"grassroots.field-encryption")))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    return _fernet().decrypt(token.encode()).decode()


def lookup_hash(value: str) -> str:
    if not value:
        return ""
    return hmac.new(
        _derive(b"grassroots.lookup-hash"), value.strip().upper().encode(), hashlib.sha256
    ).hexdigest()
