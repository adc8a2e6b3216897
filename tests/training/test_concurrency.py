"""Capacity under concurrency: two transactions enrol at once for the last seat."""

import threading
import time

import pytest
from django.db import connection, connections

from training.models import Enrolment, EnrolmentStatus
from training.services import offer as services

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer on one database lock: the row lock "
    "(select_for_update) this test proves is PostgreSQL's; the CI runs it on PostgreSQL.",
)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_enrolments_never_exceed_capacity(world, offer, monkeypatch):
    offer.session.capacity = 1
    offer.session.save()
    counted = services.seats_held

    def slow_count(session):
        value = counted(session)
        time.sleep(0.3)  # widen the window between counting and writing
        return value

    monkeypatch.setattr(services, "seats_held", slow_count)
    start = threading.Barrier(2)
    errors = []

    def enrol(user):
        try:
            start.wait(timeout=10)
            services.enrolment_create(session=offer.session, person=user, by=user)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(u,)) for u in offer.teachers[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = sorted(Enrolment.objects.values_list("status", flat=True))
    assert statuses == [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING]
