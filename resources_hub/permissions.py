"""The rights of this axis, added to the portal's table in directory.permissions."""

from directory.models import Role as R
from directory.permissions import ALL, DISTRICT, SCHOOL

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
}
