"""Rows of the réserve citoyenne."""

from outreach.models import InterventionRequest, Volunteer
from tests.matrix import Row, allowed

REQUESTERS = ("ien", "cpc", "directeur", "directeur2", "ien_autre")


def _volunteer(w) -> dict:
    volunteer, _ = Volunteer.objects.get_or_create(
        district=w.d1,
        first_name="Réserviste",
        last_name="Matrice",
        defaults={"skills": ["bullying"], "vetting": "approved"},
    )
    return {"pk": volunteer.pk}


def _request(w) -> dict:
    req, _ = InterventionRequest.objects.get_or_create(
        school=w.school_a, classes="CM1", defaults={"skill": "bullying", "period": "Mars"}
    )
    return {"pk": req.pk}


ROWS = [
    Row("outreach:reserve", expect=allowed(*REQUESTERS)),
    Row("outreach:reserve-volunteer-create", expect=allowed("ien", "cpc", "ien_autre")),
    Row(
        "outreach:reserve-volunteer",
        kwargs=_volunteer,
        expect={**allowed("ien", "cpc"), "ien_autre": 404},
    ),
    Row("outreach:reserve-request-create", expect=allowed(*REQUESTERS)),
    Row(
        "outreach:reserve-request",
        kwargs=_request,
        expect={**allowed("ien", "cpc", "directeur"), "directeur2": 404, "ien_autre": 404},
    ),
]
