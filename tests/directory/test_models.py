import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.models import Role, RoleAssignment, SchoolKind, SchoolYear
from directory.uai import uai_error, validate_uai
from tests.factories import ClassroomFactory, DistrictFactory, SchoolFactory, UserFactory


@pytest.mark.parametrize("uai", ["0921001N", "0921013B", "0921020J"])
def test_valid_uai_accepted(uai):
    validate_uai(uai)


@pytest.mark.parametrize(
    ("uai", "fragment"),
    [
        ("0921021A", "lettre de contrôle"),
        ("92102", "7 chiffres"),
        ("0921001n", "7 chiffres"),
        ("", "7 chiffres"),
    ],
)
def test_invalid_uai_refused_with_french_reason(uai, fragment):
    assert fragment in uai_error(uai)
    with pytest.raises(ValidationError):
        validate_uai(uai)


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (datetime.date(2026, 8, 31), 2025),
        (datetime.date(2026, 9, 1), 2026),
        (datetime.date(2027, 1, 15), 2026),
    ],
)
def test_school_year_switches_on_first_of_september(db, day, start):
    year = SchoolYear.current(day)
    assert year.start_year == start
    assert year.label == f"{start}-{start + 1}"
    assert SchoolYear.current(day) == year  # no duplicate


def test_classroom_cycles_derived_from_levels(db):
    classroom = ClassroomFactory(levels=["CM1", "CE2", "CE2"])
    classroom.refresh_from_db()
    assert classroom.levels == ["CE2", "CM1"]
    assert classroom.cycles == [2, 3]
    assert classroom.levels_label == "CE2-CM1"
    assert classroom.cycle_label == "cycle 2 et cycle 3"


def test_ecole_needs_a_district_but_a_college_may_have_none(db):
    SchoolFactory(kind=SchoolKind.COLLEGE, district=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(kind=SchoolKind.ELEMENTAIRE, district=None)


@pytest.mark.parametrize(
    ("role", "with_district", "with_school"),
    [
        (Role.DIRECTOR, True, False),
        (Role.INSPECTOR, False, True),
        (Role.ADMIN, True, False),
        (Role.PARENT, False, False),
    ],
)
def test_assignment_scope_must_match_role(db, role, with_district, with_school):
    school = SchoolFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=UserFactory(),
            role=role,
            district=school.district if with_district else None,
            school=school if with_school else None,
        )


def test_assignment_end_before_start_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=UserFactory(),
            role=Role.INSPECTOR,
            district=DistrictFactory(),
            valid_from=datetime.date(2026, 9, 1),
            valid_until=datetime.date(2026, 8, 1),
        )


def test_email_unique_case_insensitive(db):
    UserFactory(username="a", email="Camille@Exemple.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="b", email="camille@exemple.test")


@pytest.mark.parametrize("code", ["Nanterre 1", "NAN/1", "école", "-NAN", "a" * 21])
def test_a_district_code_the_address_converter_would_refuse_is_refused(db, code):
    from django.urls import reverse

    from directory.models import District

    district = District(name="Nanterre 1", code=code, departement_code="92")
    with pytest.raises(ValidationError) as refused:
        district.full_clean()
    assert "Le code d'une circonscription" in str(refused.value)
    district.code = "NAN_1-b"
    district.full_clean()
    assert reverse("outreach:parents-district", kwargs={"code": district.code})


def test_migrate_writes_this_school_year_and_the_next_so_reads_create_none(db):
    from django.utils import timezone

    start = SchoolYear.start_year_for(timezone.localdate())
    held = set(SchoolYear.objects.values_list("start_year", flat=True))

    assert {start, start + 1} <= held
    assert SchoolYear.current().start_year == start
    assert SchoolYear.objects.count() == len(held)
