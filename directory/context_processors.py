"""What every page shows: the user's name, roles and district, the navigation, the help numbers."""

from django.core.cache import cache

from directory.models import ReferralChannel
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


def portal(request) -> dict:
    context = {"referral_channels": referral_channels()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        assignments = active_assignments(user)
        districts = districts_of(user)
        civility = civility_of(assignments)
        context["hz_roles"] = sorted({role_title(a.role, civility) for a in assignments})
        context["hz_district"] = districts[0] if districts else None
        context["hz_homes"] = home_links(user)
        context["hz_unread"] = unread_count(user)
    return context
