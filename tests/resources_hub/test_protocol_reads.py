"""Reads of the protocol: selectors for the home pages, next actions, the district panel, the
blank grid PDF, and the query counts of the grid page."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from directory import dashboard
from directory.models import Notification
from resources_hub import selectors, services
from resources_hub.actions_protocol import (
    handler_actions,
    inspector_actions,
    protocol_panel,
    signature_actions,
)
from resources_hub.models import Case, CaseHandler, FicheBilan
from resources_hub.services import observations as obs
from resources_hub.services import protocol


def test_new_case_tells_the_district_ien_only(world):
    services.case_open(
        school=world.school_a,
        user=world.users["directeur"],
        data={
            "title": "Mise à l'écart",
            "category": "relational",
            "reported_on": timezone.localdate(),
            "summary": "x",
        },
    )
    told = Notification.objects.filter(event="case.new")
    assert list(told.values_list("user__username", flat=True)) == ["ien"]
    assert told.get().url.startswith("/prendre-en-charge/situations/")


def test_pole_request_appears_for_the_ien_until_someone_is_mobilised(world, cases):
    protocol.pole_request(
        case=cases.b, user=world.users["directeur2"], expected_version=cases.b.version
    )
    assert selectors.pole_requests_pending([world.d1]).count() == 1
    assert selectors.pole_requests_pending([world.d2]).count() == 0
    actions = inspector_actions(world.users["ien"])
    assert [a.count for a in actions] == [1]
    assert inspector_actions(world.users["ien_autre"]) == []
    assert inspector_actions(world.users["directeur"]) == []
    Case.objects.filter(pk=cases.b.pk).update(pole_mobilised_on=timezone.localdate())
    assert selectors.pole_requests_pending([world.d1]).count() == 0


def test_fiche_signed_by_the_pole_waits_for_the_director(world, cases):
    fiche = services.bilan_for(cases.a)
    FicheBilan.objects.filter(pk=fiche.pk).update(status="signed")
    assert selectors.fiches_to_cosign(world.users["directeur"]).count() == 1
    assert selectors.fiches_to_cosign(world.users["directeur2"]).count() == 0
    assert [a.count for a in signature_actions(world.users["directeur"])] == [1]


def test_handler_sees_their_cases_with_the_next_step(world, cases):
    assert selectors.cases_for_handler(world.users["pole"]).count() == 1
    actions = handler_actions(world.users["pole"])
    assert actions[0].count == 1 and "prochaine étape" in actions[0].label
    CaseHandler.objects.create(case=cases.b, user=world.users["enseignant"], kind="teacher")
    assert [c.pk for c in selectors.cases_for_handler(world.users["enseignant"])] == [cases.b.pk]


@pytest.mark.parametrize("size", [1, 10])
def test_action_providers_run_constant_queries(world, size, django_assert_max_num_queries):
    from tests.factories import CaseFactory

    for _ in range(size):
        case = CaseFactory(school=world.school_a, pole_requested_on=timezone.localdate())
        CaseHandler.objects.create(case=case, user=world.users["pole"], kind="pole")
    for persona in ("ien", "directeur", "pole"):
        user = world.users[persona]
        with django_assert_max_num_queries(ACTION_QUERIES[persona]):
            dashboard.actions_for(user)


# Measured, the same at both sizes; each with the user's role assignments (1, then cached).
# IEN (14): prévenir 3, prendre en charge 4 (pôle requests and escalations in one aggregate,
# fiches to co-sign, inbox, reviews), former 3, informer 3.
# Director (13): prévenir 3, prendre en charge 4 (fiches to co-sign, inbox, reviews, poster
# code), former 4 (offers, attendance, conseil, next session), informer 1 (bilan).
# Pôle (10): prévenir 1 (jury), prendre en charge 5 (fiches to sign, handled cases 2, reviews,
# next meeting), former 3.
ACTION_QUERIES = {"ien": 14, "directeur": 13, "pole": 10}


def test_district_panel_counts_unguarded_closures_and_reopenings(world, cases):
    Case.objects.filter(pk=cases.a.pk).update(
        status="closed", closed_unguarded=True, reopened_count=1
    )
    panel = protocol_panel(world.users["ien"], [world.d1])
    figures = dict(panel.rows)
    assert figures["situation close sans toutes les démarches (justifiée)"] == 1
    assert figures["situation réouverte"] == 1
    assert protocol_panel(world.users["directeur"], [world.d1]) is None


def test_blank_grid_pdf_is_a_pdf_with_the_signals(world):
    response = world.client_for("enseignant").get(reverse("resources_hub:grid-blank-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mange seul" in text and "Périscolaire" in text


@pytest.mark.parametrize("size", [2, 20])
def test_grid_page_query_count_is_constant(world, cases, size, django_assert_max_num_queries):
    grid = obs.grid_open(case=cases.a, party=cases.a.parties.first(), user=world.users["ien"])
    for index in range(size):
        obs.observation_add(
            grid=grid,
            observed_on=timezone.localdate(),
            place="cour",
            signals=["seul_recreation", "rires"],
            note="",
            observer_name=f"Adulte {index}",
        )
    client = world.client_for("directeur")
    url = reverse("resources_hub:grid-detail", kwargs={"pk": grid.pk})
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert "Est seul·e à la récréation" in response.content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_grid_list_query_count_is_constant(world, size, django_assert_max_num_queries):
    for index in range(size):
        obs.concern_grid_open(
            school=world.school_a,
            pupil_label=f"Léa {chr(65 + index)}.",
            class_label="CM1",
            user=world.users["directeur"],
        )
    client = world.client_for("directeur")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("resources_hub:grid-list"))
    assert response.status_code == 200
    assert "Léa B." in response.content.decode()
    assert (
        "Léa B."
        not in world.client_for("directeur2")
        .get(reverse("resources_hub:grid-list"))
        .content.decode()
    )
