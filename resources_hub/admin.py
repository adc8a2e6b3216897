"""Admin of « Mieux prendre en charge »: the pôles and their members only.

Nothing that holds case content (cases, reports, fiches, meetings and presentations) is registered:
the admin role manages the structure, never reads a situation."""

from django.contrib import admin

from directory.admin import AuditedAdminMixin
from resources_hub.models import Pole, PoleMember


class PoleMemberInline(admin.TabularInline):
    model = PoleMember
    extra = 0
    fields = ["user", "profile", "trained_on", "is_active"]
    autocomplete_fields = ["user"]


@admin.register(Pole)
class PoleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "district", "since_year"]
    list_filter = ["kind", "district"]
    filter_horizontal = ["districts"]
    inlines = [PoleMemberInline]
