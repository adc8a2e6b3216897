"""Models of the « Informer » axis."""

from outreach.models.bilan import SchoolBilan, SchoolBilanVersion, YearlyReport
from outreach.models.events import Event, EventAudience, EventKind, Registration
from outreach.models.parents import LANGUAGES, Audience, PageTranslation, ParentPage, Topic
from outreach.models.posts import (
    Post,
    PostKind,
    PostStatus,
    Practice,
    PracticeAdoption,
)
from outreach.models.reserve import (
    Intervention,
    InterventionRequest,
    RequestStatus,
    Skill,
    Vetting,
    Volunteer,
)

__all__ = [
    "LANGUAGES",
    "Audience",
    "Event",
    "EventAudience",
    "EventKind",
    "Intervention",
    "InterventionRequest",
    "PageTranslation",
    "ParentPage",
    "Post",
    "PostKind",
    "PostStatus",
    "Practice",
    "PracticeAdoption",
    "Registration",
    "RequestStatus",
    "SchoolBilan",
    "SchoolBilanVersion",
    "Skill",
    "Topic",
    "Vetting",
    "Volunteer",
    "YearlyReport",
]
