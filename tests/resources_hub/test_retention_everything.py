"""Issue 8 item 4 and issue 12's retention item: anonymisation leaves no name anywhere, a fiche
bilan of an anonymised case is read-only, and the run is batched."""

import datetime
import uuid

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from resources_hub import services
from resources_hub.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseHandler,
    CaseParty,
    CasePresentation,
    CaseTransfer,
    CaseTransition,
    FicheBilan,
    FicheBilanMember,
    FicheBilanPupil,
    FicheBilanVersion,
    Observation,
    ObservationGrid,
    ObserverLink,
    PikasSession,
    Pole,
    PoleMeeting,
    Report,
    ReportMessage,
)
from resources_hub.services import pole as pole_services
from resources_hub.services import pupil as pupil_services
from resources_hub.services.retention import TECHNICAL_FIELDS, cases_anonymise, related_models
from tests.factories import CaseFactory

NAME = "Capucine Zéphyrin"
TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _fill(instance: models.Model) -> models.Model:
    """Write the name in every free-text field of ``instance`` (as a careless user would)."""
    for item in instance._meta.concrete_fields:
        if item.name in TECHNICAL_FIELDS or item.choices:
            continue
        if isinstance(item, models.JSONField):
            setattr(instance, item.name, {"texte": NAME})
        elif isinstance(item, (models.CharField, models.TextField)):
            setattr(instance, item.name, NAME[: item.max_length or None])
    instance.save()
    return instance


def _old_closed_case(world, reference: str) -> Case:
    return CaseFactory(
        school=world.school_a,
        status="closed",
        reference=reference,
        closed_on=TODAY - datetime.timedelta(days=400),
    )


@pytest.fixture
def seeded(world, settings, tmp_path):
    """One old closed case with a record of every model that belongs to a case, each holding the
    name in every free-text field."""
    settings.MEDIA_ROOT = tmp_path
    directeur = world.users["directeur"]
    case = _fill(_old_closed_case(world, "S-2024-0101"))
    party = _fill(
        CaseParty(
            case=case,
            role="target",
            classroom=world.class_a,
            referent=world.users["pole"],
            referent_named_on=TODAY,
        )
    )
    case.mpp_team.add(directeur)
    _fill(CaseHandler(case=case, user=world.users["pole"], kind="pole"))
    _fill(CaseTransition(case=case, from_status="follow_up", to_status="closed", by=directeur))
    _fill(CaseEvent(case=case, kind="note", party=party, occurred_on=TODAY, idempotency_key="e"))
    _fill(PikasSession(case=case, party=party, held_on=TODAY, kind="target", outcome="agreed"))
    attachment = Attachment(
        case=case, stored_name="x.pdf", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("x.pdf", ContentFile(PDF), save=False)
    _fill(attachment)
    fiche = _fill(FicheBilan(case=case))
    _fill(FicheBilanVersion(fiche=fiche, number=1, saved_by=directeur))
    _fill(FicheBilanMember(fiche=fiche, user=world.users["pole"]))
    _fill(FicheBilanPupil(fiche=fiche, party=party, family="met"))
    _fill(
        CaseTransfer(
            case=case, kind="transfer", from_school=world.school_b, to_school=world.school_a
        )
    )
    # A grid of the case, a grid reached through its pupil only (three hops from the case) and
    # the grid of a concern that never became a case, nothing observed for more than a year.
    old = TODAY - datetime.timedelta(days=400)
    grids = [
        _fill(ObservationGrid(school=world.school_a, case=case, party=party, started_on=TODAY)),
        _fill(ObservationGrid(school=world.school_a, party=party, started_on=TODAY)),
        _fill(ObservationGrid(school=world.school_a, started_on=old)),
    ]
    for number, grid in enumerate(grids):
        _fill(Observation(grid=grid, observed_on=old, place="cour", signals=["rires"]))
        _fill(
            ObserverLink(
                grid=grid, place="periscolaire", token_digest=f"{number}" * 64, expires_on=TODAY
            )
        )
    pole = Pole.objects.create(district=world.d1, kind="departmental", name="Pôle")
    meeting = PoleMeeting.objects.create(pole=pole, held_on=TODAY, agenda="Situations")
    _fill(CasePresentation(meeting=meeting, case=case))
    PoleMeeting.objects.filter(pk=meeting.pk).update(minutes="élève A va mieux ; élève B aussi.")
    access = services.pupil_access_for(world.school_a)
    report, receipt = pupil_services.pupil_report_submit(
        access=access, data={"description": NAME}, form_key=uuid.uuid4().hex
    )
    Report.objects.filter(pk=report.pk).update(case=case, pupil_label="Capucine Z.")
    report.refresh_from_db()
    _fill(ReportMessage(report=report, author_kind="pupil", idempotency_key="m"))
    recent = CaseFactory(school=world.school_a, status="closed", closed_on=TODAY, summary=NAME)
    return {
        "case": case,
        "receipt": receipt,
        "file": attachment.file.path,
        "recent": recent,
        "meeting": meeting,
        "concern": grids[2],
    }


SEEDED_MODELS = {
    Case,
    CaseParty,
    CaseHandler,
    CaseTransition,
    CaseEvent,
    PikasSession,
    Attachment,
    FicheBilan,
    FicheBilanVersion,
    FicheBilanMember,
    FicheBilanPupil,
    CasePresentation,
    Report,
    ReportMessage,
    CaseTransfer,
    ObservationGrid,
    Observation,
    ObserverLink,
    Case.mpp_team.through,
}


def test_every_model_belonging_to_a_case_is_seeded_here():
    """A model added later that belongs to a case must be added to the seed above."""
    assert {model for model, _ in related_models()} <= SEEDED_MODELS


def _rows_with_the_name(exclude_pks: dict) -> list[str]:
    found = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for values in model._base_manager.exclude(pk__in=exclude_pks.get(model, [])).values(
            "pk", *text_fields
        ):
            if any("Capucine" in str(value) for value in values.values()):
                found.append(f"{model._meta.label} {values['pk']}")
    return found


def test_no_name_survives_anywhere(seeded, world, client):
    recent = seeded["recent"]
    assert _rows_with_the_name({Case: [recent.pk]})  # the seed did write the name
    cases_anonymise(older_than_days=365, dry_run=False)
    assert _rows_with_the_name({Case: [recent.pk]}) == []
    assert Case.objects.get(pk=recent.pk).summary == NAME  # a recent case is untouched
    assert services.report_by_receipt(seeded["receipt"]) is None
    thread = client.post(reverse("resources_hub:pupil-thread"), {"code": seeded["receipt"]})
    assert "Ce code ne marche pas" in thread.content.decode()
    assert not Attachment.objects.exists()
    import os

    assert not os.path.exists(seeded["file"])
    case = Case.objects.get(pk=seeded["case"].pk)
    assert list(case.parties.values_list("label", flat=True)) == ["Élève 1"]
    assert case.parties.get().referent is None
    assert case.category and case.status == "closed" and case.closed_on  # statistics stay
    assert not ObserverLink.objects.exists()  # single-use links are deleted
    assert set(ObservationGrid.objects.values_list("pupil_label", flat=True)) == {
        "Élève 1",
        "Élève anonymisé·e",
    }
    assert not CaseTransfer.objects.filter(fiche_snapshot__isnull=False).exists()
    assert FicheBilanPupil.objects.get().family == "met"  # a choice, kept for statistics


def test_meeting_minutes_keep_their_pseudonyms(seeded):
    """Minutes cover several cases and stay; the anonymised case's « Élève 1 » labels must not
    take part in their pseudonymisation (« élève A » would become « élève A A »)."""
    cases_anonymise(older_than_days=365, dry_run=False)
    meeting = PoleMeeting.objects.get(pk=seeded["meeting"].pk)
    assert meeting.minutes == "élève A va mieux ; élève B aussi."
    names = pole_services.meeting_party_names(meeting)
    assert names == []
    assert pole_services.scrub(meeting.minutes, names) == meeting.minutes
    case = Case.objects.get(pk=seeded["case"].pk)
    assert services.pseudonymise("élève A et Élève 1", case) == "élève A et Élève 1"
    presentation = CasePresentation.objects.get(case=case)
    assert "Capucine" not in presentation.pseudonym + presentation.summary


def test_a_concern_grid_is_kept_while_observed_and_anonymised_once_stale(world):
    old = TODAY - datetime.timedelta(days=400)
    stale = _fill(ObservationGrid(school=world.school_a, started_on=old))
    observed = _fill(ObservationGrid(school=world.school_a, started_on=old))
    _fill(Observation(grid=observed, observed_on=TODAY, place="cour", signals=[]))
    fresh = _fill(ObservationGrid(school=world.school_a, started_on=TODAY))
    dry = cases_anonymise(older_than_days=365, dry_run=True)
    assert dry.grids == 1
    assert ObservationGrid.objects.get(pk=stale.pk).pupil_label == NAME[:40]
    report = cases_anonymise(older_than_days=365, dry_run=False)
    assert report.grids == 1
    assert ObservationGrid.objects.get(pk=stale.pk).pupil_label == "Élève anonymisé·e"
    assert ObservationGrid.objects.get(pk=observed.pk).pupil_label == NAME[:40]
    assert ObservationGrid.objects.get(pk=fresh.pk).pupil_label == NAME[:40]
    assert cases_anonymise(older_than_days=365, dry_run=False).grids == 0


def test_the_fiche_bilan_of_an_anonymised_case_is_read_only(seeded, world):
    cases_anonymise(older_than_days=365, dry_run=False)
    case = Case.objects.get(pk=seeded["case"].pk)
    fiche = FicheBilan.objects.get(case=case)
    with pytest.raises(services.StaleVersion, match="anonymisée"):
        services.bilan_save(
            case=case, user=world.users["directeur"], data={}, expected_version=fiche.version
        )
    client = world.client_for("directeur")
    url = reverse("resources_hub:bilan-edit", kwargs={"reference": case.reference})
    page = client.get(url).content.decode()
    assert 'name="initial_situation"' not in page
    response = client.post(url, {"initial_situation": "Nouveau texte", "version": fiche.version})
    assert response.status_code == 200
    fiche.refresh_from_db()
    assert fiche.initial_situation == ""


def test_the_run_is_batched_in_short_transactions(world, django_assert_max_num_queries):
    for number in range(5):
        _old_closed_case(world, f"S-2023-{number:04d}")
    report = cases_anonymise(older_than_days=365, dry_run=False, batch_size=2)
    assert report.batches == 3
    assert len(report.cases) == 5
    assert not Case.objects.filter(anonymised_at__isnull=True).exists()
    from directory.models import AuditEvent

    rows = AuditEvent.objects.filter(detail__startswith="anonymisation de")
    assert sorted(r.detail.split(" ")[2] for r in rows) == ["1", "2", "2"]
    again = cases_anonymise(older_than_days=365, dry_run=False, batch_size=2)
    assert again.cases == [] and again.batches == 0
