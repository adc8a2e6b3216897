"""A seat on a pôle ressources acts as a role: each active ``PoleMember`` is mirrored as
``POLE_SEAT`` role assignments (one per district the pôle covers), kept in step on every change
of a membership or of a pôle's districts, so the permission table applies without extra query."""

from django.db import transaction

from directory.models import RoleAssignment
from directory.permissions import POLE_SEAT, forget_assignments


def sync_pole_seats(user) -> None:
    from resources_hub.models import Pole

    wanted = set(
        Pole.districts.through.objects.filter(
            pole__members__user=user, pole__members__is_active=True
        ).values_list("district_id", flat=True)
    )
    with transaction.atomic():
        current = RoleAssignment.objects.filter(user=user, role=POLE_SEAT)
        current.exclude(district_id__in=wanted).delete()
        have = set(current.values_list("district_id", flat=True))
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, role=POLE_SEAT, district_id=d) for d in wanted - have
        )
    forget_assignments(user)


def _member_changed(sender, instance, **kwargs) -> None:
    sync_pole_seats(instance.user)


def _pole_districts_changed(sender, instance, action, reverse=False, **kwargs) -> None:
    if reverse:
        return
    lost_own = (
        action in ("post_remove", "post_clear")
        and instance.district_id
        and not instance.districts.filter(pk=instance.district_id).exists()
    )
    if lost_own:
        instance.districts.add(instance.district_id)  # a pôle always covers its own district
        return
    if action in ("post_add", "post_remove", "post_clear"):
        from resources_hub.models import PoleMember

        for member in PoleMember.objects.filter(pole=instance).select_related("user"):
            sync_pole_seats(member.user)


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from resources_hub.models import Pole, PoleMember

    post_save.connect(_member_changed, sender=PoleMember, dispatch_uid="pole_seat_save")
    post_delete.connect(_member_changed, sender=PoleMember, dispatch_uid="pole_seat_delete")
    m2m_changed.connect(
        _pole_districts_changed, sender=Pole.districts.through, dispatch_uid="pole_seat_districts"
    )
