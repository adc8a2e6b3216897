"""Attendance by the trainer, the sign-in sheet, certificates for attendees only, the 108 hours."""

import io
from decimal import Decimal

from django.urls import reverse
from pypdf import PdfReader

from directory.models import SchoolYear
from tests.training.factories import SessionFactory, kind
from training import selectors
from training.models import Budget, Enrolment, Meeting, MeetingAttendance, MeetingKind
from training.services import offer as services


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def _enrolled(offer, *users):
    return [services.enrolment_create(session=offer.session, person=u, by=u) for u in users]


def test_trainer_marks_attendance(world, offer):
    teacher = world.users["enseignant"]
    present, absent = _enrolled(offer, teacher, offer.teachers[0])
    offer.session.trainers.add(world.users["directeur2"])  # a trainer without district rights
    client = world.client_for("directeur2")
    url = reverse("training:attendance", kwargs={"pk": offer.session.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {f"present-{present.pk}": "on"})
    assert response.status_code == 302
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended is True
    assert absent.attended is False


def test_teacher_who_is_not_trainer_cannot_mark(world, offer):
    url = reverse("training:attendance", kwargs={"pk": offer.session.pk})
    assert world.client_for("enseignant").get(url).status_code == 403


def test_signin_sheet_lists_the_enrolled_with_a_signature_column(world, offer):
    _enrolled(offer, world.users["enseignant"])
    response = world.client_for("cpc").get(
        reverse("training:signin-sheet", kwargs={"pk": offer.session.pk})
    )
    text = pdf_text(response)
    assert "Feuille d'émargement" in text
    assert "Signature" in text
    assert world.users["enseignant"].last_name.upper() in text


def test_certificate_only_for_attendees(world, offer):
    teacher = world.users["enseignant"]
    (row,) = _enrolled(offer, teacher)
    url = reverse("training:certificate", kwargs={"pk": row.pk})
    client = world.client_for("enseignant")
    assert client.get(url).status_code == 403
    services.attendance_mark(session=offer.session, present_ids={row.pk}, by=world.users["cpc"])
    text = pdf_text(client.get(url))
    assert "Attestation de présence" in text
    assert teacher.display_name in text
    assert offer.session.title in text
    # Someone else's certificate: outside scope.
    assert world.client_for("directeur2").get(url).status_code == 404


def test_hours_add_up_against_the_108_hours(world, offer):
    teacher = world.users["enseignant"]
    year = SchoolYear.current()
    (row,) = _enrolled(offer, teacher)
    Enrolment.objects.filter(pk=row.pk).update(attended=True)
    team = SessionFactory(district=world.d1, budget=Budget.TEAM, hours=Decimal("2.5"))
    other = SessionFactory(district=world.d1, budget=Budget.NONE, hours=Decimal(6))
    for session in (team, other):
        r = services.enrolment_create(session=session, person=teacher, by=teacher)
        Enrolment.objects.filter(pk=r.pk).update(attended=True)
    conseil = Meeting.objects.create(
        district=world.d1,
        school=world.school_a,
        kind=MeetingKind.CONSEIL,
        held_on=offer.session.starts_at.date(),
        hours=Decimal(3),
    )
    MeetingAttendance.objects.create(meeting=conseil, user=teacher, school=world.school_a)
    absent = SessionFactory(district=world.d1)
    services.enrolment_create(session=absent, person=teacher, by=teacher)
    hours = selectors.hours_of(teacher, year)
    assert hours.training == Decimal(3)
    assert hours.team == Decimal("5.5")
    assert hours.other == Decimal(6)
    assert hours.counted == Decimal("8.5")
    page = world.client_for("enseignant").get(reverse("training:my-trainings"))
    assert "8.5 h" in page.content.decode() or "8,5 h" in page.content.decode()


def test_magistere_completion_counts_and_gives_a_certificate(world, offer):
    teacher = world.users["enseignant"]
    course = SessionFactory(district=world.d1, kind=kind("magistere"), capacity=500)
    row = services.enrolment_create(session=course, person=teacher, by=teacher)
    client = world.client_for("enseignant")
    url = reverse("training:enrolment-complete", kwargs={"pk": row.pk})
    response = client.post(url, {"completed_on": "2999-01-01"})
    assert "ne peut pas être dans le futur" in response.content.decode()
    today = course.starts_at.date().replace(day=1)
    from django.utils import timezone

    today = timezone.localdate()
    assert client.post(url, {"completed_on": today.isoformat()}).status_code == 302
    text = pdf_text(client.get(reverse("training:certificate", kwargs={"pk": row.pk})))
    assert "a terminé le parcours" in text


def test_director_sees_team_hours(world, offer):
    (row,) = _enrolled(offer, world.users["enseignant"])
    Enrolment.objects.filter(pk=row.pk).update(attended=True)
    page = world.client_for("directeur").get(reverse("training:hours"))
    assert world.users["enseignant"].display_name in page.content.decode()
    page2 = world.client_for("directeur2").get(reverse("training:hours"))
    assert world.users["enseignant"].display_name not in page2.content.decode()
