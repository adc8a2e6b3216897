"""Rows of the directory pages (home pages, schools, audit log, auth, health)."""

from tests.matrix import LOGIN, REDIRECT, Row, allowed

EVERY_ROLE = (
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
STAFF_IN_D1 = ("ien", "cpc", "pole")


def _uai(attr):
    return lambda w: {"uai": getattr(w, attr).uai}


ROWS = [
    Row("home", expect={"anonymous": 200}, default=REDIRECT),
    Row("healthz", expect={"anonymous": 200}, default=200),
    Row("login", expect={"anonymous": 200}, default=REDIRECT),
    Row("logout", method="post", expect={"anonymous": LOGIN}, default=LOGIN),
    Row("password_reset", expect={"anonymous": 200}, default=200),
    Row("password_reset_done", expect={"anonymous": 200}, default=200),
    Row(
        "password_reset_confirm",
        kwargs=lambda w: {"uidb64": "x", "token": "y"},
        expect={"anonymous": 200},
        default=200,
    ),
    Row("password_reset_complete", expect={"anonymous": 200}, default=200),
    # Two-factor pages: signed-in users only; users without a device are sent to enrolment.
    Row("otp-verify", default=REDIRECT),
    Row("otp-setup", default=200),
    Row("directory:home-district", expect=allowed("ien", "cpc", "ien_autre")),
    Row("directory:home-pole", expect=allowed("pole")),
    Row("directory:home-director", expect=allowed("directeur", "directeur2")),
    Row("directory:home-teacher", expect=allowed("enseignant")),
    Row("directory:home-parent", expect=allowed("parent")),
    Row("directory:home-admin", expect=allowed("admin")),
    Row(
        "directory:school-list",
        expect=allowed(
            "admin", "ien", "cpc", "pole", "directeur", "directeur2", "enseignant", "ien_autre"
        ),
    ),
    Row(
        "directory:school-detail",
        kwargs=_uai("school_a"),
        label="school A detail",
        expect={
            **allowed("admin", *STAFF_IN_D1, "directeur", "enseignant"),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "directory:school-detail",
        kwargs=_uai("school_c"),
        label="school C (other district)",
        expect={
            **allowed("admin", "ien_autre"),
            "ien": 404,
            "cpc": 404,
            "pole": 404,
            "directeur": 404,
            "directeur2": 404,
            "enseignant": 404,
        },
    ),
    Row(
        "directory:referral-sheet",
        kwargs=_uai("school_a"),
        label="referral sheet A",
        expect={
            **allowed("admin", *STAFF_IN_D1, "directeur", "enseignant", "parent"),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "directory:referral-sheet",
        kwargs=_uai("school_b"),
        label="referral sheet B",
        expect={
            **allowed("admin", *STAFF_IN_D1, "directeur2"),
            "directeur": 404,
            "enseignant": 404,
            "parent": 404,
            "ien_autre": 404,
        },
    ),
    Row("directory:audit-log", expect=allowed("ien", "ien_autre")),
    Row("directory:privacy", expect={"anonymous": 200}, default=200),
    Row("directory:privacy-children", expect={"anonymous": 200}, default=200),
]

__all__ = ["LOGIN", "ROWS"]
