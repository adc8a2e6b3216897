"""The retention command: closed cases anonymised after the period, old audit rows purged."""

import datetime
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from directory import audit
from directory.models import AuditEvent
from resources_hub import services
from resources_hub.models import Case, CaseEvent, FicheBilan, FicheBilanVersion
from resources_hub.services.retention import audit_purge
from tests.factories import CaseFactory, CasePartyFactory, ReportFactory

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def run(*args) -> str:
    out = io.StringIO()
    call_command("anonymise_cases", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def retention(world, settings, tmp_path):
    """An old closed case with everything in it, a recent closed case and an old open case."""
    settings.MEDIA_ROOT = tmp_path
    settings.HZ_CASE_RETENTION_DAYS = 365
    old = CaseFactory(
        school=world.school_a,
        status="closed",
        reference="S-2024-0007",
        closed_on=TODAY - datetime.timedelta(days=400),
        summary="Léa M. était mise à l'écart par Tom B.",
    )
    CasePartyFactory(case=old, label="Léa M.", role="target", protective_measures="Adulte référent")
    CasePartyFactory(case=old, label="Tom B.", role="author", class_label="CM1 A")
    services.case_event_add(
        case=old,
        user=world.users["directeur"],
        idempotency_key="ev-old",
        data={"kind": "interview", "title": "Entretien avec Léa", "occurred_on": TODAY},
    )
    services.bilan_save(
        case=old,
        user=world.users["directeur"],
        data={"initial_situation": "Léa était seule", "feedback": "Résolu"},
        expected_version=0,
    )
    attachment = services.attachment_add(
        case=old,
        upload=SimpleUploadedFile("compte-rendu.pdf", PDF, content_type="application/pdf"),
        description="Compte rendu",
        user=world.users["directeur"],
    )
    ReportFactory(school=world.school_a, case=old, pupil_label="Léa M.")
    recent = CaseFactory(
        school=world.school_a,
        status="closed",
        reference="S-2026-0008",
        closed_on=TODAY - datetime.timedelta(days=30),
        summary="Récente",
    )
    CasePartyFactory(case=recent, label="Zoé R.")
    open_case = CaseFactory(
        school=world.school_b,
        status="follow_up",
        reference="S-2024-0009",
        reported_on=TODAY - datetime.timedelta(days=900),
        summary="Toujours suivie",
    )
    CasePartyFactory(case=open_case, label="Noé K.")
    return {"old": old, "recent": recent, "open": open_case, "file": attachment.file.path}


def test_old_closed_case_is_anonymised_and_others_untouched(retention):
    output = run()
    old = Case.objects.get(pk=retention["old"].pk)
    assert old.summary == "[anonymisé]" and old.anonymised_at is not None
    assert sorted(old.parties.values_list("label", flat=True)) == ["Élève 1", "Élève 2"]
    assert not old.parties.exclude(protective_measures="").exists()
    assert set(old.events.values_list("body", flat=True)) == {""}
    assert set(old.events.values_list("title", flat=True)) == {"[anonymisé]"}
    fiche = FicheBilan.objects.get(case=old)
    assert fiche.initial_situation == "" and fiche.feedback == ""
    assert not FicheBilanVersion.objects.filter(fiche=fiche).exists()
    assert not old.attachments.exists()
    assert not os.path.exists(retention["file"])
    assert old.reports.get().pupil_label == ""
    recent = Case.objects.get(pk=retention["recent"].pk)
    assert recent.summary == "Récente" and recent.parties.get().label == "Zoé R."
    open_case = Case.objects.get(pk=retention["open"].pk)
    assert open_case.summary == "Toujours suivie" and open_case.parties.get().label == "Noé K."
    assert "1 situation anonymisée :" in output
    assert "S-2024-0007" in output and "S-2026-0008" not in output
    cutoff = TODAY - datetime.timedelta(days=365)
    assert f"Situations closes avant le {cutoff:%d/%m/%Y}" in output
    assert AuditEvent.objects.filter(detail__startswith="anonymisation de 1 situation").exists()


def test_dry_run_changes_nothing_and_lists_the_reference(retention):
    events_before = list(CaseEvent.objects.values_list("pk", "title", "body"))
    audit_rows = AuditEvent.objects.count()
    output = run("--dry-run")
    assert "Simulation (--dry-run) : rien ne sera modifié." in output
    assert "1 situation serait anonymisée :" in output
    assert "  - S-2024-0007" in output
    old = Case.objects.get(pk=retention["old"].pk)
    assert old.summary.startswith("Léa M.") and old.anonymised_at is None
    assert old.parties.filter(label="Léa M.").exists()
    assert old.attachments.count() == 1
    assert os.path.exists(retention["file"])
    assert list(CaseEvent.objects.values_list("pk", "title", "body")) == events_before
    assert AuditEvent.objects.count() == audit_rows


def test_days_option_and_its_bounds(retention):
    output = run("--days", "20", "--dry-run")
    assert "2 situations seraient anonymisées" in output and "S-2026-0008" in output
    with pytest.raises(CommandError, match="3 ans au plus"):
        run("--days", "1096")
    with pytest.raises(CommandError, match="Durée de conservation invalide"):
        run("--days", "0")


def test_nothing_to_do_is_said_in_french(world):
    output = run()
    assert "Aucune situation à anonymiser." in output
    assert "Journal d'audit" in output


def _old_audit_row(days: int) -> AuditEvent:
    event = audit.record("view", detail=f"ancienne ligne {days}")
    # The append-only trigger forbids UPDATE: write an old row directly instead.
    old = AuditEvent(
        at=timezone.now() - datetime.timedelta(days=days),
        action="view",
        actor="ancien",
        detail=f"ancienne ligne {days}",
        prev_hash=event.hash,
        hash=f"{days:064d}",
    )
    old.save(force_insert=True)
    return old


def test_audit_purge_deletes_old_rows_only_and_leaves_one_row(world, settings):
    settings.HZ_AUDIT_RETENTION_DAYS = 180
    old = _old_audit_row(200)
    recent = _old_audit_row(100)
    output = run()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    row = AuditEvent.objects.get(action="delete")
    assert row.detail.startswith("purge du journal d'audit : 1 entrée(s)")
    assert "Journal d'audit (conservation : 180 jours) : 1 entrée(s)" in output
    assert "supprimées." in output


def test_audit_purge_dry_run_deletes_nothing(world, settings):
    settings.HZ_AUDIT_RETENTION_DAYS = 180
    old = _old_audit_row(200)
    output = run("--dry-run")
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    assert not AuditEvent.objects.filter(action="delete").exists()
    assert "1 entrée(s) antérieure(s)" in output and "seraient supprimées" in output


def test_audit_purge_refuses_a_zero_period(world):
    with pytest.raises(ValueError, match="au moins un jour"):
        audit_purge(older_than_days=0, dry_run=False)
