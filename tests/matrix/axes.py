"""Rows of the four axis landing pages: every role of the portal reaches them."""

from tests.matrix import Row, allowed

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

ROWS = [
    Row(f"{app}:index", expect=allowed(*EVERY_ROLE))
    for app in ("prevention", "resources_hub", "training", "outreach")
]
