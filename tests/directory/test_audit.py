import datetime
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

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


def _behind_the_back(sql: str, params=()) -> None:
    """Tamper as someone holding the database (not the key) would: guards lifted, raw SQL."""
    from tests.conftest import _set_audit_guards

    _set_audit_guards(enabled=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_hash_chain_verifies_and_detects_tampering(world):
    for i in range(3):
        audit.record("view", user=world.users["ien"], detail=f"lecture {i}")
    assert audit.verify_chain() == []
    victim = AuditEvent.objects.order_by("pk")[1]
    _behind_the_back(
        "UPDATE directory_auditevent SET detail = %s WHERE id = %s", ["modifié", victim.pk]
    )
    assert audit.verify_chain() == [victim.pk]


def test_a_deleted_row_breaks_the_chain(world):
    rows = [audit.record("view", user=world.users["ien"], detail=f"l{i}") for i in range(4)]
    _behind_the_back("DELETE FROM directory_auditevent WHERE id = %s", [rows[1].pk])
    assert audit.verify_chain() == [rows[2].pk]


def test_deleting_a_row_and_recomputing_later_hashes_needs_the_key(world, settings):
    rows = [audit.record("view", user=world.users["ien"], detail=f"l{i}") for i in range(4)]
    _behind_the_back("DELETE FROM directory_auditevent WHERE id = %s", [rows[1].pk])
    # The attacker recomputes the chain with everything but the key (kept outside the database).
    settings.AUDIT_CHAIN_KEY = "the-attacker-guesses-a-key-0123456789"
    previous = audit.GENESIS
    for row in AuditEvent.objects.order_by("pk"):
        row.prev_hash = previous
        previous = audit._digest(row)
        _behind_the_back(
            "UPDATE directory_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [row.prev_hash, previous, row.pk],
        )
    assert audit.verify_chain() == []  # consistent under the guessed key...
    settings.AUDIT_CHAIN_KEY = "dev-only-audit-chain-key-change-me-in-production-0123456789"
    assert audit.verify_chain() == [rows[0].pk, rows[2].pk, rows[3].pk]  # ...not the real one


def test_the_chain_is_keyed_by_the_setting(world, settings):
    audit.record("view", user=world.users["ien"])
    settings.AUDIT_CHAIN_KEY = "another-key-entirely-0123456789-abcdef"
    assert audit.verify_chain() != []


def test_deleting_the_newest_rows_is_seen_through_the_anchor(world):
    rows = [audit.record("view", user=world.users["ien"], detail=f"l{i}") for i in range(3)]
    anchor = audit.anchor()
    assert audit.verify_chain() == []
    _behind_the_back("DELETE FROM directory_auditevent WHERE id >= %s", [rows[1].pk])
    assert audit.verify_chain() == [anchor.last_id]
    # Even with the anchors deleted too, the line written to the log still tells.
    _behind_the_back("DELETE FROM directory_auditanchor")
    assert audit.verify_chain() == []
    assert audit.verify_chain(anchors=[anchor]) == [anchor.last_id]


def test_a_forged_anchor_is_seen(world):
    audit.record("view", user=world.users["ien"])
    anchor = audit.anchor()
    anchor.heads = {"0": [anchor.last_id, "f" * 64]}
    assert audit.verify_chain(anchors=[anchor]) == [anchor.last_id]


def test_anchor_command_logs_the_heads_and_refuses_a_broken_chain(world, caplog):
    from django.core.management import CommandError, call_command

    audit.record("view", user=world.users["ien"])
    out = io.StringIO()
    with caplog.at_level("WARNING", logger="hz.audit"):
        call_command("audit_anchor", stdout=out)
    head = AuditEvent.objects.latest("pk")
    assert f"{head.pk}:{head.hash}" in out.getvalue()
    assert any(head.hash in message for message in caplog.messages)
    _behind_the_back("DELETE FROM directory_auditevent WHERE id = %s", [head.pk])
    with pytest.raises(CommandError, match="altéré"):
        call_command("audit_anchor", stdout=io.StringIO())


def test_inspector_sees_the_last_anchors(world):
    audit.record("view", user=world.users["ien"], obj=world.school_a)
    anchor = audit.anchor()
    page = world.client_for("ien").get(reverse("directory:audit-log")).content.decode()
    assert "Ancres du journal" in page and anchor.signature[:16] in page


def test_database_refuses_delete_of_recent_rows_on_every_database(world):
    event = audit.record("view", user=world.users["ien"])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE : PostgreSQL")
def test_postgresql_refuses_truncate_and_ignores_the_old_purge_flag(world):
    event = audit.record("view", user=world.users["ien"])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE directory_auditevent")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL hz.audit_purge = 'on'")
        cursor.execute("DELETE FROM directory_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def _row_aged(days: int) -> AuditEvent:
    old = AuditEvent(
        at=timezone.now() - datetime.timedelta(days=days),
        action="view",
        actor="ancien",
        prev_hash=audit.GENESIS,
        hash=f"{days:064d}",
    )
    old.save(force_insert=True)
    return old


def test_purge_deletes_only_rows_past_the_retention_age(world):
    old, young = _row_aged(200), _row_aged(179)
    with pytest.raises(ValueError, match="180 jours"):
        audit.purge(older_than_days=30)
    assert audit.purge(older_than_days=190) == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=young.pk).exists()
    # The database holds the same line whoever asks: a 179-day-old row cannot go.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=young.pk).delete()


def test_verification_survives_a_purge_of_old_rows(world):
    for i in range(3):
        audit.record("view", user=world.users["ien"], detail=f"l{i}")
    audit.anchor()
    _row_aged(400)
    audit.purge(older_than_days=365)
    assert audit.verify_chain() == []


def test_database_refuses_update_of_audit_rows(world):
    event = audit.record("view", user=world.users["ien"])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="effacé")
    event.refresh_from_db()
    assert event.detail == ""


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


def test_unusual_access_alerts_the_inspector_once_without_content(
    world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from directory.models import Notification
    from tests.factories import CaseFactory

    settings.HZ_UNUSUAL_ACCESS_COUNT = 3
    case = CaseFactory(school=world.school_a, title="Titre confidentiel")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(6):
            audit.record("view", user=world.users["cpc"], obj=case)
        assert mailoutbox == []  # nothing sent inside the request: after the commit, as a task
    alerts = AuditEvent.objects.filter(action="alert")
    assert alerts.count() == 1
    assert alerts.get().user == world.users["cpc"]
    assert alerts.get().district_id == world.d1.pk
    assert [m.to for m in mailoutbox] == [["ien@exemple.test"]]
    assert Notification.objects.get(event="audit.alert").user == world.users["ien"]
    body = mailoutbox[0].body + mailoutbox[0].subject
    assert "Titre confidentiel" not in body and case.reference not in body


def test_the_alert_comes_on_the_first_read_over_the_threshold(world, settings):
    from tests.factories import CaseFactory

    settings.HZ_UNUSUAL_ACCESS_COUNT = 3
    case = CaseFactory(school=world.school_a)
    for _ in range(3):
        audit.record("view", user=world.users["cpc"], obj=case)
    assert not AuditEvent.objects.filter(action="alert").exists()
    fourth = audit.record("view", user=world.users["cpc"], obj=case)
    alert = AuditEvent.objects.get(action="alert")
    assert alert.pk == fourth.pk + 1
    assert alert.detail.startswith("4 consultations")


def test_exports_and_downloads_count_towards_the_alert(world, settings):
    from tests.factories import CaseFactory

    settings.HZ_UNUSUAL_ACCESS_COUNT = 2
    case = CaseFactory(school=world.school_a)
    audit.record("view", user=world.users["cpc"], obj=case)
    audit.record("export", user=world.users["cpc"], obj=case, detail="PDF")
    audit.record("export", user=world.users["cpc"], obj=case, detail="pièce jointe n° 1")
    assert AuditEvent.objects.filter(action="alert").count() == 1


def test_reads_outside_the_window_do_not_count(world, settings):
    from tests.factories import CaseFactory

    settings.HZ_UNUSUAL_ACCESS_COUNT = 1
    case = CaseFactory(school=world.school_a)
    old = AuditEvent(
        at=timezone.now() - datetime.timedelta(minutes=11),
        user=world.users["cpc"],
        action="view",
        object_type="resources_hub.case",
        prev_hash=audit.GENESIS,
        hash="1" * 64,
    )
    old.save(force_insert=True)
    audit.record("view", user=world.users["cpc"], obj=case)
    assert not AuditEvent.objects.filter(action="alert").exists()


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
