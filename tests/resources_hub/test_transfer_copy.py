"""The sending school keeps the fiche bilan it signed (issue 6, change of school): after a
transfer its director and the district's IEN read a frozen copy, and nothing else of the case."""

import html
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from directory import pdf
from directory.models import AuditEvent, District, Notification, Role, School
from resources_hub.models import (
    Case,
    CaseEvent,
    CaseTransfer,
    FicheBilan,
    FicheBilanMember,
    FicheBilanPupil,
)
from resources_hub.services import transfer
from resources_hub.views.transfers import copy_context
from tests.directory.test_pdf_security import PAYLOAD_IDS, PAYLOADS, fill, leaks
from tests.factories import AssignmentFactory, CaseFactory, SchoolFactory, UserFactory

LIST = reverse("resources_hub:transfer-copy-list")
SCRIPT = "<script>alert('x')</script>"
EVOLUTION = "Les moqueries ont cessé après trois entretiens de préoccupation partagée."


def copy_url(item) -> str:
    return reverse("resources_hub:transfer-copy", kwargs={"pk": item.pk})


def pdf_url(item) -> str:
    return reverse("resources_hub:transfer-copy-pdf", kwargs={"pk": item.pk})


def detail(case) -> str:
    return reverse("resources_hub:case-detail", kwargs={"reference": case.reference})


def text(response) -> str:
    return html.unescape(response.content.decode())


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def signed_fiche(world, case) -> FicheBilan:
    now = timezone.now()
    fiche = FicheBilan.objects.create(
        case=case,
        status=FicheBilan.Status.COSIGNED,
        version=3,
        initial_situation=f"Mise à l'écart en cour {SCRIPT}",
        evolution=EVOLUTION,
        outcome="improved",
        signed_by=world.users["pole"],
        signed_at=now,
        cosigned_by=world.users["directeur"],
        cosigned_at=now,
    )
    FicheBilanMember.objects.create(
        fiche=fiche, user=world.users["pole"], profile="Psychologue EN", first_on="2026-11-03"
    )
    for party in case.parties.all():
        FicheBilanPupil.objects.create(fiche=fiche, party=party, measures="Adulte référent")
    return fiche


@pytest.fixture
def moved(world, cases) -> CaseTransfer:
    """Case A (school A) with a co-signed fiche, transferred by its director to school B."""
    signed_fiche(world, cases.a)
    return transfer.case_transfer(
        case=cases.a,
        to_school=world.school_b,
        kind="transfer",
        note="Déménagement",
        user=world.users["directeur"],
    )


def rows() -> dict:
    """Every table a GET of these pages could write to, but the audit log."""
    return {
        model.__name__: model.objects.count()
        for model in (Case, CaseEvent, CaseTransfer, FicheBilan, FicheBilanMember, Notification)
    }


def test_sending_director_reads_the_copy_and_gets_404_on_the_case(world, cases, moved):
    client = world.client_for("directeur")
    before = rows()
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert cases.a.reference in text(listing) and world.school_b.name in text(listing)
    assert copy_url(moved) in text(listing)
    page = client.get(copy_url(moved))
    assert page.status_code == 200
    body = text(page)
    assert EVOLUTION in body and "Psychologue EN" in body and "Léa M." in body
    assert SCRIPT not in page.content.decode()  # escaped, never markup
    assert "&lt;script&gt;" in page.content.decode()
    assert client.get(detail(cases.a)).status_code == 404
    bilan = reverse("resources_hub:bilan-edit", kwargs={"reference": cases.a.reference})
    assert client.get(bilan).status_code == 404
    assert rows() == before
    audited = AuditEvent.objects.filter(user=world.users["directeur"], action="view")
    assert audited.filter(object_type="resources_hub.casetransfer", object_id="").count() == 1
    assert audited.filter(object_id=str(moved.pk), detail__contains="copie").count() == 1


def test_copy_pdf_holds_the_fiche_text_and_is_confidential(world, moved):
    response = world.client_for("directeur").get(pdf_url(moved))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    content = pdf_text(response.content)
    flat = " ".join(content.split())
    assert "CONFIDENTIEL" in content
    assert " ".join(EVOLUTION.split()) in flat
    assert "Léa M." in flat and "Améliorée" in flat
    assert "Léa" not in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="export", object_id=str(moved.pk), user=world.users["directeur"]
    ).exists()


def test_the_copy_is_frozen(world, cases, moved):
    FicheBilan.objects.filter(case=cases.a).update(evolution="Réécrit par l'école d'accueil.")
    page = text(world.client_for("directeur").get(copy_url(moved)))
    assert EVOLUTION in page and "Réécrit" not in page


def test_receiving_director_does_not_see_the_other_school_copies(world, cases, moved):
    client = world.client_for("directeur2")
    listing = text(client.get(LIST))
    assert copy_url(moved) not in listing
    assert "Aucune situation n'a été transmise" in listing
    assert client.get(copy_url(moved)).status_code == 404
    assert client.get(pdf_url(moved)).status_code == 404
    assert client.get(detail(cases.a)).status_code == 200


def test_ien_of_the_district_reads_the_copy(world, moved):
    client = world.client_for("ien")
    assert copy_url(moved) in text(client.get(LIST))
    assert client.get(copy_url(moved)).status_code == 200


def test_other_directors_and_inspectors_get_404(world, moved):
    other = SchoolFactory(name="École maternelle Les Tilleuls", district=world.d1)
    director3 = UserFactory(username="directeur3")
    AssignmentFactory(user=director3, role=Role.DIRECTOR, school=other)
    world.users["directeur3"] = director3
    for persona in ("directeur3", "ien_autre"):
        client = world.client_for(persona)
        assert copy_url(moved) not in text(client.get(LIST))
        assert client.get(copy_url(moved)).status_code == 404
        assert client.get(pdf_url(moved)).status_code == 404
    refused = AuditEvent.objects.filter(action="refused", user=world.users["ien_autre"])
    assert refused.count() == 2


def test_teacher_parent_pole_get_403_and_anonymous_the_login(world, moved):
    for persona in ("enseignant", "parent", "pole", "cpc", "admin"):
        client = world.client_for(persona)
        for url in (LIST, copy_url(moved), pdf_url(moved)):
            assert client.get(url).status_code == 403, (persona, url)
    response = world.client_for("anonymous").get(copy_url(moved))
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_transfer_without_a_signed_fiche_keeps_no_copy(world, cases):
    item = transfer.case_transfer(
        case=cases.a, to_school=world.school_b, kind="transfer", note="", user=world.users["ien"]
    )
    client = world.client_for("directeur")
    assert "Aucune fiche signée au moment du transfert" in text(client.get(LIST))
    assert "il n'y a rien à afficher" in text(client.get(copy_url(item)))
    assert client.get(pdf_url(item)).status_code == 404


def test_restitution_is_not_listed(world, cases):
    signed_fiche(world, cases.a)
    transfer.case_transfer(
        case=cases.a,
        to_school=world.school_b,
        kind="restitution",
        note="",
        user=world.users["directeur"],
    )
    assert "Aucune situation n'a été transmise" in text(world.client_for("directeur").get(LIST))


def test_director_who_transfers_lands_on_the_copies(world, cases):
    signed_fiche(world, cases.a)
    url = reverse("resources_hub:case-transfer", kwargs={"reference": cases.a.reference})
    data = {"kind": "transfer", "to_school": world.school_b.pk, "note": "", "confirm": "on"}
    response = world.client_for("directeur").post(url, data)
    assert response.status_code == 302 and response["Location"] == LIST


def test_case_list_links_to_the_copies_for_the_director_only(world, cases):
    case_list = reverse("resources_hub:case-list")
    assert LIST in world.client_for("directeur").get(case_list).content.decode()
    assert LIST not in world.client_for("pole").get(case_list).content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_copy_list_runs_constant_queries(world, size, django_assert_max_num_queries):
    for _ in range(size):
        case = CaseFactory(school=world.school_a)
        signed_fiche(world, case)
        transfer.case_transfer(
            case=case, to_school=world.school_b, kind="transfer", note="", user=world.users["ien"]
        )
    for persona in ("directeur", "ien"):
        client = world.client_for(persona)
        client.get(LIST)  # the session and the assignments warm up once
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(LIST)
        assert response.context["paginator"].count == size


# Measured, the same at both sizes: 7 on SQLite (user, assignments, count, page, the audit row's
# chain head and insert, the header's unread count), 8 on PostgreSQL (the audit chain's lock).
LIST_QUERIES = 8


@pytest.mark.parametrize(("name", "payload_html", "refused"), PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_in_every_field_of_the_copy_is_inert(
    name, payload_html, refused, secret_dir, listener, canary
):
    payload = fill(payload_html, secret_dir, listener)
    listener.hits.clear()
    district = District(name=payload, code="X", departement_code="092")
    school = School(uai="0921234A", name=payload, kind="primaire", district=district)
    school.commune = payload
    snapshot = {
        name: payload
        for name in (
            "initial_situation",
            "actions_taken",
            "evolution",
            "current_state",
            "next_steps",
            "feedback",
            "qualification",
            "pole_requested_by",
            "restitution_by",
            "restitution_directors",
            "signed_by",
            "cosigned_by",
        )
    }
    snapshot.update(
        status="signed",
        restitution_on="2026-12-01",
        signed_at=timezone.now().isoformat(),
        case={"reference": payload, "title": payload, "school": payload},
        members=[{"name": payload, "profile": payload}],
        pupils=[{"label": payload, "role": payload, "measures": payload, "family": payload}],
    )
    item = CaseTransfer(from_school=school, to_school=school, note=payload, at=timezone.now())
    item.fiche_snapshot = snapshot
    item.case_reference = "S-2026-0999"
    fetcher = pdf.StaticOnlyFetcher()
    content = pdf.render_pdf(
        "pdf/fiche_bilan_copy.html",
        {**copy_context(item), "district": district, "confidential": True},
        fetcher=fetcher,
    )
    assert listener.hits == []
    assert leaks(content, canary) == []
    assert fetcher.refused == []
