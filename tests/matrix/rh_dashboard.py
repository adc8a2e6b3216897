"""Rows of the case dashboard (resources_hub, area "dashboard"): the district team only."""

from tests.matrix import Row, allowed

ROWS = [
    Row("resources_hub:case-dashboard", expect=allowed("ien", "cpc", "ien_autre")),
]
