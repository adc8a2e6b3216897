"""Demo records of « Former », loaded by ``seed_demo`` after the directory and resources_hub.

A school year of sessions (past ones with attendance, coming ones with a full session, its
waiting list and a seat offered), two directors' meetings, conseils des maîtres in three schools,
a CPC request, the pôle's pHARe days and ambassador groups. Running it again adds nothing:
sessions are found by title, meetings by school and date, groups by school and programme.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from directory import demo as directory_demo
from directory.models import District, Partner, PartnerKind, School, SchoolYear, User
from training.models import (
    AgendaItem,
    Ambassador,
    Cohort,
    CpcRequest,
    Enrolment,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    PoleTrainingDay,
    Session,
    TrainingKind,
)

VEIL, FERRY, LANGEVIN, TILLEULS, CURIE = "0921003R", "0921002P", "0921005T", "0921001N", "0921008W"
SCHOOL_OF = {
    "directeur": VEIL,
    "enseignant": VEIL,
    "ens.veil2": VEIL,
    "directeur2": FERRY,
    "ens.ferry": FERRY,
    "dir.langevin": LANGEVIN,
    "dir.tilleuls": TILLEULS,
    "dir.curie": CURIE,
}
# title, kind, month offset from 1 September, day, hours, budget, capacity, audience, people
SESSIONS = [
    (
        "Parcours M@gistère : agir contre le harcèlement",
        "magistere",
        0,
        15,
        3,
        "formation",
        500,
        {},
        {"enseignant": "done", "directeur": "done", "ens.ferry": "enrolled"},
    ),
    (
        "Formation des PES et des PA3 : harcèlement et climat de classe",
        "pes-pa3",
        2,
        8,
        6,
        "formation",
        15,
        {"audience_functions": ["pes"]},
        {"ens.veil2": "present"},
    ),
    (
        "Repérer les signaux faibles",
        "circonscription",
        2,
        20,
        3,
        "formation",
        20,
        {},
        {
            "enseignant": "present",
            "directeur": "present",
            "directeur2": "present",
            "ens.ferry": "absent",
        },
    ),
    (
        "Pôle ressources : la méthode de la préoccupation partagée",
        "pole",
        1,
        10,
        6,
        "hors",
        12,
        {"audience_roles": ["pole_member", "district_team", "inspector"]},
        {"pole": "present", "infirmier": "present", "rased": "present", "referente": "present"},
    ),
    (
        "Former les parents ambassadeurs",
        "parents",
        4,
        12,
        2,
        "hors",
        15,
        {"audience_roles": ["parent"]},
        {"parent": "enrolled"},
    ),
    (
        "Conduire un entretien avec un élève témoin",
        "circonscription",
        6,
        3,
        3,
        "formation",
        4,
        {},
        {
            "directeur": "enrolled",
            "directeur2": "enrolled",
            "enseignant": "enrolled",
            "dir.langevin": "offered",
            "dir.curie": "waiting",
        },
    ),
]


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(is_active=True)}


def _when(year: SchoolYear, months: int, day: int) -> datetime.datetime:
    month = (9 + months - 1) % 12 + 1
    year_number = year.start_year + (9 + months - 1) // 12
    naive = datetime.datetime(year_number, month, day, 9, 0)
    return timezone.make_aware(naive)


def _session(district, year, row, kinds, trainers):
    title, kind, months, day, hours, budget, capacity, audience, _people = row
    start = _when(year, months, day)
    if kind == "magistere":
        end = _when(year, 9, 30)
    else:
        end = start + datetime.timedelta(hours=float(hours))
    session, created = Session.objects.get_or_create(
        district=district,
        title=title,
        defaults={
            "kind": kinds[kind],
            "starts_at": start,
            "ends_at": end,
            "place": "" if kind == "magistere" else "Salle de réunion de la circonscription",
            "video_url": "https://magistere.education.fr/" if kind == "magistere" else "",
            "capacity": capacity,
            "hours": Decimal(hours),
            "budget": budget,
            "audience_roles": audience.get("audience_roles", []),
            "audience_functions": audience.get("audience_functions", []),
        },
    )
    if created and trainers:
        session.trainers.add(*trainers)
    return session


def _enrol(session, user, state, school, now):
    status = {"waiting": "waiting", "offered": "offered"}.get(state, "enrolled")
    defaults = {"status": status, "school": school}
    if state in ("present", "absent") and session.starts_at < now:
        defaults["attended"] = state == "present"
    if status == "offered":
        defaults |= {"offered_until": now + datetime.timedelta(hours=48), "offer_count": 1}
    if state == "done" and session.starts_at < now:
        defaults["completed_on"] = (session.starts_at + datetime.timedelta(days=20)).date()
    Enrolment.objects.get_or_create(session=session, user=user, defaults=defaults)


def _sessions(district, year, users, schools) -> int:
    kinds = {k.code: k for k in TrainingKind.objects.all()}
    cpc = [users[u] for u in ("cpc",) if u in users]
    now = timezone.now()
    partner, _ = Partner.objects.get_or_create(
        district=district,
        name="OCCE des Hauts-de-Seine",
        defaults={"kind": PartnerKind.OCCE},
    )
    for row in SESSIONS:
        session = _session(district, year, row, kinds, cpc)
        if row[1] == "parents":
            session.partner_trainers.add(partner)
        for username, state in row[8].items():
            if username in users:
                school = schools.get(SCHOOL_OF.get(username, ""))
                _enrol(session, users[username], state, school, now)
    return len(SESSIONS)


AGENDAS = {
    0: [
        ("pikas", "Présentation du protocole PIKAS (méthode de la préoccupation partagée)", ""),
        ("magistere", "Le parcours M@gistère du premier degré", "/former/sessions/"),
        ("crise", "Le protocole de crise de la circonscription", "/prendre-en-charge/"),
    ],
    9: [
        ("restitution", "Restitution des actions de l'année et diaporama", ""),
        ("plan", "Bilan des plans de prévention des écoles", ""),
    ],
}


def _meetings(district, year, users, schools) -> int:
    directors = [
        users[u]
        for u in ("directeur", "directeur2", "dir.langevin", "dir.tilleuls", "dir.curie")
        if u in users
    ]
    count = 0
    for months, items in AGENDAS.items():
        held_on = _when(year, months, 25).date()
        meeting, created = Meeting.objects.get_or_create(
            district=district,
            kind=MeetingKind.DIRECTORS,
            held_on=held_on,
            defaults={"hours": Decimal(3), "place": "Salle de réunion de la circonscription"},
        )
        if created:
            for topic, title, link in items:
                AgendaItem.objects.create(meeting=meeting, topic=topic, title=title, link=link)
            for person in directors:
                school = schools.get(SCHOOL_OF.get(person.username, ""))
                MeetingAttendance.objects.create(meeting=meeting, user=person, school=school)
        count += 1
    return count + _conseils(district, year, users, schools)


def _conseils(district, year, users, schools) -> int:
    count = 0
    for uai, months, staff in [
        (VEIL, 2, ["directeur", "enseignant", "ens.veil2"]),
        (FERRY, 3, ["directeur2", "ens.ferry"]),
        (TILLEULS, 4, ["dir.tilleuls"]),
    ]:
        if uai not in schools:
            continue
        meeting, created = Meeting.objects.get_or_create(
            district=district,
            school=schools[uai],
            kind=MeetingKind.CONSEIL,
            held_on=_when(year, months, 14).date(),
            defaults={"hours": Decimal(3), "cpc": users.get("cpc") if uai == FERRY else None},
        )
        if created:
            AgendaItem.objects.create(
                meeting=meeting, topic="plan", title="Le plan de prévention de l'école"
            )
            for username in staff:
                if username in users:
                    MeetingAttendance.objects.create(
                        meeting=meeting, user=users[username], school=schools[uai]
                    )
        count += 1
    _cpc_request(users, schools)
    return count


def _cpc_request(users, schools) -> None:
    if LANGEVIN in schools:
        CpcRequest.objects.get_or_create(
            school=schools[LANGEVIN],
            wished_period="Deuxième quinzaine de janvier",
            defaults={"requested_by": users.get("dir.langevin")},
        )


def _pole_days(district, year, users) -> None:
    from resources_hub.models import PoleMember

    members = PoleMember.objects.filter(pole__district=district, is_active=True)
    for index, member in enumerate(members.select_related("user").order_by("pk")):
        days = 8 if index % 2 == 0 else 4
        for n in range(days):
            PoleTrainingDay.objects.get_or_create(
                district=district,
                user=member.user,
                day=_when(year, n % 10, 5 + n).date() - datetime.timedelta(days=365),
                label=f"Module pHARe {n + 1}",
            )


def _cohorts(year, users, schools) -> int:
    rows = [
        (
            VEIL,
            "petits",
            0,
            "enseignant",
            [
                ("Léa", "M", "CM1 A"),
                ("Yanis", "B", "CM1 A"),
                ("Inès", "K", "CM1 A"),
                ("Hugo", "D", "CM1 A"),
            ],
        ),
        (FERRY, "helpers", 6, "ens.ferry", []),
        (TILLEULS, "graines", 10, "dir.tilleuls", []),
        (VEIL, "parents", 3, "directeur", []),
    ]
    lycee = School.objects.filter(kind="lycee").order_by("pk").first()
    for uai, programme, count, referent, pupils in rows:
        if uai not in schools:
            continue
        cohort, created = Cohort.objects.get_or_create(
            school=schools[uai],
            year=year,
            programme=programme,
            defaults={
                "members_count": count,
                "referent": users.get(referent),
                "trained_on": _when(year, 1, 18).date(),
                "training_notes": "Formation par l'équipe de circonscription",
            },
        )
        if created:
            for first_name, initial, label in pupils:
                Ambassador.objects.create(
                    cohort=cohort, first_name=first_name, initial=initial, class_label=label
                )
    if lycee and VEIL in schools:
        Cohort.objects.get_or_create(
            school=schools[VEIL],
            year=year,
            programme="lycee",
            defaults={"members_count": 5, "partner_school": lycee},
        )
    return len(rows)


def seed(stdout) -> None:
    district = District.objects.filter(code=directory_demo.DISTRICT["code"]).first()
    if district is None:
        return
    year = SchoolYear.current()
    users = _users()
    schools = {s.uai: s for s in School.objects.filter(district=district)}
    sessions = _sessions(district, year, users, schools)
    meetings = _meetings(district, year, users, schools)
    _pole_days(district, year, users)
    cohorts = _cohorts(year, users, schools)
    stdout.write(
        f"Former : {sessions} sessions, {meetings} réunions et conseils, {cohorts} groupes "
        "d'ambassadeurs."
    )
