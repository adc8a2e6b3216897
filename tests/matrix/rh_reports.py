"""Rows of the reports area of resources_hub: report, my reports, the inbox, a report, the poster.

Reports are need-to-know: the school's director and the district team (IEN, CPC) manage them;
teachers and parents create them and see their own in « Mes signalements » only; the pôle member
and the admin role hold no report right."""

from resources_hub.models import Report
from tests.matrix import REDIRECT, Row, allowed

MANAGERS_D1 = ("ien", "cpc")


def _report(school_attr: str, author: str | None = None):
    """kwargs for a report of that school, created once (idempotent per call)."""

    def kwargs(w):
        report, _ = Report.objects.get_or_create(
            idempotency_key=f"matrix-{school_attr}-{author or 'none'}",
            defaults={
                "school": getattr(w, school_attr),
                "source": "staff" if author else "parent",
                "created_by": w.users[author] if author else None,
                "description": "Un élève est mis à l'écart à chaque récréation.",
                "places": ["cour"],
            },
        )
        return {"pk": report.pk}

    return kwargs


def _uai(attr: str):
    return lambda w: {"uai": getattr(w, attr).uai}


def _uai_with_code(attr: str):
    """The poster of a school that has its pupils' code (without one, the poster page redirects
    to the page that creates it)."""

    def kwargs(w):
        from resources_hub import services

        services.pupil_access_for(getattr(w, attr))
        return {"uai": getattr(w, attr).uai}

    return kwargs


IN_A = {**allowed(*MANAGERS_D1, "directeur"), "directeur2": 404, "ien_autre": 404}
IN_C = {
    **allowed("ien_autre"),
    "ien": 404,
    "cpc": 404,
    "directeur": 404,
    "directeur2": 404,
}

ROWS = [
    Row(
        "resources_hub:report-create",
        expect=allowed("directeur", "directeur2", "enseignant", "parent"),
    ),
    Row(
        "resources_hub:report-mine",
        expect=allowed(
            *MANAGERS_D1, "directeur", "directeur2", "enseignant", "parent", "ien_autre"
        ),
    ),
    Row(
        "resources_hub:report-list",
        expect=allowed(*MANAGERS_D1, "directeur", "directeur2", "ien_autre"),
    ),
    Row("resources_hub:report-detail", kwargs=_report("school_a"), label="report A", expect=IN_A),
    Row(
        "resources_hub:report-detail",
        kwargs=_report("school_a", author="enseignant"),
        label="report A made by the teacher (still 403 for her: own reports via report-mine)",
        expect=IN_A,
    ),
    Row("resources_hub:report-detail", kwargs=_report("school_c"), label="report C", expect=IN_C),
    Row(
        "resources_hub:report-detail",
        kwargs=_report("school_a"),
        method="post",
        data=lambda w: {"action": "read"},
        label="report A: mark as read (POST)",
        expect={
            **allowed(*MANAGERS_D1, "directeur", status=REDIRECT),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "resources_hub:report-poster",
        kwargs=_uai_with_code("school_a"),
        label="poster A",
        expect=IN_A,
    ),
    Row(
        "resources_hub:report-poster",
        kwargs=_uai_with_code("school_c"),
        label="poster C",
        expect=IN_C,
    ),
    Row(
        "resources_hub:report-poster",
        kwargs=_uai("school_b"),
        label="poster of a school with no pupils' code yet",
        expect={
            **allowed(*MANAGERS_D1, "directeur2", status=REDIRECT),
            "directeur": 404,
            "ien_autre": 404,
        },
    ),
]
