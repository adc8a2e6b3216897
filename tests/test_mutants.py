"""Tests that kill the mutants which survived the suite (issue 8, item 12).

Each test names the mutation it kills; the audit ones (a deleted row, the alert one read late) are
in tests/directory/test_audit.py: test_a_deleted_row_breaks_the_chain and
test_the_alert_comes_on_the_first_read_over_the_threshold.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from directory import audit
from directory.models import Role
from tests.factories import CaseFactory, ReportFactory


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- X-Forwarded-For ------------------------------------------


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    """Mutant: X-Forwarded-For trusted when TRUSTED_PROXY_COUNT is 0."""
    settings.HZ_TRUSTED_PROXY_COUNT = 0
    assert audit.client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_right_most_hop_is_the_client(settings):
    """Mutant: the left-most hop (written by the client itself) trusted."""
    settings.HZ_TRUSTED_PROXY_COUNT = 1
    spoofed = _request("10.0.0.2", "6.6.6.6, 198.51.100.1")
    assert audit.client_ip(spoofed) == "198.51.100.1"
    assert audit.client_ip(_request("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


def test_behind_two_proxies_the_second_hop_from_the_right(settings):
    settings.HZ_TRUSTED_PROXY_COUNT = 2
    chain = _request("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1")
    assert audit.client_ip(chain) == "198.51.100.1"
    # Fewer hops than proxies: the header is not what our proxies write, REMOTE_ADDR stays.
    assert audit.client_ip(_request("10.0.0.2", "198.51.100.1")) == "10.0.0.2"


def test_a_forged_header_is_never_an_address(settings):
    settings.HZ_TRUSTED_PROXY_COUNT = 1
    assert audit.client_ip(_request("10.0.0.2", "pas-une-ip")) is None


# --- Photos keep no GPS ---------------------------------------------------------------------------


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (32, 24), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Fabricant"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 24.0)
    gps[3], gps[4] = "E", (2.0, 21.0, 3.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_jpeg_photo_loses_its_gps_data():
    """Mutant: JPEG photos stored with their EXIF (no test uploaded a JPEG)."""
    from resources_hub.uploads import prepare_upload

    data = _jpeg_with_gps()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the fixture does carry GPS
    stored, fields = prepare_upload(SimpleUploadedFile("photo.jpg", data, "image/jpeg"))
    assert fields["content_type"] == "image/jpeg"
    content = stored.read()
    with Image.open(io.BytesIO(content)) as cleaned:
        exif = cleaned.getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif
        assert cleaned.size == (32, 24)
    assert b"Fabricant" not in content


def test_a_fake_jpeg_is_refused():
    from resources_hub.uploads import prepare_upload

    with pytest.raises(ValidationError):
        prepare_upload(SimpleUploadedFile("x.jpg", b"\xff\xd8\xff" + b"0" * 64, "image/jpeg"))


# --- Retention cut-off ------------------------------------------


def test_retention_keeps_a_case_closed_exactly_the_retention_period_ago(world):
    """Mutant: the cut-off one day early (a case anonymised one day before its time)."""
    from resources_hub import services

    today = datetime.date(2026, 12, 1)
    on_time = CaseFactory(school=world.school_a, status="closed")
    overdue = CaseFactory(school=world.school_a, status="closed")
    type(on_time).objects.filter(pk=on_time.pk).update(closed_on=today - datetime.timedelta(30))
    type(on_time).objects.filter(pk=overdue.pk).update(closed_on=today - datetime.timedelta(31))
    report = services.cases_anonymise(older_than_days=30, dry_run=True, today=today)
    assert list(report.cases) == [overdue.reference]


# --- Teachers read their own reports only ------------------------------------------


def test_a_teacher_reads_their_own_reports_not_the_schools(world):
    """Mutant: report.view for teachers widened from OWN to SCHOOL."""
    from directory.permissions import has_perm
    from resources_hub.models import Report

    teacher = world.users["enseignant"]
    own = ReportFactory(school=world.school_a, created_by=teacher)
    colleague = ReportFactory(school=world.school_a, created_by=world.users["directeur"])
    assert has_perm(teacher, "report.view")
    assert list(Report.objects.visible_to(teacher, "report.view")) == [own]
    assert colleague in Report.objects.visible_to(world.users["directeur"], "report.view")
    client = world.client_for("enseignant")
    mine = client.get(reverse("resources_hub:report-mine"))
    assert list(mine.context["reports"]) == [own]
    # The inbox and a report's page are the managers': a teacher is refused both.
    assert client.get(reverse("resources_hub:report-list")).status_code == 403
    detail = reverse("resources_hub:report-detail", args=[colleague.pk])
    assert client.get(detail).status_code in {403, 404}
    assert {a.role for a in teacher.assignments.all()} == {Role.TEACHER}
