"""Académie-scale volume of « Mieux prendre en charge », called by ``seed_scale``.

At factor 1.0: 20,000 reports and 20,000 cases with parties, chronology, transitions, handlers
and PIKAS sessions, 5,000 fiches bilan with versions, a pôle per district with meetings and
presentations, and prevention plans. Bulk inserts only: no service, no audit row (``seed_scale``
writes the audit volume itself). Deterministic for a given ``rng``.
"""

import datetime
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from directory.models import Classroom, District, Role, RoleAssignment
from resources_hub.models import (
    Case,
    CaseCategory,
    CaseEvent,
    CaseEventKind,
    CaseHandler,
    CaseParty,
    CasePresentation,
    CaseStatus,
    CaseTransition,
    FaitsLevel,
    FicheBilan,
    FicheBilanVersion,
    HandlerKind,
    PartyRole,
    PikasSession,
    Pole,
    PoleMeeting,
    PoleMember,
    PreventionPlan,
    Report,
    ReportSource,
    ReportStatus,
)
from resources_hub.models.cases import CLOSED_STATUSES, OPEN_STATUSES
from resources_hub.selectors import year_label

CASES = 20_000
REPORTS = 20_000
BILANS = 5_000
MEETINGS_PER_POLE = 12
BATCH = 2_000
FIRST_NAMES = ["Inès", "Lucas", "Yanis", "Chloé", "Adam", "Jade", "Noah", "Sarah", "Léo", "Lina"]
STATUS_WEIGHTS = [
    (CaseStatus.REPORTED, 10),
    (CaseStatus.ASSESSMENT, 15),
    (CaseStatus.HANDLING, 20),
    (CaseStatus.FOLLOW_UP, 15),
    (CaseStatus.CLOSED, 30),
    (CaseStatus.NOT_BULLYING, 10),
]
PATH = {  # the transitions a case in this status went through
    CaseStatus.REPORTED: [],
    CaseStatus.ASSESSMENT: [CaseStatus.ASSESSMENT],
    CaseStatus.HANDLING: [CaseStatus.ASSESSMENT, CaseStatus.HANDLING],
    CaseStatus.FOLLOW_UP: [CaseStatus.ASSESSMENT, CaseStatus.HANDLING, CaseStatus.FOLLOW_UP],
    CaseStatus.CLOSED: [
        CaseStatus.ASSESSMENT,
        CaseStatus.HANDLING,
        CaseStatus.FOLLOW_UP,
        CaseStatus.CLOSED,
    ],
    CaseStatus.NOT_BULLYING: [CaseStatus.ASSESSMENT, CaseStatus.NOT_BULLYING],
}


@contextmanager
def manual_timestamps(*models):
    """Let bulk inserts keep the dates they are given (``auto_now_add`` would set "now")."""
    fields = [
        f for m in models for f in m._meta.concrete_fields if getattr(f, "auto_now_add", False)
    ]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _weighted(rng, weights):
    values, w = zip(*weights, strict=True)
    return rng.choices(values, weights=w)[0]


def _split(total: int, schools: list, share_district_id: int | None, share: float, rng) -> list:
    """``total`` schools drawn so that ``share`` of them lie in the demo district."""
    inside = [s for s in schools if s.district_id == share_district_id]
    outside = [s for s in schools if s.district_id != share_district_id] or inside
    n_in = round(total * share) if inside else 0
    picks = [rng.choice(inside) for _ in range(n_in)]
    picks += [rng.choice(outside) for _ in range(total - n_in)]
    return picks


def _staff_by_district(schools) -> dict:
    """District id → {"director_of": {school id: user id}, "team": [...], "pole": [...]}."""
    district_ids = {s.district_id for s in schools}
    out = {d: {"director_of": {}, "team": [], "pole": []} for d in district_ids}
    rows = RoleAssignment.objects.filter(
        role__in=[Role.DIRECTOR, Role.DISTRICT_TEAM, Role.INSPECTOR, Role.POLE_MEMBER]
    ).values_list("role", "user_id", "district_id", "school__district_id", "school_id")
    for role, user_id, district_id, school_district_id, school_id in rows:
        if role == Role.DIRECTOR and school_district_id in out:
            out[school_district_id]["director_of"].setdefault(school_id, user_id)
        elif district_id in out:
            out[district_id]["pole" if role == Role.POLE_MEMBER else "team"].append(user_id)
    return out


def seed(*, schools, rng, factor: float, stdout, share_district_id=None, share: float = 0.25):
    """Bulk-create this axis's volume for ``schools`` (School objects with ``district_id``)."""
    schools = [s for s in schools if s.district_id]
    if not schools:
        return
    staff = _staff_by_district(schools)
    classes = dict(
        Classroom.objects.filter(school__in=schools)
        .order_by("school_id", "pk")
        .values_list("school_id", "pk")
    )
    today = timezone.localdate()
    with transaction.atomic(), manual_timestamps(Report, Case, CaseEvent, CaseTransition):
        cases = _cases(schools, rng, factor, staff, today, share_district_id, share)
        _case_children(cases, rng, staff, classes, today)
        _reports(schools, cases, rng, factor, staff, today, share_district_id, share)
        _bilans(cases, rng, factor, staff)
        _poles(schools, cases, rng, staff, today)
        _plans(schools, rng, today)
    stdout.write(f"  resources_hub : {len(cases)} situations et leurs suites.")


def _cases(schools, rng, factor, staff, today, share_district_id, share) -> list[Case]:
    total = max(int(CASES * factor), 1)
    start = Case.objects.count()
    cases = []
    for i, school in enumerate(_split(total, schools, share_district_id, share, rng)):
        status = _weighted(rng, STATUS_WEIGHTS)
        reported = today - datetime.timedelta(days=rng.randrange(1, 400))
        director = staff[school.district_id]["director_of"].get(school.pk)
        cases.append(
            Case(
                reference=f"E-{start + i + 1:06d}",
                school_id=school.pk,
                district_id=school.district_id,
                title=f"Situation d'essai n° {start + i + 1}",
                category=rng.choice(CaseCategory.values),
                faits_level=rng.choice(FaitsLevel.values),
                status=status,
                reported_on=reported,
                summary="Faits décrits pour l'essai de charge, sans nom d'élève.",
                next_review_on=reported + datetime.timedelta(days=rng.randrange(5, 60))
                if status in OPEN_STATUSES
                else None,
                first_action_at=timezone.make_aware(
                    datetime.datetime.combine(reported, datetime.time(10))
                    + datetime.timedelta(days=rng.randrange(0, 6))
                )
                if status != CaseStatus.REPORTED
                else None,
                closed_on=reported + datetime.timedelta(days=rng.randrange(20, 90))
                if status in CLOSED_STATUSES
                else None,
                created_by_id=director,
                created_at=timezone.make_aware(
                    datetime.datetime.combine(reported, datetime.time(9))
                ),
            )
        )
    return Case.objects.bulk_create(cases, batch_size=BATCH)


def _at(day: datetime.date, hour: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _case_children(cases, rng, staff, classes, today) -> None:
    parties, handlers = [], []
    for case in cases:
        classroom = classes.get(case.school_id)
        roles = [PartyRole.TARGET, PartyRole.AUTHOR] + (
            [PartyRole.WITNESS] if rng.random() < 0.5 else []
        )
        for role in roles:
            name = f"{rng.choice(FIRST_NAMES)} {chr(65 + rng.randrange(26))}."
            parties.append(CaseParty(case=case, label=name, role=role, classroom_id=classroom))
        pole = staff[case.district_id]["pole"]
        if pole and rng.random() < 0.3:
            handlers.append(CaseHandler(case=case, user_id=rng.choice(pole), kind=HandlerKind.POLE))
    CaseParty.objects.bulk_create(parties, batch_size=BATCH)
    CaseHandler.objects.bulk_create(handlers, batch_size=BATCH, ignore_conflicts=True)
    targets = {p.case_id: p for p in parties if p.role == PartyRole.TARGET}
    events, transitions, pikas = [], [], []
    for case in cases:
        author = case.created_by_id
        day = case.reported_on
        events.append(_event(case, CaseEventKind.REPORT, "Ouverture de la situation", day, author))
        events.append(
            _event(case, CaseEventKind.INTERVIEW, "Entretien avec l'élève cible", day, author)
        )
        previous = CaseStatus.REPORTED
        for step, status in enumerate(PATH[case.status], start=1):
            on = min(day + datetime.timedelta(days=3 * step), today)
            transitions.append(
                CaseTransition(
                    case=case, from_status=previous, to_status=status, at=_at(on), by_id=author
                )
            )
            label = f"{CaseStatus(previous).label} → {CaseStatus(status).label}"
            events.append(_event(case, CaseEventKind.TRANSITION, label, on, author))
            previous = status
        if case.status in (CaseStatus.HANDLING, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED):
            pikas.append(
                PikasSession(
                    case=case,
                    party=targets[case.pk],
                    held_on=min(day + datetime.timedelta(days=7), today),
                    kind=PikasSession.Kind.FIRST,
                    led_by="Psychologue EN",
                    outcome=PikasSession.Outcome.PROPOSAL,
                )
            )
    CaseEvent.objects.bulk_create(events, batch_size=BATCH)
    CaseTransition.objects.bulk_create(transitions, batch_size=BATCH)
    PikasSession.objects.bulk_create(pikas, batch_size=BATCH)


def _event(case, kind, title, on, author) -> CaseEvent:
    return CaseEvent(
        case=case, kind=kind, title=title, occurred_on=on, author_id=author, created_at=_at(on)
    )


def _reports(schools, cases, rng, factor, staff, today, share_district_id, share) -> None:
    total = max(int(REPORTS * factor), 1)
    start = Report.objects.count()
    picks = _split(total, schools, share_district_id, share, rng)
    by_school: dict[int, list[Case]] = {}
    for case in cases:
        by_school.setdefault(case.school_id, []).append(case)
    reports = []
    for i, school in enumerate(picks):
        source = rng.choice(ReportSource.values)
        linked = by_school.get(school.pk) if rng.random() < 0.5 else None
        case = rng.choice(linked) if linked else None
        status = ReportStatus.LINKED if case else rng.choice([ReportStatus.NEW, ReportStatus.READ])
        reports.append(
            Report(
                school_id=school.pk,
                district_id=school.district_id,
                source=source,
                created_by_id=None
                if source == ReportSource.PUPIL
                else staff[school.district_id]["director_of"].get(school.pk),
                description="Signalement d'essai : moqueries répétées dans la cour.",
                places=["cour"],
                signals=["isole"],
                status=status,
                case=case,
                idempotency_key=f"scale-report-{start + i}",
                created_at=_at(today - datetime.timedelta(days=rng.randrange(0, 400))),
            )
        )
    Report.objects.bulk_create(reports, batch_size=BATCH)


def _bilans(cases, rng, factor, staff) -> None:
    eligible = [c for c in cases if c.status in (CaseStatus.FOLLOW_UP, CaseStatus.CLOSED)]
    chosen = rng.sample(eligible, min(max(int(BILANS * factor), 1), len(eligible)))
    fiches = []
    for case in chosen:
        signed = case.status == CaseStatus.CLOSED
        fiches.append(
            FicheBilan(
                case=case,
                initial_situation="Situation initiale décrite pour l'essai.",
                actions_taken="Entretiens, préoccupation partagée.",
                evolution="La situation s'améliore.",
                status=FicheBilan.Status.SIGNED if signed else FicheBilan.Status.DRAFT,
                version=2,
                signed_by_id=case.created_by_id if signed else None,
                signed_at=_at(case.closed_on) if signed else None,
            )
        )
    FicheBilan.objects.bulk_create(fiches, batch_size=BATCH)
    versions = [
        FicheBilanVersion(
            fiche=fiche,
            number=n,
            data={"evolution": f"Version {n}"},
            saved_by_id=fiche.case.created_by_id,
            signed=fiche.status == FicheBilan.Status.SIGNED and n == 2,
        )
        for fiche in fiches
        for n in (1, 2)
    ]
    FicheBilanVersion.objects.bulk_create(versions, batch_size=BATCH)


def _poles(schools, cases, rng, staff, today) -> None:
    district_ids = sorted({s.district_id for s in schools})
    existing = set(Pole.objects.filter(district_id__in=district_ids).values_list("district_id"))
    existing = {d for (d,) in existing}
    names = dict(District.objects.filter(pk__in=district_ids).values_list("pk", "name"))
    poles = Pole.objects.bulk_create(
        [
            Pole(district_id=d, kind=Pole.Kind.DISTRICT, name=f"Pôle ressources {names[d]}")
            for d in district_ids
            if d not in existing
        ]
    )
    members = [
        PoleMember(pole=pole, user_id=user_id, profile=PoleMember.Profile.PSYCHOLOGUE)
        for pole in poles
        for user_id in sorted(
            set(staff[pole.district_id]["pole"] + staff[pole.district_id]["team"])
        )
    ]
    PoleMember.objects.bulk_create(members, batch_size=BATCH, ignore_conflicts=True)
    meetings = [
        PoleMeeting(
            pole=pole,
            held_on=today - datetime.timedelta(days=30 * n + 3),
            place="Circonscription",
            agenda="Étude de situations présentées sous pseudonyme.",
        )
        for pole in poles
        for n in range(MEETINGS_PER_POLE)
    ]
    PoleMeeting.objects.bulk_create(meetings, batch_size=BATCH)
    by_district: dict[int, list[Case]] = {}
    for case in cases:
        by_district.setdefault(case.district_id, []).append(case)
    presentations = []
    for meeting in meetings:
        pool = by_district.get(meeting.pole.district_id) or [None]
        for letter in "ABC":
            presentations.append(
                CasePresentation(
                    meeting=meeting,
                    case=rng.choice(pool),
                    pseudonym=f"Situation {letter}",
                    summary="Présentation anonymisée pour l'essai de charge.",
                )
            )
    CasePresentation.objects.bulk_create(presentations, batch_size=BATCH)


def _plans(schools, rng, today) -> None:
    label = year_label(today)
    district_ids = sorted({s.district_id for s in schools})
    have = set(
        PreventionPlan.objects.filter(year_label=label).values_list("district_id", "school_id")
    )
    plans = [
        PreventionPlan(
            district_id=d,
            year_label=label,
            title="Plan de prévention de la circonscription",
            content="Axes du plan pour l'essai de charge.",
        )
        for d in district_ids
        if (d, None) not in have
    ]
    plans += [
        PreventionPlan(
            district_id=s.district_id,
            school_id=s.pk,
            year_label=label,
            title=f"Plan de prévention {s.name}",
            content="Actions de l'école.",
            referral_in_rules=rng.random() < 0.7,
        )
        for s in schools
        if (s.district_id, s.pk) not in have and rng.random() < 0.6
    ]
    PreventionPlan.objects.bulk_create(plans, batch_size=BATCH)
