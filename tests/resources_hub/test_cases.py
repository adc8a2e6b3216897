"""What the case pages write, and what they refuse: opening, editing with optimistic locking, the
workflow, the chronology, pupils, préoccupation partagée, handlers and attachments. Every refusal
is checked with the rightful request too, and with nothing changed in the database."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from directory.models import AuditEvent, Role
from resources_hub.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseHandler,
    CaseParty,
    CaseTransition,
    PikasSession,
    Report,
)
from tests.factories import AssignmentFactory, ClassroomFactory, UserFactory

TODAY = timezone.localdate()
KEY = "0123456789abcdef0123456789abcdef"
KEY2 = "fedcba9876543210fedcba9876543210"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(name, case, **extra):
    return reverse(f"resources_hub:{name}", kwargs={"reference": case.reference, **extra})


def snapshot():
    """Everything a case request could change."""
    return (
        list(Case.objects.order_by("pk").values_list("status", "version", "title", "school_id")),
        CaseEvent.objects.count(),
        CaseParty.objects.count(),
        CaseTransition.objects.count(),
        PikasSession.objects.count(),
        CaseHandler.objects.count(),
        Attachment.objects.count(),
        Report.objects.filter(case__isnull=False).count(),
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def refused_rows(persona, world):
    return AuditEvent.objects.filter(action="refused", user=world.users[persona]).count()


# --- Opening a case ---

CREATE = {
    "title": "Bousculades répétées dans la cour",
    "category": "physical",
    "faits_level": 3,
    "reported_on": "2026-11-20",
    "summary": "Bousculades à chaque récréation du matin.",
    "party_label": "Léa M.",
    "party_role": "target",
    "party_class_label": "CM1",
    "idempotency_key": KEY,
}


def test_director_opens_a_case_in_their_school(world):
    response = world.client_for("directeur").post(reverse("resources_hub:case-create"), CREATE)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("case-detail", case)
    assert (case.school, case.created_by, case.status) == (
        world.school_a,
        world.users["directeur"],
        "reported",
    )
    assert list(case.parties.values_list("label", "role")) == [("Léa M.", "target")]
    assert case.events.filter(kind="report").count() == 1
    assert AuditEvent.objects.filter(action="create", object_id=str(case.pk)).count() == 1
    assert f"La situation {case.reference} est ouverte." in messages_of(response)


def test_double_submitted_case_opens_one_case(world):
    client = world.client_for("directeur")
    first = client.post(reverse("resources_hub:case-create"), CREATE)
    second = client.post(reverse("resources_hub:case-create"), CREATE)
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]
    other = client.post(reverse("resources_hub:case-create"), {**CREATE, "idempotency_key": KEY2})
    assert other.status_code == 302 and Case.objects.count() == 2


def test_the_same_key_from_another_user_never_returns_their_case(world):
    world.client_for("directeur").post(reverse("resources_hub:case-create"), CREATE)
    response = world.client_for("directeur2").post(reverse("resources_hub:case-create"), CREATE)
    assert Case.objects.count() == 2
    mine = Case.objects.get(school=world.school_b)
    assert response["Location"] == url("case-detail", mine)


def test_forged_school_and_status_are_ignored_on_opening(world):
    data = {**CREATE, "school": world.school_b.pk, "status": "closed", "version": 9}
    world.client_for("directeur").post(reverse("resources_hub:case-create"), data)
    case = Case.objects.get()
    assert (case.school, case.status, case.version) == (world.school_a, "reported", 1)


def test_inspector_chooses_a_school_of_their_district_only(world):
    client = world.client_for("ien")
    response = client.post(
        reverse("resources_hub:case-create"), {**CREATE, "school": world.school_c.pk}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Case.objects.exists()
    client.post(reverse("resources_hub:case-create"), {**CREATE, "school": world.school_b.pk})
    assert Case.objects.get().school == world.school_b


@pytest.mark.parametrize("label", ["Léa Martin", "Léa Marie Martin", "Léa M. 2015", "A B C D."])
def test_a_full_name_is_refused(world, label):
    response = world.client_for("directeur").post(
        reverse("resources_hub:case-create"), {**CREATE, "party_label": label}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Prénom et initiale seulement" in html
    assert label in html  # the typed values are kept
    assert not Case.objects.exists()


@pytest.mark.parametrize("label", ["Léa M.", "L. M.", "Jean-Pierre D.", "Léa", "Lou Ba"])
def test_first_name_and_initial_are_accepted(world, label):
    world.client_for("directeur").post(
        reverse("resources_hub:case-create"), {**CREATE, "party_label": label}
    )
    assert CaseParty.objects.get().label == label


def test_a_pupil_first_name_in_the_title_is_refused(world):
    response = world.client_for("directeur").post(
        reverse("resources_hub:case-create"), {**CREATE, "title": "Léa bousculée en cour"}
    )
    assert response.status_code == 200
    assert "ne doit pas contenir le prénom" in response.content.decode()
    assert not Case.objects.exists()


def test_a_missing_or_odd_key_is_refused_not_crashed(world):
    client = world.client_for("directeur")
    for key in ["", "../../etc", "x" * 64]:
        response = client.post(
            reverse("resources_hub:case-create"), {**CREATE, "idempotency_key": key}
        )
        assert response.status_code == 200
        assert "Le formulaire a expiré" in response.content.decode()
    assert not Case.objects.exists()


def test_opening_from_a_report_prefills_and_links_it(world, cases):
    report = cases.report_teacher
    client = world.client_for("directeur")
    create = reverse("resources_hub:case-create") + f"?report={report.pk}"
    page = client.get(create)
    assert page.status_code == 200
    assert report.description in page.content.decode()
    assert AuditEvent.objects.filter(
        action="view", object_type="resources_hub.report", object_id=str(report.pk)
    ).exists()
    data = {**CREATE, "summary": report.description, "school": world.school_b.pk}
    response = client.post(create, data)
    case = Case.objects.exclude(pk__in=[cases.a.pk, cases.b.pk, cases.c.pk]).get()
    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.case, report.status, case.school) == (case, "linked", world.school_a)
    again = client.get(create)
    assert again.status_code == 302 and again["Location"] == url("case-detail", case)


def test_a_report_of_another_school_cannot_seed_a_case(world, cases):
    before = snapshot()
    client = world.client_for("directeur2")
    create = reverse("resources_hub:case-create")
    for query in [f"?report={cases.report_teacher.pk}", "?report=abc", "?report=999999"]:
        assert client.get(create + query).status_code == 404
        assert client.post(create + query, {**CREATE}).status_code == 404
    assert snapshot() == before
    assert refused_rows("directeur2", world) == 6


def test_pole_member_and_teacher_cannot_open_a_case(world):
    for persona in ["pole", "enseignant", "parent", "admin"]:
        response = world.client_for(persona).post(reverse("resources_hub:case-create"), CREATE)
        assert response.status_code == 403
    assert not Case.objects.exists()


# --- Editing with optimistic locking ---


def edit_data(case, **changes):
    return {
        "title": case.title,
        "category": case.category,
        "faits_level": case.faits_level or "",
        "summary": case.summary,
        "version": case.version,
        **changes,
    }


def test_edit_saves_bumps_the_version_and_dates_the_checklist(world, cases):
    data = edit_data(
        cases.a,
        faits_level="3",
        next_review_on="2026-12-01",
        ien_informed_on="2026-11-10",
        faits_etablissement_on="2026-11-12",
    )
    response = world.client_for("pole").post(url("case-edit", cases.a), data)
    assert response.status_code == 302
    case = Case.objects.get(pk=cases.a.pk)
    assert (case.faits_level, case.version) == (3, 2)
    assert case.ien_informed_on == datetime.date(2026, 11, 10)
    steps = case.events.filter(kind="checklist").order_by("occurred_on")
    assert [e.title for e in steps] == [
        "IEN informé·e",
        "Déclaration « Faits établissement » (niveau 2)",
    ]
    row = AuditEvent.objects.get(action="update", object_id=str(case.pk))
    assert "faits_level" in row.detail
    # Saving again with the same dates adds no second checklist event.
    world.client_for("pole").post(url("case-edit", cases.a), {**data, "version": 2})
    assert case.events.filter(kind="checklist").count() == 2


def test_a_stale_edit_is_refused_and_overwrites_nothing(world, cases):
    page_of_director = edit_data(cases.a, title="Version du directeur")
    world.client_for("ien").post(url("case-edit", cases.a), edit_data(cases.a, title="Par l'IEN"))
    response = world.client_for("directeur").post(url("case-edit", cases.a), page_of_director)
    html = response.content.decode()
    assert response.status_code == 200
    assert "modifiée entre-temps" in html
    assert "Version du directeur" in html  # what they typed is kept on the page
    case = Case.objects.get(pk=cases.a.pk)
    assert (case.title, case.version) == ("Par l'IEN", 2)


def test_forged_fields_on_edit_are_ignored(world, cases):
    data = edit_data(
        cases.a,
        status="closed",
        school=world.school_b.pk,
        reference="S-2026-0999",
        created_by=world.users["directeur2"].pk,
        anonymised_at="2026-01-01T00:00",
    )
    world.client_for("directeur").post(url("case-edit", cases.a), data)
    case = Case.objects.get(pk=cases.a.pk)
    assert (case.status, case.school, case.reference, case.created_by, case.anonymised_at) == (
        "handling",
        world.school_a,
        "S-2026-0001",
        None,
        None,
    )
    assert case.version == 2


@pytest.mark.parametrize("version", [0, 2, 99, "abc", ""])
def test_a_tampered_version_saves_nothing(world, cases, version):
    response = world.client_for("directeur").post(
        url("case-edit", cases.a), edit_data(cases.a, title="Forcé", version=version)
    )
    assert response.status_code == 200
    case = Case.objects.get(pk=cases.a.pk)
    assert (case.title, case.version) == (cases.a.title, 1)


def test_a_checklist_date_in_the_future_is_refused(world, cases):
    later = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = world.client_for("directeur").post(
        url("case-edit", cases.a), edit_data(cases.a, procureur_on=later)
    )
    assert response.status_code == 200
    assert "ne peut pas être datée du futur" in response.content.decode()
    assert Case.objects.get(pk=cases.a.pk).procureur_on is None


def test_other_school_director_cannot_edit(world, cases):
    before = snapshot()
    response = world.client_for("directeur2").post(
        url("case-edit", cases.a), edit_data(cases.a, title="Piraté")
    )
    assert response.status_code == 404
    assert snapshot() == before
    assert refused_rows("directeur2", world) == 1


# --- The workflow ---


def transition(client, case, to_status, **extra):
    data = {"to_status": to_status, "version": case.version, **extra}
    return client.post(url("case-transition", case), data)


def test_a_step_is_dated_attributed_and_announced(world, cases):
    response = transition(world.client_for("directeur"), cases.a, "follow_up", comment="RAS")
    assert response.status_code == 302
    assert response["Location"] == url("case-detail", cases.a)  # the message shows on top
    step = CaseTransition.objects.get(case=cases.a)
    assert (step.from_status, step.to_status, step.by, step.comment) == (
        "handling",
        "follow_up",
        world.users["directeur"],
        "RAS",
    )
    assert step.at is not None
    assert "La situation est passée à l'étape « Suivi »." in messages_of(response)


@pytest.mark.parametrize("target", ["closed", "reported", "assessment", "not_bullying", "zzz"])
def test_a_skipped_step_is_refused_with_a_message(world, cases, target):
    before = snapshot()
    response = transition(
        world.client_for("directeur"), cases.a, target, confirm_stopped="on", comment="x"
    )
    assert response.status_code == 302
    assert snapshot() == before
    text = " ".join(messages_of(response))
    assert "impossible" in text or "Sélectionnez un choix valide" in text


def test_closing_asks_the_confirmation_sentence(world, cases):
    client = world.client_for("directeur")
    Case.objects.filter(pk=cases.a.pk).update(ien_informed_on=TODAY, family_met_on=TODAY)
    transition(client, cases.a, "follow_up")
    case = Case.objects.get(pk=cases.a.pk)
    response = transition(client, case, "closed")
    assert "L'élève cible confirme que cela a cessé" in " ".join(messages_of(response))
    assert Case.objects.get(pk=case.pk).status == "follow_up"
    page = client.get(url("case-detail", case)).content.decode()
    assert "L&#x27;élève cible confirme que cela a cessé" in page
    transition(client, case, "closed", confirm_stopped="on")
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.closed_on) == ("closed", TODAY)


def test_not_bullying_needs_a_reason(world, cases):
    client = world.client_for("directeur2")
    transition(client, cases.b, "assessment")
    case = Case.objects.get(pk=cases.b.pk)
    response = transition(client, case, "not_bullying")
    assert "pourquoi" in " ".join(messages_of(response))
    assert Case.objects.get(pk=case.pk).status == "assessment"
    transition(client, case, "not_bullying", comment="Conflit ponctuel, pas de répétition")
    assert Case.objects.get(pk=case.pk).status == "not_bullying"


def test_a_stale_step_is_refused(world, cases):
    client = world.client_for("directeur")
    stale_version = cases.a.version
    transition(client, cases.a, "follow_up")
    response = client.post(
        url("case-transition", cases.a), {"to_status": "handling", "version": stale_version}
    )
    assert "modifiée entre-temps" in " ".join(messages_of(response))
    assert CaseTransition.objects.filter(case=cases.a).count() == 1


def test_other_school_director_cannot_move_a_case(world, cases):
    before = snapshot()
    response = transition(world.client_for("directeur2"), cases.a, "follow_up")
    assert response.status_code == 404
    assert Case.objects.get(pk=cases.a.pk).status == "handling"
    assert snapshot() == before
    assert refused_rows("directeur2", world) == 1
    # The rightful request works.
    assert transition(world.client_for("directeur"), cases.a, "follow_up").status_code == 302
    assert CaseTransition.objects.filter(case=cases.a).count() == 1


def test_unassigned_pole_member_cannot_move_a_case(world, cases):
    before = snapshot()
    assert transition(world.client_for("pole"), cases.b, "assessment").status_code == 404
    assert snapshot() == before
    assert transition(world.client_for("pole"), cases.a, "follow_up").status_code == 302


def test_transition_is_post_only(world, cases):
    assert world.client_for("directeur").get(url("case-transition", cases.a)).status_code == 405


# --- Chronology, pupils, préoccupation partagée ---

EVENT = {
    "kind": "interview",
    "occurred_on": "2026-11-20",
    "title": "Entretien avec l'élève cible",
    "body": "Elle dit être écartée des jeux depuis la rentrée.",
    "idempotency_key": KEY,
}


def test_double_submitted_event_is_stored_once(world, cases):
    client = world.client_for("pole")
    for _ in range(2):
        response = client.post(url("case-event-add", cases.a), EVENT)
        assert response.status_code == 302
    event = CaseEvent.objects.get(case=cases.a, kind="interview")
    assert event.author == world.users["pole"]
    html = client.get(url("case-detail", cases.a)).content.decode()
    assert "Elle dit être écartée des jeux" in html


def test_an_event_cannot_name_a_pupil_of_another_case(world, cases):
    other = cases.b.parties.get()
    response = world.client_for("directeur").post(
        url("case-event-add", cases.a), {**EVENT, "party": other.pk}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not CaseEvent.objects.filter(kind="interview").exists()


def test_internal_event_kinds_cannot_be_posted(world, cases):
    response = world.client_for("directeur").post(
        url("case-event-add", cases.a), {**EVENT, "kind": "transition"}
    )
    assert response.status_code == 200
    assert not CaseEvent.objects.exists()


def test_other_school_director_cannot_add_to_the_chronology(world, cases):
    before = snapshot()
    response = world.client_for("directeur2").post(url("case-event-add", cases.a), EVENT)
    assert response.status_code == 404
    assert snapshot() == before


PARTY = {
    "label": "Sam R.",
    "role": "witness",
    "class_label": "CM2",
    "protective_measures": "Adulte référent : M. P.",
    "idempotency_key": KEY,
}


def test_a_pupil_is_added_once_with_their_part(world, cases):
    client = world.client_for("directeur")
    for _ in range(2):
        assert client.post(url("case-party-add", cases.a), PARTY).status_code == 302
    party = cases.a.parties.get(label="Sam R.")
    assert (party.role, party.protective_measures) == ("witness", "Adulte référent : M. P.")
    assert CaseEvent.objects.filter(case=cases.a, party=party).count() == 1


def test_a_pupil_label_that_looks_like_a_full_name_is_refused(world, cases):
    response = world.client_for("directeur").post(
        url("case-party-add", cases.a), {**PARTY, "label": "Sam Robert"}
    )
    assert response.status_code == 200
    assert "Prénom et initiale seulement" in response.content.decode()
    assert not cases.a.parties.filter(label="Sam Robert").exists()


def test_a_class_of_another_school_is_refused(world, cases):
    class_b = ClassroomFactory(school=world.school_b, name="CE2 B")
    old_class = ClassroomFactory(
        school=world.school_a,
        name="CM1 2020",
        year=__import__("directory").models.SchoolYear.objects.get_or_create(start_year=2020)[0],
    )
    client = world.client_for("directeur")
    for classroom in (class_b, old_class):
        response = client.post(
            url("case-party-add", cases.a), {**PARTY, "class_label": "", "classroom": classroom.pk}
        )
        assert response.status_code == 200
    assert (
        client.post(
            url("case-party-add", cases.a),
            {**PARTY, "class_label": "", "classroom": world.class_a.pk},
        ).status_code
        == 302
    )
    assert cases.a.parties.get(label="Sam R.").classroom == world.class_a


def pikas(case, **changes):
    return {
        "party": case.parties.get(label="Tom B.").pk,
        "held_on": "2026-11-20",
        "kind": "first",
        "led_by": "Mme R.",
        "outcome": "proposal",
        "proposal": "Laisser Léa jouer au ballon",
        "notes": "Coopératif.",
        "next_on": "2026-12-04",
        "idempotency_key": KEY,
        **changes,
    }


def test_a_pikas_session_is_recorded_once_and_shown(world, cases):
    client = world.client_for("pole")
    for _ in range(2):
        assert client.post(url("case-pikas-add", cases.a), pikas(cases.a)).status_code == 302
    session = PikasSession.objects.get(case=cases.a)
    assert (session.party.label, session.kind, session.next_on) == (
        "Tom B.",
        "first",
        datetime.date(2026, 12, 4),
    )
    assert CaseEvent.objects.filter(case=cases.a, kind="pikas").count() == 1
    assert AuditEvent.objects.filter(action="update", detail__contains="préoccupation").exists()
    html = client.get(url("case-detail", cases.a)).content.decode()
    assert "Laisser Léa jouer au ballon" in html and "04/12/2026" in html


def test_pikas_next_date_comes_after_and_pupil_is_of_this_case(world, cases):
    client = world.client_for("pole")
    response = client.post(url("case-pikas-add", cases.a), pikas(cases.a, next_on="2026-11-19"))
    assert "Le prochain entretien vient après celui-ci." in response.content.decode()
    other = cases.b.parties.get().pk
    response = client.post(url("case-pikas-add", cases.a), pikas(cases.a, party=other))
    assert response.status_code == 200
    assert not PikasSession.objects.exists()


# --- Handlers ---


@pytest.fixture
def pole2(world):
    user = UserFactory(username="pole2", first_name="Inès", last_name="Rased")
    AssignmentFactory(user=user, role=Role.POLE_MEMBER, district=world.d1)
    return user


def test_inspector_assigns_and_removes_a_pole_member(world, cases, pole2):
    client = world.client_for("ien")
    other = world.client_for("pole")
    other.force_login(pole2)
    assert other.get(url("case-detail", cases.b)).status_code == 404
    response = client.post(url("case-handlers", cases.b), {"user": pole2.pk})
    assert response.status_code == 302
    handler = CaseHandler.objects.get(case=cases.b, user=pole2)
    assert handler.kind == "pole"
    assert other.get(url("case-detail", cases.b)).status_code == 200
    client.post(url("case-handlers", cases.b), {"remove": handler.pk})
    assert not CaseHandler.objects.filter(case=cases.b).exists()
    assert other.get(url("case-detail", cases.b)).status_code == 404
    details = list(
        AuditEvent.objects.filter(action="update", object_id=str(cases.b.pk))
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == ["intervenant ajouté", "intervenant retiré"]


def test_only_district_pole_members_and_school_team_can_be_added(world, cases):
    far = UserFactory(username="pole_d2")
    AssignmentFactory(user=far, role=Role.POLE_MEMBER, district=world.d2)
    client = world.client_for("ien")
    for person in (far, world.users["directeur2"], world.users["parent"]):
        response = client.post(url("case-handlers", cases.a), {"user": person.pk})
        assert response.status_code == 200
    assert CaseHandler.objects.filter(case=cases.a).count() == 2
    client.post(url("case-handlers", cases.a), {"user": world.users["enseignant"].pk})
    added = CaseHandler.objects.get(case=cases.a, user=world.users["enseignant"])
    assert added.kind == "teacher"


def test_removing_a_handler_of_another_case_does_nothing(world, cases, pole2):
    foreign = CaseHandler.objects.create(case=cases.b, user=pole2, kind="pole")
    response = world.client_for("ien").post(url("case-handlers", cases.a), {"remove": foreign.pk})
    assert response.status_code == 302
    assert CaseHandler.objects.filter(pk=foreign.pk).exists()


def test_directors_and_pole_members_cannot_assign(world, cases, pole2):
    before = snapshot()
    for persona in ["directeur", "pole", "directeur2"]:
        response = world.client_for(persona).post(url("case-handlers", cases.a), {"user": pole2.pk})
        assert response.status_code == 403
    assert (
        world.client_for("ien_autre")
        .post(url("case-handlers", cases.a), {"user": pole2.pk})
        .status_code
        == 404
    )
    assert snapshot() == before


# --- Attachments ---


def png_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Téléphone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 53.0, 10.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 12.0, 30.0)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG", exif=exif)
    return out.getvalue()


def upload(client, case, name, content, content_type="application/octet-stream", key=KEY):
    file = SimpleUploadedFile(name, content, content_type)
    return client.post(url("case-attachment-add", case), {"file": file, "idempotency_key": key})


def test_a_photo_is_stored_without_its_gps_data(world, cases):
    data = png_with_gps()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test file has GPS
    response = upload(world.client_for("directeur"), cases.a, "photo.png", data, "image/png")
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=cases.a)
    assert attachment.content_type == "image/png"
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    with Image.open(io.BytesIO(stored)) as clean:
        assert clean.size == (40, 30)
        assert not clean.getexif()
    assert b"eXIf" not in stored and b"GPS" not in stored
    assert CaseEvent.objects.filter(case=cases.a, kind="attachment").count() == 1


def test_an_html_page_named_pdf_is_refused(world, cases):
    response = upload(
        world.client_for("directeur"), cases.a, "releve.pdf", b"<html><script>alert(1)</script>"
    )
    assert response.status_code == 200
    assert "Type de fichier refusé" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_traversal_name_is_stored_with_a_clean_name(world, cases, media):
    pdf = b"%PDF-1.4\n%test\n"
    upload(world.client_for("directeur"), cases.a, "../../x.pdf", pdf)
    attachment = Attachment.objects.get()
    assert attachment.original_name == "x.pdf"
    assert ".." not in attachment.file.name and attachment.file.name.startswith("cases/")
    assert attachment.file.path.startswith(str(media))


@override_settings(HZ_ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_an_oversized_file_is_refused_by_the_form(world, cases):
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = upload(world.client_for("directeur"), cases.a, "gros.pdf", big)
    assert response.status_code == 200
    assert "la taille maximale est de 1 Mo" in response.content.decode()
    assert not Attachment.objects.exists()


def test_files_above_the_upload_memory_limits_get_a_form_answer(world, cases):
    """5 MB is Django's in-memory threshold, not a cap: 6 MB is stored, 11 MB refused."""
    client = world.client_for("directeur")
    six = b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)
    assert upload(client, cases.a, "six.pdf", six).status_code == 302
    assert Attachment.objects.get().size == len(six)
    eleven = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    response = upload(client, cases.a, "onze.pdf", eleven, key=KEY2)
    assert response.status_code == 200
    assert "la taille maximale est de 10 Mo" in response.content.decode()
    assert Attachment.objects.count() == 1


def test_a_double_submitted_upload_is_stored_once(world, cases, media):
    client = world.client_for("directeur")
    for _ in range(2):
        assert upload(client, cases.a, "a.pdf", b"%PDF-1.4\n").status_code == 302
    assert Attachment.objects.count() == 1
    assert len(list((media / "cases").rglob("*.pdf"))) == 1


def test_download_is_audited_and_never_shown_inline(world, cases):
    upload(world.client_for("directeur"), cases.a, "Léa Martin.pdf", b"%PDF-1.4\n%x\n")
    attachment = Attachment.objects.get()
    response = world.client_for("pole").get(url("case-attachment", cases.a, pk=attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%x\n"
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="S-2026-0001-piece-{attachment.pk}.pdf"' in disposition
    assert "Martin" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    exports = AuditEvent.objects.filter(action="export", object_id=str(cases.a.pk))
    assert exports.count() == 1


def test_another_school_file_is_a_404(world, cases):
    upload(world.client_for("directeur"), cases.a, "a.pdf", b"%PDF-1.4\n")
    attachment = Attachment.objects.get()
    assert (
        world.client_for("directeur2")
        .get(url("case-attachment", cases.a, pk=attachment.pk))
        .status_code
        == 404
    )
    # Through the director's own case: the file belongs to another case, so 404 as well.
    assert (
        world.client_for("directeur2")
        .get(url("case-attachment", cases.b, pk=attachment.pk))
        .status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action="export").exists()
    assert refused_rows("directeur2", world) == 2


def test_other_school_director_cannot_upload(world, cases):
    before = snapshot()
    response = upload(world.client_for("directeur2"), cases.a, "a.pdf", b"%PDF-1.4\n")
    assert response.status_code == 404
    assert snapshot() == before


# --- Races: the unique key catches what the first look-up missed ---


def test_a_parallel_double_submit_opens_one_case(world, monkeypatch):
    from resources_hub.services import cases as case_services

    first = world.client_for("directeur").post(reverse("resources_hub:case-create"), CREATE)
    real = case_services._opening_event
    calls = []

    def missed_once(key):
        calls.append(key)
        return None if len(calls) == 1 else real(key)

    monkeypatch.setattr(case_services, "_opening_event", missed_once)
    second = world.client_for("directeur").post(reverse("resources_hub:case-create"), CREATE)
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert CaseParty.objects.count() == 1


def test_a_parallel_double_upload_keeps_one_file(world, cases, media, monkeypatch):
    from resources_hub.services import cases as case_services

    client = world.client_for("directeur")
    upload(client, cases.a, "a.pdf", b"%PDF-1.4\n")
    monkeypatch.setattr(case_services, "_keyed_event", lambda case, key: None)
    assert upload(client, cases.a, "a.pdf", b"%PDF-1.4\n").status_code == 302
    assert Attachment.objects.count() == 1
    assert len(list((media / "cases").rglob("*.pdf"))) == 1


def test_an_anonymised_case_is_read_only(world, cases):
    Case.objects.filter(pk=cases.a.pk).update(anonymised_at=timezone.now())
    before = snapshot()
    client = world.client_for("directeur")
    response = client.post(url("case-edit", cases.a), edit_data(cases.a, title="Nouveau"))
    assert response.status_code == 302
    assert "anonymisée" in " ".join(messages_of(response))
    assert client.post(url("case-event-add", cases.a), EVENT).status_code == 302
    assert snapshot() == before
