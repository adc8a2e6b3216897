"""The protocol rules of issue 6: pôle seats as access, teacher handlers, guarded closure,
reopening, the MPP window, the périscolaire link, the change of school, notifications."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Notification, Role
from resources_hub import services
from resources_hub.models import (
    Case,
    CaseHandler,
    HandlerKind,
    Observation,
    ObservationGrid,
    Pole,
    PoleMeeting,
    PoleMember,
    Track,
)
from resources_hub.permissions import PERMISSIONS, handler_rights
from resources_hub.services import TransitionRefused, protocol, transfer
from resources_hub.services import observations as obs
from tests.factories import AssignmentFactory, UserFactory


def detail(case) -> str:
    return reverse("resources_hub:case-detail", kwargs={"reference": case.reference})


@pytest.fixture
def seat(world):
    """The director of school B sits on the district pôle."""
    pole = Pole.objects.create(district=world.d1, kind="district", name="Pôle Nanterre 1")
    PoleMember.objects.create(pole=pole, user=world.users["directeur2"], profile="directeur")
    meeting = PoleMeeting.objects.create(pole=pole, held_on="2026-11-05", agenda="Point")
    return pole, meeting


def test_director_on_the_pole_reads_its_meeting_and_is_offered_as_handler(world, cases, seat):
    _, meeting = seat
    client = world.client_for("directeur2")
    url = reverse("resources_hub:meeting-detail", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 200
    from resources_hub.views.case_people import handler_candidates

    candidate = handler_candidates(cases.a).get(pk=world.users["directeur2"].pk)
    assert candidate.is_pole
    # Mobilised on case A (school A), the seat reads it; nothing else of school A.
    assert client.get(detail(cases.a)).status_code == 404
    CaseHandler.objects.create(case=cases.a, user=world.users["directeur2"], kind="pole")
    assert client.get(detail(cases.a)).status_code == 200


def test_leaving_the_pole_ends_the_seat(world, seat):
    pole, meeting = seat
    PoleMember.objects.filter(pole=pole).update(is_active=False)
    member = PoleMember.objects.get(pole=pole)
    member.save()
    url = reverse("resources_hub:meeting-detail", kwargs={"pk": meeting.pk})
    assert world.client_for("directeur2").get(url).status_code == 403


def test_teacher_handler_reads_one_case_and_gets_404_on_another(world, cases):
    CaseHandler.objects.create(case=cases.a, user=world.users["enseignant"], kind="teacher")
    other = Case.objects.create(
        school=world.school_a,
        reference="S-2026-0099",
        title="Autre",
        category="verbal",
        reported_on="2026-11-01",
        summary="x",
    )
    client = world.client_for("enseignant")
    assert client.get(detail(cases.a)).status_code == 200
    assert client.get(detail(other)).status_code == 404
    edit = reverse("resources_hub:case-edit", kwargs={"reference": cases.a.reference})
    assert client.get(edit).status_code == 403
    add = reverse("resources_hub:case-event-add", kwargs={"reference": cases.a.reference})
    assert client.get(add).status_code == 200


def test_handlers_page_says_what_the_table_grants():
    teacher = handler_rights(Role.TEACHER)
    assert teacher == [
        "lire la situation",
        "ajouter à la chronologie et des entretiens de préoccupation partagée",
    ]
    assert Role.TEACHER not in PERMISSIONS["case.edit"]


def _follow_up(case, user):
    Case.objects.filter(pk=case.pk).update(status="follow_up")
    case.refresh_from_db()
    return case


def test_closing_without_ien_informed_needs_a_justification(world, cases):
    case = _follow_up(cases.a, world.users["directeur"])
    with pytest.raises(TransitionRefused, match="IEN"):
        services.case_transition(
            case=case,
            to_status="closed",
            user=world.users["directeur"],
            expected_version=case.version,
        )
    case = services.case_transition(
        case=case,
        to_status="closed",
        user=world.users["directeur"],
        expected_version=case.version,
        justification="Famille injoignable, IEN absent.",
    )
    assert case.closed_unguarded and case.closure_justification
    assert case.events.filter(title__startswith="Clôture justifiée").exists()
    told = Notification.objects.filter(event="case.closed_without_ien")
    assert list(told.values_list("user__username", flat=True)) == ["ien"]


def test_reopening_is_recorded_and_counted(world, cases):
    case = _follow_up(cases.a, world.users["directeur"])
    Case.objects.filter(pk=case.pk).update(ien_informed_on="2026-11-02", family_met_on="2026-11-03")
    case.refresh_from_db()
    case = services.case_transition(
        case=case,
        to_status="closed",
        user=world.users["directeur"],
        expected_version=case.version,
    )
    case = services.case_transition(
        case=case,
        to_status="reopened",
        user=world.users["directeur"],
        expected_version=case.version,
    )
    assert (case.status, case.reopened_count) == ("reopened", 1)


def test_mpp_alert_fires_at_day_15_not_14(world, cases):
    today = timezone.localdate()
    case = cases.a
    case.track, case.track_on = Track.MPP, today - timedelta(days=14)
    assert not protocol.mpp_alert(case, today)
    case.track_on = today - timedelta(days=15)
    assert protocol.mpp_alert(case, today)


def test_periscolaire_link_adds_one_observation_and_reads_nothing(world, cases, client):
    party = cases.a.parties.first()
    grid = obs.grid_open(case=cases.a, party=party, user=world.users["directeur"])
    _, token = obs.link_create(
        grid=grid,
        observer_name="Mme D., animatrice",
        place="periscolaire",
        user=world.users["directeur"],
    )
    url = reverse("resources_hub:observe", args=[token])
    page = client.get(url).content.decode()
    assert "Mise à l" not in page and cases.a.summary not in page
    data = {"observed_on": timezone.localdate().isoformat(), "signals": ["mange_seul"]}
    assert client.post(url, data).status_code == 200
    assert Observation.objects.filter(grid=grid, place="periscolaire").count() == 1
    client.post(url, data)
    assert Observation.objects.count() == 1
    detail_url = reverse("resources_hub:grid-detail", kwargs={"pk": grid.pk})
    assert client.get(detail_url).status_code == 302
    assert ObservationGrid.objects.count() == 1


def test_transfer_ends_the_old_school_access(world, cases):
    case = cases.a
    transfer.case_transfer(
        case=case, to_school=world.school_b, kind="transfer", note="", user=world.users["ien"]
    )
    assert world.client_for("directeur").get(detail(case)).status_code == 404
    assert world.client_for("directeur2").get(detail(case)).status_code == 200
    assert case.transfers.count() == 1


def test_each_protocol_event_tells_exactly_the_right_person(world, cases):
    director = world.users["directeur"]
    case = protocol.pole_request(
        case=cases.b, user=world.users["directeur2"], expected_version=cases.b.version
    )
    assert list(
        Notification.objects.filter(event="case.pole_request").values_list(
            "user__username", flat=True
        )
    ) == ["ien"]
    assert case.pole_requested_on
    teacher = UserFactory(username="prof2")
    AssignmentFactory(user=teacher, role=Role.TEACHER, school=world.school_a)
    services.case_handler_add(
        case=cases.a, handler=teacher, kind=HandlerKind.TEACHER, user=director
    )
    mobilised = Notification.objects.filter(event="case.mobilised")
    assert list(mobilised.values_list("user__username", flat=True)) == ["prof2"]
    Case.objects.filter(pk=cases.a.pk).update(status="handling")
    cases.a.refresh_from_db()
    protocol.case_escalate(
        case=cases.a,
        user=director,
        expected_version=cases.a.version,
        to="dasen",
        measures=["equipe_educative"],
    )
    escalated = Notification.objects.filter(event="case.escalated")
    assert list(escalated.values_list("user__username", flat=True)) == ["ien"]


def test_fiche_records_measures_and_family_per_pupil(world, cases):
    from resources_hub.models import FicheBilanPupil

    target = cases.a.parties.get(label="Léa M.")
    url = reverse("resources_hub:bilan-edit", kwargs={"reference": cases.a.reference})
    response = world.client_for("pole").post(
        url,
        {
            "version": "0",
            "outcome": "improved",
            f"measures_{target.pk}": "Adulte référent en cour.",
            f"family_{target.pk}": "met",
        },
    )
    assert response.status_code == 302
    row = FicheBilanPupil.objects.get(party=target)
    assert (row.measures, row.family) == ("Adulte référent en cour.", "met")


def test_territorial_pole_spans_districts_and_keeps_its_own(world):
    pole = Pole.objects.create(district=world.d1, kind="territorial", name="Pôle territorial")
    member = UserFactory(username="cpe_college")
    PoleMember.objects.create(pole=pole, user=member, profile="cpe")
    pole.districts.add(world.d2)
    assert Pole.objects.visible_to(world.users["ien_autre"], "pole.view").filter(pk=pole.pk)
    pole.districts.clear()
    assert list(pole.districts.values_list("pk", flat=True)) == [world.d1.pk]
    from directory.models import RoleAssignment

    seats = RoleAssignment.objects.filter(user=member, role="pole_seat")
    assert list(seats.values_list("district_id", flat=True)) == [world.d1.pk]


def test_a_seat_only_member_lands_on_the_pole_home_and_a_director_keeps_theirs(world, seat):
    from directory.roles import home_links, home_url

    pole, _ = seat
    cpe = UserFactory(username="cpe")
    PoleMember.objects.create(pole=pole, user=cpe, profile="cpe")
    assert home_url(cpe) == reverse("directory:home-pole")
    links = [url for url, _ in home_links(world.users["directeur2"])]
    assert links == [reverse("directory:home-director"), reverse("directory:home-pole")]
