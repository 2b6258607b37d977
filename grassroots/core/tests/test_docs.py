from pathlib import Path

from django.conf import settings

from grassroots.core.management.commands.audit_catalogue import render


def test_audit_catalogue_is_up_to_date():
    doc = Path(settings.BASE_DIR) / "docs" / "audit.md"
    assert doc.read_text(encoding="utf-8") == render(), (
        "run: python manage.py audit_catalogue --write"
    )
