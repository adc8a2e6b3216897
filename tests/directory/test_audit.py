import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from directory import audit
from directory.models import AuditEvent


def test_record_writes_who_what_where(world):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = world.users["ien"]
    event = audit.record("view", request=request, obj=world.school_a, detail="lecture")
    event.refresh_from_db()
    assert event.actor == "ien"
    assert event.user == world.users["ien"]
    assert event.object_type == "directory.school"
    assert event.object_id == str(world.school_a.pk)
    assert event.district_id == world.d1.pk
    assert event.ip == "10.1.2.3"


def test_newlines_cannot_forge_log_lines(world):
    event = audit.record("view", user=world.users["ien"], detail="a\nFAUX login admin\r\x00b")
    assert "\n" not in event.detail and "\r" not in event.detail and "\x00" not in event.detail


def test_unknown_action_refused(db):
    with pytest.raises(ValueError):
        audit.record("hack")


def test_hash_chain_verifies_and_detects_tampering(world):
    for i in range(3):
        audit.record("view", user=world.users["ien"], detail=f"lecture {i}")
    assert audit.verify_chain() == []
    victim = AuditEvent.objects.order_by("pk")[1]
    # Tamper behind the application's back (raw SQL, trigger dropped on PostgreSQL/SQLite).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE directory_auditevent DISABLE TRIGGER hz_audit_append_only")
        else:
            cursor.execute("DROP TRIGGER hz_audit_no_update")
        cursor.execute(
            "UPDATE directory_auditevent SET detail = %s WHERE id = %s", ["modifié", victim.pk]
        )
    assert audit.verify_chain() == [victim.pk]


def test_database_refuses_update_of_audit_rows(world):
    event = audit.record("view", user=world.users["ien"])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="effacé")
    event.refresh_from_db()
    assert event.detail == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="déclencheur DELETE : PostgreSQL")
def test_postgresql_refuses_delete_of_audit_rows(world):
    event = audit.record("view", user=world.users["ien"])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_login_and_logout_are_audited(world, client):
    client.post(reverse("login"), {"username": "ien", "password": "demo"})
    client.post(reverse("logout"))
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "login",
        "logout",
    ]


def test_inspector_sees_only_their_district_audit_rows(world):
    audit.record("view", user=world.users["ien"], obj=world.school_a)
    audit.record("view", user=world.users["ien_autre"], obj=world.school_c)
    response = world.client_for("ien").get(reverse("directory:audit-log"))
    page = response.content.decode()
    assert world.school_a.name in page
    assert world.school_c.name not in page


def test_audit_log_filters_by_action(world):
    audit.record("export", user=world.users["ien"], obj=world.school_a, detail="export X")
    audit.record("view", user=world.users["ien"], obj=world.school_b, detail="lecture Y")
    response = world.client_for("ien").get(reverse("directory:audit-log"), {"action": "export"})
    page = response.content.decode()
    assert "export X" in page and "lecture Y" not in page


def test_audit_log_bad_filter_input_is_not_a_500(world):
    response = world.client_for("ien").get(
        reverse("directory:audit-log"), {"since": "pas-une-date", "action": "inconnue"}
    )
    assert response.status_code == 200


def test_unusual_access_alerts_the_inspector_once_without_content(world, settings, mailoutbox):
    from tests.factories import CaseFactory

    settings.HZ_UNUSUAL_ACCESS_COUNT = 3
    case = CaseFactory(school=world.school_a, title="Titre confidentiel")
    for _ in range(6):
        audit.record("view", user=world.users["cpc"], obj=case)
    alerts = AuditEvent.objects.filter(action="alert")
    assert alerts.count() == 1
    assert alerts.get().user == world.users["cpc"]
    assert alerts.get().district_id == world.d1.pk
    assert [m.to for m in mailoutbox] == [["ien@exemple.test"]]
    body = mailoutbox[0].body + mailoutbox[0].subject
    assert "Titre confidentiel" not in body and case.reference not in body


def test_ordinary_reading_raises_no_alert(world, settings):
    from tests.factories import CaseFactory

    settings.HZ_UNUSUAL_ACCESS_COUNT = 3
    case = CaseFactory(school=world.school_a)
    for _ in range(3):
        audit.record("view", user=world.users["cpc"], obj=case)
    assert not AuditEvent.objects.filter(action="alert").exists()


def test_inspector_dashboard_shows_recent_alerts(world):
    audit.record("alert", user=world.users["cpc"], district_id=world.d1.pk, detail="test")
    page = world.client_for("ien").get(reverse("directory:home-district")).content.decode()
    assert "1 alerte d'accès inhabituel" in page
    other = world.client_for("ien_autre").get(reverse("directory:home-district")).content.decode()
    assert "alerte d'accès inhabituel" not in other
    cpc = world.client_for("cpc").get(reverse("directory:home-district")).content.decode()
    assert "alerte d'accès inhabituel" not in cpc  # the log is the inspector's
