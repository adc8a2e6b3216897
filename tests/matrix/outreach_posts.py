"""Rows of news, initiatives, shared practices and the slideshow (« Informer »)."""

from outreach.models import Post, Practice
from tests.matrix import REDIRECT, Row, allowed

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
WRITERS = ("ien", "cpc", "directeur", "directeur2", "ien_autre")
MODERATORS = ("ien", "cpc", "ien_autre")
PRACTICE_READERS = ("ien", "cpc", "pole", "directeur", "directeur2", "enseignant", "ien_autre")


def _post(w, status: str) -> dict:
    post, _ = Post.objects.get_or_create(
        district=w.d1,
        school=w.school_a,
        title=f"Matrice {status}",
        defaults={"kind": "initiative", "axis": "prevenir", "body": "Texte", "status": status},
    )
    return {"pk": post.pk}


def _practice(w, district: str = "d1") -> dict:
    practice, _ = Practice.objects.get_or_create(
        district=getattr(w, district),
        title=f"Pratique {district}",
        defaults={"axis": "prevenir", "description": "x", "link": "https://exemple.fr"},
    )
    return {"pk": practice.pk}


ROWS = [
    Row("outreach:posts", expect=allowed(*EVERYONE)),
    Row(
        "outreach:post-detail",
        kwargs=lambda w: _post(w, "published"),
        expect=allowed(*EVERYONE),
        label="published post",
    ),
    Row(
        "outreach:post-detail",
        kwargs=lambda w: _post(w, "submitted"),
        expect={**allowed("ien", "cpc", "directeur"), "anonymous": 404},
        default=404,
        label="post awaiting moderation",
    ),
    Row(
        "outreach:post-image",
        kwargs=lambda w: _post(w, "submitted"),
        expect={**allowed("ien", "cpc", "directeur", status=404), "anonymous": 404},
        default=404,
        label="image of a post awaiting moderation (none: 404 for all)",
    ),
    Row("outreach:post-create", expect=allowed(*WRITERS)),
    Row(
        "outreach:post-create",
        method="post",
        data=lambda w: {"title": ""},
        expect=allowed(*WRITERS),
        label="POST post, invalid",
    ),
    Row("outreach:post-moderation", expect=allowed(*MODERATORS)),
    Row(
        "outreach:post-moderate",
        method="post",
        kwargs=lambda w: _post(w, "published"),
        data=lambda w: {"decision": "publish"},
        expect={**allowed("ien", "cpc", status=REDIRECT), "ien_autre": 404},
        label="POST moderate (already published)",
    ),
    Row("outreach:practices", expect=allowed(*PRACTICE_READERS)),
    Row(
        "outreach:practice-create",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "enseignant", "ien_autre"),
    ),
    Row(
        "outreach:practice-detail",
        kwargs=_practice,
        expect={**allowed(*PRACTICE_READERS), "ien_autre": 404},
    ),
    Row(
        "outreach:practice-document",
        kwargs=_practice,
        expect={**allowed(*PRACTICE_READERS, status=404)},
        label="practice without document",
    ),
    Row(
        "outreach:practice-adopt",
        method="post",
        kwargs=_practice,
        expect=allowed("directeur", "directeur2", "enseignant", status=REDIRECT),
    ),
    Row("outreach:slideshow", expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre")),
    Row(
        "outreach:slideshow-pdf",
        expect=allowed("ien", "cpc", "directeur", "directeur2", "ien_autre"),
    ),
]
