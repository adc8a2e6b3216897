import datetime

import pytest

from directory import permissions
from directory.models import School
from directory.permissions import can, has_perm, register


def _visible(user, perm="school.view"):
    return set(School.objects.visible_to(user, perm).values_list("name", flat=True))


def test_district_roles_see_their_district_schools_only(world):
    assert _visible(world.users["ien"]) == {world.school_a.name, world.school_b.name}
    assert _visible(world.users["ien_autre"]) == {world.school_c.name}


def test_school_roles_see_their_school_only(world):
    assert _visible(world.users["directeur"]) == {world.school_a.name}
    assert _visible(world.users["directeur2"]) == {world.school_b.name}


def test_admin_sees_every_school(world):
    assert len(_visible(world.users["admin"])) == 3


def test_parent_has_no_school_view_right_but_gets_their_schools_sheet(world):
    parent = world.users["parent"]
    assert not has_perm(parent, "school.view")
    assert _visible(parent) == set()
    assert _visible(parent, "school.referral_sheet") == {world.school_a.name}


def test_can_checks_right_and_scope(world):
    assert can(world.users["directeur"], "school.view", world.school_a)
    assert not can(world.users["directeur"], "school.view", world.school_b)
    assert not can(world.users["parent"], "audit.view")


def test_expired_assignment_grants_nothing(world):
    user = world.users["directeur"]
    user.assignments.update(
        valid_until=datetime.date(2020, 1, 1), valid_from=datetime.date(2019, 9, 1)
    )
    permissions.forget_assignments(user)
    assert not has_perm(user, "school.view")
    assert _visible(user) == set()


def test_future_assignment_grants_nothing_yet(world):
    user = world.users["enseignant"]
    user.assignments.update(valid_from=datetime.date(2099, 9, 1))
    permissions.forget_assignments(user)
    assert not has_perm(user, "home.teacher")


def test_inactive_user_has_no_rights(world):
    user = world.users["ien"]
    user.is_active = False
    permissions.forget_assignments(user)
    assert not has_perm(user, "school.view")


def test_unknown_permission_is_an_error(world):
    with pytest.raises(KeyError):
        has_perm(world.users["ien"], "nope.nothing")


def test_a_permission_cannot_be_declared_twice():
    with pytest.raises(ValueError):
        register({"school.view": {}})


def test_assignments_loaded_once_per_request_user(world, django_assert_num_queries):
    user = world.users["ien"]
    permissions.forget_assignments(user)
    with django_assert_num_queries(1):
        for _ in range(5):
            has_perm(user, "school.view")
