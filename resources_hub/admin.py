"""Admin of « Mieux prendre en charge »: the pôles' structure only.

Who manages the pôles (README, « Pôles ressources ») : the administrator creates a pôle (name,
kind, district) like a school; its members are chosen by the district team (IEN, CPC: the
``pole.manage`` right) on the pôle's page in the portal, where each change is journalled. Here the
members are listed, not edited. Nothing that holds case content (cases, reports, fiches, meetings
and presentations) is registered: the admin role manages the structure, never reads a situation.
"""

from django.contrib import admin

from directory.admin import AuditedAdminMixin
from resources_hub.models import Pole, PoleMember


class PoleMemberInline(admin.TabularInline):
    model = PoleMember
    extra = 0
    fields = ["user", "profile", "trained_on", "is_active"]
    readonly_fields = fields
    verbose_name_plural = "membres (gérés par l'équipe de circonscription dans le portail)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(Pole)
class PoleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "district", "since_year"]
    list_filter = ["kind", "district"]
    filter_horizontal = ["districts"]
    inlines = [PoleMemberInline]
