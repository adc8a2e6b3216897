"""The referral sheet as a PDF: who may get it, what it says, and that fetching it is audited."""

import io

import pypdf
import pytest
import weasyprint
from django.urls import reverse

from directory import pdf
from directory.models import AuditEvent

FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def render_spy(monkeypatch):
    """Counts the documents handed to WeasyPrint by the PDF service."""
    calls = []
    real_html = pdf.HTML

    def spy(*args, **kwargs):
        calls.append(kwargs.get("url_fetcher"))
        return real_html(*args, **kwargs)

    monkeypatch.setattr(pdf, "HTML", spy)
    return calls


def sheet_url(school) -> str:
    return reverse("directory:referral-sheet", kwargs={"uai": school.uai})


def test_weasyprint_is_recent_enough():
    major, minor = (int(part) for part in weasyprint.__version__.split(".")[:2])
    assert (major, minor) >= (70, 0)


def test_director_gets_the_referral_sheet_of_their_school(world, render_spy):
    response = world.client_for("directeur").get(sheet_url(world.school_a))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert world.school_a.name in text
    assert "3018" in text
    assert "119" in text
    assert "ancien numéro, redirigé vers le 3018" in text.lower()
    assert "Page 1 sur 1" in text
    assert world.d1.name in text
    assert "Édité le" in text
    assert any(month in text for month in FRENCH_MONTHS)
    assert world.users["directeur"].display_name in text
    assert "préoccupation partagée" in text
    assert "nonauharcelement.education.gouv.fr" in text
    assert len(render_spy) == 1
    fetcher = render_spy[0]
    assert isinstance(fetcher, pdf.StaticOnlyFetcher)
    assert fetcher.refused == []
    assert any(url.endswith("/static/pdf/print.css") for url in fetcher.served)


def test_3018_comes_before_every_other_number(world):
    _, text = pdf_text(world.client_for("directeur").get(sheet_url(world.school_a)).content)

    assert text.index("3018") < text.index("119") < text.index("Page 1 sur 1")


def test_referral_sheet_names_the_referent_when_the_school_has_one(world):
    world.school_a.referent = world.users["enseignant"]
    world.school_a.save()

    _, text = pdf_text(world.client_for("directeur").get(sheet_url(world.school_a)).content)

    assert world.users["enseignant"].display_name in text


def test_referral_sheet_falls_back_to_the_director_as_referent(world):
    _, text = pdf_text(world.client_for("directeur").get(sheet_url(world.school_a)).content)

    assert "harcèlement de l'école : le directeur ou la directrice" in text.replace("\n", " ")


def test_referral_sheet_download_is_audited_as_an_export(world):
    before = AuditEvent.objects.filter(action="export").count()

    world.client_for("directeur").get(sheet_url(world.school_a))

    event = AuditEvent.objects.filter(action="export").latest("pk")
    assert AuditEvent.objects.filter(action="export").count() == before + 1
    assert event.user == world.users["directeur"]
    assert event.object_type == "directory.school"
    assert event.object_id == str(world.school_a.pk)
    assert event.district_id == world.d1.pk


def test_director_cannot_get_the_sheet_of_another_school(world, render_spy):
    exports_before = AuditEvent.objects.filter(action="export").count()

    response = world.client_for("directeur2").get(sheet_url(world.school_a))

    assert response.status_code == 404
    assert b"%PDF" not in response.content
    assert world.school_a.name.encode() not in response.content
    assert render_spy == []
    assert AuditEvent.objects.filter(action="export").count() == exports_before
    assert AuditEvent.objects.filter(action="refused", user=world.users["directeur2"]).exists()


def test_anonymous_visitor_is_sent_to_login_without_a_render(world, render_spy):
    response = world.client_for("anonymous").get(sheet_url(world.school_a))

    assert response.status_code == 302
    assert render_spy == []


def test_pdf_file_name_carries_no_pupil_or_school_name(world):
    response = world.client_for("directeur").get(sheet_url(world.school_a))

    assert response["Content-Disposition"] == (
        f'inline; filename="saisines-{world.school_a.uai}.pdf"'
    )
