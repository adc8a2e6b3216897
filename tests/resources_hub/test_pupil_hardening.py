"""Issue 8 items 1 and 2: a pupil form sent twice never mixes two children, and the pupils'
channel can neither be shut by a flood nor traced back to an address."""

import hashlib
import hmac
import html
import uuid
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from directory import ratelimit
from directory.models import AuditEvent, RateLimitBucket
from resources_hub import services
from resources_hub.models import Report, ReportMessage
from resources_hub.services import pupil as pupil_services
from tests.resources_hub.test_pupil import _Clock, form_data, make_token, receipt_of, report_url


@pytest.fixture
def access(world):
    return services.pupil_access_for(world.school_a)


@pytest.fixture
def clock(monkeypatch):
    clock = _Clock(1)
    monkeypatch.setattr(ratelimit, "timezone", clock)
    return clock


def _thread(client, code: str):
    return client.post(reverse("resources_hub:pupil-thread"), {"code": code})


# --- Item 1: one form, two children ---


def test_same_form_with_other_words_is_a_new_report_with_its_own_code(access):
    token = make_token()
    first = Client().post(report_url(access), form_data(started=token))
    second = Client().post(
        report_url(access),
        form_data(started=token, description="Moi on me tape au portail.", pupil_label="Sam"),
    )
    assert Report.objects.count() == 2
    code_1, code_2 = receipt_of(first), receipt_of(second)
    assert code_1 != code_2
    page_2 = _thread(Client(), code_2).content.decode()
    assert "Moi on me tape au portail." in page_2
    assert "goûter" not in page_2
    assert services.report_by_receipt(code_1).pupil_label == "Léa"


def test_same_form_and_words_long_after_is_a_new_report_with_its_own_code(access):
    token = make_token()
    first = Client().post(report_url(access), form_data(started=token))
    Report.objects.update(created_at=timezone.now() - pupil_services.REPEAT_WINDOW * 2)
    second = Client().post(report_url(access), form_data(started=token))
    assert Report.objects.count() == 2
    assert receipt_of(first) != receipt_of(second)
    first_report = services.report_by_receipt(receipt_of(first))
    second_report = services.report_by_receipt(receipt_of(second))
    assert first_report is not None and second_report is not None
    assert first_report != second_report


def test_the_twin_of_a_double_click_losing_the_race_gets_the_same_report(access, monkeypatch):
    key = uuid.uuid4().hex
    data = {"description": "On me pousse."}
    report, code = pupil_services.pupil_report_submit(access=access, data=data, form_key=key)
    # The twin request checked before the first one committed: it finds nothing, then collides.
    real_filter = Report.objects.filter
    monkeypatch.setattr(
        Report.objects,
        "filter",
        lambda *a, **kw: (
            Report.objects.none() if "idempotency_key" in kw else real_filter(*a, **kw)
        ),
    )
    twin, twin_code = pupil_services.pupil_report_submit(access=access, data=data, form_key=key)
    assert (twin, twin_code) == (report, code)
    assert Report.objects.count() == 1


def test_a_pupil_message_sent_twice_is_one_and_other_words_are_another(access):
    _, code = pupil_services.pupil_report_submit(
        access=access, data={"description": "Ça recommence."}, form_key=uuid.uuid4().hex
    )
    url = reverse("resources_hub:pupil-thread")
    key = str(uuid.uuid4())
    data = {"code": code, "body": "Ils ont pris mon bonnet.", "idempotency_key": key}
    assert Client().post(url, data).status_code == 200
    assert Client().post(url, data).status_code == 200
    assert ReportMessage.objects.count() == 1
    other = {**data, "body": "Et ma trousse aussi."}
    assert Client().post(url, other).status_code == 200
    assert sorted(ReportMessage.objects.values_list("body", flat=True)) == [
        "Et ma trousse aussi.",
        "Ils ont pris mon bonnet.",
    ]


@pytest.mark.parametrize("author", ["pupil", "school"])
def test_a_message_twin_losing_the_race_answers_the_first_not_500(
    world, access, monkeypatch, author
):
    report, _ = pupil_services.pupil_report_submit(
        access=access, data={"description": "Ça recommence."}, form_key=uuid.uuid4().hex
    )
    user = world.users["directeur"] if author == "school" else None
    kwargs = {"report": report, "body": "Viens me voir.", "author_kind": author, "user": user}
    first = services.report_message_add(**kwargs, idempotency_key="k-1")
    monkeypatch.setattr(ReportMessage.objects, "filter", lambda **kw: ReportMessage.objects.none())
    assert services.report_message_add(**kwargs, idempotency_key="k-1") == first
    assert ReportMessage.objects.count() == 1


def test_a_double_clicked_reply_is_one_reply(world, access):
    report, _ = pupil_services.pupil_report_submit(
        access=access, data={"description": "Ça recommence."}, form_key=uuid.uuid4().hex
    )
    client = world.client_for("directeur")
    url = reverse("resources_hub:report-detail", kwargs={"pk": report.pk})
    data = {"action": "reply", "body": "Viens me voir.", "idempotency_key": str(uuid.uuid4())}
    assert client.post(url, data).status_code in (200, 302)
    assert client.post(url, data).status_code in (200, 302)
    assert ReportMessage.objects.filter(author_kind="school").count() == 1


# --- Item 2: nothing from which an address can be recomputed ---


def test_no_bucket_key_can_be_recomputed_from_the_secret_key(access, clock, settings):
    Client().post(report_url(access), form_data(), REMOTE_ADDR="203.0.113.50")
    keys = set(RateLimitBucket.objects.values_list("key", flat=True))
    school = access.school.pk
    for identity in ["203.0.113.50", f"{school}:203.0.113.50"]:
        for scope in ["pupil-report-ip", "pupil-report-school", "pupil-report-district"]:
            old = hmac.new(
                settings.SECRET_KEY.encode(), f"{scope}:{identity}".encode(), hashlib.sha256
            ).hexdigest()
            assert not any(old[:40] in key for key in keys)
    assert not any("203.0.113" in key for key in keys)


def test_a_window_and_its_salt_are_gone_once_it_ends(access, clock):
    Client().post(report_url(access), form_data(), REMOTE_ADDR="203.0.113.51")
    assert RateLimitBucket.objects.filter(key__startswith="s").exists()
    clock.at += timedelta(hours=1, minutes=1)
    ratelimit.purge_expired(clock.at)
    assert not RateLimitBucket.objects.exists()


def test_every_hit_purges_every_ended_window_of_every_length(access, clock):
    ratelimit.hit("pdf", "7", limit=10, window_seconds=60)
    ratelimit.hit("other", "x", limit=10, window_seconds=600)
    clock.at += timedelta(minutes=2)
    ratelimit.hit("other", "y", limit=10, window_seconds=600)
    assert not RateLimitBucket.objects.filter(key__startswith="s60:").exists()
    assert not RateLimitBucket.objects.filter(key__startswith="w60:").exists()
    assert RateLimitBucket.objects.filter(key__startswith="w600:").count() == 2


def test_rows_of_the_old_format_are_purged(db):
    RateLimitBucket.objects.create(key="a" * 64, window_start=timezone.now(), count=3)
    ratelimit.purge_expired()
    assert not RateLimitBucket.objects.exists()


def test_counts_still_add_up_within_a_window(db, clock):
    assert [ratelimit.hit("t", "a", limit=2, window_seconds=600) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert ratelimit.hit("t", "b", limit=2, window_seconds=600)


def test_the_retention_command_purges_ended_windows(db, clock):
    from django.core.management import call_command

    ratelimit.hit("pdf", "7", limit=10, window_seconds=60)
    RateLimitBucket.objects.update(window_start=timezone.now() - timedelta(hours=1))
    call_command("anonymise_cases", stdout=StringIO())
    assert not RateLimitBucket.objects.exists()


# --- Item 2: a flood does not silence the real children ---


def test_a_flood_from_fifteen_addresses_silences_no_child(world, access, settings, clock):
    settings.HZ_PUPIL_REPORTS_PER_IP = 2
    settings.HZ_PUPIL_REPORTS_PER_SCHOOL_HOUR = 5
    settings.HZ_PUPIL_REPORTS_PER_DISTRICT_HOUR = 1000
    for index in range(15):
        for _ in range(3):
            Client().post(report_url(access), form_data(), REMOTE_ADDR=f"192.0.2.{index}")
    real_child = Client().post(
        report_url(access),
        form_data(description="Un grand me tape tous les jours."),
        REMOTE_ADDR="198.51.100.77",
    )
    assert real_child.status_code == 200
    kept = services.report_by_receipt(receipt_of(real_child))
    assert kept.description == "Un grand me tape tous les jours."
    assert kept.review_reason == "flood"
    other_school = services.pupil_access_for(world.school_b)
    elsewhere = Client().post(report_url(other_school), form_data(), REMOTE_ADDR="198.51.100.78")
    assert elsewhere.status_code == 200
    assert Report.objects.filter(school=world.school_b).get().review_reason == ""
    assert Report.objects.count() == 15 * 3 + 2


def test_flagged_reports_say_so_in_the_inbox_and_on_their_page(world, access):
    Client().post(report_url(access), form_data(started=make_token(age=0)))
    report = Report.objects.get()
    client = world.client_for("directeur")
    inbox = client.get(reverse("resources_hub:report-list")).content.decode()
    assert "À vérifier" in inbox
    page = client.get(reverse("resources_hub:report-detail", kwargs={"pk": report.pk}))
    assert "Envoyé très vite" in page.content.decode()


# --- Item 2: the director changes the school's code; the poster follows ---


def test_director_changes_the_code_and_the_poster_follows(world, access, settings):
    client = world.client_for("directeur")
    url = reverse("resources_hub:pupil-code-change", kwargs={"uai": world.school_a.uai})
    assert access.code in client.get(url).content.decode()
    old = access.code
    response = client.post(url)
    assert response.status_code == 200
    access.refresh_from_db()
    assert access.code != old
    assert "Le code a été changé" in response.content.decode()
    assert Client().get(report_url(access)).status_code == 200
    stale = reverse("resources_hub:pupil-report", kwargs={"code": old})
    assert Client().get(stale).status_code == 404
    poster = client.get(reverse("resources_hub:report-poster", kwargs={"uai": world.school_a.uai}))
    pdf_text = "".join(page.extract_text() for page in PdfReader(BytesIO(poster.content)).pages)
    compact = "".join(pdf_text.split())
    assert access.code in compact and old not in compact
    assert AuditEvent.objects.filter(detail__contains="nouveau code d'école").exists()


def test_another_schools_director_cannot_change_the_code(world, access):
    client = world.client_for("directeur2")
    url = reverse("resources_hub:pupil-code-change", kwargs={"uai": world.school_a.uai})
    old = access.code
    assert client.post(url).status_code == 404
    access.refresh_from_db()
    assert access.code == old


def test_pupil_report_post_query_count_is_bounded(access, clock):
    Client().post(report_url(access), form_data())
    with CaptureQueriesContext(connection) as queries:
        Client().post(report_url(access), form_data(description="Autre chose."))
    assert len(queries) <= 40


def test_the_code_page_creates_nothing_on_get(world):
    from resources_hub.models import PupilAccess

    url = reverse("resources_hub:pupil-code-change", kwargs={"uai": world.school_b.uai})
    response = world.client_for("directeur2").get(url)
    assert response.status_code == 200
    assert "pas encore de code" in response.content.decode()
    assert not PupilAccess.objects.filter(school=world.school_b).exists()


def test_the_poster_of_a_school_with_no_code_asks_to_create_it_and_creates_nothing(world):
    from resources_hub.models import PupilAccess

    client = world.client_for("directeur2")
    poster_url = reverse("resources_hub:report-poster", kwargs={"uai": world.school_b.uai})
    code_url = reverse("resources_hub:pupil-code-change", kwargs={"uai": world.school_b.uai})

    response = client.get(poster_url, follow=True)

    assert response.redirect_chain == [(code_url, 302)]
    shown = html.unescape(response.content.decode())
    assert "Créez d'abord le code des élèves" in shown
    assert "Créer le code de l'école" in shown
    assert not PupilAccess.objects.filter(school=world.school_b).exists()

    created = client.post(code_url)

    access = PupilAccess.objects.get(school=world.school_b)
    assert "Le code de l'école est créé" in html.unescape(created.content.decode())
    assert access.code in created.content.decode()
    poster = client.get(poster_url)
    assert poster["Content-Type"] == "application/pdf"
    compact = "".join(
        "".join(page.extract_text() for page in PdfReader(BytesIO(poster.content)).pages).split()
    )
    assert access.code in compact
    assert AuditEvent.objects.filter(detail="code d'école pour les élèves").exists()
