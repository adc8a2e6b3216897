"""Models of « Mieux prendre en charge »: reports, cases, fiches bilan, pôles, plans, protocol."""

from resources_hub.models.bilan import FicheBilan, FicheBilanVersion
from resources_hub.models.cases import (
    Attachment,
    Case,
    CaseCategory,
    CaseEvent,
    CaseEventKind,
    CaseHandler,
    CaseParty,
    CaseStatus,
    CaseTransition,
    HandlerKind,
    PartyRole,
    PikasSession,
    Severity,
)
from resources_hub.models.plans import CrisisProtocol, CrisisProtocolVersion, PreventionPlan
from resources_hub.models.pole import CasePresentation, Pole, PoleMeeting, PoleMember
from resources_hub.models.reports import (
    Place,
    PupilAccess,
    Report,
    ReportMessage,
    ReportSource,
    ReportStatus,
    ReviewReason,
    WeakSignal,
)

__all__ = [
    "Attachment",
    "Case",
    "CaseCategory",
    "CaseEvent",
    "CaseEventKind",
    "CaseHandler",
    "CaseParty",
    "CasePresentation",
    "CaseStatus",
    "CaseTransition",
    "CrisisProtocol",
    "CrisisProtocolVersion",
    "FicheBilan",
    "FicheBilanVersion",
    "HandlerKind",
    "PartyRole",
    "PikasSession",
    "Place",
    "Pole",
    "PoleMeeting",
    "PoleMember",
    "PreventionPlan",
    "PupilAccess",
    "Report",
    "ReportMessage",
    "ReportSource",
    "ReportStatus",
    "ReviewReason",
    "Severity",
    "WeakSignal",
]
