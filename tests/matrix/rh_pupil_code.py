"""Rows of the page that gives a school a new pupils' code (the poster follows): those who print
the poster (the school's director, the district team) may; nobody else."""

from tests.matrix import Row, allowed

IN_A = {**allowed("ien", "cpc", "directeur"), "directeur2": 404, "ien_autre": 404}
IN_C = {**allowed("ien_autre"), "ien": 404, "cpc": 404, "directeur": 404, "directeur2": 404}


def _uai(attr: str):
    return lambda w: {"uai": getattr(w, attr).uai}


ROWS = [
    Row("resources_hub:pupil-code-change", kwargs=_uai("school_a"), label="code A", expect=IN_A),
    Row("resources_hub:pupil-code-change", kwargs=_uai("school_c"), label="code C", expect=IN_C),
    Row(
        "resources_hub:pupil-code-change",
        kwargs=_uai("school_a"),
        method="post",
        label="code A: change (POST)",
        expect=IN_A,
    ),
]
