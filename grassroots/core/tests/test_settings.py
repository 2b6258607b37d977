import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _settings(env: dict[str, str], expr: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "GRASSROOTS_ENV"}
    }
    clean.update(env)
    code = f"import grassroots.settings as s; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings(
        {"GRASSROOTS_ENV": "production", "ALLOWED_HOSTS": "dj.example.gov.cn"}, "s.DEBUG"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _settings({"GRASSROOTS_ENV": "production", "SECRET_KEY": "x" * 50}, "s.DEBUG")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_defaults_are_safe():
    result = _settings(
        {
            "GRASSROOTS_ENV": "production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "dj.example.gov.cn",
        },
        "s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.PASSWORD_HASHERS[0], s.LANGUAGE_CODE, s.TIME_ZONE",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False True True django.contrib.auth.hashers.Argon2PasswordHasher zh-hans Asia/Shanghai"
    )


def test_development_generates_a_local_secret_key():
    result = _settings({"GRASSROOTS_ENV": "development"}, "len(s.SECRET_KEY) > 40, s.DEBUG")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True"
    assert (ROOT / ".secret_key").exists()
