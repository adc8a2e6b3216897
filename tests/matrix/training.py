"""Rows of « Former »: the offer, enrolments, attendance and PDFs, meetings, requests,
ambassadors, the pôle's training and the calendars."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tests.matrix import Row, allowed
from tests.training.factories import kind
from training.models import (
    CalendarToken,
    Cohort,
    CpcRequest,
    Enrolment,
    Meeting,
    MeetingKind,
    Session,
)

STAFF = ("ien", "cpc", "pole", "directeur", "directeur2", "enseignant")
TEAM_D1 = allowed("ien", "cpc")


def _session(w) -> Session:
    start = timezone.now() + datetime.timedelta(days=7)
    session, _ = Session.objects.get_or_create(
        district=w.d1,
        title="Matrice : session D1",
        defaults={
            "kind": kind(),
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=3),
            "place": "Salle",
            "capacity": 5,
            "hours": Decimal(3),
            "budget": "formation",
        },
    )
    return session


def _enrolment(w) -> Enrolment:
    row, _ = Enrolment.objects.get_or_create(
        session=_session(w),
        user=w.users["enseignant"],
        defaults={"status": "enrolled", "school": w.school_a, "attended": True},
    )
    return row


def _meeting(w) -> Meeting:
    meeting, _ = Meeting.objects.get_or_create(
        district=w.d1,
        school=w.school_a,
        kind=MeetingKind.CONSEIL,
        held_on=datetime.date(2026, 11, 5),
    )
    return meeting


def _cohort(w) -> Cohort:
    from directory.models import SchoolYear

    cohort, _ = Cohort.objects.get_or_create(
        school=w.school_a, year=SchoolYear.current(), programme="petits"
    )
    return cohort


def _cpc_request(w) -> CpcRequest:
    row, _ = CpcRequest.objects.get_or_create(school=w.school_a, wished_period="Janvier")
    return row


def _token(w) -> str:
    return CalendarToken.objects.get_or_create(user=w.users["enseignant"])[0].token


def _pk(builder):
    return lambda w: {"pk": builder(w).pk}


EVERYONE = ("anonymous", "admin", *STAFF, "parent", "ien_autre")
SESSION_D1 = {**allowed(*STAFF, "parent"), "ien_autre": 404}
OWN_ONLY = {**allowed("enseignant"), **dict.fromkeys(("ien", "cpc", "pole"), 404)}
OWN_ONLY |= dict.fromkeys(("directeur", "directeur2", "parent", "ien_autre"), 404)
MEETING_A = {**allowed("ien", "cpc", "pole", "directeur", "enseignant")}
MEETING_A |= {"directeur2": 404, "ien_autre": 404}
MANAGE_A = {**allowed("ien", "cpc", "directeur"), "directeur2": 404, "ien_autre": 404}
COHORT_A = {**allowed("ien", "cpc", "pole", "directeur"), "directeur2": 404, "ien_autre": 404}

ROWS = [
    Row("training:district", expect=allowed("ien", "cpc", "pole", "ien_autre")),
    Row("training:pole", expect=allowed("ien", "cpc", "pole", "ien_autre")),
    Row("training:hours", expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre")),
    Row("training:calendar", expect=allowed(*STAFF, "parent", "ien_autre")),
    Row(
        "training:calendar-reset",
        method="post",
        expect=allowed(*STAFF, "parent", "ien_autre", status="redirect"),
    ),
    Row(
        "training:ical-personal",
        kwargs=lambda w: {"token": _token(w)},
        expect=allowed(*EVERYONE),
        label="personal iCal by its secret",
    ),
    Row(
        "training:ical-district",
        kwargs=lambda w: {"token": _token(w)},
        expect=allowed(*EVERYONE),
        label="district iCal by the secret",
    ),
    Row(
        "training:ical-personal",
        kwargs=lambda w: {"token": "inconnu"},
        expect=dict.fromkeys(EVERYONE, 404),
        label="personal iCal, unknown secret",
    ),
    # The offer
    Row("training:session-list", expect=allowed(*STAFF, "parent", "ien_autre")),
    Row("training:session-create", expect=allowed("ien", "cpc", "ien_autre")),
    Row("training:session-detail", kwargs=_pk(_session), expect=SESSION_D1),
    Row("training:session-edit", kwargs=_pk(_session), expect={**TEAM_D1, "ien_autre": 404}),
    Row(
        "training:session-enrol",
        kwargs=_pk(_session),
        expect={**allowed(*STAFF, "parent", status="redirect"), "ien_autre": 404},
    ),
    Row(
        "training:session-enrol-team",
        kwargs=_pk(_session),
        expect={**allowed("ien", "cpc", "directeur", "directeur2"), "ien_autre": 404},
    ),
    Row(
        "training:attendance",
        kwargs=_pk(_session),
        expect={**TEAM_D1, "ien_autre": 404, **dict.fromkeys(("admin",), 403)},
    ),
    Row("training:signin-sheet", kwargs=_pk(_session), expect={**TEAM_D1, "ien_autre": 404}),
    Row("training:my-trainings", expect=allowed(*STAFF, "parent", "ien_autre")),
    Row("training:enrolment-complete", kwargs=_pk(_enrolment), expect=OWN_ONLY),
    Row(
        "training:enrolment-action",
        kwargs=lambda w: {"pk": _enrolment(w).pk, "action": "accepter"},
        expect={k: ("redirect" if v == 200 else v) for k, v in OWN_ONLY.items()},
    ),
    Row(
        "training:certificate",
        kwargs=_pk(_enrolment),
        expect={
            **allowed("ien", "cpc", "directeur", "enseignant"),
            **dict.fromkeys(("pole", "directeur2", "parent", "ien_autre"), 404),
        },
    ),
    # Meetings and requests
    Row("training:meeting-list", expect=allowed(*STAFF, "ien_autre")),
    Row(
        "training:meeting-create",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
    Row("training:meeting-detail", kwargs=_pk(_meeting), expect=MEETING_A),
    Row("training:meeting-edit", kwargs=_pk(_meeting), expect=MANAGE_A),
    Row(
        "training:meeting-item-add",
        kwargs=_pk(_meeting),
        expect={k: ("redirect" if v == 200 else v) for k, v in MANAGE_A.items()},
    ),
    Row(
        "training:meeting-doc-add",
        kwargs=_pk(_meeting),
        expect={k: ("redirect" if v == 200 else v) for k, v in MANAGE_A.items()},
    ),
    Row(
        "training:meeting-document",
        kwargs=lambda w: {"pk": _meeting(w).pk, "doc": 0},
        expect={k: 404 for k in MEETING_A},
        label="meeting document unknown",
    ),
    Row(
        "training:cpc-requests",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
    Row("training:cpc-schedule", kwargs=_pk(_cpc_request), expect={**TEAM_D1, "ien_autre": 404}),
    # Ambassadors
    Row(
        "training:cohort-list",
        expect=allowed("ien", "cpc", "pole", "directeur", "directeur2", "ien_autre"),
    ),
    Row(
        "training:cohort-create",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
    Row("training:cohort-detail", kwargs=_pk(_cohort), expect=COHORT_A),
    Row("training:cohort-edit", kwargs=_pk(_cohort), expect=MANAGE_A),
]
