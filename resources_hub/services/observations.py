"""Writes of the shared observation grid; a périscolaire adult's single-use link is kept as a
keyed digest only, spent by its one submission, and lets its holder read nothing."""

import hashlib
import hmac
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory import audit
from resources_hub.models import Observation, ObservationGrid, ObservedSignal, ObserverLink

LINK_DAYS = 15


def _digest(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


def grid_open(*, case, party, user, request=None) -> ObservationGrid:
    existing = ObservationGrid.objects.filter(case=case, party=party).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        grid = ObservationGrid.objects.create(
            school=case.school,
            case=case,
            party=party,
            pupil_label=party.label,
            class_label=party.classroom.name if party.classroom else party.class_label,
            started_on=timezone.localdate(),
            opened_by=user,
        )
        audit.record("create", request=request, user=user, obj=grid)
    return grid


def concern_grid_open(*, school, pupil_label: str, class_label: str, user, request=None):
    """A grid for a concern not yet a case (one per school and pupil label)."""
    with transaction.atomic():
        grid, created = ObservationGrid.objects.get_or_create(
            school=school,
            case=None,
            pupil_label=pupil_label,
            defaults={
                "class_label": class_label,
                "started_on": timezone.localdate(),
                "opened_by": user,
            },
        )
        if created:
            audit.record("create", request=request, user=user, obj=grid)
    return grid


def observation_add(
    *,
    grid: ObservationGrid,
    observed_on: date,
    place: str,
    signals: list[str],
    note: str,
    observer_name: str,
    user=None,
    request=None,
) -> Observation:
    if not signals or not set(signals) <= set(ObservedSignal.values):
        raise ValidationError("Cochez au moins une chose observée.")
    with transaction.atomic():
        item = Observation.objects.create(
            grid=grid,
            observed_on=observed_on,
            place=place,
            signals=list(signals),
            note=note,
            observer=user,
            observer_name=observer_name,
        )
        audit.record("update", request=request, user=user, obj=grid, detail="observation")
    return item


def link_create(*, grid: ObservationGrid, observer_name: str, place: str, user, request=None):
    """Returns the link and its token (shown once, never stored)."""
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        link = ObserverLink.objects.create(
            grid=grid,
            observer_name=observer_name,
            place=place,
            token_digest=_digest(token),
            created_by=user,
            expires_on=timezone.localdate() + timedelta(days=LINK_DAYS),
        )
        audit.record("update", request=request, user=user, obj=grid, detail="lien d'observation")
    return link, token


def link_for(token: str) -> ObserverLink | None:
    """A usable link: known, not spent, not expired."""
    if not token or len(token) > 64:
        return None
    return (
        ObserverLink.objects.select_related("grid")
        .filter(
            token_digest=_digest(token),
            used_at__isnull=True,
            expires_on__gte=timezone.localdate(),
        )
        .first()
    )


def link_use(*, token: str, observed_on, signals, note) -> Observation | None:
    """Spend the link on one set of observations (None when spent, unknown or expired)."""
    with transaction.atomic():
        link = link_for(token)
        if link is None:
            return None
        spent = ObserverLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not spent:
            return None
        return observation_add(
            grid=link.grid,
            observed_on=observed_on,
            place=link.place,
            signals=signals,
            note=note,
            observer_name=link.observer_name,
        )


def aggregate(observations) -> list[dict]:
    """Per signal: how many observations, from which places, by whom and when."""
    rows: dict[str, dict] = {}
    for obs in observations:
        for signal in obs.signals:
            if signal not in ObservedSignal.values:
                continue
            row = rows.setdefault(
                signal,
                {"label": ObservedSignal(signal).label, "count": 0, "places": set(), "by": []},
            )
            row["count"] += 1
            row["places"].add(obs.get_place_display())
            row["by"].append(f"{obs.observer_name} ({obs.observed_on:%d/%m})")
    result = sorted(rows.values(), key=lambda r: -r["count"])
    for row in result:
        row["places"] = sorted(row["places"])
    return result
