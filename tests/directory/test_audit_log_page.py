"""The IEN's audit journal at scale: filters an index can serve, keyset pages, bounded queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory import audit
from directory.models import AuditEvent

URL = "directory:audit-log"


def _rows(world, n: int, actor: str = "ien") -> list[AuditEvent]:
    return [
        audit.record("view", user=world.users[actor], obj=world.school_a, detail=f"ligne {i}")
        for i in range(n)
    ]


def _journal_sql(client, params) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return "\n".join(q["sql"] for q in queries if "directory_auditevent" in q["sql"])


def test_date_filters_compare_the_bare_column(world):
    _rows(world, 2)
    sql = _journal_sql(world.client_for("ien"), {"since": "2026-01-01", "until": "2026-12-31"})
    # No function wraps the column (django_datetime_cast_date, ::date, AT TIME ZONE...).
    assert not re.search(r"cast_date|::date|AT TIME ZONE|DATE\(", sql, re.IGNORECASE)
    assert '"at" >=' in sql and '"at" <' in sql


def test_date_filters_include_the_whole_last_day_in_local_time(world):
    today = timezone.localdate()
    late = audit.record("view", user=world.users["ien"], obj=world.school_a, detail="tard")
    client = world.client_for("ien")
    page = client.get(reverse(URL), {"since": today, "until": today}).content.decode()
    assert "tard" in page
    yesterday = today - datetime.timedelta(days=1)
    page = client.get(reverse(URL), {"until": yesterday}).content.decode()
    assert "tard" not in page
    assert late.pk


def test_actor_filter_is_an_exact_or_prefix_match(world):
    _rows(world, 1, "ien")
    _rows(world, 1, "cpc")
    client = world.client_for("ien")
    sql = _journal_sql(client, {"actor": "ie"})
    assert "LIKE" in sql.upper() and "UPPER(" not in sql.upper()
    page = client.get(reverse(URL), {"actor": "ie"}).content.decode()
    assert "<td>ien</td>" in page and "<td>cpc</td>" not in page
    page = client.get(reverse(URL), {"actor": "en"}).content.decode()  # not a contains-search
    assert "<td>ien</td>" not in page


def test_pages_go_by_id_without_offset(world):
    rows = _rows(world, 55)
    client = world.client_for("ien")
    first = client.get(reverse(URL))
    assert "ligne 54" in first.content.decode() and "ligne 4<" not in first.content.decode()
    older = first.context["older_query"]
    assert f"avant={rows[5].pk}" in older
    sql = _journal_sql(client, dict(p.split("=") for p in older.split("&")))
    assert "OFFSET" not in sql.upper()
    page = client.get(f"{reverse(URL)}?{older}").content.decode()
    assert "ligne 4<" in page and "ligne 0<" in page and "ligne 54" not in page
    assert client.get(reverse(URL), {"avant": "9" * 40}).status_code == 200


@pytest.mark.parametrize("size", [5, 120])
def test_journal_queries_do_not_grow_with_the_log(world, size, django_assert_max_num_queries):
    _rows(world, size)
    audit.anchor()
    client = world.client_for("ien")
    client.get(reverse(URL))
    with django_assert_max_num_queries(12):
        assert client.get(reverse(URL)).status_code == 200


def test_case_list_is_audited_as_a_read(world):
    from tests.factories import CaseFactory

    CaseFactory(school=world.school_a)
    response = world.client_for("directeur").get(reverse("resources_hub:case-list"))
    assert response.status_code == 200
    row = AuditEvent.objects.get(action="view", object_type="resources_hub.case")
    assert row.actor == "directeur" and row.district_id == world.d1.pk
    assert "liste des situations (1 affiché(s)" in row.detail


@pytest.mark.parametrize(
    ("url_name", "object_type", "label"),
    [
        ("resources_hub:report-list", "resources_hub.report", "signalements reçus (1 affiché(s)"),
        (
            "resources_hub:grid-list",
            "resources_hub.observationgrid",
            "grilles d'observation (1 affiché(s)",
        ),
    ],
)
def test_the_report_inbox_and_the_grid_list_are_audited_as_reads(
    world, url_name, object_type, label
):
    from resources_hub.services import observations
    from tests.factories import ReportFactory

    ReportFactory(school=world.school_a, source="parent", created_by=world.users["parent"])
    observations.concern_grid_open(
        school=world.school_a,
        pupil_label="Élève A",
        class_label="CM1",
        user=world.users["directeur"],
    )
    response = world.client_for("directeur").get(reverse(url_name))

    assert response.status_code == 200
    row = AuditEvent.objects.get(action="view", object_type=object_type)
    assert row.actor == "directeur" and row.district_id == world.d1.pk
    assert label in row.detail
