"""The rights of « Mieux prendre en charge », added to the portal's table in directory.permissions.

Case content is need-to-know: the school's director, the district team (IEN, CPC, référent) and the
pôle members assigned to the case. Teachers and parents see the status of their own reports only.
The admin role holds none of these rights.
"""

from directory.models import Role as R
from directory.permissions import ALL, ASSIGNED, DISTRICT, OWN, SCHOOL

_DISTRICT_TEAM = {R.INSPECTOR: DISTRICT, R.DISTRICT_TEAM: DISTRICT}
_CASE_READERS = {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, R.POLE_MEMBER: ASSIGNED}

PERMISSIONS = {
    "resources_hub.index": {
        R.ADMIN: ALL,
        R.INSPECTOR: DISTRICT,
        R.DISTRICT_TEAM: DISTRICT,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
        R.PARENT: SCHOOL,
    },
    # Reports
    "report.create": {R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL, R.PARENT: SCHOOL},
    "report.view": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, R.TEACHER: OWN, R.PARENT: OWN},
    "report.manage": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "report.poster": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    # Cases
    "case.view": dict(_CASE_READERS),
    "case.edit": dict(_CASE_READERS),
    "case.create": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "case.assign": dict(_DISTRICT_TEAM),
    "case.dashboard": dict(_DISTRICT_TEAM),
    # Fiche bilan: filled by the director and the mobilised pôle members, signed by the director
    # or the IEN.
    "bilan.edit": dict(_CASE_READERS),
    "bilan.sign": {R.INSPECTOR: DISTRICT, R.DIRECTOR: SCHOOL},
    # Pôles ressources
    "pole.view": {**_DISTRICT_TEAM, R.POLE_MEMBER: DISTRICT},
    "pole.manage": dict(_DISTRICT_TEAM),
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
