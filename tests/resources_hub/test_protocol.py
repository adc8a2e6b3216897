"""The crisis protocol: page, versioned editing without lost updates, versions, PDF."""

import html
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from directory.models import AuditEvent
from resources_hub import services
from resources_hub.models import CrisisProtocol, CrisisProtocolVersion
from resources_hub.views.protocol import protocol_blocks

PAGE = reverse("resources_hub:protocol")
EDIT = reverse("resources_hub:protocol-edit")
VERSIONS = reverse("resources_hub:protocol-versions")
PDF = reverse("resources_hub:protocol-pdf")
TEXT = """Ce protocole s'applique dans toutes les écoles.

## Appeler
- Urgence vitale : le 15 ou le 112.
- Prévenir la direction.

## Après la crise
Noter les faits."""


def text(response) -> str:
    return html.unescape(response.content.decode())


def save(world, content=TEXT, version=0, user="ien", title="Protocole de crise"):
    return services.protocol_save(
        district=world.d1,
        user=world.users[user],
        title=title,
        content=content,
        expected_version=version,
    )


def test_blocks_turn_plain_text_into_headings_lists_and_paragraphs():
    blocks = protocol_blocks(TEXT)
    assert [b["kind"] for b in blocks] == ["p", "h", "ul", "h", "p"]
    assert blocks[1]["text"] == "Appeler"
    assert blocks[2]["items"] == ["Urgence vitale : le 15 ou le 112.", "Prévenir la direction."]
    assert protocol_blocks("#3018 n'est pas un titre")[0]["kind"] == "p"


def test_empty_state_offers_editing_to_the_district_team_only(world):
    page = text(world.client_for("ien").get(PAGE))
    assert "n'a pas encore rédigé son protocole" in page
    assert EDIT in page
    page = text(world.client_for("directeur").get(PAGE))
    assert "n'a pas encore rédigé son protocole" in page
    assert EDIT not in page


def test_inspector_writes_the_first_version(world):
    client = world.client_for("ien")
    page = text(client.get(EDIT))
    assert 'name="version" value="0"' in page
    response = client.post(EDIT, {"title": "Protocole de crise", "content": TEXT, "version": "0"})
    assert response.status_code == 302 and response["Location"] == PAGE
    protocol = CrisisProtocol.objects.get()
    assert (protocol.district, protocol.version, protocol.updated_by) == (
        world.d1,
        1,
        world.users["ien"],
    )
    assert CrisisProtocolVersion.objects.filter(protocol=protocol, number=1).exists()
    assert AuditEvent.objects.filter(action="update", object_id=str(protocol.pk)).count() == 1
    page = text(world.client_for("enseignant").get(PAGE))
    assert '<h2 class="fr-h4 fr-mt-4w">Appeler</h2>' in page
    assert "<li>Urgence vitale : le 15 ou le 112.</li>" in page
    assert "Version 1" in page


def test_stale_save_is_refused_and_overwrites_nothing(world):
    save(world)
    client_a, client_b = world.client_for("ien"), world.client_for("cpc")
    assert 'name="version" value="1"' in client_a.get(EDIT).content.decode()
    assert 'name="version" value="1"' in client_b.get(EDIT).content.decode()
    client_a.post(EDIT, {"title": "Protocole", "content": "Version de l'IEN", "version": "1"})
    response = client_b.post(
        EDIT, {"title": "Protocole", "content": "Version du CPC", "version": 1}
    )
    assert response.status_code == 200
    assert "Le protocole a été modifié entre-temps" in text(response)
    assert "Version du CPC" in text(response)  # what they typed is still there to copy
    protocol = CrisisProtocol.objects.get()
    assert (protocol.version, protocol.content) == (2, "Version de l'IEN")
    assert CrisisProtocolVersion.objects.count() == 2


def test_two_first_versions_at_once_keep_the_first(world):
    save(world, content="Premier")
    response = world.client_for("cpc").post(
        EDIT, {"title": "Protocole", "content": "Second", "version": "0"}
    )
    assert response.status_code == 200
    assert CrisisProtocol.objects.get().content == "Premier"


def test_form_errors_are_french_and_forged_district_is_ignored(world):
    client = world.client_for("ien")
    response = client.post(EDIT, {"title": "", "content": "x" * 20001, "version": "0"})
    page = text(response)
    assert response.status_code == 200
    assert "Donnez un titre au protocole." in page
    assert "ne peut pas dépasser 20000 caractères" in page
    client.post(EDIT, {"title": "T", "content": "C", "version": "0", "district": world.d2.pk})
    assert CrisisProtocol.objects.get().district == world.d1


def test_other_district_asked_by_id_is_404_with_refused_row(world):
    save(world, content="Texte confidentiel de D1")
    response = world.client_for("ien_autre").get(PAGE, {"circonscription": world.d1.pk})
    assert response.status_code == 404
    assert "Texte confidentiel" not in response.content.decode()
    assert AuditEvent.objects.filter(action="refused", user=world.users["ien_autre"]).exists()
    response = world.client_for("ien_autre").post(
        f"{EDIT}?circonscription={world.d1.pk}", {"title": "T", "content": "C", "version": "1"}
    )
    assert response.status_code == 404
    assert CrisisProtocol.objects.get().content == "Texte confidentiel de D1"


def test_content_is_escaped(world):
    save(world, content="<script>alert(1)</script>\n- <img src=x onerror=alert(2)>")
    page = world.client_for("directeur").get(PAGE).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_versions_list_and_old_text(world):
    first = save(world, content="## Première rédaction")
    save(world, content="## Deuxième rédaction", version=first.version, user="cpc")
    client = world.client_for("directeur2")
    page = text(client.get(VERSIONS))
    assert "Version 2" in page and "Version 1" in page and "en vigueur" in page
    page = text(client.get(VERSIONS, {"version": "1"}))
    assert "Première rédaction" in page
    assert "Deuxième rédaction" not in page
    assert client.get(VERSIONS, {"version": "abc"}).status_code == 200


def test_pdf_has_the_protocol_text_and_is_audited(world):
    save(world)
    response = world.client_for("enseignant").get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "protocole-crise-" in response["Content-Disposition"]
    pdf_text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Protocole de crise" in pdf_text
    assert "Urgence vitale" in pdf_text and "Après la crise" in pdf_text
    assert "15 (SAMU) ou le 112" in pdf_text
    row = AuditEvent.objects.get(action="export")
    assert row.user == world.users["enseignant"] and row.district_id == world.d1.pk


def test_pdf_without_protocol_is_404_and_pdf_is_rate_limited(world, settings):
    assert world.client_for("ien").get(PDF).status_code == 404
    save(world)
    settings.HZ_PDF_PER_MINUTE = 1
    client = world.client_for("cpc")
    assert [client.get(PDF).status_code for _ in range(2)] == [200, 429]
    assert AuditEvent.objects.filter(action="export").count() == 1


@pytest.mark.parametrize("size", [3, 30])
def test_versions_query_count_is_constant(world, size, django_assert_max_num_queries):
    protocol = save(world)
    for _ in range(size):
        protocol = save(world, version=protocol.version, content=f"Version {protocol.version}")
    client = world.client_for("ien")
    client.get(VERSIONS)
    with django_assert_max_num_queries(8):
        response = client.get(VERSIONS, {"version": "2"})
    assert response.status_code == 200
