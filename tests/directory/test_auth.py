"""Sign-in, lockout, the second factor and the password reset, as a user goes through them."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.auth import CommonPasswordStemValidator, wait_for_background_mail
from directory.models import AuditEvent

PASSWORD = "demo"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def login(client, identifier, password=PASSWORD, url=None, **extra):
    return client.post(
        url or reverse("login"), {"username": identifier, "password": password}, **extra
    )


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- Signing in -----------------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["ien", "IEN", "ien@exemple.test", "IEN@Exemple.TEST"])
def test_sign_in_with_username_or_email_lands_on_role_home(world, identifier):
    client = Client()

    response = login(client, identifier)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(world.users["ien"].pk)
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == reverse("directory:home-district")
    assert client.get(home["Location"]).status_code == 200


def test_parent_lands_on_parent_home(world):
    client = Client()
    login(client, "parent@exemple.test")
    assert client.get("/")["Location"] == reverse("directory:home-parent")


def test_wrong_password_shows_french_error_and_keeps_identifier(world):
    client = Client()

    response = login(client, "ien@exemple.test", "pas-le-bon")

    assert response.status_code == 200
    text = page_text(response)
    assert "Identifiant ou mot de passe incorrect" in text
    assert 'value="ien@exemple.test"' in text
    assert "pas-le-bon" not in text
    assert "fr-alert--error" in text
    assert signed_in_user_id(client) is None


def test_login_page_is_french_with_reset_link(world):
    response = Client().get(reverse("login"))

    text = page_text(response)
    assert response.status_code == 200
    assert "Identifiant ou adresse électronique" in text
    assert "Mot de passe oublié ?" in text
    assert reverse("password_reset") in text
    assert "Vous êtes parent ?" in text
    assert "no-store" in response["Cache-Control"]


def test_inactive_account_is_refused(world):
    user = world.users["cpc"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    client = Client()

    response = login(client, "cpc")

    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in page_text(response)
    assert signed_in_user_id(client) is None


def test_next_to_another_host_is_ignored(world):
    client = Client()

    response = login(client, "ien", url=reverse("login") + "?next=https://evil.example/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_next_to_a_local_page_is_followed(world):
    client = Client()
    target = reverse("directory:school-list")

    response = login(client, "ien", url=f"{reverse('login')}?next={target}")

    assert response["Location"] == target


def test_forged_host_header_gets_400(world):
    response = Client().get(reverse("login"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Requête invalide" in page_text(response)


# --- Brute force ---------------------------------------------------------------------------------


def test_sixth_attempt_with_right_password_is_locked_out(world):
    client = Client()
    for _ in range(5):
        login(client, "cpc", "mauvais-mot-de-passe")

    response = login(client, "cpc")

    assert response.status_code == 429
    text = page_text(response)
    assert "Connexion temporairement bloquée" in text
    assert "15 minutes" in text
    assert "circonscription" in text
    assert signed_in_user_id(client) is None


def test_four_failures_do_not_lock_the_account(world):
    client = Client()
    for _ in range(4):
        login(client, "cpc", "mauvais-mot-de-passe")

    response = login(client, "cpc")

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(world.users["cpc"].pk)


def test_failures_by_username_and_by_email_lock_the_same_account(world):
    client = Client()
    for identifier in ["cpc", "CPC", "cpc@exemple.test", "Cpc@Exemple.test", "cpc"]:
        login(client, identifier, "mauvais-mot-de-passe")

    by_email = login(client, "cpc@exemple.test")

    assert by_email.status_code == 429
    assert signed_in_user_id(client) is None


@override_settings(HZ_LOGIN_FAILURES_PER_IP=3)
def test_per_address_limit_blocks_other_accounts_from_that_address(world):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for identifier in ["ien", "pole", "directeur"]:
        login(attacker, identifier, "mauvais-mot-de-passe")

    blocked = login(attacker, "parent")

    assert blocked.status_code == 429
    assert "Connexion temporairement bloquée" in page_text(blocked)
    assert signed_in_user_id(attacker) is None
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert login(elsewhere, "parent").status_code == 302
    assert signed_in_user_id(elsewhere) == str(world.users["parent"].pk)


@override_settings(HZ_LOGIN_FAILURES_PER_IP=3)
def test_per_address_limit_also_guards_the_admin_sign_in(world):
    attacker = Client(REMOTE_ADDR="203.0.113.8")
    for identifier in ["ien", "pole", "directeur"]:
        login(attacker, identifier, "mauvais-mot-de-passe")

    login(attacker, "admin", url=reverse("admin:login"))

    assert signed_in_user_id(attacker) is None


def test_failed_attempts_are_audited_with_address(world):
    client = Client(REMOTE_ADDR="192.0.2.44")
    for _ in range(3):
        login(client, "pole", "mauvais-mot-de-passe")

    rows = AuditEvent.objects.filter(action="login_failed")
    assert rows.count() == 3
    assert {row.ip for row in rows} == {"192.0.2.44"}
    assert not AuditEvent.objects.filter(action="login").exists()


def test_sign_in_and_post_sign_out_are_audited_and_get_does_not_sign_out(world):
    client = Client()
    login(client, "directeur")
    user = world.users["directeur"]
    assert AuditEvent.objects.filter(action="login", user=user).count() == 1

    by_get = client.get(reverse("logout"))

    assert by_get.status_code == 405
    assert signed_in_user_id(client) == str(user.pk)
    assert not AuditEvent.objects.filter(action="logout").exists()

    by_post = client.post(reverse("logout"))

    assert by_post.status_code == 302
    assert by_post["Location"] == reverse("login")
    assert signed_in_user_id(client) is None
    assert AuditEvent.objects.filter(action="logout", user=user).count() == 1


# --- Second factor --------------------------------------------------------------------------------


def current_code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device) -> str:
    """A code valid at no step the device accepts now (it tolerates one step either side)."""
    valid = {
        totp(device.bin_key, device.step, device.t0, device.digits, device.drift + d)
        for d in (-1, 0, 1)
    }
    return next(f"{n:06d}" for n in range(1_000_000) if n not in valid)


@pytest.fixture
def two_factor(settings):
    settings.HZ_TWO_FACTOR_REQUIRED = True


def email_code(client, url, mailoutbox) -> str:
    """Ask for the enrolment code and read it from the e-mail."""
    import re

    from directory.auth import wait_for_background_mail

    client.post(url, {"step": "send"})
    wait_for_background_mail()
    return re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)


def pass_email_step(client, url, mailoutbox):
    code = email_code(client, url, mailoutbox)
    response = client.post(url, {"step": "code", "code": code})
    assert response.status_code == 302


def test_inspector_must_enrol_before_any_page(world, two_factor):
    client = Client()
    login(client, "ien")

    for path in ["/", reverse("directory:home-district"), reverse("directory:school-list")]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("otp-verify")), path

    to_setup = client.get(client.get("/")["Location"])
    assert to_setup.status_code == 302
    assert to_setup["Location"].startswith(reverse("otp-setup"))


def test_enrolment_with_real_code_confirms_device_and_opens_pages(world, two_factor, mailoutbox):
    client = Client()
    login(client, "ien")
    setup_url = reverse("otp-setup") + "?next=" + reverse("directory:school-list")
    pass_email_step(client, setup_url, mailoutbox)

    page = client.get(setup_url)

    assert page.status_code == 200
    text = page_text(page)
    device = TOTPDevice.objects.get(user=world.users["ien"])
    assert not device.confirmed
    assert 'src="data:image/svg+xml;base64,' in text
    assert page.context["secret"] in text
    assert "Activer la double authentification" in text

    confirmed = client.post(setup_url, {"token": current_code(device)})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("directory:school-list")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/")["Location"] == reverse("directory:home-district")
    assert client.get(reverse("directory:home-district")).status_code == 200
    assert AuditEvent.objects.filter(action="update", detail="2FA activée").count() == 1


def test_enrolment_with_wrong_code_shows_french_error(world, two_factor, mailoutbox):
    client = Client()
    login(client, "ien")
    pass_email_step(client, reverse("otp-setup"), mailoutbox)
    device = TOTPDevice.objects.get(user=world.users["ien"])

    response = client.post(reverse("otp-setup"), {"token": wrong_code(device)})

    assert response.status_code == 200
    assert "Ce code n'est pas valide" in page_text(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/")["Location"].startswith(reverse("otp-verify"))


def test_enrolled_user_passes_verification_then_pages_open(world, two_factor):
    device = TOTPDevice.objects.create(user=world.users["cpc"], name="téléphone", confirmed=True)
    client = Client()
    login(client, "cpc")
    verify_url = client.get(reverse("directory:home-district"))["Location"]
    assert verify_url.startswith(reverse("otp-verify"))

    response = client.post(verify_url, {"token": current_code(device)})

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:home-district")
    assert client.get(reverse("directory:home-district")).status_code == 200


def test_verification_with_wrong_code_is_refused_and_audited(world, two_factor):
    device = TOTPDevice.objects.create(user=world.users["cpc"], name="téléphone", confirmed=True)
    client = Client()
    login(client, "cpc")

    response = client.post(reverse("otp-verify"), {"token": wrong_code(device)})

    assert response.status_code == 200
    assert "Ce code n'est pas valide ou a expiré" in page_text(response)
    assert AuditEvent.objects.filter(action="login_failed", detail="code 2FA invalide").exists()
    assert client.get("/")["Location"].startswith(reverse("otp-verify"))


def test_verification_ignores_next_to_another_host(world, two_factor):
    device = TOTPDevice.objects.create(user=world.users["cpc"], name="téléphone", confirmed=True)
    client = Client()
    login(client, "cpc")

    response = client.post(
        reverse("otp-verify") + "?next=https://evil.example/", {"token": current_code(device)}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_parent_is_not_asked_for_second_factor(world, two_factor):
    client = Client()
    login(client, "parent")

    response = client.get("/")

    assert response["Location"] == reverse("directory:home-parent")
    assert client.get(response["Location"]).status_code == 200


# --- Password reset -------------------------------------------------------------------------------


def _strip_nonces(markup: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", markup)


def request_reset(client, email):
    response = client.post(reverse("password_reset"), {"email": email})
    wait_for_background_mail()
    return response


def test_reset_answers_the_same_for_known_and_unknown_addresses(world):
    known_client, unknown_client = Client(), Client()

    known = request_reset(known_client, "directeur@exemple.test")
    unknown = request_reset(unknown_client, "personne@exemple.test")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    known_page = known_client.get(known["Location"])
    unknown_page = unknown_client.get(unknown["Location"])
    assert _strip_nonces(page_text(known_page)) == _strip_nonces(page_text(unknown_page))
    assert "Si un compte correspond à cette adresse" in page_text(known_page)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["directeur@exemple.test"]


def test_reset_email_carries_only_the_link(world):
    user = world.users["directeur"]

    request_reset(Client(), "DIRECTEUR@exemple.test")

    (message,) = mail.outbox
    body = message.body
    for personal in [user.username, user.email, user.first_name, user.last_name]:
        assert personal.lower() not in body.lower()
        assert personal.lower() not in message.subject.lower()
    urls = re.findall(r"https?://\S+", body)
    assert len(urls) == 1
    assert "/compte/mot-de-passe/" in urls[0]
    assert "nouveau mot de passe" in message.subject


def _reset_form_url(client, world) -> str:
    request_reset(client, "directeur@exemple.test")
    link = re.search(r"https?://testserver(\S+)", mail.outbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302  # the token moves from the URL into the session
    return response["Location"]


def _choose(client, url, password):
    return client.post(url, {"new_password1": password, "new_password2": password})


def test_reset_link_enforces_validators_and_accepts_a_passphrase(world):
    client = Client()
    url = _reset_form_url(client, world)
    assert "Choisir un nouveau mot de passe" in page_text(client.get(url))

    too_short = _choose(client, url, "Court-1!")
    assert too_short.status_code == 200
    assert "trop court" in page_text(too_short)
    common = _choose(client, url, "password123456")
    assert common.status_code == 200
    assert "trop courant" in page_text(common)

    passphrase = "le chat de Lina dort sur le radiateur"
    done = _choose(client, url, passphrase)

    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert login(Client(), "directeur", passphrase).status_code == 302
    assert login(Client(), "directeur", PASSWORD).status_code == 200


def test_reset_refuses_a_common_french_password_with_digits(world):
    client = Client()
    url = _reset_form_url(client, world)

    response = _choose(client, url, "motdepasse123")

    assert response.status_code == 200
    assert "trop courant" in page_text(response)


def test_used_reset_link_is_refused(world):
    client = Client()
    request_reset(client, "directeur@exemple.test")
    link = re.search(r"https?://testserver(\S+)", mail.outbox[0].body).group(1)
    url = client.get(link)["Location"]
    _choose(client, url, "le chat de Lina dort sur le radiateur")

    again = Client().get(link)

    assert "Ce lien n'est plus valide" in page_text(again)


@pytest.mark.parametrize(
    "password", ["motdepasse123", "Azertyuiop2024!", "123soleil456", "Harcelement2025", "passw0rd"]
)
def test_common_stem_validator_refuses_dressed_up_common_words(password):
    with pytest.raises(ValidationError) as excinfo:
        CommonPasswordStemValidator().validate(password)
    assert "trop courant" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "password", ["le chat de Lina dort sur le radiateur", "Tartine-Volcan-Piano-42", "x7#Qe9!vLm2p"]
)
def test_common_stem_validator_accepts_other_passwords(password):
    CommonPasswordStemValidator().validate(password)


def test_configured_validators_refuse_short_and_accept_long(db):
    user = get_user_model()(username="quelquun", email="quelquun@exemple.test")
    with pytest.raises(ValidationError):
        validate_password("Court-1!", user)
    validate_password("une phrase assez longue pour passer " * 4, user)


def test_password_reset_is_rate_limited_per_address_without_telling(world, client):
    from directory.auth import wait_for_background_mail

    for _ in range(5):
        response = client.post(reverse("password_reset"), {"email": "ien@exemple.test"})
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
    wait_for_background_mail()
    assert len(mail.outbox) == 3


def test_failed_login_does_not_store_what_was_typed(world, client):
    client.post(reverse("login"), {"username": "MonMotDePasse!2026", "password": "x"})
    row = AuditEvent.objects.get(action="login_failed")
    assert "MonMotDePasse" not in row.detail
    assert row.detail == "identifiant inconnu"
