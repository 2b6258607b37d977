"""Checking uploaded evidence (photos and documents) before it goes to Django storage.

The browser's declared content type is not trusted: the file's extension must be on the
list and its first bytes must match that format. Files are stored under a random name
(the original name is kept for display and download only).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import RuleViolation

PHOTO = "photo"
DOCUMENT = "document"

# extension -> (kind, content type, accepted leading bytes)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
FORMATS: dict[str, tuple[str, str, tuple[bytes, ...]]] = {
    ".jpg": (PHOTO, "image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": (PHOTO, "image/jpeg", (b"\xff\xd8\xff",)),
    ".png": (PHOTO, "image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".webp": (PHOTO, "image/webp", (b"RIFF",)),
    ".pdf": (DOCUMENT, "application/pdf", (b"%PDF-",)),
    ".doc": (DOCUMENT, "application/msword", (_OLE,)),
    ".xls": (DOCUMENT, "application/vnd.ms-excel", (_OLE,)),
    ".docx": (
        DOCUMENT,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_ZIP,),
    ),
    ".xlsx": (
        DOCUMENT,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (_ZIP,),
    ),
}


def max_upload_bytes() -> int:
    value: Any = settings.GRASSROOTS.get("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    return int(value)


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # PHOTO or DOCUMENT
    content_type: str
    size: int
    original_name: str
    storage_name: str  # random, with the checked extension


def check_upload(upload: Any, *, field: str = "file") -> CheckedUpload:
    """Refuse files that are too large or not one of the accepted formats."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    limit = max_upload_bytes()
    if upload.size > limit:
        raise RuleViolation(
            _("文件「%(name)s」超过%(mb)d MB，请压缩后再上传。")
            % {"name": name, "mb": limit // (1024 * 1024)},
            rule="uploads.too_large",
            field=field,
        )
    if upload.size == 0:
        raise RuleViolation(
            _("文件「%(name)s」是空的。") % {"name": name}, rule="uploads.empty", field=field
        )
    fmt = FORMATS.get(ext)
    if fmt is None:
        raise RuleViolation(
            _("不支持「%(ext)s」格式：照片请用 JPG、PNG、WEBP，文件请用 PDF、Word 或 Excel。")
            % {"ext": ext or name},
            rule="uploads.type",
            field=field,
        )
    kind, content_type, magics = fmt
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    ok = any(head.startswith(m) for m in magics)
    if ext == ".webp":
        ok = ok and head[8:12] == b"WEBP"
    if not ok:
        raise RuleViolation(
            _("文件「%(name)s」的内容与扩展名「%(ext)s」不符。") % {"name": name, "ext": ext},
            rule="uploads.content_mismatch",
            field=field,
        )
    return CheckedUpload(
        kind=kind,
        content_type=content_type,
        size=upload.size,
        original_name=name[:200],
        storage_name=f"{uuid.uuid4().hex}{ext}",
    )
