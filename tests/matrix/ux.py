"""Rows of the pages added for "nobody is left waiting": the author's own report and its thread,
the pupils' way in, and the public legal pages."""

from resources_hub.models import Report
from tests.conftest import PERSONAS
from tests.matrix import Row, allowed

EVERYONE = dict.fromkeys(PERSONAS, 200)
REPORT_READERS_NOT_AUTHOR = ("ien", "cpc", "directeur", "directeur2", "enseignant", "ien_autre")


def _parent_report(w) -> dict:
    report, _ = Report.objects.get_or_create(
        idempotency_key="matrix-ux-parent",
        defaults={
            "school": w.school_a,
            "source": "parent",
            "created_by": w.users["parent"],
            "description": "Mon fils ne veut plus aller à la cantine.",
        },
    )
    return {"pk": report.pk}


ROWS = [
    Row(
        "resources_hub:report-mine-detail",
        kwargs=_parent_report,
        label="a parent's own report",
        expect={**allowed("parent"), **dict.fromkeys(REPORT_READERS_NOT_AUTHOR, 404)},
    ),
    Row(
        "resources_hub:report-mine-detail",
        kwargs=_parent_report,
        method="post",
        data=lambda w: {"body": "Toujours pareil.", "idempotency_key": "x"},
        label="a parent writes in their report's thread (POST; invalid key: form again)",
        expect={**allowed("parent"), **dict.fromkeys(REPORT_READERS_NOT_AUTHOR, 404)},
    ),
]


ROWS += [
    Row("resources_hub:pupil-entry", expect=EVERYONE, label="pupils' way in"),
    Row(
        "resources_hub:pupil-entry",
        method="post",
        data=lambda w: {"code": "ZZZZZZ"},
        expect=EVERYONE,
        label="pupils' way in, a wrong code (kind message, 200)",
    ),
]

PUBLIC = {"anonymous": 200}
ROWS += [
    Row("directory:legal", expect=PUBLIC, default=200),
    Row("directory:accessibility", expect=PUBLIC, default=200),
    Row("directory:sitemap", expect=PUBLIC, default=200),
]
