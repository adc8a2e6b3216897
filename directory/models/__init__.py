"""The shared directory: districts, schools, years, classes, people, their roles, and the audit log.

Every app builds on these models; scoping (who sees what) lives in ``directory.permissions``.
One module per area; everything is importable from ``directory.models`` as before.
"""

from directory.models.base import (
    DISTRICT_ROLES,
    SCHOOL_ROLES,
    Role,
    SavedVersion,
    ScopedQuerySet,
    TimeStamped,
)
from directory.models.notifications import Notification, NotificationFrequency, NotificationSettings
from directory.models.partners import Partner, PartnerKind
from directory.models.people import (
    Civility,
    ParentProfile,
    RoleAssignment,
    RoleAssignmentQuerySet,
    StaffFunction,
    StaffProfile,
    User,
)
from directory.models.records import (
    AuditAction,
    AuditAnchor,
    AuditEvent,
    RateLimitBucket,
    ReferralChannel,
)
from directory.models.schools import (
    LEVEL_CYCLE,
    LEVEL_ORDER,
    PARTNER_KINDS,
    Classroom,
    ClassroomUnit,
    District,
    Level,
    School,
    SchoolKind,
    SchoolYear,
    cycles_for,
)

__all__ = [
    "DISTRICT_ROLES",
    "LEVEL_CYCLE",
    "LEVEL_ORDER",
    "PARTNER_KINDS",
    "SCHOOL_ROLES",
    "AuditAction",
    "AuditAnchor",
    "AuditEvent",
    "Civility",
    "Classroom",
    "ClassroomUnit",
    "District",
    "Level",
    "Notification",
    "NotificationFrequency",
    "NotificationSettings",
    "ParentProfile",
    "Partner",
    "PartnerKind",
    "RateLimitBucket",
    "ReferralChannel",
    "Role",
    "RoleAssignment",
    "RoleAssignmentQuerySet",
    "SavedVersion",
    "School",
    "SchoolKind",
    "SchoolYear",
    "ScopedQuerySet",
    "StaffFunction",
    "StaffProfile",
    "TimeStamped",
    "User",
    "cycles_for",
]
