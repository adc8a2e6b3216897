"""Django admin for the directory; every change made here is written to the audit log.

The admin role manages accounts, schools and the structure, never case content, and never itself:
nobody changes their own roles or rights here; every grant of a district, school or pôle role is
journalled with its district and told to that district's IEN; passwords are never set by the admin
(a reset link is sent instead) and second-factor secrets are never shown. Library internals (task
queue, lockouts, OTP devices) are for superusers, or shown in French with no secret.
"""

from urllib.parse import urlsplit

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from directory import audit
from directory.admin_extra import ActiveRoleFilter, DirectionFilter
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

OWN_ROLES_REFUSED = "Vous ne pouvez pas modifier vos propres rôles ni vos propres droits."


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


# --- Role grants ----------------------------------------------------------------------------------


def announce_grant(request, assignment: RoleAssignment, *, created: bool) -> None:
    """Journal the grant with its district and tell that district's IEN (never the granter)."""
    verb = "attribué" if created else "modifié"
    audit.record(
        "create" if created else "update",
        request=request,
        obj=assignment,
        detail=f"rôle {verb} à {assignment.user.get_username()} : "
        f"{assignment.get_role_display()} ({assignment.scope_label}) via l'administration",
    )
    tell_inspectors(request, assignment)


def tell_inspectors(request, assignment: RoleAssignment) -> None:
    """The IEN of the district a grant concerns is told (never the granter themselves)."""
    from directory.notifications import inspectors_of, notify

    district_id = assignment.audit_district_id
    district = District.objects.filter(pk=district_id).first() if district_id else None
    if district is None:
        return
    inspectors = inspectors_of(district).exclude(pk=request.user.pk)
    url = f"{reverse('directory:audit-log')}?object_type=directory.roleassignment"
    notify(inspectors, event="role.granted", url=url)


def _is_self(request, user) -> bool:
    return user is not None and getattr(user, "pk", None) == request.user.pk


class RoleAssignmentForm(forms.ModelForm):
    """Refuses a grant to oneself, whatever the page it comes from."""

    request_user = None

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "district", "school", "classrooms", "valid_from", "valid_until"]

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user") or getattr(self.instance, "user", None)
        if self.request_user is not None and user is not None and user.pk == self.request_user.pk:
            raise ValidationError(OWN_ROLES_REFUSED)
        return cleaned


def _form_for(form_class, request):
    return type(form_class.__name__, (form_class,), {"request_user": request.user})


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    fk_name = "user"
    extra = 0
    fields = ["role", "district", "school", "classrooms", "valid_from", "valid_until"]
    autocomplete_fields = ["school", "classrooms"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = _form_for(self.form, request)
        return super().get_formset(request, obj, **kwargs)

    # One's own roles are shown, never editable.
    def has_add_permission(self, request, obj=None):
        return not _is_self(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_self(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_self(request, obj) and super().has_delete_permission(request, obj)


# --- Accounts -------------------------------------------------------------------------------------


def send_reset_link(user: User) -> bool:
    """E-mail the account a one-time link to choose its password (never chosen by the admin)."""
    from directory.forms import PasswordResetForm

    if not user.email or not user.is_active:
        return False
    public = urlsplit(settings.HZ_PUBLIC_URL)
    context = {
        "email": user.email,
        "domain": public.netloc,
        "site_name": settings.HZ_SITE_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": public.scheme or "https",
    }
    PasswordResetForm().send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.txt",
        context,
        None,
        user.email,
    )
    return True


class AccountCreationForm(forms.ModelForm):
    """A new account has no password: the person chooses it through the link sent to them."""

    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if not email:
            raise ValidationError(
                "L'adresse électronique est nécessaire : le lien pour choisir le mot de passe "
                "y est envoyé."
            )
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


PASSWORD_NOTE = (
    "Les mots de passe ne sont jamais visibles ni choisis par l'administration : pour en faire "
    "choisir un nouveau, cochez le compte dans la liste et lancez l'action « Envoyer un lien "
    "pour choisir un nouveau mot de passe »."
)


class AccountChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            password.label = "Mot de passe"
            password.help_text = (
                "Les mots de passe ne sont jamais visibles ni choisis par l'administration : "
                "utilisez l'action « Envoyer un lien pour choisir un nouveau mot de passe » "
                "de la liste des comptes."
            )


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "first_name", "last_name")}),
    )
    inlines = [RoleAssignmentInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active"]
    list_filter = [ActiveRoleFilter, "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "email", "first_name", "last_name"]
    actions = ["send_password_links"]
    SELF_LOCKED = ("is_staff", "is_superuser", "groups", "user_permissions", "is_active")

    def get_fieldsets(self, request, obj=None):
        """No password field (not even its hash): the admin sends a link instead."""
        if obj is None:
            return super().get_fieldsets(request, obj)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [field for field in options.get("fields", ()) if field != "password"]
            if name is None:
                options = {**options, "description": PASSWORD_NOTE}
            fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if _is_self(request, obj):
            fields += [name for name in self.SELF_LOCKED if name not in fields]
        if not request.user.is_superuser:
            fields += [name for name in ("is_superuser", "user_permissions") if name not in fields]
        return fields

    def user_change_password(self, request, id, form_url=""):
        """No password is ever set here: the admin sends a link instead."""
        messages.warning(
            request,
            "L'administration ne choisit pas les mots de passe : envoyez un lien depuis la "
            "liste des comptes (action « Envoyer un lien pour choisir un nouveau mot de passe »).",
        )
        return redirect("admin:directory_user_change", id)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            transaction.on_commit(lambda: send_reset_link(obj))

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            audit.record("delete", request=request, obj=deleted, detail="rôle retiré")
            deleted.delete()
        created = {id(i) for i in instances if i.pk is None}
        for instance in instances:
            instance.save()
            if isinstance(instance, RoleAssignment):
                announce_grant(request, instance, created=id(instance) in created)
        formset.save_m2m()

    @admin.action(description="Envoyer un lien pour choisir un nouveau mot de passe")
    def send_password_links(self, request, queryset):
        sent = 0
        for user in queryset:
            if send_reset_link(user):
                sent += 1
                audit.record(
                    "update",
                    request=request,
                    obj=user,
                    detail="lien de réinitialisation du mot de passe envoyé",
                )
        messages.info(request, f"{sent} lien(s) envoyé(s) ; les comptes sans adresse sont ignorés.")


@admin.register(District)
class DistrictAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "departement_code", "inspector"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["inspector"]


@admin.register(School)
class SchoolAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "uai", "kind", "commune", "district", "is_open"]
    list_filter = [DirectionFilter, "kind", "is_open", "district"]
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
    form = RoleAssignmentForm
    list_display = ["user", "role", "district", "school", "valid_from", "valid_until"]
    list_filter = ["role", "district"]
    search_fields = ["user__username", "user__last_name", "school__name"]
    autocomplete_fields = ["user", "school", "district", "classrooms"]
    list_select_related = ["user", "district", "school"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _form_for(super().get_form(request, obj, change=change, **kwargs), request)

    def has_change_permission(self, request, obj=None):
        owned = obj is not None and obj.user_id == request.user.pk
        return not owned and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        owned = obj is not None and obj.user_id == request.user.pk
        return not owned and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        """The bulk delete action: one's own roles stay, whatever was ticked."""
        super().delete_queryset(request, queryset.exclude(user=request.user))

    def save_model(self, request, obj, form, change):
        """Journalled by ``log_addition`` / ``log_change`` with the grant's district."""
        super().save_model(request, obj, form, change)
        if not change or {"role", "district", "school", "user"} & set(form.changed_data):
            tell_inspectors(request, obj)


@admin.register(ReferralChannel)
class ReferralChannelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "label", "order", "is_active", "in_footer"]
    list_editable = ["order", "is_active", "in_footer"]


@admin.register(Partner)
class PartnerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "district", "contact_name", "is_active"]
    list_filter = ["kind", "district", "is_active"]
    search_fields = ["name", "contact_name"]


# --- Library internals ----------------------------------------------------------------------------

# The libraries' apps, named in French on the admin's index.
APP_NAMES = {
    "axes": "Verrouillage des connexions",
    "otp_totp": "Double authentification",
    "django_otp": "Double authentification",
    "django_tasks_database": "Tâches de fond (technique)",
    "auth": "Groupes et droits",
}
MODEL_NAMES = {
    ("axes", "accessattempt"): ("tentative échouée", "tentatives échouées (verrouillages)"),
    ("axes", "accesslog"): ("connexion", "historique des connexions"),
    ("axes", "accessfailurelog"): ("échec de connexion", "historique des échecs de connexion"),
    ("otp_totp", "totpdevice"): (
        "application d'authentification",
        "applications d'authentification",
    ),
}
SUPERUSER_ONLY = ("django_tasks_database", "dsfr")


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """A library's technical model: superusers only, never in an ordinary admin's index."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


def _devices_admin():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    class TOTPDeviceAdmin(AuditedAdminMixin, admin.ModelAdmin):
        """The secret never leaves the database: no key, no QR code, no enrolment here (the
        person enrols in the portal). Deleting a lost phone's device is allowed and audited."""

        list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
        list_filter = ["confirmed"]
        search_fields = ["user__username", "user__email"]
        fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
        readonly_fields = fields

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        def has_delete_permission(self, request, obj=None):
            owned = obj is not None and obj.user_id == request.user.pk
            return not owned and super().has_delete_permission(request, obj)

        def log_deletions(self, request, queryset):
            for device in queryset:
                audit.record(
                    "delete",
                    request=request,
                    obj=device.user,
                    detail="double authentification réinitialisée via l'administration",
                )
            return admin.ModelAdmin.log_deletions(self, request, queryset)

    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)
    admin.site.register(TOTPDevice, TOTPDeviceAdmin)


def tidy_library_admin() -> None:
    """French names for the libraries' apps and models; the task queue for superusers only;
    the TOTP devices without their secrets. Called from ``DirectoryConfig.ready``."""
    for label, name in APP_NAMES.items():
        try:
            apps.get_app_config(label).verbose_name = name
        except LookupError:
            continue
    for (label, model_name), (singular, plural) in MODEL_NAMES.items():
        try:
            meta = apps.get_model(label, model_name)._meta
        except LookupError:
            continue
        meta.verbose_name, meta.verbose_name_plural = singular, plural
    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label in SUPERUSER_ONLY and not isinstance(
            model_admin, SuperuserOnlyAdmin
        ):
            cls = type(model_admin)
            admin.site.unregister(model)
            admin.site.register(model, type(cls.__name__, (SuperuserOnlyAdmin, cls), {}))
    _devices_admin()
