"""Demo records of « Prévenir », loaded by ``seed_demo`` after the directory.

A year of actions in most demo schools (one maternelle left without any, so the coverage
matrix shows a gap), a few partners, and a finished climate campaign at Simone Veil with enough
answers for the charts, after an earlier one to compare with. Running it again adds nothing:
actions are found by school and title, partners by name, campaigns by school and title.
"""

import datetime
import random

from directory.models import Classroom, District, Partner, School, SchoolYear, User
from prevention.models import Action, ActionStatus, Campaign, CampaignStatus
from prevention.selectors.surveys import questions_of
from prevention.services import actions as action_services
from prevention.services import surveys as survey_services
from prevention.standard_survey import standard_questionnaire

LEFT_WITHOUT = "0921004S"  # École maternelle Le Petit Prince: nothing yet
PARTNERS = [
    ("OCCE des Hauts-de-Seine", "occe", None),
    ("CAAEE de l'académie", "caaee", None),
    ("Brigade de prévention de la délinquance juvénile", "police", "district"),
    ("Service périscolaire de Nanterre", "periscolaire", "district"),
]
# (type name, title, month offset from September, hours per class, cycles wanted)
PLAN = [
    ("Mallette de prévention", "Mallette de prévention : les émotions", 1, 4, {3}),
    ("Jeux coopératifs et collectifs en maternelle", "Jeux coopératifs en récréation", 1, 2, {1}),
    ("Journée inter-degrés : débats", "Journée Non au harcèlement : débats", 2, 2, {2, 3}),
    (
        "Journée inter-degrés : productions plastiques et exposition",
        "Exposition des affiches au collège",
        2,
        1,
        {2, 3},
    ),
    (
        "Intervention de l'officier de prévention (cyber-violence)",
        "Cyber-violence : intervention en CM2",
        5,
        2,
        {3},
    ),
    ("Projet langues avec les parents", "Les parents présentent leur langue", 3, 3, {1, 2, 3}),
    ("Mallette de prévention", "Mallette de prévention : le rôle des témoins", 6, 4, {3}),
    ("Kin-ball", "Kin-ball inter-classes", 8, 2, {2, 3}),
]


def _partners(district: District) -> list[Partner]:
    out = []
    for name, kind, scope in PARTNERS:
        partner, _ = Partner.objects.get_or_create(
            name=name,
            district=district if scope else None,
            defaults={"kind": kind, "contact_name": "Contact de démonstration"},
        )
        out.append(partner)
    return out


def _director(school: School) -> User | None:
    assignment = school.assignments.filter(role="director").select_related("user").first()
    return assignment.user if assignment else None


def _seed_actions(school: School, year: SchoolYear, partners, today) -> int:
    classrooms = list(Classroom.objects.filter(school=school, year=year))
    user = _director(school)
    created = 0
    for type_name, title, months, hours, cycles in PLAN:
        chosen = [c for c in classrooms if cycles & set(c.cycles)]
        if not chosen or Action.objects.filter(school=school, title=title).exists():
            continue
        month = 9 + months
        day = datetime.date(year.start_year + (month - 1) // 12, (month - 1) % 12 + 1, 12)
        action_type = school.district.action_types.get(name=type_name)
        action_services.action_declare(
            school=school,
            data={
                "action_type": action_type,
                "title": title,
                "starts_on": day,
                "hours_per_class": hours,
                "pupils_count": 24 * len(chosen),
                "description": "Action de démonstration.",
                "status": ActionStatus.DONE if day <= today else ActionStatus.PLANNED,
                "is_shared": True,
                "classrooms": chosen,
                "partners": partners[:1],
            },
            user=user,
        )
        created += 1
    return created


def _seed_campaign(school: School, title: str, opens: datetime.date, answers: int, bias: int):
    if Campaign.objects.filter(school=school, title=title).exists():
        return
    classrooms = [c for c in Classroom.objects.filter(school=school) if 3 in c.cycles]
    campaign = survey_services.campaign_create(
        school=school,
        data={
            "title": title,
            "questionnaire": standard_questionnaire(),
            "classrooms": classrooms,
            "opens_on": opens,
            "closes_on": opens + datetime.timedelta(days=14),
        },
        codes_per_class=max(answers // max(len(classrooms), 1) + 2, 1),
        user=_director(school),
    )
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.OPEN)
    rng = random.Random(title)  # noqa: S311 - demo answers, not a secret
    questions = questions_of(campaign)
    for code in campaign.codes.values_list("code", flat=True)[:answers]:
        survey_services.response_submit(code=code, answers=_random_answers(questions, rng, bias))
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)


def _random_answers(questions, rng, bias: int) -> dict:
    answers = {}
    for q in questions:
        if q.kind == "scale":
            answers[q.pk] = str(min(4, max(1, rng.choice([1, 1, 2, 2, 3, 4]) + bias)))
        elif q.kind == "yesno":
            answers[q.pk] = rng.choice(["0", "1"])
        elif q.kind == "single":
            answers[q.pk] = str(rng.randrange(len(q.choices)))
        elif q.kind == "multiple":
            answers[q.pk] = [str(rng.randrange(len(q.choices)))]
    return answers


def _seed_contest(district: District, year: SchoolYear) -> None:
    """An edition judged and closed: entries from three schools, two jurors' scores, a winner."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from prevention.models import ContestEdition, Entry
    from prevention.services import contest as contest_services

    if ContestEdition.objects.filter(district=district, year=year).exists():
        return
    edition = contest_services.edition_create(
        district=district,
        data={
            "title": f"Concours « Non au harcèlement » {year.label}",
            "local_date": datetime.date(year.start_year, 11, 8),
            "entry_deadline": datetime.date(year.start_year + 1, 1, 31),
            "national_deadline": datetime.date(year.start_year + 1, 2, 6),
        },
        user=None,
    )
    poster = edition.categories.get(kind="poster")
    titles = ["Tous différents, tous ensemble", "Ne reste pas seul", "Stop aux moqueries"]
    schools = district.schools.filter(kind__in=["elementaire", "primaire"])
    for title, school in zip(titles, schools.order_by("name")[:3], strict=False):
        classroom = next(
            (c for c in Classroom.objects.filter(school=school).order_by("-name") if 3 in c.cycles),
            None,
        )
        if classroom is None:
            continue
        contest_services.entry_submit(
            edition=edition,
            category=poster,
            classroom=classroom,
            data={
                "title": title,
                "pitch": "Affiche réalisée par toute la classe.",
                "helpline_message": "Harcèlement : appelle le 3018",
                "consents_recorded": True,
                "show_in_gallery": True,
            },
            upload=SimpleUploadedFile("affiche.png", _poster_png(), content_type="image/png"),
            user=_director(school),
        )
    jurors = list(User.objects.filter(username__in=["ien", "cpc"]))
    edition.jurors.set(jurors)
    contest_services.edition_transition(edition=edition, target="judging", user=None)
    for n, entry in enumerate(edition.entries.all()):
        for juror in jurors:
            values = {c.pk: max(0, 5 - n - (c.pk % 2)) for c in edition.criteria.all()}
            contest_services.scores_save(entry=entry, juror=juror, values=values)
    contest_services.edition_transition(edition=edition, target="closed", user=None)
    best = contest_services.ranking(edition).first()
    if best is not None:
        Entry.objects.filter(pk=best.pk).update(is_winner=True, sent_onward=True)
    ContestEdition.objects.filter(pk=edition.pk).update(
        ceremony_on=datetime.date(year.start_year + 1, 5, 20), ceremony_place="Salle des fêtes"
    )


def _poster_png() -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (420, 594), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 400, 574], outline="black", width=6)
    draw.text((60, 280), "NON AU HARCELEMENT", fill="black")
    draw.text((60, 320), "3018", fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed(stdout) -> None:
    year = SchoolYear.current()
    today = datetime.date.today()
    total = 0
    for district in District.objects.all():
        action_services.catalogue_for(district)
        partners = _partners(district)
        for school in district.schools.filter(is_open=True).exclude(kind__in=["college", "lycee"]):
            if school.uai != LEFT_WITHOUT:
                total += _seed_actions(school, year, partners, today)
        _seed_contest(district, year)
    veil = School.objects.filter(uai="0921003R").first()
    if veil is not None:
        start = datetime.date(year.start_year, 10, 1)
        _seed_campaign(
            veil, "Enquête de climat de l'an dernier", start - datetime.timedelta(days=365), 28, 0
        )
        _seed_campaign(veil, "Enquête de climat d'automne", start, 32, -1)
    stdout.write(f"Prévenir : {total} actions de prévention ajoutées, enquêtes de climat prêtes.")
