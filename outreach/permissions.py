"""The rights of « Informer », added to the portal's table in directory.permissions.

The admin exports the district's yearly report (counts only) and reads no personal data: no
bilan text, no registrant list. Parents read the parents' space of their children's schools and
their district, and register to events.
"""

from directory.models import Role as R
from directory.permissions import ALL, DISTRICT, SCHOOL

_DISTRICT_TEAM = {R.INSPECTOR: DISTRICT, R.DISTRICT_TEAM: DISTRICT}
_EVERY_ROLE_BUT_ADMIN = {
    **_DISTRICT_TEAM,
    R.POLE_MEMBER: DISTRICT,
    R.DIRECTOR: SCHOOL,
    R.TEACHER: SCHOOL,
    R.PARENT: SCHOOL,
}

PERMISSIONS = {
    "outreach.index": {R.ADMIN: ALL, **_EVERY_ROLE_BUT_ADMIN},
    # Espace parents
    "parents.read": {R.ADMIN: ALL, **_EVERY_ROLE_BUT_ADMIN},
    "parents.edit": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    # The director's yearly school bilan
    "schoolbilan.view": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "schoolbilan.edit": {R.DIRECTOR: SCHOOL},
    "schoolbilan.overview": dict(_DISTRICT_TEAM),
    # The yearly report: district (IEN, admin) and per school (director)
    "yearly_report.district": {R.INSPECTOR: DISTRICT, R.ADMIN: ALL},
    "yearly_report.school": {R.INSPECTOR: DISTRICT, R.DIRECTOR: SCHOOL},
    # News, initiatives (moderated before they are public) and shared practices
    "post.write": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    "post.moderate": dict(_DISTRICT_TEAM),
    "practice.view": {
        **_DISTRICT_TEAM,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
    },
    "practice.share": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL},
    "practice.adopt": {R.DIRECTOR: SCHOOL, R.TEACHER: SCHOOL},
    "slideshow.view": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    # Réserve citoyenne: volunteers' details stay with the district team
    "reserve.volunteers": dict(_DISTRICT_TEAM),
    "reserve.request": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
    # Events
    "event.view": dict(_EVERY_ROLE_BUT_ADMIN),
    "event.register": dict(_EVERY_ROLE_BUT_ADMIN),
    "event.manage": {**_DISTRICT_TEAM, R.DIRECTOR: SCHOOL},
}
