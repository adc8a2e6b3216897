"""The notification service: in-portal rows, content-free e-mails, no loss when SMTP is down."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from directory import notifications
from directory.models import Notification, NotificationFrequency, NotificationSettings


def _notify(user, **kwargs):
    kwargs.setdefault("event", "report.new")
    kwargs.setdefault("url", "/prendre-en-charge/signalements/")
    return notifications.notify([user], **kwargs)


def test_notify_stores_one_row_and_sends_one_content_free_email(
    world, django_capture_on_commit_callbacks
):
    director = world.users["directeur"]
    with django_capture_on_commit_callbacks(execute=True):
        _notify(director)
    assert Notification.objects.filter(user=director).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [director.email]
    assert "Une situation demande votre attention" in message.body
    assert "/prendre-en-charge/signalements/" in message.body
    assert world.school_a.name not in message.body + message.subject
    assert Notification.objects.get(user=director).emailed_at is not None


def test_dedupe_key_makes_notify_idempotent(world):
    director = world.users["directeur"]
    _notify(director, dedupe_key="review:1:2026-12-01")
    _notify(director, dedupe_key="review:1:2026-12-01")
    assert Notification.objects.filter(user=director).count() == 1


def test_digest_users_get_no_immediate_email_then_one_digest(
    world, django_capture_on_commit_callbacks
):
    director = world.users["directeur"]
    NotificationSettings.objects.create(user=director, frequency=NotificationFrequency.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(director)
        _notify(director, event="case.new")
    assert mail.outbox == []
    assert notifications.send_digests() == 1
    assert len(mail.outbox) == 1
    assert "2 élément(s)" in mail.outbox[0].body
    assert notifications.send_digests() == 0  # nothing new since


def test_smtp_down_loses_nothing(world, django_capture_on_commit_callbacks):
    director = world.users["directeur"]
    with (
        mock.patch("django.core.mail.send_mail", side_effect=OSError("SMTP indisponible")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _notify(director)
    row = Notification.objects.get(user=director)
    assert row.emailed_at is None and row.email_attempts == 1
    assert mail.outbox == []
    Notification.objects.filter(pk=row.pk).update(created_at=row.created_at.replace(year=2020))
    assert notifications.send_pending() == 1
    assert len(mail.outbox) == 1
    assert notifications.send_pending() == 0


def test_unknown_event_and_external_links_are_refused(world):
    with pytest.raises(KeyError):
        _notify(world.users["directeur"], event="nope")
    with pytest.raises(ValueError):
        _notify(world.users["directeur"], url="https://exemple.org/")
    with pytest.raises(ValueError):
        _notify(world.users["directeur"], url="//exemple.org/")


def test_list_shows_own_notifications_and_unread_count(world):
    director = world.users["directeur"]
    _notify(director)
    _notify(world.users["directeur2"], event="case.new")
    client = world.client_for("directeur")
    response = client.get(reverse("directory:notifications"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nouveau signalement à lire" in page
    assert "Nouvelle situation ouverte" not in page
    assert 'aria-label="1 non lue"' in page


def test_opening_marks_read_and_redirects_inside_the_portal(world):
    director = world.users["directeur"]
    (row,) = _notify(director)
    client = world.client_for("directeur")
    response = client.get(reverse("directory:notification-open", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/prendre-en-charge/signalements/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_someone_elses_notification_is_404(world):
    (row,) = _notify(world.users["directeur2"])
    response = world.client_for("directeur").get(
        reverse("directory:notification-open", args=[row.pk])
    )
    assert response.status_code == 404


def test_preferences_are_saved_and_bad_input_is_a_french_error(world):
    client = world.client_for("directeur")
    response = client.post(reverse("directory:notification-settings"), {"frequency": "x"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(reverse("directory:notification-settings"), {"frequency": "digest"})
    assert response.status_code == 302
    assert world.users["directeur"].notification_settings.frequency == "digest"


def test_mark_all_read(world):
    director = world.users["directeur"]
    _notify(director)
    _notify(director, event="case.new")
    client = world.client_for("directeur")
    assert client.post(reverse("directory:notifications-mark-all")).status_code == 302
    assert not director.notifications.filter(read_at__isnull=True).exists()
