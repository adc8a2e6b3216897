"""factory-boy factories of « Prévenir »."""

import datetime

import factory

from directory.models import SchoolYear
from prevention.models import Action, ActionStatus
from prevention.services.actions import catalogue_for


def plan_type(district, name="Mallette de prévention"):
    catalogue_for(district)
    return district.action_types.get(name=name)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    school = None
    action_type = factory.LazyAttribute(lambda a: plan_type(a.school.district))
    year = factory.LazyAttribute(lambda a: SchoolYear.current(a.starts_on))
    title = factory.Sequence(lambda n: f"Action {n}")
    starts_on = factory.LazyFunction(lambda: datetime.date.today())
    hours_per_class = 2
    status = ActionStatus.DONE
    cycle_3 = True
