"""The case dashboard's district figures, cached and dropped on every write that changes them.

A district's figures are cached under a key that carries a generation number per district.
Any save or delete of a case, report, chronology event or transition bumps the generation of its
district (signals), and the key also carries the district's latest ``Case.updated_at`` and
``Report.created_at`` (two index lookups): they catch the writes done with ``QuerySet.update()``,
which send no signal, and the writes of another process when the cache is per process (local
memory). ``TIMEOUT`` bounds what any other path could leave stale.
"""

from django.core.cache import cache
from django.db.models import Max
from django.db.models.signals import post_delete, post_save

TIMEOUT = 10 * 60
PREFIX = "hz:dashboard:v1"


def _generation_key(district_id) -> str:
    return f"{PREFIX}:gen:{district_id}"


def bump(district_id) -> None:
    key = _generation_key(district_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def key_for(district_ids: list[int], today, extra: str = "") -> str:
    """The cache key of the figures over ``district_ids`` as of now."""
    from resources_hub.models import Case, Report

    generations = cache.get_many([_generation_key(d) for d in district_ids])
    latest_case = Case.objects.filter(district_id__in=district_ids).aggregate(m=Max("updated_at"))
    latest_report = Report.objects.filter(district_id__in=district_ids).aggregate(
        m=Max("created_at")
    )
    parts = [f"{d}.{generations.get(_generation_key(d), 0)}" for d in district_ids]
    stamps = [s["m"].timestamp() if s["m"] else 0 for s in (latest_case, latest_report)]
    return f"{PREFIX}:{today:%Y%m%d}:{'-'.join(parts)}:{stamps[0]}:{stamps[1]}:{extra}"


def cached(district_ids: list[int], today, compute, extra: str = ""):
    key = key_for(sorted(district_ids), today, extra)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def _district_of(instance):
    district_id = getattr(instance, "district_id", None)
    if district_id is None and getattr(instance, "case_id", None):
        from resources_hub.models import Case

        district_id = (
            Case.objects.filter(pk=instance.case_id).values_list("district_id", flat=True).first()
        )
    return district_id


def _written(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    district_id = _district_of(instance)
    if district_id is not None:
        bump(district_id)


def connect() -> None:
    from resources_hub.models import Case, CaseEvent, CaseTransition, Report

    for model in (Case, Report, CaseEvent, CaseTransition):
        uid = f"resources_hub.dashboard_cache.{model.__name__}"
        post_save.connect(_written, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_written, sender=model, dispatch_uid=uid + ".delete")
