"""Chinese is the source language; the English catalogue must be complete and compiled."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

PO = Path(settings.BASE_DIR) / "grassroots" / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_every_string_has_an_english_translation(tmp_path, settings):
    # Extract from a copy of the source so the test never writes into the tree.
    src = Path(settings.BASE_DIR) / "grassroots"
    copy = tmp_path / "grassroots"
    shutil.copytree(
        src,
        copy,
        ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.pyc", "*.png", "*.xlsx"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command(
            "makemessages",
            locale=["en"],
            no_location=True,
            no_obsolete=True,
            ignore_patterns=["static/*"],
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    po = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not missing, (
        f"{len(missing)} strings lack English (run `make messages` and translate): {missing[:20]}"
    )
    assert not fuzzy, f"fuzzy translations to check: {fuzzy[:20]}"


def test_compiled_catalogue_is_up_to_date():
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)).translated_entries()}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO)) if e.msgid}
    assert po == mo, "run `make messages` (compilemessages) after editing the .po file"


@pytest.mark.django_db
def test_chinese_by_default_english_on_request():
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    body = client.get("/accounts/login/").content.decode()
    assert "Log in" in body and "登录" not in body
