"""Safe defaults (issue 8, item 10): DEBUG off unless asked, no record made by a GET, and a first
second-factor enrolment that needs more than the password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.directory.test_auth import email_code, login, page_text

ROOT = Path(__file__).resolve().parent.parent.parent


def _settings_with(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print('DEBUG', s.DEBUG)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_is_off_unless_asked():
    bare = _settings_with({})
    assert bare.returncode != 0 and "SECRET_KEY doit être défini" in bare.stderr
    production = _settings_with(
        {
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "portail.example.org",
            "AUDIT_CHAIN_KEY": "k" * 40,
        }
    )
    assert "DEBUG False" in production.stdout, production.stderr
    assert "DEBUG True" in _settings_with({"DEBUG": "true"}).stdout


def test_production_needs_an_audit_key_of_its_own():
    base = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portail.example.org"}
    assert "AUDIT_CHAIN_KEY" in _settings_with(base).stderr
    assert "AUDIT_CHAIN_KEY" in _settings_with({**base, "AUDIT_CHAIN_KEY": "x" * 60}).stderr


def test_make_run_sets_debug_for_itself():
    makefile = (ROOT / "Makefile").read_text()
    assert "migrate seed run: export DEBUG ?= true" in makefile


@pytest.fixture
def two_factor(settings):
    settings.HZ_TWO_FACTOR_REQUIRED = True


def test_a_get_of_the_enrolment_page_creates_nothing_and_shows_no_secret(world, two_factor):
    client = Client()
    login(client, "ien")
    page = client.get(reverse("otp-setup"))
    assert page.status_code == 200
    assert not TOTPDevice.objects.exists()
    text = page_text(page)
    assert "data:image/svg+xml" not in text and "secret" not in page.context
    assert "Recevoir un code par courriel" in text


def test_the_password_alone_cannot_enrol(world, two_factor, mailoutbox):
    client = Client()
    login(client, "ien")
    url = reverse("otp-setup")
    response = client.post(url, {"step": "code", "code": "123456"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()
    code = email_code(client, url, mailoutbox)
    assert mailoutbox[-1].to == ["ien@exemple.test"]
    wrong = "000000" if code != "000000" else "111111"
    assert "Ce code n'est pas valide" in page_text(
        client.post(url, {"step": "code", "code": wrong})
    )
    assert not TOTPDevice.objects.exists()
    assert client.post(url, {"step": "code", "code": code}).status_code == 302
    assert TOTPDevice.objects.filter(user=world.users["ien"], confirmed=False).count() == 1
    assert "data:image/svg+xml" in page_text(client.get(url))


def test_the_email_code_is_tried_five_times_at_most(world, two_factor, mailoutbox):
    client = Client()
    login(client, "ien")
    url = reverse("otp-setup")
    code = email_code(client, url, mailoutbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post(url, {"step": "code", "code": wrong})
    client.post(url, {"step": "code", "code": code})
    assert not TOTPDevice.objects.exists()


def test_an_unconfirmed_device_from_before_does_not_skip_the_email_step(world, two_factor):
    TOTPDevice.objects.create(user=world.users["ien"], confirmed=False, name="ancien")
    client = Client()
    login(client, "ien")
    page = client.get(reverse("otp-setup"))
    assert "data:image/svg+xml" not in page_text(page)
