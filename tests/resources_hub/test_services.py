"""The rules of the case workflow and of concurrent edits, at the service level."""

import pytest

from resources_hub import services
from resources_hub.models import Case, CaseEvent, CaseTransition, FicheBilanVersion
from resources_hub.services import StaleVersion, TransitionRefused


def test_transition_follows_protocol_and_is_dated_and_attributed(world, cases):
    case = services.case_transition(
        case=cases.a, to_status="follow_up", user=world.users["directeur"], expected_version=1
    )
    assert case.status == "follow_up"
    step = CaseTransition.objects.get(case=case)
    assert (step.from_status, step.to_status, step.by) == (
        "handling",
        "follow_up",
        world.users["directeur"],
    )
    assert CaseEvent.objects.filter(case=case, kind="transition").exists()


def test_skipping_a_step_is_refused(world, cases):
    with pytest.raises(TransitionRefused):
        services.case_transition(
            case=cases.b, to_status="closed", user=world.users["directeur2"], expected_version=1
        )
    cases.b.refresh_from_db()
    assert cases.b.status == "reported"


def test_stale_transition_refused(world, cases):
    services.case_transition(
        case=cases.b, to_status="assessment", user=world.users["ien"], expected_version=1
    )
    stale = Case.objects.get(pk=cases.b.pk)
    stale.status = "reported"  # a page loaded before the first change
    with pytest.raises(StaleVersion):
        services.case_transition(
            case=stale, to_status="assessment", user=world.users["directeur2"], expected_version=1
        )
    assert CaseTransition.objects.filter(case=cases.b).count() == 1


def test_closing_sets_closed_on_and_reopening_clears_it(world, cases):
    case = services.case_transition(
        case=cases.a, to_status="follow_up", user=world.users["ien"], expected_version=1
    )
    case = services.case_transition(
        case=case,
        to_status="closed",
        user=world.users["ien"],
        expected_version=case.version,
        justification="L'élève cible a quitté l'école.",
    )
    assert case.closed_on is not None
    case = services.case_transition(
        case=case, to_status="reopened", user=world.users["ien"], expected_version=case.version
    )
    assert (case.closed_on, case.reopened_count) == (None, 1)


def test_second_save_on_stale_bilan_version_is_refused(world, cases):
    fiche = services.bilan_for(cases.a)
    services.bilan_save(
        case=cases.a,
        user=world.users["directeur"],
        data={"evolution": "Première version"},
        expected_version=fiche.version,
    )
    with pytest.raises(StaleVersion):
        services.bilan_save(
            case=cases.a,
            user=world.users["pole"],
            data={"evolution": "Écrase tout"},
            expected_version=fiche.version,
        )
    fiche.refresh_from_db()
    assert fiche.evolution == "Première version"
    assert FicheBilanVersion.objects.filter(fiche=fiche).count() == 1


def test_signed_bilan_cannot_be_edited(world, cases):
    fiche = services.bilan_for(cases.a)
    fiche = services.bilan_save(
        case=cases.a,
        user=world.users["directeur"],
        data={"evolution": "Fin"},
        expected_version=fiche.version,
        sign=True,
    )
    assert fiche.status == "signed"
    with pytest.raises(StaleVersion):
        services.bilan_save(
            case=cases.a,
            user=world.users["directeur"],
            data={"evolution": "Après"},
            expected_version=fiche.version,
        )


def test_double_submitted_event_is_stored_once(world, cases):
    data = {"kind": "interview", "occurred_on": "2026-11-20", "title": "Entretien"}
    for _ in range(2):
        services.case_event_add(
            case=cases.a, user=world.users["directeur"], data=data, idempotency_key="k1"
        )
    assert CaseEvent.objects.filter(case=cases.a, kind="interview").count() == 1


def test_pseudonymise_strips_pupil_names(cases):
    text = "Léa a été bousculée par Tom B. ; LÉA M. en a parlé. Léandre n'est pas concerné."
    clean = services.pseudonymise(text, cases.a)
    assert "Léa" not in clean.replace("Léandre", "") and "Tom" not in clean
    assert "Léandre" in clean


def test_receipt_code_opens_only_its_report(cases):
    assert services.report_by_receipt(cases.receipt) == cases.pupil_report
    assert services.report_by_receipt(cases.receipt.lower().replace("-", " ")) == (
        cases.pupil_report
    )
    assert services.report_by_receipt("AAAA-AAAA") is None
    assert cases.pupil_report.receipt_digest != cases.receipt


def test_pupil_report_stores_no_identity(cases):
    report = cases.pupil_report
    assert report.created_by is None and report.source == "pupil"
    field_names = {f.name for f in report._meta.get_fields()}
    assert not field_names & {"ip", "user_agent", "session_key"}
