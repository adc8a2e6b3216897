"""Rows of the case pages (resources_hub, area "cases").

Case A (school A) has the ``pole`` persona assigned; case B (school B) has nobody assigned, so the
pôle member gets a 404 there. The admin role never reads case content (403). POST rows carry data
that would change something; a refused persona's request must change nothing (checked in
tests/resources_hub/test_cases.py).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from resources_hub.models import Attachment, Case, CaseHandler, HandlerKind, Report
from tests.factories import CaseFactory, CasePartyFactory, ReportFactory
from tests.matrix import REDIRECT, Row, allowed

CASE_A = "S-2026-0901"
CASE_B = "S-2026-0902"
KEY = "0123456789abcdef0123456789abcdef"
SPECIMEN = "cases/matrix/specimen.pdf"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

READERS_A = ("ien", "cpc", "pole", "directeur")
READERS_B = ("ien", "cpc", "directeur2")
OUT_OF_SCOPE_A = {"directeur2": 404, "ien_autre": 404}
OUT_OF_SCOPE_B = {"directeur": 404, "pole": 404, "ien_autre": 404}
NOT_HANDLER = {"enseignant": 404}  # a teacher reads only the cases they are named on


def case_a(w) -> Case:
    case = Case.objects.filter(reference=CASE_A).first()
    if case is None:
        case = CaseFactory(school=w.school_a, reference=CASE_A, status="handling")
        CasePartyFactory(case=case, label="Léa M.", role="target", classroom=w.class_a)
        CaseHandler.objects.create(case=case, user=w.users["pole"], kind=HandlerKind.POLE)
    return case


def case_b(w) -> Case:
    case = Case.objects.filter(reference=CASE_B).first()
    if case is None:
        case = CaseFactory(school=w.school_b, reference=CASE_B, title="Moqueries en classe")
        CasePartyFactory(case=case, label="Noé K.", role="target")
    return case


def ref_a(w) -> dict:
    return {"reference": case_a(w).reference}


def ref_b(w) -> dict:
    return {"reference": case_b(w).reference}


def report_a(w) -> Report:
    report = Report.objects.filter(idempotency_key="matrix-report").first()
    return report or ReportFactory(
        school=w.school_a, created_by=w.users["directeur"], idempotency_key="matrix-report"
    )


def attachment_a(w) -> dict:
    """A stored file: one fixed specimen in the media storage, written once."""
    case = case_a(w)
    if not default_storage.exists(SPECIMEN):
        default_storage.save(SPECIMEN, ContentFile(MINIMAL_PDF))
    attachment = case.attachments.first() or Attachment.objects.create(
        case=case,
        file=SPECIMEN,
        stored_name="specimen.pdf",
        original_name="capture.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
    )
    return {"reference": case.reference, "pk": attachment.pk}


def party_pk(reference: str) -> int:
    return Case.objects.get(reference=reference).parties.values_list("pk", flat=True).first()


def edit_data(reference: str):
    def data(w) -> dict:
        case = Case.objects.get(reference=reference)
        return {
            "title": "Mise à l'écart à la cantine",
            "category": "relational",
            "faits_level": 3,
            "summary": "Écarté des jeux et de la table.",
            "version": case.version,
        }

    return data


def transition_data(reference: str):
    """The next step from wherever the case is: each allowed persona moves it one step."""

    def data(w) -> dict:
        case = Case.objects.get(reference=reference)
        return {
            "to_status": case.allowed_transitions()[0],
            "version": case.version,
            "comment": "Point d'étape",
            "confirm_stopped": "on",
        }

    return data


def event_data(reference: str):
    return lambda w: {
        "kind": "interview",
        "occurred_on": "2026-01-05",
        "title": "Entretien avec l'élève cible",
        "idempotency_key": KEY,
    }


PARTY_DATA = {
    "label": "Tom B.",
    "role": "author",
    "class_label": "CM1",
    "idempotency_key": KEY,
}


def pikas_data(reference: str):
    return lambda w: {
        "party": party_pk(reference),
        "held_on": "2026-01-05",
        "kind": "first",
        "led_by": "Mme R.",
        "outcome": "proposal",
        "idempotency_key": KEY,
    }


def remove_handler_data(w) -> dict:
    """A handler to remove, re-created before each persona's request."""
    case = case_a(w)
    handler, _ = CaseHandler.objects.get_or_create(
        case=case, user=w.users["enseignant"], defaults={"kind": HandlerKind.SCHOOL}
    )
    return {"remove": handler.pk}


def refused_upload(w) -> dict:
    """An HTML page named .pdf: the allowed personas reach the form and see it refused (200)."""
    fake = SimpleUploadedFile("releve.pdf", b"<html><script>x</script></html>", "application/pdf")
    return {"file": fake, "idempotency_key": KEY}


def create_data(w) -> dict:
    return {
        "school": w.school_a.pk,  # ignored for a single-school user (their school is implied)
        "title": "Bousculades répétées",
        "category": "physical",
        "faits_level": 2,
        "reported_on": "2026-01-05",
        "summary": "Bousculades à chaque récréation.",
        "idempotency_key": KEY,
    }


def _case_rows(name: str, **extra) -> list[Row]:
    """The two scopes of one case page: case A (pôle assigned) and case B (nobody assigned)."""
    ok_a = extra.pop("ok", 200)
    teacher = extra.pop("teacher", {})
    return [
        Row(
            name,
            kwargs=ref_a,
            expect={**allowed(*READERS_A, status=ok_a), **OUT_OF_SCOPE_A, **teacher},
            label=f"{extra.get('method', 'get').upper()} {name} A",
            **extra,
        ),
        Row(
            name,
            kwargs=ref_b,
            expect={**allowed(*READERS_B, status=ok_a), **OUT_OF_SCOPE_B, **teacher},
            label=f"{extra.get('method', 'get').upper()} {name} B",
            **extra,
        ),
    ]


ROWS = [
    Row(
        "resources_hub:case-list",
        expect=allowed(*READERS_A, "directeur2", "ien_autre", "enseignant"),
    ),
    Row(
        "resources_hub:case-create",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
    Row(
        "resources_hub:case-create",
        data=lambda w: {"report": report_a(w).pk},
        expect={**allowed("ien", "cpc", "directeur"), **OUT_OF_SCOPE_A},
        label="GET case-create from a school-A report",
    ),
    Row(
        "resources_hub:case-create",
        method="post",
        data=create_data,
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre", status=REDIRECT),
        label="POST case-create",
    ),
    *_case_rows("resources_hub:case-detail", teacher=NOT_HANDLER),
    *_case_rows("resources_hub:case-detail", method="post", ok=405, teacher=NOT_HANDLER),
    *_case_rows("resources_hub:case-detail", method="delete", ok=405, teacher=NOT_HANDLER),
    *_case_rows("resources_hub:case-edit"),
    Row(
        "resources_hub:case-edit",
        method="post",
        kwargs=ref_a,
        data=edit_data(CASE_A),
        expect={**allowed(*READERS_A, status=REDIRECT), **OUT_OF_SCOPE_A},
        label="POST case-edit A",
    ),
    *_case_rows("resources_hub:case-transition", ok=405),
    Row(
        "resources_hub:case-transition",
        method="post",
        kwargs=ref_a,
        data=transition_data(CASE_A),
        expect={**allowed(*READERS_A, status=REDIRECT), **OUT_OF_SCOPE_A},
        label="POST case-transition A",
    ),
    Row(
        "resources_hub:case-transition",
        method="post",
        kwargs=ref_b,
        data=transition_data(CASE_B),
        expect={**allowed(*READERS_B, status=REDIRECT), **OUT_OF_SCOPE_B},
        label="POST case-transition B",
    ),
    *_case_rows("resources_hub:case-event-add", teacher=NOT_HANDLER),
    Row(
        "resources_hub:case-event-add",
        method="post",
        kwargs=ref_b,
        data=event_data(CASE_B),
        expect={**allowed(*READERS_B, status=REDIRECT), **OUT_OF_SCOPE_B, **NOT_HANDLER},
        label="POST case-event-add B",
    ),
    *_case_rows("resources_hub:case-party-add"),
    Row(
        "resources_hub:case-party-add",
        method="post",
        kwargs=ref_a,
        data=lambda w: PARTY_DATA,
        expect={**allowed(*READERS_A, status=REDIRECT), **OUT_OF_SCOPE_A},
        label="POST case-party-add A",
    ),
    *_case_rows("resources_hub:case-pikas-add", teacher=NOT_HANDLER),
    Row(
        "resources_hub:case-pikas-add",
        method="post",
        kwargs=ref_a,
        data=pikas_data(CASE_A),
        expect={**allowed(*READERS_A, status=REDIRECT), **OUT_OF_SCOPE_A, **NOT_HANDLER},
        label="POST case-pikas-add A",
    ),
    Row(
        "resources_hub:case-handlers",
        kwargs=ref_a,
        expect={**allowed("ien", "cpc"), "ien_autre": 404},
        label="GET case-handlers A",
    ),
    Row(
        "resources_hub:case-handlers",
        kwargs=ref_b,
        expect={**allowed("ien", "cpc"), "ien_autre": 404},
        label="GET case-handlers B",
    ),
    Row(
        "resources_hub:case-handlers",
        method="post",
        kwargs=ref_a,
        data=remove_handler_data,
        expect={**allowed("ien", "cpc", status=REDIRECT), "ien_autre": 404},
        label="POST case-handlers A (remove)",
    ),
    *_case_rows("resources_hub:case-attachment-add"),
    Row(
        "resources_hub:case-attachment-add",
        method="post",
        kwargs=ref_a,
        data=refused_upload,
        expect={**allowed(*READERS_A), **OUT_OF_SCOPE_A},
        label="POST case-attachment-add A (refused file)",
    ),
    Row(
        "resources_hub:case-attachment",
        kwargs=attachment_a,
        expect={**allowed(*READERS_A), **OUT_OF_SCOPE_A, **NOT_HANDLER},
        label="GET case-attachment A",
    ),
    Row(
        "resources_hub:case-attachment",
        method="post",
        kwargs=attachment_a,
        expect={**allowed(*READERS_A, status=405), **OUT_OF_SCOPE_A, **NOT_HANDLER},
        label="POST case-attachment A",
    ),
]
