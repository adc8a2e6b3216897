"""The contest: entries checked by content, the blind and isolated jury, ranking, winners,
certificates, the public gallery."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from prevention.models import ContestEdition, Entry, Score
from prevention.services import contest as services
from tests.factories import ClassroomFactory
from tests.prevention.contest import make_edition, make_entry, png


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def test_edition_has_national_categories_and_grid(world):
    client = world.client_for("ien")
    response = client.post(
        reverse("prevention:contest-create"),
        {
            "title": "Concours 2026",
            "local_date": "2026-11-08",
            "entry_deadline": "2027-01-31",
        },
    )
    edition = ContestEdition.objects.get()
    assert response["Location"] == reverse("prevention:contest-detail", args=[edition.pk])
    page = text(client.get(response["Location"]))
    assert "Format A3" in page and "2 minutes au plus" in page
    assert "Productions de groupe seulement" in page
    assert edition.criteria.count() == 4


def test_teacher_enters_a_class_file_checked_by_content(world):
    edition = make_edition(world)
    url = reverse("prevention:entry-create", args=[edition.pk])
    data = {
        "category": edition.categories.get(kind="poster").pk,
        "classroom": world.class_a.pk,
        "title": "Stop aux moqueries",
        "pitch": "Projet de la classe.",
        "helpline_message": "Appelle le 3018",
        "consents_recorded": "on",
        "show_in_gallery": "on",
    }
    client = world.client_for("enseignant")
    fake = SimpleUploadedFile("affiche.png", b"<svg onload=alert(1)>", content_type="image/png")
    page = text(client.post(url, {**data, "upload": fake}))
    assert "Type de fichier refusé" in page and Entry.objects.count() == 0
    video = edition.categories.get(kind="video").pk
    page = text(
        client.post(url, {**data, "category": video, "upload": SimpleUploadedFile("v.mp4", png())})
    )
    assert "MP4" in page and Entry.objects.count() == 0
    no_consent = {k: v for k, v in data.items() if k != "consents_recorded"}
    page = text(client.post(url, {**no_consent, "upload": SimpleUploadedFile("a.png", png())}))
    assert "autorisations de droit à l'image" in page
    response = client.post(url, {**data, "upload": SimpleUploadedFile("a.png", png())})
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.school == world.school_a and entry.content_type == "image/png"
    other = ClassroomFactory(school=world.school_b, name="CM2 B")
    page = text(
        client.post(
            url, {**data, "classroom": other.pk, "upload": SimpleUploadedFile("a.png", png())}
        )
    )
    assert Entry.objects.count() == 1  # not the teacher's school


def test_jury_is_blind_and_isolated_until_it_closes(world):
    edition = make_edition(world)
    entry = make_entry(world, edition)
    edition.jurors.add(world.users["cpc"], world.users["ien"])
    services.edition_transition(edition=edition, target="judging", user=None)
    criteria = list(edition.criteria.all())
    services.scores_save(entry=entry, juror=world.users["ien"], values={criteria[0].pk: 5})
    cpc = world.client_for("cpc")
    jury = text(cpc.get(reverse("prevention:contest-jury", args=[edition.pk])))
    assert f"Production n° {entry.pk}" in jury
    assert world.school_a.name not in jury and "CM1 A" not in jury
    score_page = text(cpc.get(reverse("prevention:entry-score", args=[entry.pk])))
    assert world.school_a.name not in score_page
    assert "Notes de tout le jury" not in score_page
    cpc.post(reverse("prevention:entry-score", args=[entry.pk]), {f"c{criteria[0].pk}": "3"})
    assert Score.objects.filter(juror=world.users["cpc"]).get().value == 3
    services.edition_transition(edition=edition, target="closed", user=None)
    score_page = text(cpc.get(reverse("prevention:entry-score", args=[entry.pk])))
    assert "Notes de tout le jury" in score_page and "5 sur 5" in score_page
    cpc.post(reverse("prevention:entry-score", args=[entry.pk]), {f"c{criteria[0].pk}": "0"})
    assert Score.objects.filter(juror=world.users["cpc"]).get().value == 3  # jury closed


def test_ranking_is_weighted_and_the_winner_gets_a_certificate(world):
    edition = make_edition(world)
    cm2 = ClassroomFactory(school=world.school_a, name="CM2 A", levels=["CM2"])
    first = make_entry(world, edition, title="Première")
    second = make_entry(world, edition, classroom=cm2, title="Seconde")
    edition.jurors.add(world.users["cpc"])
    services.edition_transition(edition=edition, target="judging", user=None)
    heavy, light = (
        edition.criteria.get(weight=3, name__startswith="Message"),
        edition.criteria.get(name="Créativité"),
    )
    services.scores_save(entry=first, juror=world.users["cpc"], values={heavy.pk: 4})  # 12
    services.scores_save(entry=second, juror=world.users["cpc"], values={light.pk: 5})  # 10
    services.edition_transition(edition=edition, target="closed", user=None)
    ranked = list(services.ranking(edition))
    assert [e.title for e in ranked] == ["Première", "Seconde"]
    assert ranked[0].total == 12
    client = world.client_for("ien")
    client.post(
        reverse("prevention:entry-result", args=[first.pk]),
        {"is_winner": "on", "sent_onward": "on", "onward_result": "Prix départemental"},
    )
    first.refresh_from_db()
    assert first.is_winner and first.sent_onward
    pdf = world.client_for("directeur").get(
        reverse("prevention:entry-certificate", args=[first.pk])
    )
    body = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Diplôme de classe lauréate" in body and "CM1 A" in body
    assert (
        world.client_for("directeur")
        .get(reverse("prevention:entry-certificate", args=[second.pk]))
        .status_code
        == 404
    )


def test_gallery_shows_allowed_entries_of_closed_editions_only(world):
    edition = make_edition(world)
    shown = make_entry(world, edition, title="Montrée")
    hidden = make_entry(
        world,
        edition,
        classroom=ClassroomFactory(school=world.school_a),
        title="Pas montrée",
        gallery=False,
    )
    anonymous = world.client_for("anonymous")
    assert "Montrée" not in text(anonymous.get(reverse("prevention:contest-gallery")))
    ContestEdition.objects.filter(pk=edition.pk).update(status="closed")
    page = text(anonymous.get(reverse("prevention:contest-gallery")))
    assert "Montrée" in page and "Pas montrée" not in page
    assert world.school_a.name not in page
    assert anonymous.get(reverse("prevention:gallery-file", args=[shown.pk])).status_code == 200
    assert anonymous.get(reverse("prevention:gallery-file", args=[hidden.pk])).status_code == 404


def test_ceremony_is_a_dated_record(world):
    edition = make_edition(world)
    client = world.client_for("cpc")
    client.post(
        reverse("prevention:contest-ceremony", args=[edition.pk]),
        {"ceremony_on": "2027-05-20", "ceremony_place": "Salle des fêtes"},
    )
    page = text(client.get(reverse("prevention:contest-detail", args=[edition.pk])))
    assert "Le 20 mai 2027, Salle des fêtes" in page


def test_jury_and_schools_are_notified(world):
    from directory.models import Notification

    edition = make_edition(world)
    make_entry(world, edition)
    edition.jurors.add(world.users["cpc"])
    services.edition_transition(edition=edition, target="judging", user=None)
    assert Notification.objects.filter(
        user=world.users["cpc"], event="prevention.jury_open"
    ).exists()
    services.edition_transition(edition=edition, target="closed", user=None)
    told = set(
        Notification.objects.filter(event="prevention.contest_results").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"directeur", "enseignant"}


def test_contest_is_for_classes_from_cp(world):
    from django.core.exceptions import ValidationError

    edition = make_edition(world)
    gs = ClassroomFactory(school=world.school_a, name="GS", levels=["GS"])
    with pytest.raises(ValidationError):
        make_entry(world, edition, classroom=gs)
    assert not Entry.objects.exists()
