"""The rights of « Mieux prendre en charge », added to the portal's table in directory.permissions.

Case content is need-to-know: the school's director, the district team (IEN, CPC, référent), the
pôle members mobilised on the case and the teachers named as its handlers. A seat on a pôle
(``POLE_SEAT``, from an active ``PoleMember`` row, whatever the person's main role) grants the
pôle, its meetings and the cases the member is mobilised on, nothing else of another school.
Parents never see a case. The admin role holds none of these rights.
"""

from directory.models import Role as R
from directory.permissions import ALL, ASSIGNED, DISTRICT, OWN, POLE_SEAT, SCHOOL

_DISTRICT_TEAM = {R.INSPECTOR: DISTRICT, R.DISTRICT_TEAM: DISTRICT}
_POLE = {R.POLE_MEMBER: ASSIGNED, POLE_SEAT: ASSIGNED}
_CASE_READERS = {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, **_POLE}
_SCHOOL_STAFF = {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL}

PERMISSIONS = {
    "resources_hub.index": {
        R.ADMIN: ALL,
        R.INSPECTOR: DISTRICT,
        R.DISTRICT_TEAM: DISTRICT,
        R.POLE_MEMBER: DISTRICT,
        POLE_SEAT: ASSIGNED,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
        R.PARENT: SCHOOL,
    },
    # Reports
    "report.create": {R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL, R.PARENT: SCHOOL},
    "report.view": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, R.TEACHER: OWN, R.PARENT: OWN},
    "report.manage": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "report.poster": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    # Cases. A teacher named handler reads the case and adds to its chronology and MPP sessions.
    "case.view": {**_CASE_READERS, R.TEACHER: ASSIGNED},
    "case.contribute": {**_CASE_READERS, R.TEACHER: ASSIGNED},
    "case.edit": dict(_CASE_READERS),
    "case.create": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "case.request_pole": {R.DIRECTOR: SCHOOL},
    "case.assign": dict(_DISTRICT_TEAM),
    "case.transfer": {R.INSPECTOR: DISTRICT, R.DIRECTOR: SCHOOL},
    "case.dashboard": dict(_DISTRICT_TEAM),
    # After a transfer the sending school keeps the fiche bilan it signed (a frozen copy), and
    # nothing else of the case: its director and the district's IEN read that copy.
    "transfer.copy_view": {R.INSPECTOR: DISTRICT, R.DIRECTOR: SCHOOL},
    # Fiche bilan: owned by the pôle. Written and signed by the mobilised members, co-signed by
    # the director (or the IEN); the director and the district team read it and may add to it.
    "bilan.edit": dict(_CASE_READERS),
    "bilan.sign": dict(_POLE),
    "bilan.cosign": {R.INSPECTOR: DISTRICT, R.DIRECTOR: SCHOOL},
    # Pôles ressources
    "pole.view": {**_DISTRICT_TEAM, R.POLE_MEMBER: DISTRICT, POLE_SEAT: ASSIGNED},
    "pole.manage": dict(_DISTRICT_TEAM),
    # The shared observation grid: the school's staff add observations; the director (or the
    # district team) opens grids, reads them and gives single-use links to périscolaire adults.
    "observation.view": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, **_POLE},
    "observation.add": {**_SCHOOL_STAFF, **_POLE},
    "observation.manage": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    # Prevention plans and the crisis protocol
    "plan.view": {**_DISTRICT_TEAM, R.POLE_MEMBER: DISTRICT, R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL},
    "plan.edit": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "plan.coverage": dict(_DISTRICT_TEAM),
    "protocol.view": {
        **_DISTRICT_TEAM,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
    },
    "protocol.edit": dict(_DISTRICT_TEAM),
}

# What the handlers page says each kind of handler may do: generated from the table above, so
# the page and the rights cannot disagree (tests/resources_hub/test_protocol_access.py).
RIGHT_LABELS = {
    "case.view": "lire la situation",
    "case.contribute": "ajouter à la chronologie et des entretiens de préoccupation partagée",
    "case.edit": "modifier la situation, ses élèves, ses démarches et ses étapes",
    "bilan.edit": "rédiger la fiche bilan",
    "bilan.sign": "signer la fiche bilan",
    "bilan.cosign": "co-signer la fiche bilan",
}


def handler_rights(role: str) -> list[str]:
    """What a handler holding ``role`` may do on the case they are named on."""
    return [label for perm, label in RIGHT_LABELS.items() if role in PERMISSIONS[perm]]
