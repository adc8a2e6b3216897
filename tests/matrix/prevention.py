"""Rows of the prevention app."""

from tests.matrix import Row, allowed

ROWS = [
    Row(
        "prevention:index",
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
