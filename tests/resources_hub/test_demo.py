"""The demo data of « Mieux prendre en charge »: idempotent, realistic, scoped like real data."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from directory.models import AuditEvent, User
from resources_hub import models as rh
from resources_hub import selectors
from resources_hub.models import Case, CaseStatus

MODELS = [
    rh.Case,
    rh.CaseParty,
    rh.CaseEvent,
    rh.CaseTransition,
    rh.CaseHandler,
    rh.PikasSession,
    rh.FicheBilan,
    rh.FicheBilanVersion,
    rh.Report,
    rh.ReportMessage,
    rh.Pole,
    rh.PoleMember,
    rh.PoleMeeting,
    rh.CasePresentation,
    rh.CaseTransfer,
    rh.PreventionPlan,
    rh.CrisisProtocol,
    rh.CrisisProtocolVersion,
    AuditEvent,
]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db):
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seeding_twice_adds_nothing(demo):
    first = counts()
    assert first["Case"] == 9 and first["Report"] == 3 and first["Pole"] == 2
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first


def test_demo_covers_every_state_and_the_records_around_it(demo):
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    handling = Case.objects.get(status="handling")
    assert handling.pikas_sessions.count() >= 2
    assert handling.handlers.filter(user__username="pole").exists()
    follow_up = Case.objects.get(status="follow_up", transfers__isnull=True)
    assert follow_up.next_review_on < timezone.localdate()
    closed = Case.objects.get(status="closed")
    assert closed.bilan.status == "cosigned" and closed.bilan.outcome == "resolved"
    assert closed.ien_informed_on and closed.family_met_on and closed.handlers.exists()
    assert closed.pikas_sessions.count() == 3 and not closed.closed_unguarded
    grid = rh.ObservationGrid.objects.get()
    assert len({o.observer_name for o in grid.observations.all()}) == 3
    for label in rh.CaseParty.objects.values_list("label", flat=True):
        _first_name, initial = label.split()
        assert len(initial) == 2 and initial.endswith(".")  # first name + initial only
    pupil_report = rh.Report.objects.get(source="pupil")
    assert pupil_report.created_by is None and pupil_report.messages.count() == 2
    presentation = rh.CasePresentation.objects.get()
    assert "Adam" not in presentation.summary and "Noah" not in presentation.summary
    assert rh.CrisisProtocol.objects.get().version == 2
    assert "Code de suivi du signalement anonyme" in demo
    # A case followed its pupil to Jules Ferry; Simone Veil keeps the co-signed fiche only.
    moved = rh.CaseTransfer.objects.get(kind="transfer")
    assert moved.case.school.uai == "0921002P" and moved.from_school.uai == "0921003R"
    assert moved.fiche_snapshot["status"] == "cosigned" and moved.fiche_snapshot["members"]


def test_coverage_table_shows_gaps(demo):
    ien = User.objects.get(username="ien")
    coverage = selectors.plan_coverage(selectors.coverage_schools(ien), selectors.year_label())
    totals = selectors.coverage_totals(coverage)
    assert totals["with_plan"] == 3 and totals["schools"] == 12
    assert rh.PreventionPlan.objects.filter(school__isnull=True).count() == 1


def test_director_sees_own_school_cases_and_not_jules_ferry(demo, client):
    directeur = User.objects.get(username="directeur")
    visible = Case.objects.visible_to(directeur, "case.view")
    assert set(visible.values_list("school__uai", flat=True)) == {"0921003R"}
    assert visible.count() == 4
    ferry = Case.objects.filter(school__uai="0921002P")
    assert ferry.exists() and not visible.filter(pk__in=ferry).exists()
    client.force_login(directeur)
    page = client.get(reverse("directory:home-director")).content.decode()
    assert "Situations de l" in page


def test_pole_member_sees_only_the_assigned_case(demo):
    pole = User.objects.get(username="pole")
    visible = Case.objects.visible_to(pole, "case.view")
    assert sorted(visible.values_list("status", flat=True)) == ["closed", "handling", "reopened"]
