"""Académie-sized volume of « Former » for the scale command and the benchmarks.

Per district and factor 1.0: 30 sessions a year (about 15 enrolments each, most attended),
two directors' meetings; per école: one conseil des maîtres in most, an ambassador group in half.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from directory.models import Role, RoleAssignment, SchoolYear
from training.models import (
    Cohort,
    Enrolment,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    Session,
    TrainingKind,
)

SESSIONS_PER_DISTRICT = 30
BATCH = 2000


def _staff_by_district(schools) -> dict[int, list[tuple[int, int]]]:
    rows = (
        RoleAssignment.objects.active()
        .filter(school__in=schools, role__in=[Role.DIRECTOR, Role.TEACHER])
        .values_list("school__district_id", "user_id", "school_id")
    )
    staff: dict[int, list[tuple[int, int]]] = {}
    for district_id, user_id, school_id in rows:
        staff.setdefault(district_id, []).append((user_id, school_id))
    return staff


def _sessions(district_ids, year, rng, factor) -> list[Session]:
    kinds = list(TrainingKind.objects.filter(self_paced=False))
    rows = []
    for district_id in district_ids:
        for n in range(max(1, round(SESSIONS_PER_DISTRICT * factor))):
            start = timezone.make_aware(
                datetime.datetime(year.start_year, 9, 1, 9)
                + datetime.timedelta(days=rng.randrange(0, 300))
            )
            rows.append(
                Session(
                    district_id=district_id,
                    kind=rng.choice(kinds),
                    title=f"Session de formation {n + 1}",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=3),
                    place="Salle de la circonscription",
                    capacity=20,
                    hours=Decimal(3),
                    budget="formation",
                )
            )
    return Session.objects.bulk_create(rows, batch_size=BATCH)


def _enrolments(sessions, staff, rng, now) -> int:
    rows = []
    for session in sessions:
        people = staff.get(session.district_id, [])
        for user_id, school_id in rng.sample(people, min(len(people), rng.randint(8, 18))):
            rows.append(
                Enrolment(
                    session=session,
                    user_id=user_id,
                    school_id=school_id,
                    status="enrolled",
                    attended=(rng.random() < 0.9) if session.starts_at < now else None,
                )
            )
    Enrolment.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _conseils(schools, staff_by_school, year, rng) -> int:
    meetings = [
        Meeting(
            district_id=s.district_id,
            school=s,
            kind=MeetingKind.CONSEIL,
            held_on=year.starts_on + datetime.timedelta(days=rng.randrange(20, 250)),
        )
        for s in schools
        if s.district_id and rng.random() < 0.8
    ]
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    attendances = [
        MeetingAttendance(meeting=m, user_id=user_id, school_id=m.school_id)
        for m in meetings
        for user_id in staff_by_school.get(m.school_id, [])
    ]
    MeetingAttendance.objects.bulk_create(attendances, batch_size=BATCH, ignore_conflicts=True)
    return len(meetings)


def seed(*, schools, rng, factor: float, stdout) -> None:
    schools = [s for s in schools if s.district_id and s.kind not in ("college", "lycee")]
    if not schools:
        return
    year = SchoolYear.current()
    now = timezone.now()
    staff = _staff_by_district(schools)
    staff_by_school: dict[int, list[int]] = {}
    for people in staff.values():
        for user_id, school_id in people:
            staff_by_school.setdefault(school_id, []).append(user_id)
    district_ids = sorted({s.district_id for s in schools})
    sessions = _sessions(district_ids, year, rng, factor)
    enrolments = _enrolments(sessions, staff, rng, now)
    conseils = _conseils(schools, staff_by_school, year, rng)
    cohorts = [
        Cohort(school=s, year=year, programme="petits", members_count=rng.randint(4, 12))
        for s in schools
        if s.kind in ("elementaire", "primaire") and rng.random() < 0.5
    ]
    Cohort.objects.bulk_create(cohorts, batch_size=BATCH, ignore_conflicts=True)
    stdout.write(
        f"Former : {len(sessions)} sessions, {enrolments} inscriptions, {conseils} conseils, "
        f"{len(cohorts)} groupes d'ambassadeurs."
    )
