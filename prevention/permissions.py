"""The rights of « Prévenir », added to the portal's table in directory.permissions.

Actions carry no personal data: every school role reads its school's actions (and the shared
actions of its district, to copy them); the district team sees the whole district and its
coverage. A teacher edits the actions they declared; the director those of the school.
"""

from directory.models import Role as R
from directory.permissions import ALL, DISTRICT, OWN, SCHOOL

_DISTRICT_TEAM = {R.INSPECTOR: DISTRICT, R.DISTRICT_TEAM: DISTRICT}

PERMISSIONS = {
    "prevention.index": {
        R.ADMIN: ALL,
        R.INSPECTOR: DISTRICT,
        R.DISTRICT_TEAM: DISTRICT,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
        R.PARENT: SCHOOL,
    },
    # Actions
    "action.view": {
        **_DISTRICT_TEAM,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
    },
    "action.declare": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL},
    "action.edit": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, R.TEACHER: OWN},
    "action.coverage": dict(_DISTRICT_TEAM),
    "actiontype.manage": dict(_DISTRICT_TEAM),
    # Climate surveys
    "survey.view": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "survey.manage": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "survey.freetext": dict(_DISTRICT_TEAM),
    "survey.district": dict(_DISTRICT_TEAM),
    "questionnaire.manage": dict(_DISTRICT_TEAM),
    # Contest « Non au harcèlement » (the jury: members named on the edition)
    "contest.view": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL},
    "contest.enter": {R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL},
    "contest.manage": dict(_DISTRICT_TEAM),
    "contest.judge": {**_DISTRICT_TEAM, R.POLE_MEMBER: DISTRICT},
}
