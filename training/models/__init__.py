"""Models of the « Former » axis."""

from training.models.ambassadors import (
    PUPIL_PROGRAMMES,
    Ambassador,
    Cohort,
    PoleTrainingDay,
    Programme,
)
from training.models.meetings import (
    AgendaItem,
    CpcRequest,
    Meeting,
    MeetingAttendance,
    MeetingDocument,
    MeetingKind,
    Topic,
)
from training.models.offer import (
    ACTIVE,
    BUDGET_HOURS,
    HOLDING,
    YEARLY_HOURS,
    Budget,
    CalendarToken,
    Enrolment,
    EnrolmentStatus,
    Session,
    TrainingKind,
)

__all__ = [
    "ACTIVE",
    "BUDGET_HOURS",
    "HOLDING",
    "PUPIL_PROGRAMMES",
    "YEARLY_HOURS",
    "AgendaItem",
    "Ambassador",
    "Budget",
    "CalendarToken",
    "Cohort",
    "CpcRequest",
    "Enrolment",
    "EnrolmentStatus",
    "Meeting",
    "MeetingAttendance",
    "MeetingDocument",
    "MeetingKind",
    "PoleTrainingDay",
    "Programme",
    "Session",
    "Topic",
    "TrainingKind",
]
