"""Scope for outreach objects that belong to a district and, optionally, to one of its schools.

A district-wide object (no school) is seen by every school role of that district; a school's
object by that school's roles and the district team. The rule is derived from the permission
table (``directory.permissions.grants``), never from a role test in a view.
"""

from django.db import models
from django.db.models import Q

from directory.models import ScopedQuerySet
from directory.permissions import ALL, DISTRICT, SCHOOL, grants


class DistrictOrSchoolQuerySet(ScopedQuerySet):
    def visible_to(self, user, perm: str):
        clauses = []
        for assignment, scope in grants(user, perm):
            if scope == ALL:
                return self.all()
            if scope == DISTRICT:
                clauses.append(Q(district_id=assignment.district_id))
            elif scope == SCHOOL and assignment.school_id:
                clauses.append(
                    Q(school_id=assignment.school_id)
                    | Q(school__isnull=True, district_id=assignment.school.district_id)
                )
        if not clauses:
            return self.none()
        combined = clauses[0]
        for clause in clauses[1:]:
            combined |= clause
        return self.filter(combined)

    def editable_by(self, user, perm: str):
        """The plain scope: a school role edits its school's objects, never the district's."""
        return super().visible_to(user, perm)


class DistrictOrSchoolModel(models.Model):
    """District always set; ``school`` set for a school's own object."""

    district = models.ForeignKey(
        "directory.District",
        verbose_name="circonscription",
        on_delete=models.CASCADE,
        related_name="+",
    )
    school = models.ForeignKey(
        "directory.School",
        verbose_name="école",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = DistrictOrSchoolQuerySet.as_manager()
    scope_paths = {"district": "district", "school": "school"}

    class Meta:
        abstract = True

    @property
    def audit_district_id(self):
        return self.district_id

    @property
    def where_label(self) -> str:
        return self.school.name if self.school_id else f"Circonscription {self.district.name}"
