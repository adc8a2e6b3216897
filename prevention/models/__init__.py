"""Models of « Prévenir »: prevention actions and local climate surveys."""

from prevention.models.actions import (
    Action,
    ActionFile,
    ActionStatus,
    ActionType,
    Pillar,
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
    "IndexRole",
    "Pillar",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "Response",
    "Section",
    "SurveyCode",
]
