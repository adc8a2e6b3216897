"""Actions on top of the persona world: one in school A, one in B (shared), one in C."""

from types import SimpleNamespace

import pytest

from tests.prevention.factories import ActionFactory


@pytest.fixture
def actions(world):
    a = ActionFactory(school=world.school_a, title="Mallette en CM1", is_shared=False)
    a.classrooms.add(world.class_a)
    b = ActionFactory(school=world.school_b, title="Kin-ball partagé", is_shared=True)
    b_private = ActionFactory(school=world.school_b, title="Action privée B", is_shared=False)
    c = ActionFactory(school=world.school_c, title="Débats Colombes", is_shared=True)
    return SimpleNamespace(a=a, b=b, b_private=b_private, c=c)
