import io

from django.urls import reverse
from pypdf import PdfReader

from directory.models import SchoolYear
from outreach.models import SchoolBilan
from outreach.services import bilan as services
from tests.factories import CaseFactory, ReportFactory


def _url(world, name="outreach:bilan-edit", school=None):
    year = SchoolYear.current()
    return reverse(name, args=[(school or world.school_a).uai, year.start_year])


def _figure(bilan, key):
    return next(f["value"] for f in bilan.figures if f["key"] == key)


def test_bilan_is_prefilled_with_counts_from_every_axis(world, fake_axes):
    CaseFactory(school=world.school_a, status="handling")
    CaseFactory(school=world.school_a, status="closed")
    CaseFactory(school=world.school_b, status="handling")
    ReportFactory(school=world.school_a, source="parent", created_by=world.users["parent"])
    client = world.client_for("directeur")
    response = client.get(_url(world))
    assert response.status_code == 200
    assert not SchoolBilan.objects.exists()  # opening the page writes nothing
    client.post(_url(world), {"assessment": "", "needs": "", "version": 0})
    bilan = SchoolBilan.objects.get(school=world.school_a)
    assert _figure(bilan, "cases") == 2
    assert _figure(bilan, "cases.handling") == 1
    assert _figure(bilan, "reports.parent") == 1
    assert _figure(bilan, "fake.actions") == 4 and _figure(bilan, "fake.trainings") == 2
    assert all(isinstance(f["value"], int | float) for f in bilan.figures)  # no text survives
    body = response.content.decode()
    assert "Actions de prévention" in body and "Situations — Prise en charge" in body
    assert "Léa M." not in body


def test_director_saves_signs_and_the_bilan_locks(world, fake_axes):
    client = world.client_for("directeur")
    client.get(_url(world))
    response = client.post(
        _url(world), {"assessment": "Une belle année", "needs": "", "version": 0}
    )
    assert response.status_code == 302
    bilan = SchoolBilan.objects.get(school=world.school_a)
    assert bilan.version == 1 and bilan.assessment == "Une belle année"
    refused = client.post(_url(world), {"assessment": "x", "needs": "", "version": 1, "sign": "1"})
    assert "avant de signer" in refused.content.decode()
    client.post(_url(world), {"assessment": "Bilan", "needs": "Former", "version": 1, "sign": "1"})
    bilan.refresh_from_db()
    assert bilan.is_signed and bilan.signed_by == world.users["directeur"]
    late = client.post(_url(world), {"assessment": "Après", "needs": "x", "version": 2})
    bilan.refresh_from_db()
    assert late.status_code == 200 and bilan.assessment == "Bilan"
    assert "Après" in late.content.decode()  # the text typed is kept on the page
    assert world.users["ien"].notifications.filter(event="outreach.bilan_signed").count() == 1


def test_stale_save_is_refused_and_keeps_the_text(world):
    client = world.client_for("directeur")
    client.get(_url(world))
    client.post(_url(world), {"assessment": "Premier", "needs": "", "version": 0})
    response = client.post(_url(world), {"assessment": "Second, périmé", "needs": "", "version": 0})
    assert "enregistré depuis que vous l" in response.content.decode()
    assert "Second, périmé" in response.content.decode()
    assert SchoolBilan.objects.get(school=world.school_a).assessment == "Premier"


def test_one_bilan_per_school_and_year(world):
    year = SchoolYear.current()
    first = services.bilan_for(school=world.school_a, year=year)
    assert services.bilan_for(school=world.school_a, year=year).pk == first.pk
    assert SchoolBilan.objects.filter(school=world.school_a).count() == 1


def test_bilan_pdf(world, fake_axes):
    client = world.client_for("directeur")
    client.get(_url(world))
    client.post(_url(world), {"assessment": "Bilan <script>", "needs": "Former", "version": 0})
    response = client.get(_url(world, "outreach:bilan-pdf"))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bilan annuel" in text and "Actions de prévention" in text and "Bilan <script>" in text


def test_inspector_sees_who_returned_and_reads_them_together(world, fake_axes):
    year = SchoolYear.current()
    bilan = services.bilan_for(school=world.school_a, year=year)
    services.bilan_save(
        bilan=bilan,
        user=world.users["directeur"],
        expected_version=0,
        sign=True,
        data={"assessment": "Texte de A", "successes": "", "needs": "Besoins de A"},
    )
    services.bilan_for(school=world.school_b, year=year)
    client = world.client_for("ien")
    overview = client.get(reverse("outreach:bilan")).content.decode()
    assert "1 école sur 2 a transmis" in overview
    together = client.get(
        reverse("outreach:bilan-together", args=[year.start_year])
    ).content.decode()
    assert "Texte de A" in together and world.school_b.name not in together
    other = world.client_for("ien_autre").get(
        reverse("outreach:bilan-together", args=[year.start_year])
    )
    assert "Texte de A" not in other.content.decode()


def test_director_home_redirects_to_their_bilan(world):
    response = world.client_for("directeur").get(reverse("outreach:bilan"))
    assert response.status_code == 302 and response["Location"] == _url(world)


def test_overview_query_count(world, django_assert_max_num_queries):
    from tests.factories import SchoolFactory

    client = world.client_for("ien")
    with django_assert_max_num_queries(15):
        client.get(reverse("outreach:bilan"))
    for _ in range(20):
        school = SchoolFactory(district=world.d1)
        services.bilan_for(school=school, year=SchoolYear.current())
    with django_assert_max_num_queries(15):
        client.get(reverse("outreach:bilan"))
