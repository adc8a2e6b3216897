"""Every write of « Mieux prendre en charge »: each validates, runs in one transaction, and writes
its audit entry (and, for cases, its chronology event)."""

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction

from directory import audit
from directory.models import School
from resources_hub.models import (
    Case,
    CaseEventKind,
    CrisisProtocol,
    CrisisProtocolVersion,
    PupilAccess,
)


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
    from resources_hub.services.casefile import _event
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


# The writes by area, importable from here as before (they use the names defined above).
from resources_hub.services.casefile import (  # noqa: E402  (after the shared names above)
    case_event_add,
    case_handler_add,
    case_handler_remove,
    case_open,
    case_transition,
)
from resources_hub.services.fiche import (  # noqa: E402  (after the shared names above)
    bilan_for,
    bilan_save,
)
from resources_hub.services.intake import (  # noqa: E402  (after the shared names above)
    pupil_report_create,
    report_by_receipt,
    report_create,
    report_message_add,
    report_set_status,
)

__all__ = [
    "AlreadyDone",
    "StaleVersion",
    "TransitionRefused",
    "attachment_add",
    "bilan_for",
    "bilan_save",
    "case_event_add",
    "case_handler_add",
    "case_handler_remove",
    "case_open",
    "case_transition",
    "cases_anonymise",
    "format_receipt",
    "normalise_code",
    "protocol_save",
    "pseudonymise",
    "pupil_access_for",
    "pupil_pseudonyms",
    "pupil_report_create",
    "receipt_digest",
    "replace_names",
    "report_by_receipt",
    "report_create",
    "report_message_add",
    "report_set_status",
]
