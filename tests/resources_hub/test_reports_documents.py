"""Documents fit to sign: the State header on every PDF, CONFIDENTIEL on every page of a case
document, signature and visa boxes on the fiche bilan, body text at 10–11 pt."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from resources_hub import services


def _pages(content: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture(autouse=True)
def academie(world):
    world.d1.academie = "Versailles"
    world.d1.save()


def _state_header(text: str, world) -> None:
    assert "RÉPUBLIQUE FRANÇAISE" in text.upper()
    assert "Liberté" in text and "Fraternité" in text
    assert f"Académie de {world.d1.academie}" in text
    assert "Direction des services départementaux de l'Éducation nationale" in text.replace(
        "’", "'"
    )
    assert f"Circonscription {world.d1.name}" in text


def test_referral_sheet_and_poster_carry_the_state_header(world):
    services.pupil_access_for(world.school_a)
    client = world.client_for("directeur")
    sheet = client.get(reverse("directory:referral-sheet", args=[world.school_a.uai]))
    poster = client.get(reverse("resources_hub:report-poster", args=[world.school_a.uai]))
    for response in (sheet, poster):
        pages = _pages(response.content)
        _state_header(pages[0], world)
        assert "CONFIDENTIEL" not in " ".join(pages)  # not a case document


def test_fiche_bilan_is_confidential_on_every_page_with_signature_boxes(world, cases):
    fiche = services.bilan_for(cases.a)
    services.bilan_save(
        case=cases.a,
        user=world.users["directeur"],
        data={"initial_situation": "Mise à l'écart en cour."},
        mobilised=[world.users["pole"]],
        expected_version=fiche.version,
        sign=False,
    )
    url = reverse("resources_hub:bilan-pdf", args=[cases.a.reference])
    pages = _pages(world.client_for("directeur").get(url).content)
    _state_header(pages[0], world)
    assert all("CONFIDENTIEL" in page for page in pages)
    text = " ".join(pages).replace("’", "'")
    assert "Le directeur ou la directrice de l'école" in text
    assert "Visa de l'inspecteur ou de l'inspectrice (IEN)" in text
    assert text.count("Signature :") >= 3


def test_body_text_is_10_to_11_points():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "pdf" / "print.css").read_text()
    html_rule = re.search(r"html \{[^}]*font-size: ([\d.]+)pt", css)
    assert html_rule and 10 <= float(html_rule.group(1)) <= 11
