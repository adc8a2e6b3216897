"""Demo records of « Informer », loaded by ``seed_demo`` after the directory.

A year of content in several schools: the district's default parent pages, school pages in
several languages, events of the plan (one café des parents with room), registrations, and the
yearly bilans (one returned, one in draft). Running it again adds nothing: pages are found by
place and topic, events by place and title, bilans by school and year.
"""

import datetime

from django.utils import timezone

from directory import demo as directory_demo
from directory.models import District, School, SchoolYear, User
from outreach.models import Audience, Event, EventKind, PageTranslation, ParentPage, SchoolBilan
from outreach.services import bilan as bilan_services
from outreach.services import events as event_services
from outreach.services.parents import seed_default_pages

VEIL, FERRY, LANGEVIN = "0921003R", "0921002P", "0921005T"

SCHOOL_PAGES = {
    VEIL: [
        (
            "other",
            Audience.PUBLIC,
            {
                "fr": (
                    "Bienvenue dans l'espace parents de l'école",
                    "L'équipe de l'école Simone Veil vous accueille. Chaque trimestre, un "
                    "**café des parents** permet d'échanger sur la vie de l'école, les écrans et "
                    "le vivre ensemble.\n\nVous vous inquiétez pour votre enfant ? Prenez "
                    "rendez-vous avec la directrice : nous vous recevons rapidement.",
                ),
                "en": (
                    "Welcome to the school's parents' space",
                    "The Simone Veil school team welcomes you. Every term, a **parents' café** "
                    "is a time to talk about school life, screens and living together.\n\n"
                    "Worried about your child? Ask the head teacher for a meeting: we will see "
                    "you quickly.",
                ),
                "ar": (
                    "مرحبًا بكم في فضاء الأولياء بالمدرسة",
                    "يرحب بكم فريق مدرسة سيمون فاي. في كل فصل، يُنظَّم **مقهى الأولياء** للحديث "
                    "عن الحياة المدرسية والشاشات والعيش المشترك.\n\nهل أنتم قلقون على طفلكم؟ "
                    "اطلبوا موعدًا مع المديرة.",
                ),
                "pt": (
                    "Bem-vindos ao espaço dos pais da escola",
                    "A equipa da escola Simone Veil dá-vos as boas-vindas. Em cada período, um "
                    "**café dos pais** permite conversar sobre a vida da escola.",
                ),
            },
        ),
        (
            "associations",
            Audience.PARENTS,
            {
                "fr": (
                    "Les représentants des parents d'élèves",
                    "Les représentants élus des parents siègent au conseil d'école, qui vote le "
                    "protocole de traitement des situations de harcèlement. Écrivez-leur par le "
                    "cahier de liaison ou rencontrez-les au café des parents.",
                ),
            },
        ),
    ],
    FERRY: [
        (
            "other",
            Audience.PUBLIC,
            {
                "fr": (
                    "Le projet « Vivre ensemble » de l'école",
                    "Cette année, les classes de l'école Jules Ferry mènent des **jeux "
                    "coopératifs** en récréation et préparent une affiche pour le Prix Non au "
                    "harcèlement.",
                ),
                "es": (
                    "El proyecto « Vivir juntos » de la escuela",
                    "Este año, las clases de la escuela Jules Ferry organizan **juegos "
                    "cooperativos** en el recreo.",
                ),
            },
        ),
    ],
    LANGEVIN: [
        (
            "other",
            Audience.PUBLIC,
            {
                "fr": (
                    "Les écrans et les réseaux sociaux",
                    "Le policier chargé de la prévention est venu parler du cyberharcèlement en "
                    "CM2. Quelques conseils : pas de téléphone dans la chambre la nuit, parler "
                    "de ce qu'on voit en ligne, garder les messages blessants pour les montrer.",
                ),
            },
        ),
    ],
}


def _pages(district, schools) -> None:
    seed_default_pages(district=district)
    for uai, pages in SCHOOL_PAGES.items():
        school = schools[uai]
        for order, (topic, audience, texts) in enumerate(pages):
            page, _ = ParentPage.objects.get_or_create(
                district=district,
                school=school,
                topic=topic,
                defaults={"audience": audience, "order": order},
            )
            for language, (title, body) in texts.items():
                PageTranslation.objects.get_or_create(
                    page=page, language=language, defaults={"title": title, "body": body}
                )


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


EVENTS = [
    # (school uai or None, kind, title, days from today, hour, hours, capacity, place, flags)
    (
        VEIL,
        EventKind.PARENTS_CAFE,
        "Café des parents : les écrans à la maison",
        9,
        8,
        2,
        25,
        "Salle polyvalente de l'école",
        {},
    ),
    (
        FERRY,
        EventKind.PARENTS_CAFE,
        "Café des parents : reconnaître les signes",
        16,
        8,
        2,
        3,
        "Bibliothèque de l'école",
        {},
    ),
    (
        None,
        EventKind.NATIONAL_DAY,
        "Journée nationale Non au harcèlement",
        30,
        9,
        7,
        400,
        "Dans toutes les écoles et au collège de secteur",
        {"inter_degree": True, "periscolaire": True},
    ),
    (
        None,
        EventKind.SEMINAR,
        "Séminaire avec les associations de parents d'élèves",
        45,
        18,
        2,
        60,
        "Inspection de l'Éducation nationale",
        {},
    ),
    (
        None,
        EventKind.FORUM,
        "Forum de circonscription sur le climat scolaire",
        70,
        9,
        6,
        150,
        "Salle des fêtes",
        {},
    ),
    (
        None,
        EventKind.PRIZE,
        "Remise des prix Non au harcèlement (avec l'OCCE)",
        150,
        14,
        2,
        120,
        "Salle des fêtes",
        {},
    ),
]


def _events(district, schools, users) -> list:
    created = []
    for uai, kind, title, days, hour, hours, capacity, place, flags in EVENTS:
        school = schools.get(uai) if uai else None
        event = Event.objects.filter(district=district, school=school, title=title).first()
        if event is None:
            event = Event.objects.create(
                district=district,
                school=school,
                kind=kind,
                title=title,
                place=place,
                starts_at=_at(days, hour),
                ends_at=_at(days, hour + hours),
                capacity=capacity,
                created_by=users.get("cpc"),
                **flags,
                description="Entrée libre sur inscription. Les enfants sont les bienvenus."
                if kind == EventKind.PARENTS_CAFE
                else "",
            )
        created.append(event)
    ferry_cafe = created[1]
    for name in ("directeur2", "cpc"):
        if name in users:
            event_services.registration_create(event=ferry_cafe, user=users[name])
    if "enseignant" in users:
        event_services.registration_create(event=created[2], user=users["enseignant"])
    return created


def _bilans(schools, users) -> None:
    year = SchoolYear.current()
    veil = bilan_services.bilan_for(school=schools[VEIL], year=year)
    if not veil.is_signed and "directeur" in users:
        bilan_services.bilan_save(
            bilan=veil,
            user=users["directeur"],
            expected_version=veil.version,
            sign=True,
            data={
                "assessment": "Une année marquée par la mise en place des messages clairs en "
                "maternelle et des jeux coopératifs en élémentaire. Le protocole a été voté au "
                "conseil d'école du 1er trimestre et présenté aux familles.",
                "successes": "Les cafés des parents (trois dans l'année), la participation de "
                "toutes les classes à la Journée nationale.",
                "needs": "Former deux collègues à la méthode de la préoccupation partagée ; une "
                "intervention de la réserve citoyenne en CM2 sur les écrans.",
            },
        )
    ferry = bilan_services.bilan_for(school=schools[FERRY], year=year)
    if ferry.version == 0 and "directeur2" in users:
        bilan_services.bilan_save(
            bilan=ferry,
            user=users["directeur2"],
            expected_version=0,
            data={"assessment": "Brouillon en cours.", "successes": "", "needs": ""},
        )


POSTS = [
    # (school uai or None, kind, axis, title, body, published)
    (
        VEIL,
        "initiative",
        "prevenir",
        "Des messages clairs en maternelle",
        "Les élèves de grande section apprennent à dire **« Stop, je n'aime pas ça »** avec un "
        "message clair, puis à aller chercher un adulte si cela continue.",
        True,
    ),
    (
        FERRY,
        "initiative",
        "prevenir",
        "Kin-ball et jeux coopératifs en récréation",
        "Chaque vendredi, les CM2 animent des jeux coopératifs pour les plus jeunes : personne ne "
        "reste seul dans la cour.",
        True,
    ),
    (
        LANGEVIN,
        "initiative",
        "former",
        "Les Petits Ambassadeurs formés",
        "Huit élèves de CM1 ont suivi la formation des Petits Ambassadeurs avec l'OCCE.",
        True,
    ),
    (
        None,
        "news",
        "informer",
        "Journée nationale : le programme de la circonscription",
        "Le jeudi qui suit les vacances de la Toussaint, toutes les écoles participent : code "
        "vestimentaire commun, expositions, débats avec le collège de secteur.",
        True,
    ),
    (
        VEIL,
        "initiative",
        "informer",
        "Notre premier café des parents",
        "Une vingtaine de familles sont venues parler des écrans à la maison.",
        False,
    ),
]


def _posts(district, schools, users) -> None:
    from outreach.models import Post
    from outreach.services import posts as post_services

    for uai, kind, axis, title, body, published in POSTS:
        school = schools.get(uai) if uai else None
        if Post.objects.filter(district=district, title=title).exists():
            continue
        author = users.get("directeur" if uai == VEIL else "directeur2" if uai == FERRY else "cpc")
        post = post_services.post_create(
            user=author,
            district=district,
            school=school,
            data={"kind": kind, "axis": axis, "title": title, "body": body, "image_alt": ""},
        )
        if published and "cpc" in users:
            post_services.post_moderate(post=post, user=users["cpc"], publish=True)


def _practices_and_reserve(district, schools, users) -> None:
    from outreach.models import InterventionRequest, Practice, Volunteer

    if not Practice.objects.filter(district=district).exists():
        Practice.objects.create(
            district=district,
            school=schools[VEIL],
            axis="prevenir",
            title="Le message clair en 4 étapes (fiche pour la classe)",
            description="Une fiche pour enseigner le message clair de la GS au CM2, avec les "
            "affichages de classe.",
            link="https://eduscol.education.fr/",
            shared_by=users.get("directeur"),
        )
        Practice.objects.create(
            district=district,
            school=schools[FERRY],
            axis="prevenir",
            title="Organiser des jeux coopératifs en récréation",
            description="Le planning des jeux, le rôle des CM2 et le matériel.",
            link="https://eduscol.education.fr/",
            shared_by=users.get("directeur2"),
        )
    if not Volunteer.objects.filter(district=district).exists():
        Volunteer.objects.create(
            district=district,
            first_name="Michel",
            last_name="Durand",
            organisation="Gendarme à la retraite",
            skills=["bullying", "cyber"],
            availability="Mardis et jeudis matin",
            vetting="approved",
            vetted_by=users.get("cpc"),
            vetted_on=timezone.localdate(),
        )
        Volunteer.objects.create(
            district=district,
            first_name="Sophie",
            last_name="Martin",
            organisation="Juriste",
            skills=["citizenship"],
            availability="Mercredis",
            vetting="pending",
        )
    if not InterventionRequest.objects.filter(school=schools[LANGEVIN]).exists():
        InterventionRequest.objects.create(
            school=schools[LANGEVIN],
            requested_by=users.get("directeur2"),
            skill="cyber",
            classes="CM2",
            period="Février (Safer Internet Day)",
        )


def seed(stdout=None) -> None:
    district = District.objects.filter(code=directory_demo.DISTRICT["code"]).first()
    if district is None:
        return
    schools = {s.uai: s for s in School.objects.filter(district=district)}
    if not all(uai in schools for uai in (VEIL, FERRY, LANGEVIN)):
        return
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["cpc", "directeur", "directeur2", "enseignant", "parent"]
        )
    }
    _pages(district, schools)
    _events(district, schools, users)
    _bilans(schools, users)
    _posts(district, schools, users)
    _practices_and_reserve(district, schools, users)
    if stdout is not None:
        stdout.write(
            f"Informer : {ParentPage.objects.filter(district=district).count()} pages parents, "
            f"{Event.objects.filter(district=district).count()} événements, "
            f"{SchoolBilan.objects.filter(school__district=district).count()} bilans annuels."
        )
