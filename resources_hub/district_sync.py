"""Keep ``Case.district`` and ``Report.district`` in step when a school changes district.

Cases and reports copy their school's district on save; when a school is moved to another
district (a map redrawn at the rentrée), its cases and reports follow in one UPDATE each.
"""

from django.db.models.signals import post_save

from directory.models import School


def school_saved(sender, instance: School, created: bool, **kwargs) -> None:
    if created or kwargs.get("raw"):
        return
    from resources_hub.models import Case, Report

    for model in (Case, Report):
        model.objects.filter(school=instance).exclude(district_id=instance.district_id).update(
            district_id=instance.district_id
        )


def connect() -> None:
    post_save.connect(school_saved, sender=School, dispatch_uid="resources_hub.district_sync")
