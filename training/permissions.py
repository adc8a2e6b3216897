"""The rights of « Former », added to the portal's table in directory.permissions.

The offer is read by every staff member of the district (and parents, for parent trainings);
the district team (IEN, CPC) runs sessions and attendance; a session's trainers mark attendance
too (checked in the view: a trainer may hold no district role). A person's enrolments and
certificates are their own (OWN); a director sees their school's.
"""

from directory.models import Role as R
from directory.permissions import ALL, DISTRICT, OWN, SCHOOL

_TEAM = {R.INSPECTOR: DISTRICT, R.DISTRICT_TEAM: DISTRICT}
_STAFF = {**_TEAM, R.POLE_MEMBER: DISTRICT, R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL}

PERMISSIONS = {
    "training.index": {**_STAFF, R.ADMIN: ALL, R.PARENT: SCHOOL},
    # The offer
    "training.session.view": {**_STAFF, R.PARENT: SCHOOL},
    "training.session.manage": dict(_TEAM),
    "training.enrol": {**_STAFF, R.PARENT: SCHOOL},
    "training.enrol_team": {**_TEAM, R.DIRECTOR: SCHOOL},
    # Enrolments: one's own; a director's school; the district's for the team
    "training.enrolment.view": {
        **_TEAM,
        R.POLE_MEMBER: OWN,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: OWN,
        R.PARENT: OWN,
    },
    "training.enrolment.own": {
        R.INSPECTOR: OWN,
        R.DISTRICT_TEAM: OWN,
        R.POLE_MEMBER: OWN,
        R.DIRECTOR: OWN,
        R.TEACHER: OWN,
        R.PARENT: OWN,
    },
    "training.attendance": dict(_TEAM),
    "training.hours": {**_TEAM, R.DIRECTOR: SCHOOL},
    # Meetings and conseils des maîtres
    "training.meeting.view": {**_STAFF},
    "training.meeting.manage": {**_TEAM, R.DIRECTOR: SCHOOL},
    "training.cpc_request": {**_TEAM, R.DIRECTOR: SCHOOL},
    "training.cpc_schedule": dict(_TEAM),
    # The pôle's training and the ambassadors
    "training.pole": {**_TEAM, R.POLE_MEMBER: DISTRICT},
    "training.pole.manage": dict(_TEAM),
    "training.ambassador.view": {**_TEAM, R.POLE_MEMBER: DISTRICT, R.DIRECTOR: SCHOOL},
    "training.ambassador.manage": {**_TEAM, R.DIRECTOR: SCHOOL},
    # Calendars
    "training.calendar": {**_STAFF, R.PARENT: SCHOOL},
}
