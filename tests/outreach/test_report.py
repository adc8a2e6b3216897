import io

from django.urls import reverse
from pypdf import PdfReader

from directory.models import SchoolYear
from outreach.models import YearlyReport
from outreach.services import bilan as bilan_services
from outreach.services import report as services
from tests.factories import CaseFactory


def _text(content: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_admin_exports_the_district_report_with_the_four_axes(world, fake_axes):
    CaseFactory(school=world.school_a, status="handling")
    CaseFactory(school=world.school_c, status="handling")
    client = world.client_for("admin")
    response = client.post(reverse("outreach:report-request"), {"district": world.d1.pk})
    report = YearlyReport.objects.get()
    assert response["Location"] == reverse("outreach:report-status", args=[report.pk])
    assert report.status == "done"  # the immediate backend ran the task
    status = client.get(response["Location"])
    assert "Le rapport est prêt" in status.content.decode() and "Refresh" not in status
    pdf = client.get(reverse("outreach:report-pdf", args=[report.pk]))
    assert pdf.content.startswith(b"%PDF")
    text = _text(pdf.content)
    for axis in ("Prévenir", "Mieux prendre en charge", "Former", "Informer"):
        assert axis in text
    assert "Actions de prévention" in text and "Situations ouvertes" in text
    assert "Léa M." not in text


def test_report_is_served_again_until_the_data_changes(world, fake_axes):
    year = SchoolYear.current()
    first, queued = services.report_request(user=world.users["ien"], year=year, district=world.d1)
    assert queued
    again, queued = services.report_request(user=world.users["ien"], year=year, district=world.d1)
    assert again.pk == first.pk and not queued
    CaseFactory(school=world.school_a)
    changed, queued = services.report_request(user=world.users["ien"], year=year, district=world.d1)
    assert queued and changed.pk != first.pk
    bilan = bilan_services.bilan_for(school=world.school_a, year=year)
    bilan_services.bilan_save(
        bilan=bilan,
        user=world.users["directeur"],
        expected_version=0,
        sign=True,
        data={"assessment": "a", "needs": "b"},
    )
    after_bilan, queued = services.report_request(
        user=world.users["ien"], year=year, district=world.d1
    )
    assert queued and after_bilan.pk != changed.pk


def test_report_figures_count_the_district_only(world, fake_axes):
    CaseFactory(school=world.school_a, status="handling")
    CaseFactory(school=world.school_b, status="closed")
    CaseFactory(school=world.school_c, status="handling")
    data = services.report_data(year=SchoolYear.current(), district=world.d1)
    figures = {f["key"]: f["value"] for f in data["figures"]}
    assert figures["cases"] == 2 and figures["cases.closed"] == 1
    assert figures["fake.actions"] == 12
    assert "fake.bad" not in figures
    assert data["bilans"] == {"schools": 2, "signed": 0, "draft": 0}


def test_pending_report_page_refreshes_itself(world):
    report = YearlyReport.objects.create(
        district=world.d1, year=SchoolYear.current(), fingerprint="x"
    )
    response = world.client_for("ien").get(reverse("outreach:report-status", args=[report.pk]))
    assert response["Refresh"] == "3" and "En attente" in response.content.decode()
    pdf = world.client_for("ien").get(reverse("outreach:report-pdf", args=[report.pk]))
    assert pdf.status_code == 302


def test_director_gets_the_school_version_only(world, fake_axes):
    client = world.client_for("directeur")
    response = client.post(reverse("outreach:report-school-request", args=[world.school_a.uai]))
    report = YearlyReport.objects.get()
    assert report.school == world.school_a
    text = _text(client.get(reverse("outreach:report-pdf", args=[report.pk])).content)
    assert world.school_a.name in text
    assert response.status_code == 302
    other = client.post(reverse("outreach:report-school-request", args=[world.school_b.uai]))
    assert other.status_code == 404
    district = services.report_request(
        user=world.users["ien"], year=SchoolYear.current(), district=world.d1
    )[0]
    assert client.get(reverse("outreach:report-status", args=[district.pk])).status_code == 404


def test_other_inspector_cannot_read_the_report(world, fake_axes):
    report, _ = services.report_request(
        user=world.users["ien"], year=SchoolYear.current(), district=world.d1
    )
    assert (
        world.client_for("ien_autre")
        .get(reverse("outreach:report-pdf", args=[report.pk]))
        .status_code
        == 404
    )
    response = world.client_for("ien_autre").post(
        reverse("outreach:report-request"), {"district": world.d1.pk}
    )
    assert response.status_code == 404


def test_a_stalled_build_is_started_again(world, fake_axes):
    import datetime

    from django.utils import timezone

    year = SchoolYear.current()
    data = services.report_data(year=year, district=world.d1)
    stalled = YearlyReport.objects.create(
        district=world.d1, year=year, fingerprint=services.fingerprint(data), status="running"
    )
    YearlyReport.objects.filter(pk=stalled.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    report, queued = services.report_request(user=world.users["ien"], year=year, district=world.d1)
    report.refresh_from_db()
    assert queued and report.pk != stalled.pk and report.status == "done"
