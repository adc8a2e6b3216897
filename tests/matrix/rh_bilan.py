"""Rows of the fiche bilan pages (edit, versions, PDF and restitution)."""

from resources_hub.models import Case, CaseHandler, HandlerKind
from tests.factories import CaseFactory, CasePartyFactory
from tests.matrix import Row, allowed

NO_RIGHT = ("admin", "enseignant", "parent")  # 403: the default of every row


def _case(w, reference: str, school: str, *, pole_assigned: bool = False) -> dict:
    """A case of ``school`` (idempotent per call), optionally with the pole persona assigned."""
    case = Case.objects.filter(reference=reference).first()
    if case is None:
        case = CaseFactory(school=getattr(w, school), reference=reference, status="follow_up")
        CasePartyFactory(case=case, label="Léa M.", role="target")
    if pole_assigned:
        CaseHandler.objects.get_or_create(
            case=case, user=w.users["pole"], defaults={"kind": HandlerKind.POLE}
        )
    return {"reference": case.reference}


def _case_a(w):
    return _case(w, "S-2026-0901", "school_a", pole_assigned=True)


def _case_a_unassigned(w):
    return _case(w, "S-2026-0902", "school_a")


def _case_b(w):
    return _case(w, "S-2026-0903", "school_b")


def _case_c(w):
    return _case(w, "S-2026-0904", "school_c")


IN_A = {**allowed("ien", "cpc", "pole", "directeur"), "directeur2": 404, "ien_autre": 404}
IN_A_UNASSIGNED = {**IN_A, "pole": 404}
IN_B = {
    **allowed("ien", "cpc", "directeur2"),
    "pole": 404,
    "directeur": 404,
    "ien_autre": 404,
}
IN_C = {
    **allowed("ien_autre"),
    "ien": 404,
    "cpc": 404,
    "pole": 404,
    "directeur": 404,
    "directeur2": 404,
}


def _rows(url_name: str, what: str, data=lambda w: {}) -> list[Row]:
    return [
        Row(url_name, kwargs=_case_a, expect=IN_A, data=data, label=f"{what} A, pole assigned"),
        Row(
            url_name,
            kwargs=_case_a_unassigned,
            expect=IN_A_UNASSIGNED,
            data=data,
            label=f"{what} A, pole not assigned",
        ),
        Row(url_name, kwargs=_case_b, expect=IN_B, data=data, label=f"{what} B"),
        Row(url_name, kwargs=_case_c, expect=IN_C, data=data, label=f"{what} C (other district)"),
    ]


ROWS = [
    *_rows("resources_hub:bilan-edit", "bilan"),
    # A POST with a broken version field: the form comes back (200), nothing is saved.
    Row(
        "resources_hub:bilan-edit",
        method="post",
        kwargs=_case_a,
        data=lambda w: {"evolution": "Texte", "version": "x"},
        expect=IN_A,
        label="POST bilan A, invalid form",
    ),
    Row(
        "resources_hub:bilan-edit",
        method="post",
        kwargs=_case_b,
        data=lambda w: {"evolution": "Texte", "version": "x"},
        expect=IN_B,
        label="POST bilan B, invalid form",
    ),
    *_rows("resources_hub:bilan-versions", "bilan versions"),
    Row("resources_hub:bilan-pdf", kwargs=_case_a, expect=IN_A, label="bilan PDF A, pole assigned"),
    Row(
        "resources_hub:bilan-pdf",
        kwargs=_case_a_unassigned,
        expect=IN_A_UNASSIGNED,
        label="bilan PDF A, pole not assigned",
    ),
    Row("resources_hub:bilan-pdf", kwargs=_case_b, expect=IN_B, label="bilan PDF B"),
    Row("resources_hub:bilan-pdf", kwargs=_case_c, expect=IN_C, label="bilan PDF C"),
    Row(
        "resources_hub:bilan-pdf",
        kwargs=_case_a,
        data=lambda w: {"restitution": "1"},
        expect=IN_A,
        label="restitution PDF A",
    ),
    Row(
        "resources_hub:bilan-pdf",
        kwargs=_case_b,
        data=lambda w: {"restitution": "1"},
        expect=IN_B,
        label="restitution PDF B",
    ),
]
