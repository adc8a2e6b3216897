"""Rows of the copies a sending school keeps after a change of school (resources_hub).

Case T of school A, with a signed fiche bilan, was transferred to school B: school A's director
and the district's IEN read the frozen copy; school B's director (who now holds the case) and
the other district's IEN get 404; the other roles hold no right (403). Everyone with the right
reads their own list (empty or not).
"""

from django.utils import timezone

from resources_hub.models import CaseTransfer, FicheBilan
from resources_hub.services import transfer
from tests.factories import CaseFactory, CasePartyFactory
from tests.matrix import Row, allowed

CASE_T = "S-2026-0931"
COPY_READERS = ("ien", "directeur")


def transfer_a(w) -> dict:
    item = CaseTransfer.objects.filter(case__reference=CASE_T).first()
    if item is None:
        case = CaseFactory(school=w.school_a, reference=CASE_T, status="follow_up")
        CasePartyFactory(case=case, label="Léa M.", role="target", classroom=w.class_a)
        FicheBilan.objects.create(
            case=case,
            status=FicheBilan.Status.SIGNED,
            evolution="Les moqueries ont cessé.",
            signed_by=w.users["pole"],
            signed_at=timezone.now(),
        )
        item = transfer.case_transfer(
            case=case, to_school=w.school_b, kind="transfer", note="", user=w.users["ien"]
        )
    return {"pk": item.pk}


OUT_OF_SCOPE = {"directeur2": 404, "ien_autre": 404}

ROWS = [
    Row(
        "resources_hub:transfer-copy-list",
        expect=allowed(*COPY_READERS, "directeur2", "ien_autre"),
    ),
    Row(
        "resources_hub:transfer-copy",
        kwargs=transfer_a,
        expect={**allowed(*COPY_READERS), **OUT_OF_SCOPE},
    ),
    Row(
        "resources_hub:transfer-copy-pdf",
        kwargs=transfer_a,
        expect={**allowed(*COPY_READERS), **OUT_OF_SCOPE},
    ),
]
