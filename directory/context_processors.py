"""What every page shows: the user's name, roles and district, the navigation, the help numbers."""

from django.core.cache import cache

from directory.models import ReferralChannel, Role
from directory.notifications import unread_count
from directory.permissions import active_assignments, districts_of
from directory.roles import civility_of, home_links, role_title
from directory.signals import REFERRAL_CACHE_KEY


def referral_channels() -> list[dict]:
    channels = cache.get(REFERRAL_CACHE_KEY)
    if channels is None:
        channels = list(
            ReferralChannel.objects.filter(is_active=True).values(
                "label", "number", "url", "description", "in_footer"
            )
        )
        cache.set(REFERRAL_CACHE_KEY, channels, 300)
    return channels


_ROLE_RANK = [
    Role.INSPECTOR,
    Role.DISTRICT_TEAM,
    Role.POLE_MEMBER,
    Role.DIRECTOR,
    Role.TEACHER,
    Role.PARENT,
    Role.ADMIN,
    Role.POLE_SEAT,
]


def portal(request) -> dict:
    context = {"referral_channels": referral_channels()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        assignments = active_assignments(user)
        districts = districts_of(user)
        civility = civility_of(assignments)
        # Main role first (the header shows it; a seat on a pôle is never someone's main role).
        roles = sorted({a.role for a in assignments}, key=_ROLE_RANK.index)
        context["hz_roles"] = list(dict.fromkeys(role_title(role, civility) for role in roles))
        context["hz_district"] = districts[0] if districts else None
        context["hz_homes"] = home_links(user)
        context["hz_unread"] = unread_count(user)
    return context
