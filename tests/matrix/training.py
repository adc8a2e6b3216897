"""Rows of the training app."""

from tests.matrix import Row, allowed

ROWS = [
    Row(
        "training:index",
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
