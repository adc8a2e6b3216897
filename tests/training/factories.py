"""factory-boy factories for « Former »."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from training.models import Budget, Session, TrainingKind


def kind(code: str = "circonscription") -> TrainingKind:
    """A seeded kind; recreated when a transactional test has flushed the seeded rows."""
    found, _ = TrainingKind.objects.get_or_create(
        code=code,
        defaults={
            "name": code,
            "self_paced": code == "magistere",
            "default_hours": Decimal(3),
        },
    )
    return found


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = factory.LazyFunction(kind)
    title = factory.Sequence(lambda n: f"Animation harcèlement {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=3))
    place = "Salle polyvalente, école Jules Ferry"
    capacity = 10
    hours = Decimal(3)
    budget = Budget.TRAINING
