"""Rows of prevention actions: school roles see their school's actions and the district's shared
ones; the district team sees the district and the coverage; parents and the admin role hold no
action right (403)."""

from tests.matrix import Row, allowed
from tests.prevention.factories import ActionFactory

READERS = ("ien", "cpc", "pole", "directeur", "directeur2", "enseignant", "ien_autre")
DECLARERS = ("ien", "cpc", "directeur", "directeur2", "enseignant", "ien_autre")
DISTRICT = ("ien", "cpc", "ien_autre")


def _action(w, school="school_a", shared=False) -> dict:
    action = ActionFactory(school=getattr(w, school), is_shared=shared, title="Action matrice")
    return {"pk": action.pk}


def _type(w) -> dict:
    from tests.prevention.factories import plan_type

    return {"pk": plan_type(w.d1).pk}


ROWS = [
    Row("prevention:action-list", expect=allowed(*READERS)),
    Row("prevention:action-export", expect=allowed(*READERS)),
    Row("prevention:action-calendar", expect=allowed(*READERS)),
    Row("prevention:action-ical", expect=allowed(*READERS)),
    Row("prevention:action-hours", expect=allowed(*READERS)),
    Row("prevention:action-coverage", expect=allowed(*DISTRICT)),
    Row("prevention:action-declare", expect=allowed(*DECLARERS)),
    Row(
        "prevention:action-declare",
        method="post",
        label="POST action-declare (empty: errors; no school chosen among several: 404)",
        expect={
            **allowed("directeur", "directeur2", "enseignant", "ien_autre"),
            "ien": 404,
            "cpc": 404,
        },
    ),
    Row(
        "prevention:action-detail",
        kwargs=lambda w: _action(w),
        label="school A action (not shared)",
        expect={
            **allowed("ien", "cpc", "pole", "directeur", "enseignant"),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "prevention:action-detail",
        kwargs=lambda w: _action(w, "school_b", shared=True),
        label="school B action shared with the district",
        expect={
            **allowed("ien", "cpc", "pole", "directeur", "directeur2", "enseignant"),
            "ien_autre": 404,
        },
    ),
    Row(
        "prevention:action-edit",
        kwargs=lambda w: _action(w),
        label="edit school A action (created by nobody: the teacher may not)",
        expect={
            **allowed("ien", "cpc", "directeur"),
            "directeur2": 404,
            "enseignant": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "prevention:action-edit",
        kwargs=lambda w: _action(w),
        method="post",
        label="POST edit school A action (empty form: errors, nothing changed)",
        expect={
            **allowed("ien", "cpc", "directeur"),
            "directeur2": 404,
            "enseignant": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "prevention:action-copy",
        kwargs=lambda w: _action(w, "school_b", shared=True),
        label="copy a shared school B action",
        expect={**allowed("ien", "cpc", "directeur", "directeur2", "enseignant"), "ien_autre": 404},
    ),
    Row(
        "prevention:action-file-add",
        kwargs=lambda w: _action(w),
        expect={
            **allowed("ien", "cpc", "directeur"),
            "directeur2": 404,
            "enseignant": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "prevention:action-file",
        kwargs=lambda w: {**_action(w), "file_pk": 999999},
        label="missing file of a school A action",
        expect=dict.fromkeys(READERS, 404),
    ),
    Row("prevention:type-list", expect=allowed(*DISTRICT)),
    Row("prevention:type-create", expect=allowed(*DISTRICT)),
    Row(
        "prevention:type-edit",
        kwargs=_type,
        expect={**allowed("ien", "cpc"), "ien_autre": 404},
    ),
]
