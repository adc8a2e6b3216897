"""Demo records of « Mieux prendre en charge », loaded by ``seed_demo`` after the directory.

Everything goes through the services (audit rows, chronology, references), then the dates are
set back so the chronology reads like weeks of work. Running it again adds nothing: cases are
found by school and title, reports and messages by their idempotency keys, plans by school and
year, pôles by kind, the meeting by date, the protocol by district.
"""

import datetime

from django.utils import timezone

from directory import audit
from directory import demo as directory_demo
from directory.models import Classroom, District, School, SchoolYear, User
from resources_hub import demo_plans, demo_protocol, demo_transfer, services
from resources_hub.demo_cases import CASES, VEIL
from resources_hub.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CasePresentation,
    CaseTransition,
    FicheBilan,
    FicheBilanMember,
    PikasSession,
    Pole,
    PoleMeeting,
    PoleMember,
    Report,
    ReportMessage,
    ReportSource,
)
from resources_hub.services import bilan as bilan_services
from resources_hub.services import protocol

USERNAMES = [
    "ien",
    "cpc",
    "pole",
    "infirmier",
    "rased",
    "referente",
    "directeur",
    "directeur2",
    "dir.langevin",
    "dir.tilleuls",
    "dir.curie",
    "enseignant",
    "parent",
]


def seed(stdout) -> None:
    district = District.objects.filter(code=directory_demo.DISTRICT["code"]).first()
    if district is None:
        return
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    schools = {s.uai: s for s in School.objects.filter(district=district)}
    today = timezone.localdate()
    receipt = _reports(schools, users, today)
    cases = [_case(spec, schools, users, today) for spec in CASES]
    poles = _poles(district, users)
    _meeting(poles[Pole.Kind.DISTRICT], users, cases[2], today)
    demo_protocol.seed_steps(cases[2], users, today)
    demo_transfer.seed_transfer(schools, users, today)
    demo_plans.seed_plans(district, schools, users, today)
    demo_plans.seed_protocol(district, users)
    stdout.write(
        f"Prendre en charge : {Case.objects.filter(school__district=district).count()} "
        f"situations, {Report.objects.filter(school__district=district).count()} signalements, "
        f"{len(poles)} pôles ressources, plans de prévention et protocole de crise."
    )
    if receipt:
        stdout.write(f"Code de suivi du signalement anonyme d'élève (démo) : {receipt}")


# --- Reports ---------------------------------------------------------------------------------


def _reports(schools, users, today) -> str | None:
    veil = schools[VEIL]
    services.report_create(
        school=veil,
        user=users["enseignant"],
        source=ReportSource.STAFF,
        idempotency_key="demo-report-enseignant",
        data={
            "description": (
                "Depuis deux semaines, des élèves imitent Inès en classe et dans la cour et "
                "l'appellent par un surnom. Elle refuse désormais de lire à voix haute."
            ),
            "places": ["classe", "cour"],
            "signals": ["moqueries", "changement"],
            "pupil_label": "Inès B.",
            "class_label": "CM1 A",
        },
    )
    services.report_create(
        school=veil,
        user=users["parent"],
        source=ReportSource.PARENT,
        idempotency_key="demo-report-parent",
        data={
            "description": (
                "Mon fils a mal au ventre tous les matins et ne veut plus aller à la cantine. "
                "Il dit qu'on lui prend son dessert et qu'on se moque de lui."
            ),
            "places": ["cantine"],
            "signals": ["plaintes", "evitement"],
            "pupil_label": "Sami H.",
            "class_label": "CM1 A",
            "wants_contact": True,
        },
    )
    access = services.pupil_access_for(veil)
    report, receipt = services.pupil_report_create(
        access=access,
        idempotency_key="demo-report-eleve",
        data={
            "description": (
                "Dans les toilettes des grands, des CM2 m'empêchent de sortir et me prennent "
                "mon goûter. J'ai peur d'y aller."
            ),
            "places": ["toilettes"],
            "is_about_self": True,
            "wants_contact": True,
        },
    )
    services.report_message_add(
        report=report,
        body=(
            "Merci de nous avoir écrit, tu as bien fait. Peux-tu nous dire à quel moment de la "
            "journée cela arrive ? Tu peux aussi venir voir la directrice quand tu veux."
        ),
        author_kind=ReportMessage.Author.SCHOOL,
        user=users["directeur"],
        idempotency_key="demo-message-ecole-1",
    )
    services.report_message_add(
        report=report,
        body="C'est à la récréation de l'après-midi, surtout le jeudi.",
        author_kind=ReportMessage.Author.PUPIL,
        idempotency_key="demo-message-eleve-1",
    )
    return receipt


# --- Cases -----------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _classrooms(school) -> dict[str, Classroom]:
    year = SchoolYear.current()
    return {c.name: c for c in Classroom.objects.filter(school=school, year=year)}


def _case(spec: dict, schools, users, today) -> Case:
    school = schools[spec["school"]]
    existing = Case.objects.filter(school=school, title=spec["data"]["title"]).first()
    if existing is not None:
        return existing
    reported = today - datetime.timedelta(days=spec["reported_days_ago"])
    data = {**spec["data"], "reported_on": reported}
    if "review_in" in spec:
        data["next_review_on"] = today + datetime.timedelta(days=spec["review_in"])
    for name, offset in spec.get("checklist", {}).items():
        data[name] = reported + datetime.timedelta(days=offset)
    if "pole_requested_on" in data:
        data["pole_requested_by"] = users[spec["opened_by"]]
    if "qualify" in spec:
        offset, track = spec["qualify"]
        on = reported + datetime.timedelta(days=offset)
        data.update(
            qualified_on=on,
            track=track,
            track_on=on,
            criterion_repetition=True,
            criterion_isolation=True,
        )
    classes = _classrooms(school)
    parties = [
        {"label": label, "role": role, "classroom": classes.get(cls), "class_label": cls}
        for label, role, cls in spec["parties"]
    ]
    report = Report.objects.filter(idempotency_key=spec.get("report", "-")).first()
    user = users[spec["opened_by"]]
    case = services.case_open(
        school=school, user=user, data=data, parties=parties, from_report=report
    )
    for username, kind in spec.get("handlers", []):
        services.case_handler_add(case=case, handler=users[username], kind=kind, user=user)
    CaseEvent.objects.filter(case=case).update(occurred_on=reported)
    by_label = {p.label: p for p in case.parties.all()}
    _events(case, spec, by_label, user, reported)
    _pikas(case, spec, by_label, user, reported)
    if "bilan" in spec:
        _bilan(case, spec["bilan"], users, user)
    _steps(case, spec, user, reported)
    if "bilan" in spec:
        case.refresh_from_db()
        fiche = FicheBilan.objects.get(case=case)
        bilan_services.bilan_cosign(fiche=fiche, user=user)
        closed_at = _at(case.closed_on or today, hour=16)
        FicheBilan.objects.filter(pk=fiche.pk).update(
            signed_at=closed_at - datetime.timedelta(days=1),
            cosigned_at=closed_at,
            pole_requested_on=case.pole_requested_on,
            first_contact_on=case.pole_contact_on,
            restitution_on=reported + datetime.timedelta(days=62),
        )
        FicheBilanMember.objects.filter(fiche=fiche).update(signed_at=closed_at)
    return case


def _events(case, spec, by_label, user, reported) -> None:
    for index, (offset, kind, title, party) in enumerate(spec["events"]):
        services.case_event_add(
            case=case,
            user=user,
            idempotency_key=f"demo-{case.reference}-event-{index}",
            data={
                "kind": kind,
                "title": title,
                "occurred_on": reported + datetime.timedelta(days=offset),
                "party": by_label.get(party),
                "body": "Compte rendu consigné par la direction (faits et décisions).",
            },
        )


def _pikas(case, spec, by_label, user, reported) -> None:
    for index, (offset, label, kind, outcome, proposal) in enumerate(spec.get("pikas", [])):
        held_on = reported + datetime.timedelta(days=offset)
        PikasSession.objects.create(
            case=case,
            party=by_label[label],
            held_on=held_on,
            kind=kind,
            led_by="Sophie Lemaire, psychologue EN",
            outcome=outcome,
            proposal=proposal,
            notes="Entretien court, sans reproche ; l'élève a écouté.",
            next_on=held_on + datetime.timedelta(days=7),
        )
        services.case_event_add(
            case=case,
            user=user,
            idempotency_key=f"demo-{case.reference}-pikas-{index}",
            data={
                "kind": CaseEventKind.PIKAS,
                "title": f"Préoccupation partagée : {PikasSession.Kind(kind).label.lower()}",
                "occurred_on": held_on,
                "party": by_label[label],
            },
        )


def _bilan(case, sections: dict, users, user) -> None:
    """Drafted by the director, signed by the mobilised pôle member (co-signed after closure)."""
    mobilised = [users["pole"]]
    fiche = services.bilan_save(
        case=case, user=user, data=sections, mobilised=mobilised, expected_version=0
    )
    services.bilan_save(
        case=case,
        user=users["pole"],
        data=sections,
        mobilised=mobilised,
        expected_version=fiche.version,
        sign=True,
    )


def _steps(case, spec, user, reported) -> None:
    for to_status, offset, comment in spec["steps"]:
        on = reported + datetime.timedelta(days=offset)
        if to_status == "escalated":
            to, measures = spec["escalation"]
            case = protocol.case_escalate(
                case=case,
                user=user,
                expected_version=case.version,
                to=to,
                measures=measures,
                comment=comment,
            )
            Case.objects.filter(pk=case.pk).update(escalated_on=on)
        else:
            case = services.case_transition(
                case=case,
                to_status=to_status,
                user=user,
                expected_version=case.version,
                comment=comment,
            )
        CaseTransition.objects.filter(case=case, to_status=to_status).update(at=_at(on))
        CaseEvent.objects.filter(case=case, kind=CaseEventKind.TRANSITION, body=comment).filter(
            title__endswith=case.get_status_display()
        ).update(occurred_on=on)
        if case.closed_on:
            Case.objects.filter(pk=case.pk).update(closed_on=on)
            CaseEvent.objects.filter(case=case, title="Fiche bilan signée").update(
                occurred_on=on - datetime.timedelta(days=1)
            )
    offsets = [e[0] for e in spec["events"]] + [s[1] for s in spec["steps"]]
    if offsets:
        first = reported + datetime.timedelta(days=min(offsets))
        Case.objects.filter(pk=case.pk).update(first_action_at=_at(first))


# --- Pôles -----------------------------------------------------------------------------------

MEMBERS = {
    Pole.Kind.DISTRICT: [
        ("ien", PoleMember.Profile.IEN),
        ("cpc", PoleMember.Profile.CPC),
        ("pole", PoleMember.Profile.PSYCHOLOGUE),
        ("infirmier", PoleMember.Profile.INFIRMIER),
        ("rased", PoleMember.Profile.RASED),
        ("referente", PoleMember.Profile.REFERENT),
        ("directeur", PoleMember.Profile.DIRECTEUR),
        ("dir.tilleuls", PoleMember.Profile.DIRECTEUR_MATERNELLE),
    ],
    Pole.Kind.TERRITORIAL: [
        ("referente", PoleMember.Profile.REFERENT),
        ("pole", PoleMember.Profile.PSYCHOLOGUE),
        ("cpc", PoleMember.Profile.CPC),
        ("dir.curie", PoleMember.Profile.DIRECTEUR),
    ],
}


def _poles(district, users) -> dict[str, Pole]:
    poles = {}
    for kind, name, since in [
        (Pole.Kind.DISTRICT, "Pôle ressources de circonscription", 2015),
        (Pole.Kind.TERRITORIAL, "Pôle ressources territorial Nanterre – Colombes", 2018),
    ]:
        poles[kind], _ = Pole.objects.get_or_create(
            district=district, kind=kind, defaults={"name": name, "since_year": since}
        )
        for username, profile in MEMBERS[kind]:
            if username in users:
                PoleMember.objects.get_or_create(
                    pole=poles[kind],
                    user=users[username],
                    defaults={"profile": profile, "trained_on": datetime.date(2023, 6, 15)},
                )
    return poles


def _meeting(pole, users, case, today) -> None:
    held_on = today - datetime.timedelta(days=14)
    meeting, created = PoleMeeting.objects.get_or_create(
        pole=pole,
        held_on=held_on,
        defaults={
            "place": "Inspection de la circonscription, salle du conseil",
            "agenda": (
                "1. Situations en cours présentées par les écoles (anonymisées)\n"
                "2. Point sur la préoccupation partagée dans les écoles\n"
                "3. Préparation de la journée « Non au harcèlement »"
            ),
            "minutes": (
                "Une situation de CM2 présentée par l'école : préoccupation partagée engagée, "
                "premiers effets constatés. Le pôle propose un point dans quinze jours."
            ),
        },
    )
    if not created:
        return
    meeting.attendees.set(pole.members.filter(user__username__in=["ien", "pole", "directeur"]))
    text = (
        "Adam K., élève de CM2, est bousculé chaque récréation par deux camarades ; Adam en a "
        "parlé à son enseignante. Noah et Jade ont été reçus en préoccupation partagée."
    )
    CasePresentation.objects.create(
        meeting=meeting,
        case=case,
        pseudonym="Situation A",
        summary=services.pseudonymise(text, case),
        analysis="Poursuivre les entretiens de suivi ; vigilance renforcée en récréation.",
    )
    audit.record("create", user=users.get("ien"), obj=meeting, detail="réunion (démo)")
