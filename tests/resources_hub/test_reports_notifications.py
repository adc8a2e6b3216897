"""A report always reaches a person: who is told of a new report, a message, a reply, a review;
and the e-mail says nothing of the child, the text or (for a pupil) the school."""

import datetime
import html
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import Notification, RoleAssignment
from resources_hub import services
from resources_hub.models import CaseHandler, HandlerKind, Report, ReportMessage
from tests.factories import CaseFactory
from tests.resources_hub.test_pupil import form_data, report_url

CREATE = reverse("resources_hub:report-create")
DESCRIPTION = "Noé reste seul à chaque récréation depuis trois semaines."


def _told():
    return sorted(Notification.objects.values_list("user__username", "event"))


def _adult_report(client, **extra) -> Report:
    data = {
        "description": DESCRIPTION,
        "places": ["cour"],
        "pupil_label": "Noé K.",
        "class_label": "CM1 A",
        "idempotency_key": str(uuid.uuid4()),
        **extra,
    }
    assert client.post(CREATE, data).status_code == 200
    return Report.objects.latest("pk")


def _assert_content_free(world, *, school_hidden: bool):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    for secret in ("Noé", "récréation", "goûter", "Léa", DESCRIPTION[:20]):
        assert secret not in text
    if school_hidden:
        assert world.school_a.name not in text and "Simone" not in text
    assert "Une situation demande votre attention" in text


def test_parent_report_tells_the_director_only_by_a_content_free_email(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _adult_report(world.client_for("parent"))
    assert _told() == [("directeur", "report.new")]
    notification = Notification.objects.get()
    assert notification.url == reverse("resources_hub:report-detail", kwargs={"pk": report.pk})
    assert mail.outbox[0].to == [world.users["directeur"].email]
    _assert_content_free(world, school_hidden=True)


def test_pupil_report_tells_the_director_only(world, django_capture_on_commit_callbacks):
    access = services.pupil_access_for(world.school_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(report_url(access), form_data(wants_contact=""))
    assert response.status_code == 200
    assert _told() == [("directeur", "report.new")]
    _assert_content_free(world, school_hidden=True)


def test_pupil_asking_for_an_adult_also_tells_the_district_team(world):
    access = services.pupil_access_for(world.school_a)
    Client().post(report_url(access), form_data())  # wants_contact ticked
    assert _told() == [("cpc", "report.new_pupil_adult"), ("directeur", "report.new_pupil_adult")]


def test_school_without_a_director_account_tells_the_district_team(world):
    RoleAssignment.objects.filter(user=world.users["directeur"]).delete()
    _adult_report(world.client_for("parent"))
    assert _told() == [("cpc", "report.new")]


def test_director_is_not_told_of_her_own_report(world):
    _adult_report(world.client_for("directeur"))
    assert _told() == []


def test_double_submit_tells_once(world):
    client = world.client_for("parent")
    key = str(uuid.uuid4())
    _adult_report(client, idempotency_key=key)
    _adult_report(client, idempotency_key=key)
    assert _told() == [("directeur", "report.new")]


def test_parent_and_school_talk_in_the_report_thread(world, django_capture_on_commit_callbacks):
    report = _adult_report(world.client_for("parent"))
    Notification.objects.all().delete()
    mine = reverse("resources_hub:report-mine-detail", kwargs={"pk": report.pk})

    parent = world.client_for("parent")
    page = parent.get(mine)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Noé reste seul" in body and "pas encore lu" in body and "deux jours" in body

    parent.post(mine, {"body": "Il a encore pleuré ce matin.", "idempotency_key": uuid.uuid4()})
    assert _told() == [("directeur", "report.message")]
    Notification.objects.all().delete()

    staff = reverse("resources_hub:report-detail", kwargs={"pk": report.pk})
    director = world.client_for("directeur")
    assert "Il a encore pleuré" in director.get(staff).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        director.post(
            staff,
            {"action": "reply", "body": "Venez jeudi à 16 h 30.", "idempotency_key": uuid.uuid4()},
        )
    assert _told() == [("parent", "report.reply")]
    assert "jeudi" not in mail.outbox[-1].body
    report.refresh_from_db()
    assert report.status == "read"  # answering is reading
    page = html.unescape(parent.get(mine).content.decode())
    assert "Venez jeudi" in page and "L'école vous a répondu" in page
    assert "pas encore lu" not in page


def test_other_parent_cannot_read_the_thread(world):
    report = _adult_report(world.client_for("parent"))
    mine = reverse("resources_hub:report-mine-detail", kwargs={"pk": report.pk})
    assert world.client_for("enseignant").get(mine).status_code == 404
    assert world.client_for("directeur").get(mine).status_code == 404


def test_answering_a_pupil_marks_the_report_read(world):
    access = services.pupil_access_for(world.school_a)
    report, receipt = services.pupil_report_create(
        access=access, data={"description": "On me pousse."}, idempotency_key="p1"
    )
    assert report.status == "new"
    services.report_message_add(
        report=report,
        body="Viens nous voir.",
        author_kind=ReportMessage.Author.SCHOOL,
        user=world.users["directeur"],
        idempotency_key="r1",
    )
    report.refresh_from_db()
    assert report.status == "read"
    page = Client().post(reverse("resources_hub:pupil-thread"), {"code": receipt})
    assert "pas encore" not in page.content.decode()


@pytest.fixture
def review_case(world):
    case = CaseFactory(school=world.school_a, status="handling", reference="S-2026-0100")
    CaseHandler.objects.create(case=case, user=world.users["pole"], kind=HandlerKind.POLE)
    return case


def test_review_reminders_reach_the_handlers_once(world, review_case):
    today = timezone.localdate()
    review_case.next_review_on = today + datetime.timedelta(days=1)
    review_case.save()
    call_command("notify_case_reviews")
    call_command("notify_case_reviews")
    assert _told() == [("pole", "case.review_due")]

    review_case.next_review_on = today - datetime.timedelta(days=2)
    review_case.save()
    call_command("notify_case_reviews")
    call_command("notify_case_reviews")
    assert _told() == [("pole", "case.review_due"), ("pole", "case.review_overdue")]


def test_review_without_handler_goes_to_the_director(world):
    case = CaseFactory(school=world.school_b, status="handling", reference="S-2026-0101")
    case.next_review_on = timezone.localdate() + datetime.timedelta(days=1)
    case.save()
    call_command("notify_case_reviews")
    assert _told() == [("directeur2", "case.review_due")]


def test_director_home_shows_the_next_actions_first(world):
    _adult_report(world.client_for("parent"))
    page = html.unescape(
        world.client_for("directeur").get(reverse("directory:home-director")).content.decode()
    )
    assert page.index("À faire maintenant") < page.index(world.school_a.name + "</h2>")
    assert "1 signalement à lire" in page and "?status=new" in page
    assert "Signaler une situation" in page and "Ouvrir une situation" in page
    poster = reverse("resources_hub:report-poster", args=[world.school_a.uai])
    assert poster in page and f"{poster}?format=a3" in page


def test_teacher_and_parent_homes_promise_only_what_exists(world):
    teacher = html.unescape(
        world.client_for("enseignant").get(reverse("directory:home-teacher")).content.decode()
    )
    assert "Signaler une situation" in teacher
    assert "déclarer les actions de votre classe" not in teacher
    parent = html.unescape(
        world.client_for("parent").get(reverse("directory:home-parent")).content.decode()
    )
    assert "Vos enfants et leur école" in parent and world.school_a.name in parent
    assert reverse("outreach:index") in parent and "Signaler une situation" in parent
