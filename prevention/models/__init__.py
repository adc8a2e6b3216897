"""Models of « Prévenir »: prevention actions and local climate surveys."""

from prevention.models.actions import (
    Action,
    ActionFile,
    ActionStatus,
    ActionType,
    Pillar,
)

__all__ = ["Action", "ActionFile", "ActionStatus", "ActionType", "Pillar"]
