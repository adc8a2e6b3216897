"""What every model of the portal builds on: scoped querysets, timestamps, the roles."""

from django.conf import settings
from django.db import models


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to filter itself to what a user may see for a permission.

    Models declare ``scope_paths``: for each scope kind (district, school, assigned, own) the
    lookup path from the model to the district, the school, the assigned user or the author.
    """

    def visible_to(self, user, perm: str):
        from directory.permissions import scope_q

        return self.filter(scope_q(user, perm, self.model.scope_paths, self.model))


class Role(models.TextChoices):
    INSPECTOR = "inspector", "Inspecteur·rice (IEN)"
    DISTRICT_TEAM = "district_team", "Équipe de circonscription"
    POLE_MEMBER = "pole_member", "Membre du pôle ressources"
    # Mirrored from an active resources_hub.PoleMember (a seat on a pôle, whatever the main role).
    POLE_SEAT = "pole_seat", "Siège au pôle ressources"
    DIRECTOR = "director", "Directeur·rice d'école"
    TEACHER = "teacher", "Enseignant·e"
    PARENT = "parent", "Parent"
    ADMIN = "admin", "Administrateur·rice"


DISTRICT_ROLES = frozenset({Role.INSPECTOR, Role.DISTRICT_TEAM, Role.POLE_MEMBER, Role.POLE_SEAT})
SCHOOL_ROLES = frozenset({Role.DIRECTOR, Role.TEACHER, Role.PARENT})


class SavedVersion(models.Model):
    """A frozen copy of a record at each save (nothing written is lost): its number, who saved it
    and when. Each versioned record adds the link to its record and what it keeps."""

    number = models.PositiveIntegerField("version")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-number"]


class TimeStamped(models.Model):
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True
