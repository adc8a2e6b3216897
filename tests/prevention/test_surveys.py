"""Climate surveys: one-time codes, untraceable answers, small groups hidden everywhere."""

import datetime
import html
import io
import threading

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from directory.models import AuditEvent
from prevention.models import Answer, Campaign, Response, SurveyCode
from prevention.selectors import surveys as sel
from prevention.services.surveys import CodeRefused, response_submit
from tests.factories import ClassroomFactory
from tests.prevention.surveys import answers_for, fill, make_campaign


def text(response) -> str:
    return html.unescape(response.content.decode())


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def campaign(world):
    return make_campaign(world.school_a, [world.class_a], codes=30)


def test_campaign_issues_unique_codes(campaign):
    codes = list(campaign.codes.values_list("code", flat=True))
    assert len(codes) == 30 == len(set(codes))
    assert all(len(c) == 8 for c in codes)


def test_pupil_answers_once_and_a_used_code_is_refused(world, campaign):
    campaign.status = "open"
    campaign.save()
    code = campaign.codes.first().code
    client = world.client_for("anonymous")
    start = client.post(reverse("prevention:survey-start"), {"code": code.lower()})
    assert start["Location"] == reverse("prevention:survey-answer", args=[code])
    page = text(client.get(start["Location"]))
    assert "Je me sens bien à l'école." in page and "Très souvent" in page
    help_box = page[page.index('id="aide-titre"') :]
    assert "3018" in help_box[: help_box.index("</section>")]
    assert "3020" not in help_box[: help_box.index("</section>")]
    data = {f"q{k}": v for k, v in answers_for(campaign, level=3, text="Merci").items()}
    response = client.post(start["Location"], data)
    assert response["Location"] == reverse("prevention:survey-done")
    assert Response.objects.count() == 1
    again = client.post(start["Location"], data)
    assert again.status_code == 404 and "Ce code ne marche pas" in text(again)
    assert Response.objects.count() == 1
    refused = client.post(reverse("prevention:survey-start"), {"code": code})
    assert "Ce code ne marche pas" in text(refused)
    assert set(response.cookies) <= {"csrftoken"}


def test_code_of_a_draft_or_closed_campaign_is_refused(world, campaign):
    code = campaign.codes.first().code
    with pytest.raises(CodeRefused):
        response_submit(code=code, answers={})
    assert (
        world.client_for("anonymous")
        .get(reverse("prevention:survey-answer", args=[code]))
        .status_code
        == 404
    )


def test_answer_cannot_be_traced_to_its_code(world, campaign):
    fill(campaign, 3, close=False)
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert response_fields == {"id", "campaign", "cycle", "submitted_on", "answers"}
    code_fields = {f.name for f in SurveyCode._meta.get_fields()}
    assert not {"used_at", "response", "submitted_at"} & code_fields
    assert not any(f.get_internal_type() == "DateTimeField" for f in Response._meta.fields)
    assert not any(f.get_internal_type() == "DateTimeField" for f in Answer._meta.fields)
    assert AuditEvent.objects.filter(object_type__startswith="prevention.response").count() == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_of_one_code_store_one_answer_set(world):
    if connection.vendor == "sqlite":
        pytest.skip("parallel writers need PostgreSQL")
    campaign = make_campaign(world.school_a, [world.class_a], codes=2)
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    code = campaign.codes.first().code
    results = []

    def submit():
        try:
            response_submit(code=code, answers=answers_for(campaign))
            results.append("ok")
        except CodeRefused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert Response.objects.filter(campaign=campaign).count() == 1


def test_counts_are_hidden_while_the_campaign_is_open(world, campaign):
    fill(campaign, 12, close=False)
    page = text(
        world.client_for("directeur").get(reverse("prevention:campaign-detail", args=[campaign.pk]))
    )
    assert "restent cachés" in page
    assert "élèves ont répondu" not in page
    assert sel.campaign_results(campaign) == {"closed": False}


def test_small_group_is_hidden_in_page_and_pdf(world, campaign):
    fill(campaign, 9)
    client = world.client_for("ien")
    page = text(client.get(reverse("prevention:campaign-detail", args=[campaign.pk])))
    assert "Moins de 10 élèves ont répondu" in page
    assert "indice de climat" not in page
    pdf = pdf_text(client.get(reverse("prevention:campaign-results-pdf", args=[campaign.pk])))
    assert "aucun résultat" in pdf and "Indice de climat" not in pdf
    district = text(client.get(reverse("prevention:survey-district")))
    assert "moins de 10 réponses : caché" in district
    pdf = pdf_text(client.get(reverse("prevention:survey-district-pdf")))
    assert "caché" in pdf


def test_results_indexes_charts_and_comparison(world):
    earlier = make_campaign(
        world.school_a,
        [world.class_a],
        codes=12,
        opens=datetime.date.today() - datetime.timedelta(days=200),
    )
    fill(earlier, 12, level=1)
    campaign = make_campaign(world.school_a, [world.class_a], codes=12)
    fill(campaign, 12, level=4, text="La cour est trop petite")
    results = sel.campaign_results(campaign, with_text=True)
    assert results["indexes"].respondents == 12
    assert results["indexes"].victimisation == 100
    assert results["before"]["indexes"].victimisation == 0
    client = world.client_for("directeur")
    page = text(client.get(reverse("prevention:campaign-detail", args=[campaign.pk])))
    assert "12</span> élèves ont répondu" in page
    assert "<svg" in page and "Très souvent 100 %" in page
    assert "campagne précédente : 0 %" in page
    assert "La cour est trop petite" not in page  # free text: district team only
    page = text(
        world.client_for("ien").get(reverse("prevention:campaign-detail", args=[campaign.pk]))
    )
    assert "La cour est trop petite" in page
    pdf = pdf_text(
        world.client_for("ien").get(reverse("prevention:campaign-results-pdf", args=[campaign.pk]))
    )
    assert "12 élèves ont répondu" in pdf
    assert "La cour est trop petite" not in pdf


def test_cycle_breakdown_hidden_when_one_group_is_small(world):
    ce1 = ClassroomFactory(school=world.school_a, name="CE1", levels=["CE1"])
    campaign = make_campaign(world.school_a, [world.class_a, ce1], codes=15)
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    campaign.status = "open"
    for code in campaign.codes.filter(classroom=world.class_a)[:12]:
        response_submit(code=code.code, answers=answers_for(campaign))
    for code in campaign.codes.filter(classroom=ce1)[:4]:
        response_submit(code=code.code, answers=answers_for(campaign))
    Campaign.objects.filter(pk=campaign.pk).update(status="closed")
    campaign.status = "closed"
    results = sel.campaign_results(campaign)
    assert results["indexes"].respondents == 16
    assert results["cycles"] is None  # the 4 CE1 answers could be derived by subtraction
    page = text(
        world.client_for("ien").get(reverse("prevention:campaign-detail", args=[campaign.pk]))
    )
    assert "Pas de détail par cycle" in page and "Cycle 2 :" not in page


def test_slips_pdf_has_codes_and_qr(world, campaign):
    response = world.client_for("directeur").get(
        reverse("prevention:campaign-slips", args=[campaign.pk])
    )
    body = pdf_text(response)
    assert campaign.codes.first().code in body
    assert "enquete" in body.replace("\n", "")


def test_open_and_close_by_the_director(world, campaign):
    client = world.client_for("directeur")
    client.post(reverse("prevention:campaign-open", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "open"
    client.post(reverse("prevention:campaign-open", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "open"
    assert (
        world.client_for("directeur2")
        .post(reverse("prevention:campaign-close", args=[campaign.pk]))
        .status_code
        == 404
    )
    client.post(reverse("prevention:campaign-close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "closed"


def test_director_creates_a_campaign_with_codes(world):
    response = world.client_for("directeur").post(
        reverse("prevention:campaign-create"),
        {
            "title": "Enquête de printemps",
            "questionnaire": make_campaign(
                world.school_a, [world.class_a], codes=1
            ).questionnaire_id,
            "classrooms": [world.class_a.pk],
            "opens_on": "2027-03-01",
            "closes_on": "2027-03-15",
            "codes_per_class": "25",
        },
    )
    campaign = Campaign.objects.get(title="Enquête de printemps")
    assert response["Location"] == reverse("prevention:campaign-detail", args=[campaign.pk])
    assert campaign.codes.count() == 25


def test_purge_command_dry_run_lists_past_years(world, campaign, capsys):
    from django.core.management import call_command

    old = make_campaign(
        world.school_a,
        [world.class_a],
        codes=3,
        opens=datetime.date.today() - datetime.timedelta(days=800),
    )
    fill(old, 3)
    fill(campaign, 2)
    call_command("purge_survey_answers", "--dry-run")
    out = capsys.readouterr().out
    assert "3 réponse(s) seraient supprimées" in out
    assert Response.objects.count() == 5
    call_command("purge_survey_answers")
    assert Response.objects.count() == 2


@pytest.mark.parametrize("size", [1, 8])
def test_campaign_list_queries_do_not_grow(world, size, django_assert_max_num_queries):
    for n in range(size):
        make_campaign(world.school_a, [world.class_a], codes=1, title=f"Enquête {n}")
    client = world.client_for("ien")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("prevention:campaign-list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("prevention:survey-district")).status_code == 200
