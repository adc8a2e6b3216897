"""Session lifetime, access changes during a session, security headers, CSRF and error pages."""

import datetime
import html
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from directory.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT

HOME_DISTRICT = "directory:home-district"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def login(client, identifier, password="demo"):
    return client.post(reverse("login"), {"username": identifier, "password": password})


def signed_in(world, persona: str) -> Client:
    client = Client()
    assert login(client, persona).status_code == 302
    return client


def age_session(client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


# --- Session lifetime -----------------------------------------------------------------------------


def test_session_key_is_rotated_at_sign_in(world):
    client = Client()
    before = client.session
    before["panier"] = "avant connexion"
    before.save()
    old_key = before.session_key

    login(client, "ien")

    new_key = client.cookies["sessionid"].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.session["_auth_user_id"] == str(world.users["ien"].pk)


def test_sign_in_records_session_clock(world):
    client = signed_in(world, "ien")

    session = client.session

    assert abs(session[SESSION_LOGIN_AT] - time.time()) < 60
    assert abs(session[SESSION_SEEN_AT] - time.time()) < 60


def test_session_idle_29_minutes_is_still_open(world):
    client = signed_in(world, "ien")
    age_session(client, **{SESSION_SEEN_AT: 29 * 60})

    response = client.get(reverse(HOME_DISTRICT))

    assert response.status_code == 200
    assert abs(client.session[SESSION_SEEN_AT] - time.time()) < 60  # the clock moved on


def test_session_idle_over_30_minutes_redirects_to_login_in_french(world):
    client = signed_in(world, "ien")
    age_session(client, **{SESSION_SEEN_AT: 31 * 60})
    page = reverse(HOME_DISTRICT)

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={page}"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert "Votre session a expiré" in page_text(login_page)


def test_session_older_than_10_hours_is_closed_even_when_active(world):
    client = signed_in(world, "ien")
    age_session(client, **{SESSION_LOGIN_AT: 10 * 3600 + 60, SESSION_SEEN_AT: 10})

    response = client.get(reverse(HOME_DISTRICT))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert "Votre session a expiré" in page_text(client.get(response["Location"]))


def test_session_of_9_hours_active_is_still_open(world):
    client = signed_in(world, "ien")
    age_session(client, **{SESSION_LOGIN_AT: 9 * 3600, SESSION_SEEN_AT: 10})

    assert client.get(reverse(HOME_DISTRICT)).status_code == 200


def test_user_deactivated_during_session_is_treated_as_anonymous(world):
    client = signed_in(world, "ien")
    user = world.users["ien"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get(reverse(HOME_DISTRICT))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert response.wsgi_request.user.is_anonymous


def test_expired_role_assignment_gives_403_on_next_request(world):
    client = signed_in(world, "ien")
    assert client.get(reverse(HOME_DISTRICT)).status_code == 200
    today = timezone.localdate()
    world.users["ien"].assignments.update(
        valid_from=today - datetime.timedelta(days=30), valid_until=today - datetime.timedelta(1)
    )

    response = client.get(reverse(HOME_DISTRICT))

    assert response.status_code == 403
    assert "Accès refusé" in page_text(response)


def test_removed_role_assignment_gives_403_on_next_request(world):
    client = signed_in(world, "cpc")
    assert client.get(reverse(HOME_DISTRICT)).status_code == 200
    world.users["cpc"].assignments.all().delete()

    response = client.get(reverse(HOME_DISTRICT))

    assert response.status_code == 403


# --- Headers --------------------------------------------------------------------------------------


def _directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_signed_in_page_sends_security_headers(world):
    client = signed_in(world, "ien")

    response = client.get(reverse(HOME_DISTRICT))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    csp = _directives(response["Content-Security-Policy"])
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_page_csp_carries_the_nonce_its_scripts_use(world):
    client = signed_in(world, "ien")

    response = client.get(reverse(HOME_DISTRICT))

    script_src = _directives(response["Content-Security-Policy"])["script-src"]
    nonces = [v[len("'nonce-") : -1] for v in script_src if v.startswith("'nonce-")]
    assert len(nonces) == 1
    assert f'nonce="{nonces[0]}"' in response.content.decode()


def test_pages_carry_no_inline_script(world):
    client = signed_in(world, "ien")

    for url in [reverse(HOME_DISTRICT), reverse("otp-setup"), reverse("login")]:
        markup = client.get(url, follow=True).content.decode()
        for tag in markup.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or "nonce=" in opening, url
        assert " onclick=" not in markup
        assert " onload=" not in markup


def test_anonymous_public_page_is_not_marked_no_store(world):
    response = Client().get(reverse("directory:privacy"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_login_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)

    response = login(client, "ien")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_with_csrf_token_is_accepted(world):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("login"), {"username": "ien", "password": "demo", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302


# --- Error pages ----------------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_404_page_is_french_without_technical_detail(world):
    response = signed_in(world, "ien").get("/cette-page-n-existe-pas/")

    text = page_text(response)
    assert response.status_code == 404
    assert "Page introuvable" in text
    assert "Traceback" not in text
    assert "urlpatterns" not in text.lower()
    assert 'lang="fr"' in text


@pytest.mark.parametrize("debug", [False, True])
def test_403_page_is_french_without_traceback_even_with_debug(world, debug):
    client = signed_in(world, "cpc")

    with override_settings(DEBUG=debug):
        response = client.get(reverse("directory:audit-log"))

    text = page_text(response)
    assert response.status_code == 403
    assert "Accès refusé" in text
    assert "Traceback" not in text
    assert "PermissionDenied" not in text
