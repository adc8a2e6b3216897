"""Rows of the resources_hub app."""

from tests.matrix import Row, allowed

ROWS = [
    Row(
        "resources_hub:index",
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
