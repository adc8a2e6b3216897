"""The pupils' public pages: report by the school's code, the receipt code and the thread.

What a child sees (kid words, the receipt code, 3018 / 119), what is stored (no identity), and what
robots and floods get (nothing stored; 429 with the child's text kept)."""

import html
import time
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory import ratelimit
from directory.models import AuditEvent, RateLimitBucket
from resources_hub import services
from resources_hub.forms.reports import Token
from resources_hub.models import Report, ReportMessage
from resources_hub.services import pupil as pupil_services
from resources_hub.views import pupil as pupil_views

TOKEN_SALT = "resources_hub.pupil-form"


class _SignerAt(signing.TimestampSigner):
    def __init__(self, *args, shift=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.shift = shift

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - self.shift)


def make_token(*, age: float = 60, key: str | None = None, signed_age: int = 0) -> str:
    """A form token as if the page had been shown ``age`` seconds ago."""
    signer = _SignerAt(salt=TOKEN_SALT, shift=signed_age)
    return signer.sign_object({"key": key or uuid.uuid4().hex, "at": time.time() - age})


def report_url(access) -> str:
    return reverse("resources_hub:pupil-report", kwargs={"code": access.code})


def form_data(**overrides) -> dict:
    data = {
        "description": "Des grands me prennent mon goûter dans la cour tous les jours.",
        "places": ["cour", "cantine"],
        "about_self": "oui",
        "wants_contact": "on",
        "pupil_label": "Léa",
        "class_label": "CM1",
        "nickname_extra": "",
        "started": make_token(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def access(world):
    return services.pupil_access_for(world.school_a)


@pytest.fixture
def client():
    return Client()


class _Clock:
    """directory.ratelimit's clock pinned to one minute of the hour: windows never straddle."""

    def __init__(self, minute: int):
        self.at = timezone.now().replace(minute=minute, second=30, microsecond=0)

    def now(self):
        return self.at


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(ratelimit, "timezone", _Clock(1))


def text(response) -> str:
    """The page as a reader sees it: HTML entities decoded."""
    return html.unescape(response.content.decode())


def _only_csrf_cookie(response) -> None:
    assert set(response.cookies) <= {"csrftoken"}, dict(response.cookies)


# --- The report page ---


def test_page_speaks_to_children_and_sets_no_cookie_but_csrf(world, access, client):
    response = client.get(report_url(access))
    page = text(response)
    assert response.status_code == 200
    for words in [
        "Qu'est-ce qui se passe ?",
        "Où ça se passe ?",
        "Dans la cour de récréation",
        "C'est à toi que ça arrive ?",
        "Tu peux écrire ton prénom et ta classe si tu veux qu'un adulte vienne te voir",
        world.school_a.name,
        "3018",
        "119",
    ]:
        assert words in page
    assert "no-store" in response["Cache-Control"]
    assert set(response.cookies) == {"csrftoken"}
    assert Session.objects.count() == 0
    assert 'name="nickname_extra"' in page and 'class="hz-hp"' in page


def test_code_is_case_insensitive(access, client):
    response = client.get(
        reverse("resources_hub:pupil-report", kwargs={"code": access.code.lower()})
    )
    assert response.status_code == 200


@pytest.mark.parametrize("case", ["unknown", "inactive"])
def test_unknown_or_closed_code_gives_a_friendly_404(access, client, case):
    code = "ZZZZZZ"
    if case == "inactive":
        access.is_active = False
        access.save()
        code = access.code
    response = client.get(reverse("resources_hub:pupil-report", kwargs={"code": code}))
    assert response.status_code == 404
    assert "Le code de l'école n'est pas bon" in text(response)
    _only_csrf_cookie(response)


def test_a_report_is_stored_without_any_identity_and_gives_a_receipt(world, access, client):
    client.force_login(world.users["enseignant"])  # even a signed-in adult stays anonymous here
    response = client.post(report_url(access), form_data(), REMOTE_ADDR="203.0.113.7")
    page = text(response)
    assert response.status_code == 200
    assert "Merci, ton message est envoyé" in page
    report = Report.objects.get(source="pupil")
    assert report.school == world.school_a
    assert report.created_by is None
    assert report.places == ["cour", "cantine"]
    assert (report.is_about_self, report.wants_contact) == (True, True)
    assert (report.pupil_label, report.class_label) == ("Léa", "CM1")
    assert report.status == "new"
    receipt = page.split('<p class="fr-display--sm fr-mb-2w">')[1].split("</p>")[0].strip()
    assert services.report_by_receipt(receipt) == report
    stored = " ".join(str(v) for v in Report.objects.filter(pk=report.pk).values().get().values())
    assert "203.0.113.7" not in stored
    rows = AuditEvent.objects.filter(object_type="resources_hub.report", object_id=str(report.pk))
    assert rows.count() == 1
    assert rows.get().ip is None and rows.get().user is None
    assert "no-store" in response["Cache-Control"]


def test_anonymous_submit_sets_no_cookie_but_csrf(access, client):
    response = client.post(report_url(access), form_data())
    assert response.status_code == 200
    _only_csrf_cookie(response)
    assert Session.objects.count() == 0
    assert Report.objects.filter(source="pupil").count() == 1


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        (lambda: {"nickname_extra": "http://spam.example"}, "honeypot"),
        (lambda: {"started": make_token(age=0)}, "fast"),
    ],
    ids=["honeypot", "too-fast"],
)
def test_suspected_robots_are_kept_for_review_with_a_true_receipt(
    access, client, overrides, reason
):
    """Issue 7 item 4: never a false receipt. A child can type fast or be helped by an
    autofill: the report is kept « à vérifier » and the code shown opens it."""
    response = client.post(report_url(access), form_data(**overrides()))
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.review_reason == reason
    assert services.report_by_receipt(receipt_of(response)) == report


@pytest.mark.parametrize(
    "overrides",
    [lambda: {"started": "forged:token:value"}, lambda: {"started": ""}],
    ids=["forged-token", "no-token"],
)
def test_a_form_without_a_valid_token_is_shown_again_with_the_text_kept(access, client, overrides):
    response = client.post(report_url(access), form_data(**overrides()))
    page = text(response)
    assert response.status_code == 200
    assert "Ton message n'est pas encore parti" in page
    assert "Merci, ton message est envoyé" not in page
    assert "Des grands me prennent mon goûter" in page
    assert not Report.objects.exists()


def test_too_fast_uses_the_min_fill_time_setting(access, client, settings):
    settings.HZ_PUPIL_FORM_MIN_SECONDS = 30
    client.post(report_url(access), form_data(started=make_token(age=10)))
    client.post(report_url(access), form_data(started=make_token(age=40)))
    assert [r.review_reason for r in Report.objects.order_by("pk")] == ["fast", ""]


def test_a_page_left_open_over_two_hours_is_shown_again_with_the_text_kept(access, client):
    old = make_token(signed_age=3 * 3600, age=3 * 3600)
    response = client.post(report_url(access), form_data(started=old))
    page = text(response)
    assert response.status_code == 200
    assert "La page est restée ouverte longtemps" in page
    assert "Des grands me prennent mon goûter" in page
    assert old not in page  # a fresh token to send it again
    assert not Report.objects.exists()


def receipt_of(response) -> str:
    page = text(response)
    return page.split('<p class="fr-display--sm fr-mb-2w">')[1].split("</p>")[0].strip()


def test_double_submit_stores_one_report_and_shows_the_same_code(access, client):
    data = form_data()
    first = client.post(report_url(access), data)
    second = client.post(report_url(access), data)
    assert Report.objects.filter(source="pupil").count() == 1
    assert receipt_of(first) == receipt_of(second)
    assert services.report_by_receipt(receipt_of(second)) == Report.objects.get()


def test_forged_fields_are_ignored(world, access, client):
    data = form_data(
        school=world.school_b.pk,
        status="filed",
        source="staff",
        created_by=world.users["directeur"].pk,
        case=1,
        receipt_digest="x",
    )
    client.post(report_url(access), data)
    report = Report.objects.get()
    assert (report.school, report.status, report.source) == (world.school_a, "new", "pupil")
    assert report.created_by is None


def test_bad_input_is_explained_in_kid_words_with_the_text_kept(access, client):
    response = client.post(
        report_url(access), form_data(description="", pupil_label="Léa Martin", places=["lune"])
    )
    page = text(response)
    assert response.status_code == 200
    assert "Écris quelques mots pour dire ce qui se passe." in page
    assert "Écris seulement ton prénom" in page
    assert "Coche seulement les cases de la liste." in page
    assert 'value="Léa Martin"' in page
    assert not Report.objects.exists()


def test_over_the_address_limit_reports_are_kept_for_review_then_refused_far_beyond(
    access, client, settings, clock
):
    settings.HZ_PUPIL_REPORTS_PER_IP = 2
    for _ in range(2):
        assert client.post(report_url(access), form_data()).status_code == 200
    kept = client.post(report_url(access), form_data())
    assert kept.status_code == 200
    assert Report.objects.order_by("-pk").first().review_reason == "flood"
    for _ in range(2 * pupil_services.HARD_FACTOR - 3):
        assert client.post(report_url(access), form_data()).status_code == 200
    assert Report.objects.count() == 2 * pupil_services.HARD_FACTOR
    typed = "Il y a un garçon qui me tape dans les toilettes."
    response = client.post(report_url(access), form_data(description=typed))
    page = text(response)
    assert response.status_code == 429
    assert typed in page
    assert "parle à un adulte" in page.lower() or "va voir un adulte" in page
    assert "3018" in page
    assert Report.objects.count() == 2 * pupil_services.HARD_FACTOR
    _only_csrf_cookie(response)
    # Another school address is not blocked, nor flagged.
    other = client.post(report_url(access), form_data(), REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200
    assert Report.objects.order_by("-pk").first().review_reason == ""


@pytest.mark.parametrize(
    "minute",
    [1, 45],
)
def test_district_cap_flags_and_never_refuses_nor_touches_other_districts(
    world, access, client, settings, monkeypatch, minute
):
    monkeypatch.setattr(ratelimit, "timezone", _Clock(minute))
    settings.HZ_PUPIL_REPORTS_PER_DISTRICT_HOUR = 2
    school_b = services.pupil_access_for(world.school_b)  # same district as A
    school_c = services.pupil_access_for(world.school_c)  # other district
    client.post(report_url(access), form_data(), REMOTE_ADDR="198.51.100.1")
    client.post(report_url(school_b), form_data(), REMOTE_ADDR="198.51.100.2")
    over = client.post(report_url(school_b), form_data(), REMOTE_ADDR="198.51.100.3")
    assert over.status_code == 200
    accepted = client.post(report_url(school_c), form_data(), REMOTE_ADDR="198.51.100.4")
    assert accepted.status_code == 200
    reasons = list(Report.objects.order_by("pk").values_list("review_reason", flat=True))
    assert reasons == ["", "", "flood", ""]
    assert not RateLimitBucket.objects.filter(key__contains="198.51.100").exists()


def test_a_double_submit_is_not_refused_by_the_limit(access, client, settings, clock):
    settings.HZ_PUPIL_REPORTS_PER_IP = 1
    data = form_data()
    client.post(report_url(access), data)
    assert client.post(report_url(access), data).status_code == 200
    assert Report.objects.count() == 1


# --- The receipt code and the thread ---


def _receipt(access, description="On me traite de bébé à la cantine."):
    report, code = pupil_services.pupil_report_submit(
        access=access, data={"description": description}, form_key=uuid.uuid4().hex
    )
    return report, code


def test_receipt_page_posts_the_code_never_in_the_url(db, client):
    response = client.get(reverse("resources_hub:pupil-receipt"))
    page = text(response)
    assert response.status_code == 200
    assert 'method="post"' in page
    assert f'action="{reverse("resources_hub:pupil-thread")}"' in page
    assert "Ton code secret" in page
    assert set(response.cookies) == {"csrftoken"}
    redirect = client.get(reverse("resources_hub:pupil-thread"))
    assert redirect.status_code == 302
    assert redirect["Location"] == reverse("resources_hub:pupil-receipt")


def test_thread_round_trip_with_the_code(world, access, client):
    report, code = _receipt(access)
    services.report_message_add(
        report=report,
        body="Merci de nous avoir écrit. Viens voir Mme Durand à la récré.",
        author_kind="school",
        user=world.users["directeur"],
        idempotency_key="reply-1",
    )
    url = reverse("resources_hub:pupil-thread")
    messy = code.lower().replace("-", " ")
    response = client.post(url, {"code": messy})
    page = text(response)
    assert response.status_code == 200
    assert "On me traite de bébé à la cantine." in page
    assert "Viens voir Mme Durand" in page
    assert world.users["directeur"].display_name not in page
    assert f'value="{code}"' in page  # the code travels in a hidden field
    assert "no-store" in response["Cache-Control"]
    _only_csrf_cookie(response)

    key = str(uuid.uuid4())
    data = {"code": code, "body": "Et aussi ils ont cassé ma trousse.", "idempotency_key": key}
    added = client.post(url, data, REMOTE_ADDR="203.0.113.8")
    assert "Ton message est ajouté" in text(added)
    client.post(url, data)  # refresh / double click: one message
    message = ReportMessage.objects.get(author_kind="pupil")
    assert message.report == report and message.author is None
    assert "Et aussi ils ont cassé ma trousse." in text(added)
    rows = AuditEvent.objects.filter(object_id=str(report.pk), actor="anonyme")
    assert rows.filter(action="view").exists()
    assert not rows.exclude(ip=None).exists()


def test_filed_report_is_reopened_when_the_pupil_writes(access, client):
    report, code = _receipt(access)
    Report.objects.filter(pk=report.pk).update(status="filed")
    client.post(
        reverse("resources_hub:pupil-thread"),
        {"code": code, "body": "Ça continue.", "idempotency_key": str(uuid.uuid4())},
    )
    report.refresh_from_db()
    assert report.status == "read"


def test_empty_message_is_explained(access, client):
    _, code = _receipt(access)
    response = client.post(
        reverse("resources_hub:pupil-thread"),
        {"code": code, "body": "", "idempotency_key": str(uuid.uuid4())},
    )
    assert "Écris ton message avant" in text(response)
    assert not ReportMessage.objects.exists()


def test_wrong_code_gives_a_french_error_and_nothing_else(access, client):
    _receipt(access)
    response = client.post(reverse("resources_hub:pupil-thread"), {"code": "AAAA-AAAA"})
    page = text(response)
    assert response.status_code == 200
    assert "Ce code ne marche pas" in page
    assert "On me traite de bébé" not in page
    empty = client.post(reverse("resources_hub:pupil-thread"), {"code": ""})
    assert "Écris ton code secret" in text(empty)


def test_staff_report_cannot_be_opened_with_a_code(world, cases, client):
    response = client.post(reverse("resources_hub:pupil-thread"), {"code": "ABCD-EFGH"})
    assert cases.report_teacher.description not in text(response)


def test_code_guessing_is_rate_limited_per_ip(access, client, monkeypatch, clock):
    monkeypatch.setattr(pupil_views, "THREAD_TRIES_PER_IP", 3)
    _, code = _receipt(access)
    url = reverse("resources_hub:pupil-thread")
    for _ in range(3):
        assert client.post(url, {"code": "AAAA-AAAA"}).status_code == 200
    blocked = client.post(url, {"code": code})
    assert blocked.status_code == 429
    assert "Trop d'essais" in text(blocked)
    assert "On me traite de bébé" not in text(blocked)
    assert client.post(url, {"code": code}, REMOTE_ADDR="198.51.100.20").status_code == 200


def test_receipt_code_is_derived_from_the_form_key_and_the_content(access):
    key = uuid.uuid4().hex
    digest = pupil_services.content_digest({"description": "Test"})
    receipt_for = pupil_services.pupil_receipt_for
    assert receipt_for(key, digest) == receipt_for(key, digest)
    assert receipt_for(key, digest) != receipt_for("x", digest)
    assert receipt_for(key, digest) != receipt_for(key, pupil_services.content_digest({}))
    report, code = pupil_services.pupil_report_submit(
        access=access, data={"description": "Test"}, form_key=key
    )
    assert code == receipt_for(key, digest)
    assert services.report_by_receipt(code) == report
    assert key not in report.idempotency_key
    assert len(report.idempotency_key) <= 64


def test_token_states():
    assert Token.read(make_token(age=10), min_seconds=3)[0] == Token.OK
    assert Token.read(make_token(age=1), min_seconds=3)[0] == Token.BOT
    assert Token.read(make_token(signed_age=7201), min_seconds=3)[0] == Token.EXPIRED
    assert Token.read("garbage", min_seconds=3) == (Token.BOT, None)
