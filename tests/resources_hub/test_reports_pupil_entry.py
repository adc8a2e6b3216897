"""The pupils' way in without the QR code: type the school code, reach the school's page."""

import html

from django.test import Client
from django.urls import reverse

from directory.models import RateLimitBucket
from resources_hub import services

ENTRY = reverse("resources_hub:pupil-entry")


def test_public_home_links_to_the_pupils_way_in(world):
    page = html.unescape(Client().get("/").content.decode())
    assert ENTRY in page and "Je veux en parler" in page


def test_right_code_leads_to_the_school_page_whatever_its_case(world):
    access = services.pupil_access_for(world.school_a)
    response = Client().post(ENTRY, {"code": f" {access.code.lower()[:3]}-{access.code[3:]} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("resources_hub:pupil-report", args=[access.code])


def test_wrong_code_gets_a_kind_message_and_keeps_what_was_typed(world):
    services.pupil_access_for(world.school_a)
    response = Client().post(ENTRY, {"code": "ZZZ999"})
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "Ce code ne marche pas" in body and 'value="ZZZ999"' in body
    assert world.school_a.name not in body


def test_closed_access_looks_like_a_wrong_code(world):
    access = services.pupil_access_for(world.school_a)
    access.is_active = False
    access.save()
    response = Client().post(ENTRY, {"code": access.code})
    assert response.status_code == 200 and "Ce code ne marche pas" in html.unescape(
        response.content.decode()
    )


def test_guessing_is_rate_limited(world, settings):
    client = Client()
    for _ in range(20):
        assert client.post(ENTRY, {"code": "ZZZ999"}).status_code == 200
    response = client.post(ENTRY, {"code": "ZZZ999"})
    assert response.status_code == 429
    assert "Trop d'essais" in html.unescape(response.content.decode())
    assert RateLimitBucket.objects.exists()


def test_entry_page_speaks_to_a_child(world):
    body = html.unescape(Client().get(ENTRY).content.decode())
    for word in ("formulaire", "astérisque", "·", "3020"):
        assert word not in body.split("<main")[1].split("</main>")[0], word
    assert "Tu dois répondre quand il y a une étoile" in body
