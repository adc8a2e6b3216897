"""Django admin for the directory; every change made here is written to the audit log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from directory import audit
from directory.models import (
    Classroom,
    District,
    ParentProfile,
    Partner,
    ReferralChannel,
    RoleAssignment,
    School,
    SchoolYear,
    StaffProfile,
    User,
)


class AuditedAdminMixin:
    """Mirror the admin's own change log into the portal's append-only audit log."""

    def log_addition(self, request, obj, message):
        audit.record("create", request=request, obj=obj, detail="via l'administration")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit.record("update", request=request, obj=obj, detail="via l'administration")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit.record("delete", request=request, obj=obj, detail="via l'administration")
        return super().log_deletions(request, queryset)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "district", "school", "classrooms", "valid_from", "valid_until"]
    autocomplete_fields = ["school", "classrooms"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]


@admin.register(District)
class DistrictAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "departement_code", "inspector"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["inspector"]


@admin.register(School)
class SchoolAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "uai", "kind", "commune", "district", "is_open"]
    list_filter = ["kind", "is_open", "district"]
    search_fields = ["name", "uai", "commune"]
    autocomplete_fields = ["district", "sector_college", "referent"]
    list_select_related = ["district"]


@admin.register(SchoolYear)
class SchoolYearAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["label", "start_year"]


@admin.register(Classroom)
class ClassroomAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "school", "year", "levels_label", "unit"]
    list_filter = ["year", "unit"]
    search_fields = ["name", "school__name", "school__uai"]
    autocomplete_fields = ["school"]
    list_select_related = ["school", "year"]


@admin.register(StaffProfile)
class StaffProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "function"]
    list_filter = ["function"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(ParentProfile)
class ParentProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "accepts_emails"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "district", "school", "valid_from", "valid_until"]
    list_filter = ["role", "district"]
    search_fields = ["user__username", "user__last_name", "school__name"]
    autocomplete_fields = ["user", "school", "district", "classrooms"]
    list_select_related = ["user", "district", "school"]


@admin.register(ReferralChannel)
class ReferralChannelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "label", "order", "is_active", "in_footer"]
    list_editable = ["order", "is_active", "in_footer"]


@admin.register(Partner)
class PartnerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "district", "contact_name", "is_active"]
    list_filter = ["kind", "district", "is_active"]
    search_fields = ["name", "contact_name"]
