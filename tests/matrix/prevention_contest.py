"""Rows of the contest: schools and the district team read their editions; directors and
teachers enter; the district team manages; jurors (named on the edition) score; the gallery is
public."""

from tests.matrix import Row, allowed

READERS = ("ien", "cpc", "directeur", "directeur2", "enseignant", "ien_autre")
DISTRICT = ("ien", "cpc", "ien_autre")
EVERYONE = (
    "anonymous",
    "admin",
    "ien",
    "cpc",
    "pole",
    "directeur",
    "directeur2",
    "enseignant",
    "parent",
    "ien_autre",
)
D1_MANAGE = {**allowed("ien", "cpc"), "ien_autre": 404}


def _new_edition(w):
    """A new edition of D1, in a school year it has none yet: a walk over several rows (the fuzz
    tests) builds them all in one world, where D1 has one edition a year."""
    import datetime

    from prevention.models import ContestEdition
    from tests.prevention.contest import make_edition

    today = datetime.date.today()
    earlier = ContestEdition.objects.filter(district=w.d1).count()
    day = datetime.date(today.year - earlier, today.month, 1) if earlier else today
    return make_edition(w, local_date=day)


def _edition(w) -> dict:
    return {"pk": _new_edition(w).pk}


def _judging(w) -> dict:
    edition = _new_edition(w)
    edition.jurors.add(w.users["cpc"])
    edition.status = "judging"
    edition.save()
    return {"pk": edition.pk}


def _entry(w, winner=False, judging=False) -> dict:
    from tests.prevention.contest import make_entry

    edition = _new_edition(w)
    entry = make_entry(w, edition)
    edition.jurors.add(w.users["cpc"])
    if winner:
        edition.status = "closed"
        entry.is_winner = True
        entry.save()
    elif judging:
        edition.status = "judging"
    edition.save()
    return {"entry_pk": entry.pk}


ROWS = [
    Row("prevention:contest-list", expect=allowed(*READERS)),
    Row("prevention:contest-create", expect=allowed(*DISTRICT)),
    Row("prevention:contest-gallery", expect=allowed(*EVERYONE)),
    Row(
        "prevention:contest-detail", kwargs=_edition, expect={**allowed(*READERS), "ien_autre": 404}
    ),
    Row("prevention:contest-jurors", kwargs=_edition, expect=D1_MANAGE),
    Row("prevention:contest-ceremony", kwargs=_edition, expect=D1_MANAGE),
    Row(
        "prevention:contest-judging",
        kwargs=_edition,
        method="post",
        expect={"ien": "redirect", "cpc": "redirect", "ien_autre": 404},
    ),
    Row(
        "prevention:contest-close",
        kwargs=_edition,
        method="post",
        label="POST contest-close (still open: message, redirect)",
        expect={"ien": "redirect", "cpc": "redirect", "ien_autre": 404},
    ),
    Row(
        "prevention:entry-create",
        kwargs=_edition,
        expect={**allowed("directeur", "directeur2", "enseignant")},
    ),
    Row(
        "prevention:contest-jury",
        kwargs=_judging,
        label="jury of an edition where only cpc is a juror",
        expect={"cpc": 200, "ien": 404, "pole": 404, "ien_autre": 404},
    ),
    Row(
        "prevention:entry-score",
        kwargs=lambda w: _entry(w, judging=True),
        expect={"cpc": 200, "ien": 404, "pole": 404, "ien_autre": 404},
    ),
    Row(
        "prevention:entry-file",
        kwargs=_entry,
        expect={
            **allowed("ien", "cpc", "directeur", "enseignant"),
            "directeur2": 404,
            "ien_autre": 404,
            "pole": 404,
            "parent": 404,
            "admin": 404,
        },
    ),
    Row("prevention:entry-result", kwargs=_entry, expect=D1_MANAGE),
    Row(
        "prevention:entry-certificate",
        kwargs=lambda w: _entry(w, winner=True),
        expect={
            **allowed("ien", "cpc", "directeur", "enseignant"),
            "directeur2": 404,
            "ien_autre": 404,
        },
    ),
    Row(
        "prevention:gallery-file",
        kwargs=lambda w: _entry(w, winner=True),
        label="gallery file of a closed edition",
        expect=allowed(*EVERYONE),
    ),
]
