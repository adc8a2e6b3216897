"""Rows of « Informer »: parents' space, events, yearly school bilans, yearly report."""

import datetime

from django.utils import timezone

from directory.models import SchoolYear
from outreach.models import Audience, Event, PageTranslation, ParentPage, YearlyReport
from tests.matrix import LOGIN, REDIRECT, Row, allowed

EVERYONE = (
    "anonymous",
    "admin",
    "ien",
    "cpc",
    "pole",
    "directeur",
    "directeur2",
    "enseignant",
    "parent",
    "ien_autre",
)
SIGNED_IN = EVERYONE[1:]
NOT_ADMIN = tuple(p for p in SIGNED_IN if p != "admin")
EDITORS_A = {**allowed("ien", "cpc", "directeur"), "directeur2": 404, "ien_autre": 404}


def _page(w, school: str | None, audience: str) -> dict:
    school_obj = getattr(w, school) if school else None
    district = school_obj.district if school_obj else w.d1
    page = ParentPage.objects.filter(
        school=school_obj, district=district, audience=audience
    ).first()
    if page is None:
        page = ParentPage.objects.create(
            district=district, school=school_obj, audience=audience, topic="signs"
        )
        PageTranslation.objects.create(page=page, language="fr", title="Page", body="Texte")
        PageTranslation.objects.create(page=page, language="en", title="Page", body="Text")
    return {"pk": page.pk}


def _event(w, school: str) -> dict:
    school_obj = getattr(w, school)
    event = Event.objects.filter(school=school_obj).first()
    if event is None:
        start = timezone.now() + datetime.timedelta(days=5)
        event = Event.objects.create(
            district=school_obj.district,
            school=school_obj,
            kind="cafe",
            title="Café",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            capacity=50,
        )
    return {"pk": event.pk}


def _report(w, school: str | None, district: str = "d1") -> dict:
    school_obj = getattr(w, school) if school else None
    report, _ = YearlyReport.objects.get_or_create(
        district=getattr(w, district),
        school=school_obj,
        year=SchoolYear.current(),
        fingerprint="matrix",
        defaults={"status": "done", "pdf": b"%PDF-1.4 matrix"},
    )
    return {"pk": report.pk}


def _year(w) -> int:
    return SchoolYear.current().start_year


IN_D1_READERS = {**allowed(*NOT_ADMIN), "ien_autre": 404, "anonymous": LOGIN, "admin": 200}
BILAN_A = {**allowed("ien", "cpc", "directeur"), "directeur2": 404, "ien_autre": 404}
BILAN_B = {**allowed("ien", "cpc", "directeur2"), "directeur": 404, "ien_autre": 404}

ROWS = [
    # Espace parents: public pages need no account.
    Row("outreach:parents", expect=allowed(*EVERYONE)),
    Row(
        "outreach:parents-district", kwargs=lambda w: {"code": w.d1.code}, expect=allowed(*EVERYONE)
    ),
    Row(
        "outreach:parents-school",
        kwargs=lambda w: {"uai": w.school_a.uai},
        expect=allowed(*EVERYONE),
    ),
    Row(
        "outreach:parents-page",
        kwargs=lambda w: _page(w, "school_a", Audience.PUBLIC),
        expect=allowed(*EVERYONE),
        label="public page of school A",
    ),
    Row(
        "outreach:parents-page",
        kwargs=lambda w: _page(w, "school_a", Audience.PUBLIC),
        data=lambda w: {"langue": "en"},
        expect=allowed(*EVERYONE),
        label="public page, English",
    ),
    Row(
        "outreach:parents-page",
        kwargs=lambda w: _page(w, "school_a", Audience.PARENTS),
        expect={
            **allowed("admin", "ien", "cpc", "pole", "directeur", "enseignant", "parent"),
            "anonymous": LOGIN,
            "directeur2": 404,
            "ien_autre": 404,
        },
        label="parents-only page of school A",
    ),
    Row(
        "outreach:parents-page",
        kwargs=lambda w: _page(w, None, Audience.PARENTS),
        expect={**allowed(*NOT_ADMIN), "admin": 200, "ien_autre": 404, "anonymous": LOGIN},
        label="parents-only page of district D1",
    ),
    Row(
        "outreach:parents-infographic",
        kwargs=lambda w: {**_page(w, "school_a", Audience.PUBLIC), "language": "en"},
        expect=allowed(*EVERYONE),
        label="infographic of a public page, English",
    ),
    Row(
        "outreach:parents-infographic",
        kwargs=lambda w: {**_page(w, "school_a", Audience.PARENTS), "language": "fr"},
        expect={
            **allowed("admin", "ien", "cpc", "pole", "directeur", "enseignant", "parent"),
            "anonymous": LOGIN,
            "directeur2": 404,
            "ien_autre": 404,
        },
        label="infographic of a parents-only page",
    ),
    Row(
        "outreach:parents-manage",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
    Row(
        "outreach:parents-page-create",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
    Row(
        "outreach:parents-page-create",
        method="post",
        data=lambda w: {"title": ""},
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
        label="POST page, invalid",
    ),
    Row(
        "outreach:parents-page-edit",
        kwargs=lambda w: _page(w, "school_a", Audience.PUBLIC),
        expect=EDITORS_A,
    ),
    Row(
        "outreach:parents-page-edit",
        kwargs=lambda w: _page(w, None, Audience.PARENTS),
        expect={**allowed("ien", "cpc"), "directeur": 404, "directeur2": 404, "ien_autre": 404},
        label="district page edit",
    ),
    Row(
        "outreach:parents-translation",
        kwargs=lambda w: {**_page(w, "school_a", Audience.PUBLIC), "language": "en"},
        expect=EDITORS_A,
    ),
    Row(
        "outreach:parents-translation-delete",
        method="post",
        kwargs=lambda w: {**_page(w, "school_a", Audience.PUBLIC), "language": "zz"},
        expect={
            **allowed("ien", "cpc", "directeur", status=REDIRECT),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    # Events
    Row("outreach:events", expect=allowed(*NOT_ADMIN)),
    Row(
        "outreach:event-create",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
    Row(
        "outreach:event-detail",
        kwargs=lambda w: _event(w, "school_a"),
        expect={**allowed(*NOT_ADMIN), "directeur2": 404, "ien_autre": 404},
    ),
    Row(
        "outreach:event-ical",
        kwargs=lambda w: _event(w, "school_a"),
        expect={**allowed(*NOT_ADMIN), "directeur2": 404, "ien_autre": 404},
    ),
    Row(
        "outreach:event-register",
        method="post",
        kwargs=lambda w: _event(w, "school_a"),
        data=lambda w: {"action": "cancel"},
        expect={**allowed(*NOT_ADMIN, status=REDIRECT), "directeur2": 404, "ien_autre": 404},
    ),
    # Yearly school bilan
    Row(
        "outreach:bilan",
        expect={
            **allowed("ien", "cpc", "ien_autre"),
            **allowed("directeur", "directeur2", status=REDIRECT),
        },
    ),
    Row(
        "outreach:bilan-edit",
        kwargs=lambda w: {"uai": w.school_a.uai, "year": _year(w)},
        expect=BILAN_A,
    ),
    Row(
        "outreach:bilan-edit",
        kwargs=lambda w: {"uai": w.school_b.uai, "year": _year(w)},
        expect=BILAN_B,
        label="bilan B",
    ),
    Row(
        "outreach:bilan-edit",
        method="post",
        kwargs=lambda w: {"uai": w.school_a.uai, "year": _year(w)},
        data=lambda w: {"version": "x"},
        expect={
            **allowed("directeur"),
            "ien": 403,
            "cpc": 403,
            "directeur2": 404,
            "ien_autre": 404,
        },
        label="POST bilan A, invalid",
    ),
    Row(
        "outreach:bilan-pdf",
        kwargs=lambda w: {"uai": w.school_a.uai, "year": _year(w)},
        expect=BILAN_A,
    ),
    Row(
        "outreach:bilan-together",
        kwargs=lambda w: {"year": _year(w)},
        expect=allowed("ien", "cpc", "ien_autre"),
    ),
    # Yearly report
    Row("outreach:report", expect=allowed("admin", "ien", "ien_autre")),
    Row(
        "outreach:report-request",
        method="post",
        data=lambda w: {"district": w.d1.pk, "annee": "x"},
        expect={**allowed("admin", "ien", status=REDIRECT), "ien_autre": 404},
    ),
    Row(
        "outreach:report-school-request",
        method="post",
        kwargs=lambda w: {"uai": w.school_a.uai},
        expect={
            **allowed("ien", "directeur", status=REDIRECT),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "outreach:report-status",
        kwargs=lambda w: _report(w, None),
        expect={**allowed("admin", "ien"), "ien_autre": 404, "directeur": 404, "directeur2": 404},
    ),
    Row(
        "outreach:report-pdf",
        kwargs=lambda w: _report(w, None),
        expect={**allowed("admin", "ien"), "ien_autre": 404, "directeur": 404, "directeur2": 404},
    ),
    Row(
        "outreach:report-pdf",
        kwargs=lambda w: _report(w, "school_a"),
        expect={**allowed("admin", "ien", "directeur"), "ien_autre": 404, "directeur2": 404},
        label="school report PDF A",
    ),
]
