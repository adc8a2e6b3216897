"""The fiche bilan pages: concurrent edits, sign-off, versions, PDF and restitution, scope."""

import datetime
import html
import io
import re

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from directory import pdf
from directory.models import AuditEvent, District, School, User
from resources_hub import services
from resources_hub.models import Case, CaseEvent, CaseParty, FicheBilan, FicheBilanVersion
from resources_hub.models.bilan import BILAN_SECTIONS
from tests.directory.test_pdf_security import PAYLOAD_IDS, PAYLOADS, fill, leaks
from tests.factories import CaseFactory, CasePartyFactory

STALE_MESSAGE = "a été enregistrée par quelqu'un d'autre"


def edit_url(case) -> str:
    return reverse("resources_hub:bilan-edit", kwargs={"reference": case.reference})


def versions_url(case) -> str:
    return reverse("resources_hub:bilan-versions", kwargs={"reference": case.reference})


def pdf_url(case) -> str:
    return reverse("resources_hub:bilan-pdf", kwargs={"reference": case.reference})


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def loaded_version(response) -> str:
    """The hidden version field the page was rendered with."""
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the page carries no version field"
    return match.group(1)


def form_data(version, **sections) -> dict:
    data = {
        "initial_situation": "",
        "actions_taken": "",
        "evolution": "",
        "current_state": "",
        "next_steps": "",
        "feedback": "",
        "version": version,
    }
    data.update(sections)
    return data


def signable(version) -> dict:
    return form_data(
        version,
        evolution="Les moqueries ont cessé après trois entretiens.",
        current_state="L'élève cible confirme que cela a cessé.",
        feedback="Situation apaisée, vigilance en cour de récréation.",
        outcome="resolved",
    )


def page(response) -> str:
    return html.unescape(response.content.decode())


# --- Concurrent edits ---


def test_second_save_on_a_stale_page_is_refused_and_overwrites_nothing(world, cases):
    director, member = world.client_for("directeur"), world.client_for("pole")
    version_a = loaded_version(director.get(edit_url(cases.a)))
    version_b = loaded_version(member.get(edit_url(cases.a)))

    first = director.post(
        edit_url(cases.a), form_data(version_a, evolution="Texte de la directrice")
    )
    second = member.post(edit_url(cases.a), form_data(version_b, evolution="Texte du pôle"))

    assert first.status_code == 302
    assert second.status_code == 200
    body = page(second)
    assert STALE_MESSAGE in body
    assert "Vos modifications n'ont pas été enregistrées" in body
    assert "Texte du pôle" in body  # the user's text is still in the field
    fiche = FicheBilan.objects.get(case=cases.a)
    assert fiche.evolution == "Texte de la directrice"
    assert FicheBilanVersion.objects.filter(fiche=fiche).count() == 1


def test_a_fresh_page_saves_the_next_version(world, cases):
    client = world.client_for("directeur")
    client.post(edit_url(cases.a), form_data("0", evolution="Premier jet"))
    version = loaded_version(client.get(edit_url(cases.a)))

    response = client.post(edit_url(cases.a), form_data(version, evolution="Second jet"))

    assert version == "1"
    assert response.status_code == 302
    fiche = FicheBilan.objects.get(case=cases.a)
    assert (fiche.evolution, fiche.version) == ("Second jet", 2)
    assert "Brouillon enregistré (version 2)" in page(client.get(edit_url(cases.a)))


def test_mobilised_members_are_the_case_handlers_only(world, cases):
    client = world.client_for("directeur")
    outsider = world.users["cpc"]  # not a handler of case a

    refused = client.post(edit_url(cases.a), {**form_data("0"), "mobilised": [outsider.pk]})
    saved = client.post(
        edit_url(cases.a), {**form_data("0"), "mobilised": [world.users["pole"].pk]}
    )

    assert refused.status_code == 200
    assert "Sélectionnez un choix valide" in page(refused)
    assert saved.status_code == 302
    fiche = FicheBilan.objects.get(case=cases.a)
    assert list(fiche.mobilised.all()) == [world.users["pole"]]
    assert fiche.version == 1


# --- Sign-off ---


def test_mobilised_pole_member_signs_and_director_cosigns(world, cases):
    """The fiche belongs to the pôle: the mobilised member signs, the director co-signs."""
    from directory.models import Notification

    client = world.client_for("pole")
    assert "Signer la fiche" in page(client.get(edit_url(cases.a)))

    response = client.post(edit_url(cases.a), {**signable("0"), "sign": "Signer la fiche"})

    assert response.status_code == 302
    fiche = FicheBilan.objects.get(case=cases.a)
    assert fiche.status == FicheBilan.Status.SIGNED
    assert fiche.signed_by == world.users["pole"]
    assert fiche.outcome == "resolved"
    assert FicheBilanVersion.objects.get(fiche=fiche).signed is True
    assert CaseEvent.objects.filter(case=cases.a, title="Fiche bilan signée").exists()
    assert list(fiche.members.values_list("user__username", flat=True)) == ["pole"]
    told = Notification.objects.filter(event="bilan.to_sign")
    assert list(told.values_list("user__username", flat=True)) == ["directeur"]

    director = world.client_for("directeur")
    assert "Co-signer la fiche" in page(director.get(edit_url(cases.a)))
    assert director.post(edit_url(cases.a), {"cosign": "1"}).status_code == 302
    fiche.refresh_from_db()
    assert (fiche.status, fiche.cosigned_by) == ("cosigned", world.users["directeur"])


def test_director_may_save_a_draft_but_not_sign(world, cases):
    client = world.client_for("directeur")
    body = page(client.get(edit_url(cases.a)))
    assert "Enregistrer le brouillon" in body
    assert "Signer la fiche" not in body

    refused = client.post(edit_url(cases.a), {**signable("0"), "sign": "Signer la fiche"})
    draft = client.post(edit_url(cases.a), form_data("0", evolution="Point d'étape du pôle"))

    assert refused.status_code == 403
    assert AuditEvent.objects.filter(action="refused", detail__startswith="bilan.sign").exists()
    assert draft.status_code == 302
    fiche = FicheBilan.objects.get(case=cases.a)
    assert fiche.status == FicheBilan.Status.DRAFT
    assert (fiche.evolution, fiche.version) == ("Point d'étape du pôle", 1)


def test_signing_needs_the_evolution_the_current_state_and_the_feedback(world, cases):
    client = world.client_for("pole")

    response = client.post(
        edit_url(cases.a), {**form_data("0", evolution="Mieux"), "sign": "Signer la fiche"}
    )

    assert response.status_code == 200
    assert "Renseignez cette partie avant de signer la fiche." in page(response)
    assert not FicheBilan.objects.filter(case=cases.a).exists()  # nothing written on refusal


def test_signed_fiche_is_read_only(world, cases):
    fiche = services.bilan_for(cases.a)
    services.bilan_save(
        case=cases.a,
        user=world.users["directeur"],
        data=signable(0),
        expected_version=fiche.version,
        sign=True,
    )
    client = world.client_for("pole")

    body = page(client.get(edit_url(cases.a)))
    response = client.post(edit_url(cases.a), form_data("1", evolution="Réécriture"))

    assert "Signée par Camille" in body
    assert "<textarea" not in body
    assert "Enregistrer le brouillon" not in body
    assert "L'élève cible confirme que cela a cessé." in body
    assert response.status_code == 200
    assert STALE_MESSAGE in page(response)
    fiche.refresh_from_db()
    assert fiche.evolution == "Les moqueries ont cessé après trois entretiens."
    assert FicheBilanVersion.objects.filter(fiche=fiche).count() == 1


# --- Versions ---


def test_every_version_is_kept_and_viewable(world, cases):
    client = world.client_for("directeur")
    client.post(edit_url(cases.a), form_data("0", evolution="Version une"))
    client.post(edit_url(cases.a), form_data("1", evolution="Version deux"))

    listing = page(client.get(versions_url(cases.a)))
    first = page(client.get(versions_url(cases.a), {"v": "1"}))
    missing = client.get(versions_url(cases.a), {"v": "abc"})

    assert "Version 1" in listing
    assert "Version 2" in listing
    assert "Contenu de la version 1" in first
    assert "Version une" in first
    assert "Version deux" not in first
    assert missing.status_code == 200
    assert "Cette version n'existe pas" in page(missing)


def test_each_read_writes_exactly_one_view_row(world, cases):
    services.bilan_for(cases.a)
    client = world.client_for("directeur")
    client.get(edit_url(cases.a))
    client.get(versions_url(cases.a))

    rows = AuditEvent.objects.filter(action="view", object_type="resources_hub.fichebilan")
    assert rows.count() == 2
    assert {row.user for row in rows} == {world.users["directeur"]}


def test_opening_a_fiche_never_written_creates_nothing_and_is_audited(world, cases):
    client = world.client_for("pole")

    edit = client.get(edit_url(cases.a))
    versions = client.get(versions_url(cases.a))
    pdf = client.get(reverse("resources_hub:bilan-pdf", kwargs={"reference": cases.a.reference}))

    assert edit.status_code == versions.status_code == pdf.status_code == 200
    assert "Enregistrer le brouillon" in page(edit)
    assert not FicheBilan.objects.filter(case=cases.a).exists()
    reads = AuditEvent.objects.filter(object_type="resources_hub.case", object_id=str(cases.a.pk))
    assert reads.filter(detail__contains="pas encore rédigée").count() == 3

    saved = client.post(edit_url(cases.a), form_data("0", evolution="Premier brouillon"))

    assert saved.status_code == 302
    assert FicheBilan.objects.get(case=cases.a).version == 1


# --- PDF and restitution ---


def test_bilan_pdf_holds_the_sections_the_pupils_and_the_signature(world, cases):
    fiche = services.bilan_for(cases.a)
    services.bilan_save(
        case=cases.a,
        user=world.users["directeur"],
        data=signable(0),
        mobilised=[world.users["pole"]],
        expected_version=fiche.version,
        sign=True,
    )

    response = world.client_for("pole").get(pdf_url(cases.a))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="fiche-bilan-S-2026-0001.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "S-2026-0001" in text
    assert world.school_a.name in text
    assert "Léa M." in text
    assert "Les moqueries ont cessé" in text
    assert "Évolution de la situation" in text
    assert "Fiche signée par" in text
    assert world.users["pole"].display_name in text
    assert AuditEvent.objects.filter(action="export", detail="fiche bilan (PDF)").count() == 1


def test_restitution_holds_no_pupil_label(world, cases):
    fiche = services.bilan_for(cases.a)
    services.bilan_save(
        case=cases.a,
        user=world.users["directeur"],
        data={"feedback": "Léa va mieux ; Tom B. a présenté des excuses.", "evolution": "Léa"},
        expected_version=fiche.version,
    )

    response = world.client_for("directeur").get(pdf_url(cases.a), {"restitution": "1"})

    assert response.status_code == 200
    assert 'filename="restitution-S-2026-0001.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Restitution synthétique" in text
    assert "S-2026-0001" in text
    assert world.school_a.name in text
    assert "va mieux" in text
    assert "Prise en charge" in " ".join(text.split())
    for name in ("Léa", "Tom", "Léa M.", "Tom B."):
        assert name not in text
    assert AuditEvent.objects.filter(action="export", detail__startswith="restitution").exists()


def test_pdf_is_rate_limited(world, cases, settings):
    settings.HZ_PDF_PER_MINUTE = 0

    response = world.client_for("directeur").get(pdf_url(cases.a))

    assert response.status_code == 429
    assert not AuditEvent.objects.filter(action="export").exists()


# --- Scope ---


@pytest.mark.parametrize("name", ["bilan-edit", "bilan-versions", "bilan-pdf"])
def test_pole_member_not_assigned_gets_404(world, name):
    case = CaseFactory(school=world.school_a, reference="S-2026-0050")
    CasePartyFactory(case=case, label="Zoé P.")

    response = world.client_for("pole").get(
        reverse(f"resources_hub:{name}", kwargs={"reference": case.reference})
    )

    assert response.status_code == 404
    assert "Zoé" not in response.content.decode()
    assert AuditEvent.objects.filter(action="refused").count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_director_of_another_school_gets_404_and_changes_nothing(world, cases, method):
    client = world.client_for("directeur2")

    response = getattr(client, method)(edit_url(cases.a), form_data("0", evolution="Intrus"))

    assert response.status_code == 404
    assert "Léa" not in response.content.decode()
    assert not FicheBilanVersion.objects.exists()
    assert not FicheBilan.objects.filter(evolution="Intrus").exists()


# --- PDF payloads (SECURITY.md D): every free-text field of both documents ---


def payload_context(payload: str, *, restitution: bool) -> dict:
    person = User(username="x", first_name=payload, last_name="Nom")
    district = District(name=payload, code="X", departement_code="092")
    school = School(uai="0921234A", name=payload, kind="primaire", district=district)
    school.commune = payload
    case = Case(
        reference="S-2026-0999",
        school=school,
        title=payload,
        status="closed",
        reported_on=datetime.date(2026, 11, 2),
        closed_on=datetime.date(2027, 1, 15),
    )
    fiche = FicheBilan(case=case, status="signed", signed_by=person, signed_at=timezone.now())
    for name, _ in BILAN_SECTIONS:
        setattr(fiche, name, payload)
    context = bilan_pdf_context_for_unsaved(case, fiche, restitution=restitution)
    if not restitution:
        context["parties"] = [CaseParty(label=payload, role="target", class_label=payload)]
        context["mobilised"] = [person]
    return context


def bilan_pdf_context_for_unsaved(case, fiche, *, restitution: bool) -> dict:
    context = {"case": case, "school": case.school, "district": case.school.district}
    context.update(fiche=fiche, restitution=restitution, feedback=fiche.feedback)
    context["sections"] = [(label, text) for label, text in fiche.section_values()]
    return context


@pytest.mark.parametrize(("name", "payload_html", "refused"), PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_in_every_field_of_the_bilan_and_restitution_is_inert(
    name, payload_html, refused, secret_dir, listener, canary
):
    payload = fill(payload_html, secret_dir, listener)
    listener.hits.clear()

    for restitution in (False, True):
        fetcher = pdf.StaticOnlyFetcher()
        content = pdf.render_pdf(
            "pdf/fiche_bilan.html",
            payload_context(payload, restitution=restitution),
            fetcher=fetcher,
        )

        assert listener.hits == []
        assert leaks(content, canary) == []
        assert fetcher.refused == []
