import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from directory.models import Notification
from outreach.models import Registration
from outreach.services import events as services
from tests.factories import AssignmentFactory, UserFactory
from tests.outreach.conftest import make_event


def _register(client, event):
    return client.post(reverse("outreach:event-register", args=[event.pk]), {"action": "register"})


def test_parent_registers_for_a_cafe(world, content):
    client = world.client_for("parent")
    _register(client, content.cafe)
    _register(client, content.cafe)  # double submit
    assert Registration.objects.filter(event=content.cafe).count() == 1
    body = client.get(reverse("outreach:event-detail", args=[content.cafe.pk])).content.decode()
    assert "Vous êtes inscrit" in body
    client.post(reverse("outreach:event-register", args=[content.cafe.pk]), {"action": "cancel"})
    assert not Registration.objects.filter(event=content.cafe).exists()


def test_capacity_is_never_exceeded(world, content):
    for name in ("parent", "enseignant"):
        _register(world.client_for(name), content.cafe)
    director = world.client_for("directeur")
    response = _register(director, content.cafe)
    assert Registration.objects.filter(event=content.cafe).count() == 2
    page = director.get(response["Location"]).content.decode()
    assert "plus de place" in page


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrent_registrations(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this checks; SQLite serialises writers anyway")
    event = make_event(district=world.d1, school=world.school_a, capacity=3)
    users = []
    for index in range(8):
        user = UserFactory(username=f"p{index}")
        AssignmentFactory(user=user, role="parent", school=world.school_a)
        users.append(user)
    errors = []

    def register(user):
        try:
            services.registration_create(event=event, user=user)
        except services.EventFull:
            errors.append(user)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Registration.objects.filter(event=event).count() == 3 and len(errors) == 5


def test_event_outside_scope_is_404(world, content):
    client = world.client_for("parent")
    assert client.get(reverse("outreach:event-detail", args=[content.cafe_c.pk])).status_code == 404
    assert _register(client, content.cafe_c).status_code == 404
    assert not Registration.objects.filter(event=content.cafe_c).exists()


def test_ical(world, content):
    response = world.client_for("parent").get(
        reverse("outreach:event-ical", args=[content.cafe.pk])
    )
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (item,) = calendar.walk("VEVENT")
    assert str(item["summary"]) == "Café des parents de printemps"


def test_reminders_are_sent_once(world, content):
    soon = make_event(district=world.d1, school=world.school_a, days=1)
    services.registration_create(event=soon, user=world.users["parent"])
    services.registration_create(event=content.cafe, user=world.users["parent"])
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    assert (
        Notification.objects.filter(
            user=world.users["parent"], event="outreach.event_reminder"
        ).count()
        == 1
    )


def test_past_event_refuses_registration(world):
    past = make_event(district=world.d1, school=world.school_a, days=-3)
    with pytest.raises(services.EventPast):
        services.registration_create(event=past, user=world.users["parent"])


def test_director_creates_a_school_event(world):
    start = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "kind": "cafe",
        "title": "Café de mai",
        "description": "",
        "place": "Préau",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 12,
        "audience": "parents",
        "school": world.school_a.pk,
    }
    response = world.client_for("directeur").post(reverse("outreach:event-create"), data)
    assert response.status_code == 302
    bad = world.client_for("directeur").post(
        reverse("outreach:event-create"), {**data, "title": "Intrus", "school": world.school_b.pk}
    )
    assert bad.status_code == 200 and "Intrus" in bad.content.decode()


def test_event_list_query_count(world, content, django_assert_max_num_queries):
    client = world.client_for("parent")
    with django_assert_max_num_queries(15):
        client.get(reverse("outreach:events"))
    for _ in range(20):
        make_event(district=world.d1)
    with django_assert_max_num_queries(15):
        client.get(reverse("outreach:events"))


def test_staff_only_event_is_not_shown_to_parents(world):
    event = make_event(district=world.d1, school=world.school_a)
    event.audience = "staff"
    event.save()
    assert (
        world.client_for("parent")
        .get(reverse("outreach:event-detail", args=[event.pk]))
        .status_code
        == 404
    )
    assert (
        world.client_for("enseignant")
        .get(reverse("outreach:event-detail", args=[event.pk]))
        .status_code
        == 200
    )
