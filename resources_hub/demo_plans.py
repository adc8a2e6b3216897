"""Demo plans of prevention (the district's and three schools') and the crisis protocol, in
two versions: loaded by ``resources_hub.demo``; found again by school and year, and by district."""

import datetime

from directory.models import SchoolYear
from resources_hub import services
from resources_hub.demo_cases import FERRY, LANGEVIN, VEIL
from resources_hub.models import (
    CrisisProtocol,
)
from resources_hub.services.plans import plan_create

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


PROTOCOL_TITLE = "Protocole de gestion d'un élève en situation de crise"
PROTOCOL_V1 = """## Conduite à tenir
- Ne jamais laisser l'élève seul·e.
- Appeler le 15 en cas d'urgence vitale.
- Prévenir la direction de l'école, la famille et l'IEN."""
PROTOCOL_V2 = """Ce protocole s'applique dans toutes les écoles de la circonscription, \
sur le temps scolaire comme au périscolaire. Il est affiché dans le bureau de la direction \
et présenté en conseil des maîtres en début d'année.

## 1. Assurer la sécurité immédiate
- Ne laissez jamais l'élève seul·e : un adulte reste avec lui ou elle en permanence.
- Mettez l'élève à l'écart du groupe, dans un lieu calme et sûr (bureau de la direction, \
salle de repos) ; éloignez les autres élèves.
- Écartez les objets dangereux ; ne le ou la retenez physiquement qu'en dernier recours, pour \
éviter qu'il ou elle se blesse ou blesse autrui.
- Parlez calmement, avec des phrases courtes ; ne cherchez pas à discuter des faits pendant \
la crise.

## 2. Appeler
- Urgence vitale, malaise, blessure, propos ou geste suicidaire : appelez le 15 (SAMU) ou le \
112 et suivez leurs consignes.
- Danger immédiat venant d'une personne : le 17 ou le 112.
- Prévenez le directeur ou la directrice (ou l'adjoint·e désigné·e), qui coordonne la suite.
- Un autre adulte prend en charge la classe de l'enseignant·e mobilisé·e.

## 3. Informer
- La famille est informée sans délai par le directeur ou la directrice : ce qui s'est passé, \
ce qui a été fait, où se trouve l'élève.
- L'IEN est informé·e le jour même par téléphone, puis par écrit.
- Le médecin scolaire, l'infirmier·ère et le ou la psychologue de l'Éducation nationale sont \
prévenus ; le pôle ressources peut être sollicité.
- Si l'élève révèle des violences ou un danger : information préoccupante ou signalement au \
procureur, par l'intermédiaire de l'IEN (le 119 peut conseiller).

## 4. Après la crise
- Notez les faits de façon objective (heure, lieu, déroulé, personnes présentes), sans \
interprétation ni détail médical.
- Proposez un temps d'échange aux élèves témoins et aux adultes concernés.
- Une équipe éducative réunit la famille et les professionnels pour prévenir une nouvelle \
crise : aménagements, plan de retour en classe.
- Si la crise est liée à une situation de harcèlement, la situation est ouverte ou mise à jour \
dans le portail et suivie selon le protocole.

## Numéros utiles
- 15 (SAMU), 112 (urgences), 17 (police)
- 3018 : harcèlement et cyberharcèlement, gratuit et anonyme
- 119 : Allô enfance en danger, 24 h sur 24"""

DISTRICT_PLAN = """Le plan de la circonscription s'applique à toutes ses écoles.

Objectifs : prévenir le harcèlement dès la maternelle, repérer les signaux faibles, traiter \
chaque situation selon le protocole national avec l'appui du pôle ressources.

Actions : programme pHARe dans chaque école (10 heures par classe), journée « Non au \
harcèlement » en novembre, Prix « Non au harcèlement », Safer Internet Day en février, \
formation des équipes à la méthode de la préoccupation partagée.

Personnes ressources : l'équipe de circonscription, le pôle ressources de circonscription \
(depuis 2015) et le pôle territorial (depuis 2018)."""


def _school_plan(name: str) -> str:
    return (
        f"Plan de prévention de l'école {name}, en déclinaison du plan de la circonscription.\n\n"
        "Actions : messages clairs dans le règlement intérieur (à qui parler, 3018, 119), "
        "jeux coopératifs dans la cour, dix heures d'enseignement par classe sur l'empathie "
        "et les compétences psychosociales, un atelier pour les parents au deuxième trimestre.\n\n"
        "Référents : la directrice ou le directeur et un·e enseignant·e formé·e à la "
        "préoccupation partagée."
    )


# --- Plans and protocol ----------------------------------------------------------------------


PLAN_AUTHORS = {VEIL: "directeur", FERRY: "directeur2", LANGEVIN: "dir.langevin"}


def _past_or_none(day: datetime.date, today: datetime.date) -> datetime.date | None:
    return day if day <= today else None


def seed_plans(district, schools, users, today) -> None:
    year = SchoolYear.current(today)
    start = year.starts_on
    pikas = _past_or_none(start + datetime.timedelta(days=30), today)
    plans = [
        (None, DISTRICT_PLAN, {"pikas_presented_on": pikas}),
        (VEIL, None, {"referral_in_rules": True, "council": 45, "pikas_presented_on": pikas}),
        (FERRY, None, {"referral_in_rules": True, "pikas_presented_on": pikas}),
        (LANGEVIN, None, {"referral_in_rules": False, "council": 50}),
    ]
    for uai, content, extra in plans:
        school = schools.get(uai) if uai else None
        council = extra.pop("council", None)
        name = school.name if school else f"circonscription {district.name}"
        data = {
            "title": f"Plan de prévention du harcèlement — {name}",
            "content": content or _school_plan(school.name),
            "presented_at_council_on": council
            and _past_or_none(start + datetime.timedelta(days=council), today),
            **extra,
        }
        plan_create(
            district=district,
            school=school,
            year_label=year.label,
            data=data,
            user=users[PLAN_AUTHORS.get(uai, "ien")],
            idempotency_key=f"demo-plan-{uai or district.code}-{year.label}",
        )


def seed_protocol(district, users) -> None:
    if CrisisProtocol.objects.filter(district=district).exists():
        return
    first = services.protocol_save(
        district=district,
        user=users["cpc"],
        title=PROTOCOL_TITLE,
        content=PROTOCOL_V1,
        expected_version=0,
    )
    services.protocol_save(
        district=district,
        user=users["ien"],
        title=PROTOCOL_TITLE,
        content=PROTOCOL_V2,
        expected_version=first.version,
    )
