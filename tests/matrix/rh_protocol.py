"""Rows of the crisis protocol (resources_hub, area "protocol").

Every staff role of a district reads its protocol; the district team edits it. Asking for another
district (``?circonscription=``) is a 404. The PDF row creates D1's protocol: D2 has none (404).
"""

from resources_hub.models import CrisisProtocol
from tests.matrix import Row, allowed

READERS = ("ien", "cpc", "pole", "directeur", "directeur2", "enseignant", "ien_autre")
EDITORS = ("ien", "cpc", "ien_autre")


def _protocol_d1(w) -> dict:
    CrisisProtocol.objects.get_or_create(
        district=w.d1, defaults={"title": "Protocole de crise", "content": "## Appeler le 15"}
    )
    return {}


def _d1(w) -> dict:
    return {"circonscription": w.d1.pk}


ROWS = [
    Row("resources_hub:protocol", expect=allowed(*READERS)),
    Row(
        "resources_hub:protocol",
        data=_d1,
        label="protocol of D1 asked by name",
        expect={**allowed(*READERS), "ien_autre": 404},
    ),
    Row("resources_hub:protocol-edit", expect=allowed(*EDITORS)),
    Row(
        "resources_hub:protocol-edit",
        data=_d1,
        label="edit D1 protocol asked by name",
        expect={**allowed("ien", "cpc"), "ien_autre": 404},
    ),
    Row(
        "resources_hub:protocol-edit",
        method="post",
        label="POST protocol-edit (empty form: errors, nothing saved)",
        expect=allowed(*EDITORS),
    ),
    Row("resources_hub:protocol-versions", expect=allowed(*READERS)),
    Row(
        "resources_hub:protocol-versions",
        data=_d1,
        label="versions of D1 asked by name",
        expect={**allowed(*READERS), "ien_autre": 404},
    ),
    Row(
        "resources_hub:protocol-pdf",
        kwargs=_protocol_d1,
        expect={**allowed(*READERS), "ien_autre": 404},
    ),
]
