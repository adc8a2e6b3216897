"""Sessions on top of the persona world: ``offer.session`` in D1 (two seats), ``offer.other``
in D2, and three more teachers of school A (``t1``..``t3``)."""

from types import SimpleNamespace

import pytest

from directory.models import Role
from tests.conftest import _person
from tests.factories import AssignmentFactory
from tests.training.factories import SessionFactory


@pytest.fixture
def offer(world):
    teachers = []
    for i in range(1, 4):
        user = _person(f"prof{i}", "professeur", last_name=f"Prof{i}")
        AssignmentFactory(user=user, role=Role.TEACHER, school=world.school_a)
        teachers.append(user)
    session = SessionFactory(district=world.d1, capacity=2, title="Repérer les signaux faibles")
    other = SessionFactory(district=world.d2, title="Session de Colombes")
    return SimpleNamespace(session=session, other=other, teachers=teachers)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
