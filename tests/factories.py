"""factory-boy factories for the shared directory."""

import factory

from directory.models import (
    Classroom,
    District,
    ParentProfile,
    Role,
    RoleAssignment,
    School,
    SchoolKind,
    SchoolYear,
    StaffProfile,
    User,
)
from directory.uai import uai_check_letter


def make_uai(n: int) -> str:
    digits = f"{9210000 + n:07d}"
    return digits + uai_check_letter(digits)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.test")
    password = factory.django.Password("demo")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Circonscription test {n}")
    code = factory.Sequence(lambda n: f"C{n:04d}")
    departement_code = "092"
    departement_name = "Hauts-de-Seine"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    uai = factory.Sequence(lambda n: make_uai(100 + n))
    name = factory.Sequence(lambda n: f"École élémentaire Numéro {n}")
    kind = SchoolKind.ELEMENTAIRE
    commune = "Nanterre"
    district = factory.SubFactory(DistrictFactory)


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("start_year",)

    start_year = factory.LazyFunction(lambda: SchoolYear.current().start_year)


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    school = factory.SubFactory(SchoolFactory)
    year = factory.LazyFunction(SchoolYear.current)
    name = factory.Sequence(lambda n: f"Classe {n}")
    levels = ["CM1"]


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    function = "professeur"


class ParentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentProfile

    user = factory.SubFactory(UserFactory)


# --- resources_hub -------------------------------------------------------------------------


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources_hub.Case"

    reference = factory.Sequence(lambda n: f"S-2026-{n + 1:04d}")
    school = factory.SubFactory(SchoolFactory)
    title = "Mise à l'écart en cour de récréation"
    category = "relational"
    faits_level = 2
    status = "reported"
    reported_on = factory.LazyFunction(lambda: __import__("datetime").date(2026, 11, 2))
    summary = "Plusieurs élèves écartent systématiquement un camarade des jeux de cour."


class CasePartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources_hub.CaseParty"

    case = factory.SubFactory(CaseFactory)
    label = factory.Sequence(lambda n: f"Élève{n} M.")
    role = "target"


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources_hub.Report"

    school = factory.SubFactory(SchoolFactory)
    source = "staff"
    description = "Un élève est seul à chaque récréation et ses affaires disparaissent."
    places = ["cour"]
    signals = ["isole"]
    idempotency_key = factory.Sequence(lambda n: f"key-{n}")
