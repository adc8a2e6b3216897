"""A seat on a pôle ressources acts as a role: the source ``directory.permissions`` asks for the
``POLE_SEAT`` assignments of a user (one query, once per request, only when a right names it)."""

from directory.models import RoleAssignment
from directory.permissions import POLE_SEAT


def pole_seats(user) -> list[RoleAssignment]:
    """One unsaved assignment per active membership and district the pôle covers; ``group_id``
    is the pôle (the MEMBER scope)."""
    from resources_hub.models import Pole

    rows = Pole.districts.through.objects.filter(
        pole__members__user=user, pole__members__is_active=True
    ).values_list("pole_id", "district_id")
    seats = []
    for pole_id, district_id in rows.distinct().order_by("pole_id", "district_id"):
        seat = RoleAssignment(user=user, role=POLE_SEAT, district_id=district_id)
        seat.group_id = pole_id
        seats.append(seat)
    return seats
