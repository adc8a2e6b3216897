"""Models of « Prévenir »: prevention actions and local climate surveys."""

from prevention.models.actions import (
    Action,
    ActionFile,
    ActionStatus,
    ActionType,
    Pillar,
)
from prevention.models.contest import (
    ContestCategory,
    ContestEdition,
    Criterion,
    EditionStatus,
    Entry,
    EntryKind,
    Score,
)
from prevention.models.surveys import (
    SCALE_LABELS,
    Answer,
    Campaign,
    CampaignStatus,
    IndexRole,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Section,
    SurveyCode,
)

__all__ = [
    "SCALE_LABELS",
    "Action",
    "ActionFile",
    "ActionStatus",
    "ActionType",
    "Answer",
    "Campaign",
    "CampaignStatus",
    "ContestCategory",
    "ContestEdition",
    "Criterion",
    "EditionStatus",
    "Entry",
    "EntryKind",
    "IndexRole",
    "Pillar",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "Response",
    "Score",
    "Section",
    "SurveyCode",
]
