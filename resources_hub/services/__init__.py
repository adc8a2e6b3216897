"""Every write of « Mieux prendre en charge »: each validates, runs in one transaction, and writes
its audit entry (and, for cases, its chronology event)."""

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone

from directory import audit
from directory.models import School
from resources_hub.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseHandler,
    CaseParty,
    CaseStatus,
    CaseTransition,
    CrisisProtocol,
    CrisisProtocolVersion,
    FicheBilan,
    FicheBilanVersion,
    HandlerKind,
    PupilAccess,
    Report,
    ReportMessage,
    ReportSource,
    ReportStatus,
)
from resources_hub.models.bilan import BILAN_SECTIONS
from resources_hub.models.cases import CLOSED_STATUSES, TRANSITIONS


class StaleVersion(Exception):
    """Someone else saved first: the caller shows a message and overwrites nothing."""


class TransitionRefused(Exception):
    pass


class AlreadyDone(Exception):
    """The step this request asks for is already recorded exactly so: a double click whose first
    request went through. The caller reports success; nothing is written twice."""


# --- Receipt codes and school codes ---

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to copy by a child


def _random_code(length: int) -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def receipt_digest(code: str) -> str:
    """Only a keyed digest of a receipt code is stored: the database alone cannot open a thread."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def format_receipt(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def pupil_access_for(school: School) -> PupilAccess:
    """The school's short code for posters and QR codes, created on first use."""
    access = PupilAccess.objects.filter(school=school).first()
    while access is None:
        try:
            with transaction.atomic():
                access = PupilAccess.objects.create(school=school, code=_random_code(6))
        except IntegrityError:
            access = PupilAccess.objects.filter(school=school).first()
    return access


# --- Reports ---


def _report_notifications():
    from resources_hub.services import reports

    return reports


def report_create(
    *,
    school: School,
    user,
    source: str,
    data: dict,
    idempotency_key: str,
    request=None,
) -> Report:
    """A report by a signed-in adult. Submitting the same form twice returns the first report."""
    existing = Report.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            report = Report.objects.create(
                school=school,
                source=source,
                created_by=user,
                idempotency_key=idempotency_key,
                **data,
            )
            audit.record("create", request=request, user=user, obj=report)
            _report_notifications().notify_report_new(report)
    except IntegrityError:
        return Report.objects.get(idempotency_key=idempotency_key)
    return report


def pupil_report_create(
    *, access: PupilAccess, data: dict, idempotency_key: str
) -> tuple[Report, str | None]:
    """An anonymous pupil report: no user, IP, device or session is stored; returns the report
    and its receipt code (None when this was a repeated submit of the same form)."""
    existing = Report.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, None
    code = _random_code(8)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                school=access.school,
                source=ReportSource.PUPIL,
                idempotency_key=idempotency_key,
                receipt_digest=receipt_digest(code),
                **data,
            )
            audit.record("create", obj=report, detail="signalement anonyme d'élève")
            _report_notifications().notify_report_new(report)
    except IntegrityError:
        return Report.objects.get(idempotency_key=idempotency_key), None
    return report, format_receipt(code)


def report_by_receipt(code: str) -> Report | None:
    if len(normalise_code(code)) != 8:
        return None
    return (
        Report.objects.select_related("school")
        .filter(source=ReportSource.PUPIL, receipt_digest=receipt_digest(code))
        .first()
    )


def report_message_add(
    *, report: Report, body: str, author_kind: str, user=None, idempotency_key: str, request=None
) -> ReportMessage:
    """Add to a report's thread. The same form sent twice with the same words is one message
    (even when both requests race); other words sent with the same form are another message."""
    digest = hashlib.sha256(f"{idempotency_key}|{body}".encode()).hexdigest()
    idempotency_key = f"m-{digest[:62]}"
    existing = ReportMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            message = ReportMessage.objects.create(
                report=report,
                body=body,
                author_kind=author_kind,
                author=user,
                idempotency_key=idempotency_key,
            )
            if author_kind != ReportMessage.Author.SCHOOL and report.status == ReportStatus.FILED:
                Report.objects.filter(pk=report.pk).update(status=ReportStatus.READ)
            if author_kind == ReportMessage.Author.SCHOOL and report.status == ReportStatus.NEW:
                # Answering is reading: the child never sees « pas encore lu » above a reply.
                Report.objects.filter(pk=report.pk).update(status=ReportStatus.READ)
                report.status = ReportStatus.READ
            audit.record(
                "update", request=request, user=user, obj=report, detail=f"message ({author_kind})"
            )
            _report_notifications().notify_report_message(message)
    except IntegrityError:  # the twin request of a double click won the race
        return ReportMessage.objects.get(idempotency_key=idempotency_key)
    return message


def report_set_status(*, report: Report, status: str, user, request=None) -> Report:
    if status not in ReportStatus.values:
        raise ValidationError("État inconnu.")
    with transaction.atomic():
        report.status = status
        report.save(update_fields=["status", "updated_at"])
        audit.record("update", request=request, user=user, obj=report, detail=f"état {status}")
    return report


# --- Cases ---


def _next_reference(year: int) -> str:
    prefix = f"S-{year}-"
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")  # S-2026-10000 after S-2026-9999
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _event(case: Case, *, kind: str, title: str, user, body: str = "", party=None, on=None):
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        title=title,
        body=body,
        party=party,
        author=user,
        occurred_on=on or timezone.localdate(),
    )


def case_open(
    *,
    school: School,
    user,
    data: dict,
    parties: list[dict] | None = None,
    from_report: Report | None = None,
    request=None,
) -> Case:
    """Open a situation (optionally from a report) with its pupils; handlers are added apart
    (``case_handler_add``): the opener reads the case through their role, not as a handler."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    school=school,
                    created_by=user,
                    reference=_next_reference(timezone.localdate().year),
                    **data,
                )
                for party in parties or []:
                    CaseParty.objects.create(case=case, **party)
                _event(
                    case, kind=CaseEventKind.REPORT, title="Ouverture de la situation", user=user
                )
                if from_report is not None:
                    Report.objects.filter(pk=from_report.pk).update(
                        case=case, status=ReportStatus.LINKED
                    )
                audit.record("create", request=request, user=user, obj=case)
                from resources_hub.services.notify import tell_inspectors

                tell_inspectors(case, "case.new")
                return case
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _transition_changes(case: Case, to_status: str, gaps: list, justification: str) -> dict:
    changes = {"status": to_status, "version": F("version") + 1, "updated_at": timezone.now()}
    if to_status in CLOSED_STATUSES:
        changes["closed_on"] = timezone.localdate()
    elif case.status in CLOSED_STATUSES:
        changes["closed_on"] = None
    if to_status == CaseStatus.CLOSED:
        changes["closed_unguarded"] = bool(gaps)
        changes["closure_justification"] = justification if gaps else ""
    if to_status == CaseStatus.REOPENED:
        changes["reopened_count"] = F("reopened_count") + 1
    if case.first_action_at is None:
        changes["first_action_at"] = timezone.now()
    return changes


def case_transition(
    *,
    case: Case,
    to_status: str,
    user,
    expected_version: int,
    comment: str = "",
    justification: str = "",
    request=None,
) -> Case:
    """Move a case one step along the protocol; a skipped step or a stale page is refused.

    Closing a case whose IEN was never informed, whose targeted pupil's family was never met or
    that has no handler needs a justification, kept in the chronology (and counted)."""
    if to_status not in TRANSITIONS.get(case.status, ()) or to_status == CaseStatus.ESCALATED:
        raise TransitionRefused(
            f"Passage de « {case.get_status_display()} » à "
            f"« {CaseStatus(to_status).label if to_status in CaseStatus.values else to_status} » "
            "impossible : suivez les étapes du protocole."
        )
    from resources_hub.services.protocol import closure_gaps

    gaps = closure_gaps(case) if to_status == CaseStatus.CLOSED else []
    justification = justification.strip()
    if gaps and not justification:
        raise TransitionRefused(
            "Pour clore cette situation, justifiez-le : " + " ; ".join(gaps) + "."
        )
    with transaction.atomic():
        changes = _transition_changes(case, to_status, gaps, justification)
        updated = Case.objects.filter(
            pk=case.pk, version=expected_version, status=case.status
        ).update(**changes)
        if not updated:
            raise StaleVersion(
                "La situation a été modifiée entre-temps. Rechargez la page pour voir son état."
            )
        CaseTransition.objects.create(
            case=case, from_status=case.status, to_status=to_status, by=user, comment=comment
        )
        label = f"{CaseStatus(case.status).label} → {CaseStatus(to_status).label}"
        _event(case, kind=CaseEventKind.TRANSITION, title=label, body=comment, user=user)
        if gaps:
            _event(
                case,
                kind=CaseEventKind.NOTE,
                title="Clôture justifiée : " + " ; ".join(gaps),
                body=justification,
                user=user,
            )
        audit.record("update", request=request, user=user, obj=case, detail=f"étape : {label}")
        if to_status == CaseStatus.CLOSED and case.ien_informed_on is None:
            from resources_hub.services.notify import tell_inspectors

            tell_inspectors(case, "case.closed_without_ien")
    case.refresh_from_db()
    return case


def case_event_add(
    *, case: Case, user, data: dict, idempotency_key: str, request=None
) -> CaseEvent:
    """Add to the chronology; a double-clicked submit adds one event."""
    existing = CaseEvent.objects.filter(case=case, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            event = CaseEvent.objects.create(
                case=case, author=user, idempotency_key=idempotency_key, **data
            )
            Case.objects.filter(pk=case.pk, first_action_at__isnull=True).update(
                first_action_at=timezone.now()
            )
            audit.record(
                "update", request=request, user=user, obj=case, detail=f"chronologie : {event.kind}"
            )
    except IntegrityError:
        return CaseEvent.objects.get(case=case, idempotency_key=idempotency_key)
    return event


def case_handler_add(*, case: Case, handler, kind: str, user, request=None) -> CaseHandler:
    with transaction.atomic():
        item, created = CaseHandler.objects.get_or_create(
            case=case, user=handler, defaults={"kind": kind}
        )
        if created:
            _event(
                case,
                kind=CaseEventKind.NOTE,
                title=f"{handler.display_name} rejoint le suivi ({item.get_kind_display()})",
                user=user,
            )
            audit.record(
                "update", request=request, user=user, obj=case, detail="intervenant ajouté"
            )
            if kind in (HandlerKind.POLE, HandlerKind.TEACHER):
                from resources_hub.services.notify import tell_mobilised

                tell_mobilised(case, handler)
    return item


def case_handler_remove(*, case: Case, handler_id: int, user, request=None) -> None:
    with transaction.atomic():
        deleted, _ = CaseHandler.objects.filter(case=case, pk=handler_id).delete()
        if deleted:
            audit.record(
                "update", request=request, user=user, obj=case, detail="intervenant retiré"
            )


# --- Fiche bilan ---

BILAN_FIELDS = [name for name, _ in BILAN_SECTIONS]


def bilan_for(case: Case) -> FicheBilan:
    fiche, _ = FicheBilan.objects.get_or_create(case=case)
    return fiche


def bilan_save(
    *,
    case: Case,
    user,
    data: dict,
    mobilised=None,
    expected_version: int,
    sign: bool = False,
    request=None,
) -> FicheBilan:
    """Save a draft (or sign): refused when the page was loaded from an older version."""
    if case.anonymised_at is not None:
        raise StaleVersion(
            "Cette situation est anonymisée (durée de conservation écoulée) : sa fiche bilan ne "
            "peut plus être modifiée."
        )
    fiche = bilan_for(case)
    with transaction.atomic():
        from resources_hub.services.bilan import EXTRA_FIELDS, after_pole_signature, fiche_data

        changes = {name: data.get(name, "") for name in BILAN_FIELDS}
        changes.update({name: data[name] for name in EXTRA_FIELDS if name in data})
        changes["version"] = F("version") + 1
        changes["updated_at"] = timezone.now()
        if sign:
            changes.update(
                status=FicheBilan.Status.SIGNED, signed_by=user, signed_at=timezone.now()
            )
        updated = FicheBilan.objects.filter(
            pk=fiche.pk, version=expected_version, status=FicheBilan.Status.DRAFT
        ).update(**changes)
        if not updated:
            if _already_saved(fiche, data, sign=sign, user=user):
                fiche.refresh_from_db()  # a double click: the first request saved exactly this
                return fiche
            raise StaleVersion(
                "Cette fiche bilan a été enregistrée par quelqu'un d'autre depuis que vous l'avez "
                "ouverte (ou elle est déjà signée). Vos modifications n'ont pas été enregistrées : "
                "copiez-les, rechargez la page et reportez-les."
            )
        fiche.refresh_from_db()
        if mobilised is not None:
            fiche.mobilised.set(mobilised)
        FicheBilanVersion.objects.create(
            fiche=fiche,
            number=fiche.version,
            data=fiche_data(fiche),
            saved_by=user,
            signed=sign,
        )
        if sign:
            _event(case, kind=CaseEventKind.NOTE, title="Fiche bilan signée", user=user)
            after_pole_signature(fiche, user)
        audit.record(
            "update",
            request=request,
            user=user,
            obj=fiche,
            district_id=case.school.district_id,
            detail="signature" if sign else f"version {fiche.version}",
        )
    return fiche


def _already_saved(fiche: FicheBilan, data: dict, *, sign: bool, user) -> bool:
    """The stored fiche is what this request sends (the first of a double click saved it)."""
    current = FicheBilan.objects.filter(pk=fiche.pk).values(*BILAN_FIELDS, "status", "signed_by")
    row = current.first()
    if row is None or any(row[name] != data.get(name, "") for name in BILAN_FIELDS):
        return False
    if sign:
        return row["status"] == FicheBilan.Status.SIGNED and row["signed_by"] == user.pk
    return row["status"] == FicheBilan.Status.DRAFT


# --- Pseudonymisation for pôle meetings ---


def pupil_pseudonyms(labels) -> list[tuple[str, str]]:
    """(name, "élève A") pairs, longest name first: each pupil keeps one letter (in the order
    given), for their label and their first name alike, so minutes stay readable."""
    pairs: dict[str, str] = {}
    for index, raw in enumerate(labels):
        label = (raw or "").strip()
        if not label:
            continue
        letter = f"élève {chr(ord('A') + index % 26)}"
        pairs.setdefault(label, letter)
        first = label.split()[0].strip(".")
        if len(first) >= 2:
            pairs.setdefault(first, letter)
    return sorted(pairs.items(), key=lambda pair: len(pair[0]), reverse=True)


def replace_names(text: str, pairs) -> str:
    for name, pseudonym in pairs:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", pseudonym, text, flags=re.IGNORECASE)
    return text


def pseudonymise(text: str, case: Case | None) -> str:
    """Replace the case's pupils' labels and first names in ``text`` by "élève A", "élève B"…
    (meetings and restitutions never see them; each pupil keeps their letter). An anonymised
    case's pupils are « Élève 1 »…: nothing to replace (the word « élève » would be doubled)."""
    if not text or case is None or case.anonymised_at is not None:
        return text
    labels = case.parties.order_by("pk").values_list("label", flat=True)
    return replace_names(text, pupil_pseudonyms(labels))


# --- Crisis protocol ---


def protocol_save(
    *, district, user, title: str, content: str, expected_version: int | None, request=None
) -> CrisisProtocol:
    with transaction.atomic():
        protocol = CrisisProtocol.objects.select_for_update().filter(district=district).first()
        if protocol is None:
            protocol = CrisisProtocol.objects.create(
                district=district, title=title, content=content, updated_by=user
            )
        else:
            stale = expected_version is not None and protocol.version != expected_version
            if stale and (protocol.title, protocol.content) == (title, content):
                return protocol  # a double click: the first request saved exactly this
            if stale:
                raise StaleVersion(
                    "Le protocole a été modifié entre-temps : rechargez la page avant de l'éditer."
                )
            protocol.title, protocol.content, protocol.updated_by = title, content, user
            protocol.version += 1
            protocol.save()
        CrisisProtocolVersion.objects.create(
            protocol=protocol,
            number=protocol.version,
            title=title,
            content=content,
            saved_by=user,
        )
        audit.record("update", request=request, user=user, obj=protocol)
    return protocol


# --- Retention (resources_hub/services/retention.py) ---


def cases_anonymise(**kwargs):
    from resources_hub.services.retention import cases_anonymise as anonymise

    return anonymise(**kwargs)


def attachment_add(*, case: Case, upload, description: str, user, request=None):
    """Store a checked file in the case and note it in the chronology."""
    from resources_hub.models import Attachment
    from resources_hub.uploads import prepare_upload

    content, fields = prepare_upload(upload)
    with transaction.atomic():
        attachment = Attachment(case=case, uploaded_by=user, description=description, **fields)
        attachment.file.save(fields["stored_name"], content, save=False)
        attachment.save()
        _event(
            case,
            kind=CaseEventKind.ATTACHMENT,
            title=f"Pièce jointe : {attachment.original_name}",
            user=user,
        )
        audit.record("update", request=request, user=user, obj=case, detail="pièce jointe ajoutée")
    return attachment
