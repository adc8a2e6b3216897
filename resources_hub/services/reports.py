"""Writes of the reports area beyond the shared services (the pupils' are in ``pupil.py``)."""

from directory.models import Role, School
from directory.permissions import active_assignments
from resources_hub.models import ReportSource

_STAFF_ROLES = {Role.DIRECTOR, Role.TEACHER}


def report_source_for(*, user, school: School) -> str:
    """The origin recorded on an adult's report: school staff, or a parent."""
    for assignment in active_assignments(user):
        if assignment.school_id == school.pk and assignment.role in _STAFF_ROLES:
            return ReportSource.STAFF
    return ReportSource.PARENT
