"""Retention: closed cases are anonymised after ``HZ_CASE_RETENTION_DAYS``, and the audit log is
purged of rows older than ``HZ_AUDIT_RETENTION_DAYS``.

Anonymising a case leaves nothing that can name anyone: its pupils become « Élève 1 », « Élève 2 »;
every free text of every record that belongs to the case is emptied — the chronology, transition
comments, PIKAS sessions, pôle presentations, the fiche bilan and its versions, linked reports, the
pupil's thread (deleted, and the receipt code no longer opens anything) — and attachments are
deleted with their files. So are the closure justification, the per-pupil rows (protective
measures, the adult referent, the fiche bilan's measures per pupil), the observation grids of the
case or of one of its pupils (the pupil becomes « Élève N », observers' names and notes are
emptied, the single-use périscolaire links are deleted) and the frozen copy of the signed fiche
kept by a sending school (``CaseTransfer.fiche_snapshot``). Records added later are covered too:
every model reached from a case through a chain of foreign keys, however long, has its free-text
fields emptied (a test seeds each model and checks). Pôle meeting agendas and minutes cover
several cases and stay: they were pseudonymised on save, and an anonymised case's « Élève 1 »
labels no longer take part in their pseudonymisation (``meeting_party_names``).
What stays is what statistics need: school, dates, category, Faits établissement level, status.

Observation grids of a concern that never became a case belong to no case: they are anonymised
the same way once nothing was observed in them for the case retention period (counted from their
last observation, or their start when empty) — a worry that was not followed up must not keep a
pupil's name longer than a closed case does.

Cases are processed in batches, each in its own short transaction (the first run on a real
district anonymised 11,573 cases: one transaction held locks for 78 seconds).

The database refuses to delete audit rows younger than ``directory.audit.MIN_RETENTION_DAYS``
(directory migration 0006, no session flag); ``directory.audit.purge`` deletes the older ones.
The purge itself leaves one audit row, so the log shows when and how much was removed.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models, transaction
from django.utils import timezone

from directory import audit
from directory.models import AuditEvent
from resources_hub.models import (
    Attachment,
    Case,
    CaseTransfer,
    FicheBilanVersion,
    Observation,
    ObservationGrid,
    ObserverLink,
    Report,
    ReportMessage,
)
from resources_hub.models.cases import CLOSED_STATUSES

BATCH_SIZE = 200
ANONYMISED = "[anonymisé]"
ANONYMISED_PUPIL = "Élève anonymisé·e"
# Free-text fields kept: codes and keys that name nobody.
TECHNICAL_FIELDS = {
    "reference",
    "idempotency_key",
    "receipt_digest",
    "stored_name",
    "content_type",
    "file",
    "password",
    "token_digest",  # a périscolaire link's digest (unique): the link itself is deleted
    "places",  # the places of life: from a fixed list, kept for statistics
    "signals",  # the weak signals: idem
}


@dataclass
class AuditPurgeReport:
    cutoff: datetime
    count: int
    dry_run: bool


def audit_purge(*, older_than_days: int, dry_run: bool, now=None) -> AuditPurgeReport:
    """Delete the audit rows written before ``now - older_than_days`` (nothing in a dry run)."""
    if older_than_days < 1:
        raise ValueError("La durée de conservation du journal doit être d'au moins un jour.")
    now = now or timezone.now()
    cutoff = now - timedelta(days=older_than_days)
    old_rows = AuditEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        return AuditPurgeReport(cutoff=cutoff, count=old_rows.count(), dry_run=True)
    with transaction.atomic():
        count = audit.purge(older_than_days=older_than_days, now=now)
        audit.record(
            "delete",
            detail=(
                f"purge du journal d'audit : {count} entrée(s) antérieure(s) au "
                f"{timezone.localtime(cutoff):%d/%m/%Y}"
            ),
        )
    return AuditPurgeReport(cutoff=cutoff, count=count, dry_run=False)


# --- Cases ---


@dataclass
class AnonymisationReport:
    cutoff: object
    cases: list[str] = field(default_factory=list)
    dry_run: bool = True
    batches: int = 0
    grids: int = 0  # observation grids of concerns that never became a case


def cases_anonymise(
    *, older_than_days: int, dry_run: bool, today=None, batch_size: int = BATCH_SIZE
) -> AnonymisationReport:
    """Anonymise the cases closed before the retention period, ``batch_size`` cases per
    transaction; each batch writes its audit row."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=older_than_days)
    due = Case.objects.filter(
        status__in=CLOSED_STATUSES, closed_on__lt=cutoff, anonymised_at__isnull=True
    ).order_by("pk")
    report = AnonymisationReport(cutoff=cutoff, dry_run=dry_run)
    grids = _stale_concern_grids(cutoff)
    if dry_run:
        report.cases = list(due.values_list("reference", flat=True))
        report.grids = grids.count()
        return report
    last_pk = 0
    while True:
        done = _anonymise_batch(due.filter(pk__gt=last_pk), batch_size, cutoff)
        if not done:
            break
        report.cases += [reference for _, reference in done]
        report.batches += 1
        last_pk = done[-1][0]
    while True:
        with transaction.atomic():
            batch = list(grids.select_for_update()[:batch_size])
            if not batch:
                return report
            _anonymise_grids(ObservationGrid.objects.filter(pk__in=[g.pk for g in batch]))
            audit.record(
                "update",
                detail=(
                    f"anonymisation de {len(batch)} grille(s) d'observation sans situation, "
                    f"sans observation depuis le {cutoff}"
                ),
            )
        report.grids += len(batch)


def _stale_concern_grids(cutoff):
    """Grids of a concern that never became a case, with nothing observed since ``cutoff`` and
    not anonymised yet."""
    recent = Observation.objects.filter(observed_on__gte=cutoff).values("grid")
    return (
        ObservationGrid.objects.filter(case__isnull=True, party__isnull=True, started_on__lt=cutoff)
        .exclude(pk__in=recent)
        .exclude(pupil_label=ANONYMISED_PUPIL)
        .order_by("pk")
    )


def _anonymise_grids(grids) -> None:
    """Anonymise observation grids: pupil, class, observers' names and notes; links deleted."""
    ObserverLink.objects.filter(grid__in=grids).delete()
    Observation.objects.filter(grid__in=grids).update(note="", observer_name=ANONYMISED)
    for grid in grids.select_related("party"):
        grid.pupil_label = grid.party.label if grid.party_id else ANONYMISED_PUPIL
        grid.class_label = ""
        grid.save(update_fields=["pupil_label", "class_label", "updated_at"])


def _anonymise_batch(due, batch_size: int, cutoff) -> list[tuple[int, str]]:
    files = []
    with transaction.atomic():
        cases = list(due.select_for_update()[:batch_size])
        for case in cases:
            files += _anonymise_one(case)
        if cases:
            audit.record(
                "update",
                detail=(
                    f"anonymisation de {len(cases)} situation(s) close(s) avant {cutoff} "
                    f"({cases[0].reference} à {cases[-1].reference})"
                ),
            )
    # Files go once the rows are gone for good (a rollback would have kept them).
    for storage, name in files:
        storage.delete(name)
    return [(case.pk, case.reference) for case in cases]


def _anonymise_one(case: Case) -> list:
    """Anonymise one case; return the (storage, name) of its files, deleted after the commit."""
    _sweep(case)
    for index, party in enumerate(case.parties.order_by("pk"), start=1):
        party.label = f"Élève {index}"
        party.classroom = None
        party.referent = None  # an adult tied to one pupil points back at the pupil
        party.save(update_fields=["label", "classroom", "referent"])
    case.events.update(title=ANONYMISED)
    # The case's grids and those of its pupils (the observations themselves were swept).
    _anonymise_grids(
        ObservationGrid._base_manager.filter(models.Q(case=case) | models.Q(party__case=case))
    )
    CaseTransfer.objects.filter(case=case).update(fiche_snapshot=None, note="")
    files = []
    for attachment in Attachment.objects.filter(case=case):
        files.append((attachment.file.storage, attachment.file.name))
        attachment.delete()
    reports = Report.objects.filter(case=case)
    ReportMessage.objects.filter(report__in=reports).delete()
    reports.update(receipt_digest="")  # the pupil's receipt code opens nothing any more
    FicheBilanVersion.objects.filter(fiche__case=case).delete()
    Case.objects.filter(pk=case.pk).update(
        summary=ANONYMISED,
        title="Situation anonymisée",
        closure_justification="",
        anonymised_at=timezone.now(),
    )
    return files


def free_text_fields(model) -> list[str]:
    """The fields of ``model`` where someone may have typed a name."""
    names = []
    for item in model._meta.concrete_fields:
        if item.name in TECHNICAL_FIELDS or item.choices:
            continue
        if isinstance(item, (models.CharField, models.TextField, models.JSONField)):
            names.append(item.name)
    return names


def related_models() -> list[tuple[type[models.Model], str]]:
    """(model, lookup to the case) for every model that belongs to a case, directly or through a
    chain of the case's records of any length (a fiche's versions, a report's messages, a pupil's
    observation grid's observations and links). A model reached by several paths is listed once
    per path. Many-to-many tables are followed from the case only (``Case.mpp_team``)."""
    found = [(Case, "pk")]

    def walk(model, lookup: str, path: tuple) -> None:
        for relation in model._meta.get_fields(include_hidden=True):
            if not (relation.one_to_many or relation.one_to_one) or not relation.auto_created:
                continue
            child = relation.related_model
            if child is Case or child in path:
                continue
            if path and child._meta.auto_created:  # a many-to-many table of a record
                continue
            child_lookup = f"{relation.field.name}__{lookup}" if path else relation.field.name
            found.append((child, child_lookup))
            walk(child, child_lookup, (*path, child))

    walk(Case, "", ())
    return found


def _sweep(case: Case) -> None:
    """Empty the free text of every other record belonging to the case (the generic net)."""
    for model, lookup in related_models():
        blank = {}
        for name in free_text_fields(model):
            item = model._meta.get_field(name)
            if isinstance(item, models.JSONField):
                default = item.get_default()
                blank[name] = {} if default is None and not item.null else default
            elif item.blank:
                blank[name] = ""
            else:
                blank[name] = ANONYMISED[: item.max_length or None]
        if blank:
            model._base_manager.filter(**{lookup: case.pk}).update(**blank)
