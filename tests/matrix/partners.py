"""Rows of the shared partner directory: staff read their district's partners and the
académie-wide ones; the district team and the admin role manage them; parents get 403."""

from directory.models import Partner
from tests.matrix import Row, allowed

READERS = ("admin", "ien", "cpc", "pole", "directeur", "directeur2", "enseignant", "ien_autre")
MANAGERS = ("admin", "ien", "cpc", "ien_autre")


def _partner(w, district="d1") -> dict:
    partner, _ = Partner.objects.get_or_create(
        name=f"OCCE {district}",
        district=getattr(w, district) if district else None,
        defaults={"kind": "occe"},
    )
    return {"pk": partner.pk}


ROWS = [
    Row("directory:partner-list", expect=allowed(*READERS)),
    Row("directory:partner-create", expect=allowed(*MANAGERS)),
    Row(
        "directory:partner-create",
        method="post",
        label="POST partner-create (empty form: errors, nothing created)",
        expect=allowed(*MANAGERS),
    ),
    Row(
        "directory:partner-detail",
        kwargs=lambda w: _partner(w),
        label="D1 partner",
        expect={**allowed(*READERS), "ien_autre": 404},
    ),
    Row(
        "directory:partner-detail",
        kwargs=lambda w: _partner(w, None),
        label="académie-wide partner",
        expect=allowed(*READERS),
    ),
    Row(
        "directory:partner-edit",
        kwargs=lambda w: _partner(w),
        label="edit D1 partner",
        expect={**allowed("admin", "ien", "cpc"), "ien_autre": 404},
    ),
    Row(
        "directory:partner-edit",
        kwargs=lambda w: _partner(w, None),
        label="edit académie-wide partner (admin only)",
        expect={"admin": 200, "ien": 404, "cpc": 404, "ien_autre": 404},
    ),
]
