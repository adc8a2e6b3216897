"""Admin list filters behind the administrator's next actions, and the read-only anchor list.

Each filter shows exactly what the matching next action counts (``directory.actions_admin``).
"""

from django.contrib import admin

from directory.actions_admin import accounts_without_role, schools_without_director
from directory.models import AuditAnchor


class ActiveRoleFilter(admin.SimpleListFilter):
    title = "rôle valide aujourd'hui"
    parameter_name = "role_actif"

    def lookups(self, request, model_admin):
        return [("aucun", "Aucun rôle")]

    def queryset(self, request, queryset):
        if self.value() == "aucun":
            return queryset.filter(pk__in=accounts_without_role().values("pk"))
        return queryset


class DirectionFilter(admin.SimpleListFilter):
    title = "direction dans le portail"
    parameter_name = "direction"

    def lookups(self, request, model_admin):
        return [("aucune", "École ouverte sans directeur·rice")]

    def queryset(self, request, queryset):
        if self.value() == "aucune":
            return queryset.filter(pk__in=schools_without_director().values("pk"))
        return queryset


@admin.register(AuditAnchor)
class AuditAnchorAdmin(admin.ModelAdmin):
    """The daily anchors of the audit chain, read only (they are written by ``audit_anchor``)."""

    list_display = ["at", "last_id", "rows", "signature"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
