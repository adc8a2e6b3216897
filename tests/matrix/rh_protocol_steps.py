"""Rows of the protocol step pages and the shared observation grid (resources_hub).

Case A (school A) has the ``pole`` persona mobilised; a grid is opened on its targeted pupil. The
director requests the pôle (case.request_pole), the IEN or the director transfers (case.transfer).
The périscolaire link page answers everyone the same (no account; an unknown token is "spent").
"""

from resources_hub.models import ObservationGrid
from tests.matrix import Row, allowed
from tests.matrix.rh_cases import OUT_OF_SCOPE_A, case_a, ref_a


def grid_a(w) -> dict:
    case = case_a(w)
    grid = ObservationGrid.objects.filter(case=case).first()
    if grid is None:
        party = case.parties.first()
        grid = ObservationGrid.objects.create(
            school=case.school,
            case=case,
            party=party,
            pupil_label=party.label,
            started_on="2026-11-02",
        )
    return {"pk": grid.pk}


EDITORS_A = ("ien", "cpc", "pole", "directeur")

ROWS = [
    Row(
        "resources_hub:case-pole-request",
        kwargs=ref_a,
        expect={**allowed("directeur"), "directeur2": 404},
    ),
    *(
        Row(f"resources_hub:{name}", kwargs=ref_a, expect={**allowed(*EDITORS_A), **OUT_OF_SCOPE_A})
        for name in ("case-qualify", "case-escalate", "case-mpp-team", "grid-create")
    ),
    Row(
        "resources_hub:case-referent",
        kwargs=lambda w: {**ref_a(w), "party": case_a(w).parties.first().pk},
        expect={**allowed(*EDITORS_A), **OUT_OF_SCOPE_A},
    ),
    Row(
        "resources_hub:case-transfer",
        kwargs=ref_a,
        expect={**allowed("ien", "directeur"), **OUT_OF_SCOPE_A},
    ),
    Row(
        "resources_hub:grid-detail",
        kwargs=grid_a,
        expect={**allowed(*EDITORS_A), **OUT_OF_SCOPE_A},
    ),
    Row(
        "resources_hub:grid-observation-add",
        kwargs=grid_a,
        expect={**allowed(*EDITORS_A, "enseignant"), **OUT_OF_SCOPE_A},
    ),
    Row(
        "resources_hub:grid-link-create",
        kwargs=grid_a,
        expect={**allowed("ien", "cpc", "directeur"), **OUT_OF_SCOPE_A},
    ),
    Row(
        "resources_hub:grid-list",
        expect=allowed("ien", "cpc", "pole", "directeur", "directeur2", "ien_autre"),
    ),
    Row(
        "resources_hub:grid-concern-create",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
    Row(
        "resources_hub:grid-blank-pdf",
        expect=allowed("ien", "cpc", "pole", "directeur", "directeur2", "enseignant", "ien_autre"),
    ),
    Row(
        "resources_hub:observe",
        kwargs=lambda w: {"token": "inconnu"},
        expect=allowed("anonymous"),
        default=200,
    ),
]
