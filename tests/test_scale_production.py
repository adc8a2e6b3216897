"""Production beyond one machine: the load balancer's probe, sessions any server can read after a
restart, static files through WhiteNoise, JSON logs."""

import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from config.logging import JsonFormatter


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_answers_200_over_plain_http_when_https_is_enforced(db):
    client = Client()

    probe = client.get("/healthz")
    page = client.get("/connexion/")

    assert probe.status_code == 200
    assert probe.json() == {"status": "ok"}
    assert page.status_code == 301
    assert page["Location"].startswith("https://")


def test_a_session_survives_losing_the_cache(world):
    """cached_db sessions: a restarted server (or another one, with its own local cache) still
    knows the user."""
    client = Client()
    assert client.post(reverse("login"), {"username": "ien", "password": "demo"}).status_code == 302

    cache.clear()

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert client.get(reverse("directory:home-district")).status_code == 200


def test_static_files_go_through_whitenoise():
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    position = settings.MIDDLEWARE.index
    assert position("whitenoise.middleware.WhiteNoiseMiddleware") == 1 + position(
        "django.middleware.security.SecurityMiddleware"
    )


def test_json_log_lines_carry_the_message_and_extra_fields():
    record = logging.LogRecord("hz.audit", logging.INFO, __file__, 1, "audit %s", ("view",), None)
    record.request_id = "abc"

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "audit view"
    assert line["level"] == "INFO"
    assert line["logger"] == "hz.audit"
    assert line["request_id"] == "abc"
