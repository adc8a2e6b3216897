"""Rows of the pôles ressources pages: poles, members, meetings, presentations, minutes PDF."""

import datetime

from resources_hub.models import Pole, PoleMeeting
from tests.matrix import Row, allowed

# Directors, teachers, parents and the admin role hold no pole right: 403 (the default).
VIEW_D1 = {**allowed("ien", "cpc", "pole"), "ien_autre": 404}
MANAGE_D1 = {**allowed("ien", "cpc"), "ien_autre": 404}
VIEW_D2 = {**allowed("ien_autre"), "ien": 404, "cpc": 404, "pole": 404}
MANAGE_D2 = {**allowed("ien_autre"), "ien": 404, "cpc": 404}


def _pole(w, district: str) -> Pole:
    pole, _ = Pole.objects.get_or_create(
        district=getattr(w, district),
        kind=Pole.Kind.DISTRICT,
        defaults={"name": f"Pôle ressources {district}", "since_year": 2015},
    )
    return pole


def _meeting(w, district: str) -> PoleMeeting:
    pole = _pole(w, district)
    meeting, _ = PoleMeeting.objects.get_or_create(
        pole=pole,
        held_on=datetime.date(2026, 11, 20),
        defaults={"agenda": "Situations en cours ; formation PIKAS"},
    )
    return meeting


def _pole_kw(district):
    return lambda w: {"pk": _pole(w, district).pk}


def _meeting_kw(district):
    return lambda w: {"pk": _meeting(w, district).pk}


ROWS = [
    Row("resources_hub:pole-list", expect=allowed("ien", "cpc", "pole", "ien_autre")),
    Row("resources_hub:pole-detail", kwargs=_pole_kw("d1"), expect=VIEW_D1, label="pole D1"),
    Row("resources_hub:pole-detail", kwargs=_pole_kw("d2"), expect=VIEW_D2, label="pole D2"),
    # Removing a member who does not exist: the managers are sent back to the page.
    Row(
        "resources_hub:pole-detail",
        method="post",
        kwargs=_pole_kw("d1"),
        data=lambda w: {"action": "remove", "member": "0"},
        expect={**allowed("ien", "cpc", status="redirect"), "ien_autre": 404},
        label="POST pole D1 members",
    ),
    Row(
        "resources_hub:meeting-create",
        kwargs=lambda w: {"pole": _pole(w, "d1").pk},
        expect=MANAGE_D1,
        label="meeting create D1",
    ),
    Row(
        "resources_hub:meeting-create",
        kwargs=lambda w: {"pole": _pole(w, "d2").pk},
        expect=MANAGE_D2,
        label="meeting create D2",
    ),
    Row(
        "resources_hub:meeting-create",
        method="post",
        kwargs=lambda w: {"pole": _pole(w, "d1").pk},
        data=lambda w: {"agenda": ""},
        expect=MANAGE_D1,
        label="POST meeting create D1, invalid form",
    ),
    Row(
        "resources_hub:meeting-detail",
        kwargs=_meeting_kw("d1"),
        expect=VIEW_D1,
        label="meeting D1",
    ),
    Row(
        "resources_hub:meeting-detail",
        kwargs=_meeting_kw("d2"),
        expect=VIEW_D2,
        label="meeting D2",
    ),
    Row("resources_hub:meeting-edit", kwargs=_meeting_kw("d1"), expect=MANAGE_D1, label="edit D1"),
    Row("resources_hub:meeting-edit", kwargs=_meeting_kw("d2"), expect=MANAGE_D2, label="edit D2"),
    Row(
        "resources_hub:meeting-edit",
        method="post",
        kwargs=_meeting_kw("d1"),
        data=lambda w: {"held_on": "pas une date", "agenda": ""},
        expect=MANAGE_D1,
        label="POST meeting edit D1, invalid form",
    ),
    Row(
        "resources_hub:meeting-presentation-add",
        kwargs=_meeting_kw("d1"),
        expect=MANAGE_D1,
        label="presentation add D1",
    ),
    Row(
        "resources_hub:meeting-presentation-add",
        kwargs=_meeting_kw("d2"),
        expect=MANAGE_D2,
        label="presentation add D2",
    ),
    Row(
        "resources_hub:meeting-presentation-add",
        method="post",
        kwargs=_meeting_kw("d1"),
        data=lambda w: {"pseudonym": "", "summary": ""},
        expect=MANAGE_D1,
        label="POST presentation add D1, invalid form",
    ),
    Row(
        "resources_hub:meeting-minutes-pdf",
        kwargs=_meeting_kw("d1"),
        expect=VIEW_D1,
        label="minutes PDF D1",
    ),
    Row(
        "resources_hub:meeting-minutes-pdf",
        kwargs=_meeting_kw("d2"),
        expect=VIEW_D2,
        label="minutes PDF D2",
    ),
]
