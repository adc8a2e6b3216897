"""Load the demo district and its accounts (password "demo"). Safe to run again."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from directory import audit, demo
from directory.models import (
    Classroom,
    District,
    ParentProfile,
    Role,
    RoleAssignment,
    School,
    SchoolYear,
    StaffProfile,
    User,
)

ADMIN_GROUP = "Administrateurs du portail"
ADMIN_APPS = ("directory", "axes", "otp_totp")
DEMO_PASSWORD = "demo"


# The demo's first names that take feminine titles (« Directrice d'école »).
FEMININE = {
    "Hélène",
    "Sophie",
    "Nathalie",
    "Julie",
    "Samia",
    "Claire",
    "Inès",
    "Anne",
    "Léa",
    "Emma",
}


class Command(BaseCommand):
    help = "Crée la circonscription de démonstration et ses comptes (mot de passe « demo »)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Autorise la création des comptes de démonstration lorsque DEBUG est désactivé.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusé : DEBUG est désactivé. Les comptes de démonstration ont un mot de passe "
                "connu ; utilisez --force seulement sur une instance de démonstration."
            )
        with transaction.atomic():
            district = self._district()
            schools = self._schools(district)
            classes = self._classes(schools)
            admin_group = self._admin_group()
            for row in demo.ACCOUNTS + demo.EXTRA_STAFF:
                self._account(row, district, schools, classes, admin_group)
            for app in settings.INSTALLED_APPS:
                seeder = _app_seeder(app)
                if seeder:
                    seeder(stdout=self.stdout)
        audit.anchor()  # as the daily `audit_anchor` would: the demo's chain is anchored
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo prête : {len(schools)} écoles et établissements, {len(classes)} classes, "
                f"{len(demo.ACCOUNTS)} comptes de démonstration (mot de passe « demo »)."
            )
        )

    def _district(self) -> District:
        district, _ = District.objects.update_or_create(
            code=demo.DISTRICT["code"], defaults=demo.DISTRICT
        )
        return district

    def _schools(self, district) -> dict[str, School]:
        schools = {}
        for uai, name, kind, address, postal_code, commune in demo.SCHOOLS:
            schools[uai], _ = School.objects.update_or_create(
                uai=uai,
                defaults={
                    "name": name,
                    "kind": kind,
                    "address": address,
                    "postal_code": postal_code,
                    "commune": commune,
                    "district": district,
                    "email": f"ce.{uai.lower()}@ecoles.example.org",
                },
            )
        college = schools[demo.SECTOR_COLLEGE]
        School.objects.filter(district=district).exclude(pk=college.pk).update(
            sector_college=college
        )
        return schools

    def _classes(self, schools) -> dict[tuple[str, str], Classroom]:
        year = SchoolYear.current()
        classes = {}
        for uai, school in schools.items():
            for name, levels in demo.CLASSES_BY_KIND.get(school.kind, []):
                classroom, _ = Classroom.objects.get_or_create(
                    school=school, year=year, name=name, defaults={"levels": levels}
                )
                classes[(uai, name)] = classroom
        return classes

    def _admin_group(self) -> Group:
        group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
        perms = Permission.objects.filter(
            Q(content_type__app_label__in=ADMIN_APPS)
            | Q(content_type__app_label="resources_hub", content_type__model="pole")
        ).exclude(content_type__model="auditevent")  # the anchors' list is read-only
        group.permissions.set(perms)
        return group

    def _account(self, row, district, schools, classes, admin_group) -> None:
        username, first_name, last_name, role, scope, function = row
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.harcelement-zero.example",
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.is_staff = role == Role.ADMIN
        user.save()
        if role == Role.ADMIN:
            user.groups.add(admin_group)
        if function:
            StaffProfile.objects.update_or_create(
                user=user,
                defaults={"function": function, "civility": "f" if first_name in FEMININE else "m"},
            )
        elif role == Role.PARENT:
            ParentProfile.objects.get_or_create(user=user)
        scope_kwargs = {"district": None, "school": None}
        if scope == "district":
            scope_kwargs["district"] = district
        elif scope:
            scope_kwargs["school"] = schools[scope]
        assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, **scope_kwargs)
        if role == Role.INSPECTOR and district.inspector_id != user.pk:
            district.inspector = user
            district.save(update_fields=["inspector"])
        class_names = demo.TEACHER_CLASSES.get(username, [])
        if username in demo.PARENT_CLASS:
            class_names = [demo.PARENT_CLASS[username]]
        if class_names:
            assignment.classrooms.set([classes[(scope, name)] for name in class_names])


def _app_seeder(app_label: str):
    """An axis app may ship ``<app>/demo.py`` with ``seed(stdout)``: its demo records."""
    from importlib import import_module
    from importlib.util import find_spec

    if app_label not in ("prevention", "resources_hub", "training", "outreach"):
        return None
    if find_spec(f"{app_label}.demo") is None:
        return None
    return getattr(import_module(f"{app_label}.demo"), "seed", None)
