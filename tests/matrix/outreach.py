"""Rows of the outreach app."""

from tests.matrix import Row, allowed

ROWS = [
    Row(
        "outreach:index",
        expect=allowed(
            "admin",
            "ien",
            "cpc",
            "pole",
            "directeur",
            "directeur2",
            "enseignant",
            "parent",
            "ien_autre",
        ),
    ),
]
