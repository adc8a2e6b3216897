"""The pôles ressources: poles, members, meetings, attendance, pseudonymised presentations, PDF."""

import datetime
import html
import io

import factory
import pypdf
import pytest
from django.urls import reverse

from directory import pdf
from directory.models import AuditEvent, District, Role, User
from resources_hub.models import CasePresentation, Pole, PoleMeeting, PoleMember
from tests.directory.test_pdf_security import PAYLOAD_IDS, PAYLOADS, fill, leaks
from tests.factories import AssignmentFactory, UserFactory

PUPIL_NAMES = ("Léa", "Tom", "LÉA", "léa")


class PoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pole

    kind = Pole.Kind.DISTRICT
    name = factory.Sequence(lambda n: f"Pôle ressources {n}")
    since_year = 2015


class PoleMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoleMember

    pole = factory.SubFactory(PoleFactory)
    user = factory.SubFactory(UserFactory)
    profile = PoleMember.Profile.PSYCHOLOGUE


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoleMeeting

    pole = factory.SubFactory(PoleFactory)
    held_on = datetime.date(2026, 11, 20)
    place = "Salle de la circonscription"
    agenda = "Situations en cours ; formation à la méthode de la préoccupation partagée"


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def page(response) -> str:
    return html.unescape(response.content.decode())


def url(name: str, **kwargs) -> str:
    return reverse(f"resources_hub:{name}", kwargs=kwargs)


@pytest.fixture
def pole(world):
    pole = PoleFactory(district=world.d1, name="Pôle ressources de Nanterre 1")
    PoleMemberFactory(pole=pole, user=world.users["pole"])
    PoleMemberFactory(pole=pole, user=world.users["cpc"], profile=PoleMember.Profile.CPC)
    return pole


def assert_no_pupil_name(text: str) -> None:
    for name in PUPIL_NAMES:
        assert name not in text


# --- Poles ---


def test_pole_list_empty_state_tells_the_inspector_who_creates_poles(world):
    inspector = page(world.client_for("ien").get(url("pole-list")))
    member = page(world.client_for("pole").get(url("pole-list")))

    assert "Aucun pôle ressources enregistré" in inspector
    assert "interface d'administration" in inspector
    assert "Aucun pôle ressources enregistré" in member
    assert "interface d'administration" not in member


def test_pole_list_shows_own_district_poles_with_members_and_next_meeting(world, pole):
    PoleFactory(district=world.d2, name="Pôle de Colombes")
    MeetingFactory(pole=pole, held_on=datetime.date(2099, 3, 12))
    MeetingFactory(pole=pole, held_on=datetime.date(2020, 1, 5))

    body = page(world.client_for("pole").get(url("pole-list")))

    assert "Pôle ressources de Nanterre 1" in body
    assert "Pôle de Colombes" not in body
    assert "12 mars 2099" in body
    assert "<td>2</td>" in body


def test_pole_detail_hints_that_maternelle_directors_should_join(world, pole):
    client = world.client_for("cpc")
    hint = "directrices et directeurs d'école maternelle"
    assert hint in page(client.get(url("pole-detail", pk=pole.pk)))

    PoleMemberFactory(
        pole=pole, user=world.users["directeur"], profile=PoleMember.Profile.DIRECTEUR_MATERNELLE
    )

    assert hint not in page(client.get(url("pole-detail", pk=pole.pk)))


def test_inspector_adds_and_removes_a_member(world, pole):
    client = world.client_for("ien")
    director = world.users["directeur2"]

    added = client.post(
        url("pole-detail", pk=pole.pk),
        {"action": "add", "user": director.pk, "profile": "directeur", "trained_on": "2025-06-12"},
    )
    member = PoleMember.objects.get(pole=pole, user=director)
    removed = client.post(url("pole-detail", pk=pole.pk), {"action": "remove", "member": member.pk})

    assert added.status_code == 302
    assert removed.status_code == 302
    member.refresh_from_db()
    assert member.profile == "directeur"
    assert member.trained_on == datetime.date(2025, 6, 12)
    assert member.is_active is False
    assert AuditEvent.objects.filter(action="update", detail__startswith="membre ajouté").exists()
    assert AuditEvent.objects.filter(action="update", detail__startswith="membre retiré").exists()


def test_a_person_of_another_district_cannot_be_added(world, pole):
    stranger = UserFactory(username="psy_d2")
    AssignmentFactory(user=stranger, role=Role.POLE_MEMBER, district=world.d2)

    response = world.client_for("ien").post(
        url("pole-detail", pk=pole.pk), {"action": "add", "user": stranger.pk, "profile": "rased"}
    )

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page(response)
    assert not PoleMember.objects.filter(user=stranger).exists()


def test_pole_member_cannot_manage_members(world, pole):
    member = PoleMember.objects.get(user=world.users["cpc"])

    response = world.client_for("pole").post(
        url("pole-detail", pk=pole.pk), {"action": "remove", "member": member.pk}
    )

    assert response.status_code == 403
    member.refresh_from_db()
    assert member.is_active is True


# --- Meetings ---


def meeting_data(world, pole, **extra) -> dict:
    data = {
        "held_on": "2026-12-03",
        "place": "École Simone Veil",
        "agenda": "Point sur les situations ; bilan de la formation",
        "minutes": "",
        "attendees": [m.pk for m in pole.members.all()],
    }
    data.update(extra)
    return data


def test_meeting_is_created_with_its_attendance_once(world, pole):
    client = world.client_for("cpc")
    data = meeting_data(world, pole)

    first = client.post(url("meeting-create", pole=pole.pk), data)
    second = client.post(url("meeting-create", pole=pole.pk), data)  # double click

    meeting = PoleMeeting.objects.get(pole=pole)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == url("meeting-detail", pk=meeting.pk)
    assert set(meeting.attendees.all()) == set(pole.members.all())
    assert AuditEvent.objects.filter(action="create", object_type="resources_hub.polemeeting")
    body = page(client.get(first["Location"]))
    assert world.users["pole"].display_name in body
    assert "Point sur les situations" in body


def test_attendance_is_updated_and_limited_to_the_pole_members(world, pole):
    meeting = MeetingFactory(pole=pole)
    other_pole_member = PoleMemberFactory(pole=PoleFactory(district=world.d1))
    present = PoleMember.objects.get(user=world.users["pole"])

    refused = world.client_for("ien").post(
        url("meeting-edit", pk=meeting.pk),
        meeting_data(world, pole, attendees=[other_pole_member.pk]),
    )
    saved = world.client_for("ien").post(
        url("meeting-edit", pk=meeting.pk), meeting_data(world, pole, attendees=[present.pk])
    )

    assert refused.status_code == 200
    assert "Sélectionnez un choix valide" in page(refused)
    assert saved.status_code == 302
    assert list(meeting.attendees.all()) == [present]


def test_invalid_meeting_keeps_the_typed_values(world, pole):
    response = world.client_for("cpc").post(
        url("meeting-create", pole=pole.pk),
        meeting_data(world, pole, held_on="32/13/2026", agenda="Ordre du jour gardé"),
    )

    assert response.status_code == 200
    assert "Ordre du jour gardé" in page(response)
    assert not PoleMeeting.objects.exists()


# --- Pseudonymised presentations ---


def present(client, meeting, case, **extra):
    data = {
        "case": case.reference if case else "",
        "pseudonym": "Situation A",
        "summary": "Léa M. est mise à l'écart ; Léa ne joue plus en cour.",
        "analysis": "Tom B. a proposé d'inviter LÉA au foot. léa confirme une amélioration.",
    }
    data.update(extra)
    return client.post(url("meeting-presentation-add", pk=meeting.pk), data)


def test_pupil_names_typed_in_a_presentation_reach_neither_the_row_the_page_nor_the_pdf(
    world, cases, pole
):
    meeting = MeetingFactory(
        pole=pole,
        agenda="1. La situation de Léa M. (CM1)\n2. Formation",
        minutes="Tom B. et Léa seront revus dans quinze jours.",
    )
    client = world.client_for("ien")

    response = present(client, meeting, cases.a, pseudonym="Léa")

    assert response.status_code == 302
    row = CasePresentation.objects.get(meeting=meeting)
    meeting.refresh_from_db()
    stored = " ".join([row.pseudonym, row.summary, row.analysis, meeting.agenda, meeting.minutes])
    assert_no_pupil_name(stored)
    assert "élève A est mise à l'écart" in row.summary
    assert "La situation de élève A (CM1)" in meeting.agenda
    assert "élève B et élève A seront revus" in meeting.minutes  # one letter per pupil

    detail = world.client_for("pole").get(url("meeting-detail", pk=meeting.pk))
    assert detail.status_code == 200
    assert_no_pupil_name(page(detail))
    assert "élève A ne joue plus en cour" in page(detail)

    minutes = world.client_for("pole").get(url("meeting-minutes-pdf", pk=meeting.pk))
    assert minutes.status_code == 200
    text = pdf_text(minutes.content)
    assert_no_pupil_name(text)
    assert "ne joue plus en cour" in text
    assert "Compte rendu de réunion" in text
    assert world.users["pole"].display_name in text or "Présents" in text
    assert AuditEvent.objects.filter(action="export", object_id=str(meeting.pk)).count() == 1


def test_names_that_slipped_into_a_stored_row_are_scrubbed_at_render_time(world, cases, pole):
    """Defence in depth: a row written behind the service's back still shows no pupil name."""
    meeting = MeetingFactory(pole=pole, minutes="Léa M. va mieux.")
    meeting.attendees.add(*pole.members.all())
    CasePresentation.objects.create(
        meeting=meeting,
        case=cases.a,
        pseudonym="Situation de Léa",
        summary="Tom B. et Léa M. en cour.",
        analysis="Léa confirme.",
    )

    body = page(world.client_for("cpc").get(url("meeting-detail", pk=meeting.pk)))
    text = pdf_text(world.client_for("cpc").get(url("meeting-minutes-pdf", pk=meeting.pk)).content)

    assert_no_pupil_name(body)
    assert_no_pupil_name(text)
    assert "élève A va mieux" in body
    assert world.users["pole"].display_name in text


def test_presentation_without_a_case_is_kept_as_typed(world, pole):
    meeting = MeetingFactory(pole=pole)

    response = present(
        world.client_for("cpc"), meeting, None, summary="Situation hors portail, CE2."
    )

    assert response.status_code == 302
    assert CasePresentation.objects.get(meeting=meeting).summary == "Situation hors portail, CE2."


def test_a_case_of_another_district_cannot_be_presented(world, cases, pole):
    meeting = MeetingFactory(pole=pole)

    response = present(world.client_for("ien"), meeting, cases.c)

    assert response.status_code == 200
    assert "Aucune situation de la circonscription ne porte la référence" in page(response)
    assert not CasePresentation.objects.exists()


def test_double_submitted_presentation_is_added_once(world, cases, pole):
    meeting = MeetingFactory(pole=pole)
    client = world.client_for("ien")

    present(client, meeting, cases.a)
    present(client, meeting, cases.a)

    assert CasePresentation.objects.filter(meeting=meeting).count() == 1


def test_meeting_page_is_audited_once(world, pole):
    meeting = MeetingFactory(pole=pole)

    world.client_for("pole").get(url("meeting-detail", pk=meeting.pk))

    assert AuditEvent.objects.filter(action="view", object_id=str(meeting.pk)).count() == 1


# --- Query bounds ---


def make_poles(world, count: int) -> None:
    for _ in range(count):
        pole = PoleFactory(district=world.d1)
        for _ in range(3):
            PoleMemberFactory(pole=pole)
        MeetingFactory(pole=pole, held_on=datetime.date(2099, 1, 10))


@pytest.mark.parametrize("size", [1, 12])
def test_pole_list_queries_do_not_grow(world, django_assert_max_num_queries, size):
    make_poles(world, size)
    client = world.client_for("ien")

    with django_assert_max_num_queries(5):
        response = client.get(url("pole-list"))

    assert response.status_code == 200
    assert page(response).count("10 janvier 2099") == size


@pytest.mark.parametrize("size", [1, 8])
def test_pole_detail_queries_do_not_grow(world, pole, django_assert_max_num_queries, size):
    for _ in range(size):
        PoleMemberFactory(pole=pole)
        meeting = MeetingFactory(pole=pole)
        meeting.attendees.add(*pole.members.all()[:2])
    client = world.client_for("ien")

    with django_assert_max_num_queries(9):
        response = client.get(url("pole-detail", pk=pole.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_meeting_detail_queries_do_not_grow(
    world, cases, pole, django_assert_max_num_queries, size
):
    meeting = MeetingFactory(pole=pole)
    for index in range(size):
        member = PoleMemberFactory(pole=pole)
        meeting.attendees.add(member)
        CasePresentation.objects.create(
            meeting=meeting,
            case=cases.a if index % 2 else cases.b,
            pseudonym=f"Situation {index}",
            summary="Mise à l'écart en cour.",
        )
    client = world.client_for("ien")

    # Constant at both sizes; on PostgreSQL the audit chain adds its advisory lock and savepoint.
    with django_assert_max_num_queries(16):
        response = client.get(url("meeting-detail", pk=meeting.pk))

    assert response.status_code == 200
    assert page(response).count("Mise à l'écart en cour.") == size


# --- PDF payloads (SECURITY.md D): every free-text field of the minutes ---


@pytest.mark.parametrize(("name", "payload_html", "refused"), PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_in_every_field_of_the_minutes_is_inert(
    name, payload_html, refused, secret_dir, listener, canary
):
    payload = fill(payload_html, secret_dir, listener)
    listener.hits.clear()
    person = User(username="x", first_name=payload, last_name="Nom")
    district = District(name=payload, code="X", departement_code="092")
    the_pole = Pole(name=payload, district=district, kind="district")
    meeting = PoleMeeting(pole=the_pole, held_on=datetime.date(2026, 11, 20), place=payload)
    member = PoleMember(pole=the_pole, user=person, profile="rased")
    text = {"pseudonym": payload, "summary": payload, "analysis": payload, "reference": None}
    fetcher = pdf.StaticOnlyFetcher()

    content = pdf.render_pdf(
        "pdf/meeting_minutes.html",
        {
            "meeting": meeting,
            "pole": the_pole,
            "district": district,
            "place": payload,
            "agenda": payload,
            "minutes": payload,
            "attendees": [member],
            "absent": [member],
            "presentations": [text],
        },
        fetcher=fetcher,
    )

    assert listener.hits == []
    assert leaks(content, canary) == []
    assert fetcher.refused == []


def test_stale_minutes_save_is_refused_and_every_version_kept(world, pole):
    from resources_hub.models import PoleMeetingVersion
    from resources_hub.services import StaleVersion
    from resources_hub.services import pole as pole_services

    meeting = MeetingFactory(pole=pole, minutes="Premier jet.")
    data = {"held_on": meeting.held_on, "place": "", "agenda": meeting.agenda}
    pole_services.meeting_update(
        meeting=meeting,
        data={**data, "minutes": "Version de Mme A."},
        attendees=[],
        user=world.users["ien"],
        expected_version=1,
    )
    with pytest.raises(StaleVersion, match="quelqu'un d'autre"):
        pole_services.meeting_update(
            meeting=meeting,
            data={**data, "minutes": "Version de M. B."},
            attendees=[],
            user=world.users["cpc"],
            expected_version=1,
        )
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.version) == ("Version de Mme A.", 2)
    assert PoleMeetingVersion.objects.filter(meeting=meeting).count() == 1
    client = world.client_for("cpc")
    response = client.post(
        url("meeting-edit", pk=meeting.pk),
        {
            "held_on": meeting.held_on,
            "agenda": meeting.agenda,
            "minutes": "Écrasé ?",
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert "quelqu'un d'autre" in page(response)
    meeting.refresh_from_db()
    assert meeting.minutes == "Version de Mme A."
