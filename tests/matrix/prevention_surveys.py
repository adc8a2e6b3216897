"""Rows of climate surveys: the director runs their school's campaigns, the district team all
the district's; teachers, pôle members, parents and the admin role get 403; the pupils' pages
are public (a code refused is a 404 page in easy French)."""

from tests.matrix import Row, allowed

MANAGERS = ("ien", "cpc", "directeur", "directeur2", "ien_autre")
DISTRICT = ("ien", "cpc", "ien_autre")
PUBLIC = (
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


def _campaign(w) -> dict:
    from tests.prevention.surveys import make_campaign

    return {"pk": make_campaign(w.school_a, [w.class_a], codes=2).pk}


def _code(w) -> dict:
    from tests.prevention.surveys import make_campaign

    return {"code": make_campaign(w.school_a, [w.class_a], codes=1).codes.get().code}


SCHOOL_A = {**allowed("ien", "cpc", "directeur"), "directeur2": 404, "ien_autre": 404}

ROWS = [
    Row("prevention:campaign-list", expect=allowed(*MANAGERS)),
    Row("prevention:campaign-create", expect=allowed(*MANAGERS)),
    Row(
        "prevention:campaign-create",
        method="post",
        label="POST campaign-create (empty: errors or school choice, nothing created)",
        expect=allowed(*MANAGERS),
    ),
    Row("prevention:survey-district", expect=allowed(*DISTRICT)),
    Row("prevention:survey-district-pdf", expect=allowed(*DISTRICT)),
    Row("prevention:campaign-detail", kwargs=_campaign, expect=SCHOOL_A),
    Row("prevention:campaign-slips", kwargs=_campaign, expect=SCHOOL_A),
    Row("prevention:campaign-results-pdf", kwargs=_campaign, expect=SCHOOL_A),
    Row(
        "prevention:campaign-open",
        kwargs=_campaign,
        method="post",
        expect={
            **dict.fromkeys(("ien", "cpc", "directeur"), "redirect"),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "prevention:campaign-close",
        kwargs=_campaign,
        method="post",
        label="POST campaign-close (a draft cannot be closed: message, redirect)",
        expect={
            **dict.fromkeys(("ien", "cpc", "directeur"), "redirect"),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row("prevention:survey-start", expect=allowed(*PUBLIC)),
    Row("prevention:survey-done", expect=allowed(*PUBLIC)),
    Row(
        "prevention:survey-answer",
        kwargs=_code,
        label="code of a campaign not yet open",
        expect=dict.fromkeys(PUBLIC, 404),
    ),
]
