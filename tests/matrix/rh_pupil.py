"""Rows of the pupils' public pages: no account needed, everyone (signed in or not) gets the same
page; an unknown school code is a 404 for all; the thread is reached by POST only."""

from resources_hub import services
from resources_hub.services.pupil import pupil_report_submit
from tests.conftest import PERSONAS
from tests.matrix import REDIRECT, Row

EVERYONE = dict.fromkeys(PERSONAS, 200)


def _code(w) -> dict:
    return {"code": services.pupil_access_for(w.school_a).code}


def _receipt(w) -> dict:
    """A pupil report of school A and its receipt code (the same on every call)."""
    access = services.pupil_access_for(w.school_a)
    _, receipt = pupil_report_submit(
        access=access, data={"description": "On me pousse dans la cour."}, form_key="matrix"
    )
    return {"code": receipt}


ROWS = [
    Row("resources_hub:pupil-report", kwargs=_code, expect=EVERYONE, label="pupil page A"),
    Row(
        "resources_hub:pupil-report",
        kwargs=lambda w: {"code": "ZZZZZZ"},
        expect=dict.fromkeys(PERSONAS, 404),
        label="pupil page, unknown code",
    ),
    Row("resources_hub:pupil-receipt", expect=EVERYONE),
    Row("resources_hub:pupil-thread", expect=dict.fromkeys(PERSONAS, REDIRECT)),
    Row(
        "resources_hub:pupil-thread",
        method="post",
        data=_receipt,
        expect=EVERYONE,
        label="POST pupil-thread with a receipt code",
    ),
    Row(
        "resources_hub:pupil-thread",
        method="post",
        data=lambda w: {"code": "AAAA-AAAA"},
        expect=EVERYONE,
        label="POST pupil-thread with a wrong code (French error)",
    ),
]
