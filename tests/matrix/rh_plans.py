"""Rows of the prevention plans (resources_hub, area "plans").

The district plan of D1 applies to every school of D1: each D1 reader sees it, the inspector of D2
gets a 404. A school's plan is read by its school and the district, edited by its director and the
district team; the district plan is edited by the district team only (a director gets a 404: it
is outside their school scope). Parents and the admin role hold no plan right (403).
"""

from resources_hub.models import PreventionPlan
from tests.matrix import Row, allowed

YEAR = "2026-2027"
D1_READERS = ("ien", "cpc", "pole", "directeur", "directeur2", "enseignant")
EDITORS = ("ien", "cpc", "directeur", "directeur2", "ien_autre")


def _plan(w, school_attr: str | None = None, district_attr: str = "d1") -> dict:
    school = getattr(w, school_attr) if school_attr else None
    district = school.district if school else getattr(w, district_attr)
    plan, _ = PreventionPlan.objects.get_or_create(
        district=district,
        school=school,
        year_label=YEAR,
        defaults={"title": "Plan de prévention", "content": "Objectifs et actions."},
    )
    return {"pk": plan.pk}


ROWS = [
    Row("resources_hub:plan-list", expect=allowed(*D1_READERS, "ien_autre")),
    Row("resources_hub:plan-create", expect=allowed(*EDITORS)),
    Row(
        "resources_hub:plan-create",
        method="post",
        label="POST plan-create (empty form: errors, nothing created)",
        expect=allowed(*EDITORS),
    ),
    Row(
        "resources_hub:plan-detail",
        kwargs=lambda w: _plan(w),
        label="district plan D1",
        expect={**allowed(*D1_READERS), "ien_autre": 404},
    ),
    Row(
        "resources_hub:plan-detail",
        kwargs=lambda w: _plan(w, "school_a"),
        label="school A plan",
        expect={
            **allowed("ien", "cpc", "pole", "directeur", "enseignant"),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "resources_hub:plan-detail",
        kwargs=lambda w: _plan(w, "school_c"),
        label="school C plan (other district)",
        expect={
            "ien_autre": 200,
            **dict.fromkeys(D1_READERS, 404),
        },
    ),
    Row(
        "resources_hub:plan-edit",
        kwargs=lambda w: _plan(w, "school_a"),
        label="edit school A plan",
        expect={**allowed("ien", "cpc", "directeur"), "directeur2": 404, "ien_autre": 404},
    ),
    Row(
        "resources_hub:plan-edit",
        kwargs=lambda w: _plan(w, "school_a"),
        method="post",
        label="POST edit school A plan (empty form: errors, nothing changed)",
        expect={**allowed("ien", "cpc", "directeur"), "directeur2": 404, "ien_autre": 404},
    ),
    Row(
        "resources_hub:plan-edit",
        kwargs=lambda w: _plan(w),
        label="edit district plan D1",
        expect={**allowed("ien", "cpc"), "directeur": 404, "directeur2": 404, "ien_autre": 404},
    ),
]
