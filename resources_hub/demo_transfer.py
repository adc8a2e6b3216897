"""Demo of the change of school: a case of école Simone Veil, in follow-up with a fiche bilan
signed by the pôle (RASED) and co-signed by the director, follows its pupil to école Jules
Ferry. Jules Ferry's director now holds the case; Simone Veil's keeps the signed fiche only
(« Situations transmises à une autre école »). Found again by the transfer's note: idempotent."""

import datetime

from resources_hub import services
from resources_hub.demo_cases import FERRY, VEIL
from resources_hub.models import CaseTransfer, FicheBilan, HandlerKind
from resources_hub.services import bilan as bilan_services
from resources_hub.services import transfer

NOTE = "La famille déménage : l'élève est inscrite à l'école Jules Ferry après les vacances."

SPEC = {
    "school": VEIL,
    "opened_by": "directeur",
    "handlers": [("rased", HandlerKind.POLE)],
    "data": {
        "title": "Bousculades à la sortie de la cantine, CM1",
        "category": "physical",
        "faits_level": 2,
        "summary": (
            "Une élève est bousculée chaque midi à la sortie de la cantine par deux camarades "
            "qui l'empêchent de rejoindre son groupe."
        ),
    },
    "reported_days_ago": 45,
    "review_in": 12,
    "checklist": {
        "ien_informed_on": 1,
        "pole_requested_on": 1,
        "pole_mobilised_on": 2,
        "pole_contact_on": 3,
        "family_met_on": 4,
        "author_families_met_on": 6,
        "faits_etablissement_on": 2,
    },
    "qualify": (5, "firm"),
    "parties": [("Jade P.", "target", "CM1"), ("Lucas T.", "author", "CM1")],
    "steps": [
        ("assessment", 1, ""),
        ("handling", 5, "Mesures éducatives et surveillance renforcée à la cantine."),
        ("follow_up", 26, "Les bousculades ont cessé : suivi jusqu'au départ de l'élève."),
    ],
    "events": [
        (2, "interview", "Recueil de la parole de l'élève cible", "Jade P."),
        (4, "family", "Rencontre avec les parents de l'élève cible", "Jade P."),
    ],
}

FICHE = {
    "initial_situation": "Bousculades répétées à la sortie de la cantine depuis la rentrée.",
    "actions_taken": (
        "Recueil de la parole, rencontre des familles, mesures éducatives pour les deux élèves, "
        "un adulte posté à la sortie de la cantine."
    ),
    "evolution": "Plus de bousculade signalée depuis trois semaines.",
    "current_state": "L'élève confirme que cela a cessé ; elle déjeune avec son groupe.",
    "next_steps": "Prévenir l'école qui l'accueille ; vigilance aux entrées et sorties.",
    "feedback": "Situation améliorée par des mesures éducatives ; l'élève change d'école.",
    "outcome": "improved",
    "restitution_by": "Inès Caron, RASED",
    "restitution_directors": "Direction de l'école Jules Ferry",
}


def seed_transfer(schools: dict, users: dict, today: datetime.date) -> None:
    if CaseTransfer.objects.filter(note=NOTE).exists():
        return
    from resources_hub.demo import _case

    case = _case(SPEC, schools, users, today)
    director, member = users["directeur"], users["rased"]
    fiche = services.bilan_save(
        case=case, user=director, data=FICHE, mobilised=[member], expected_version=0
    )
    services.bilan_save(
        case=case,
        user=member,
        data=FICHE,
        mobilised=[member],
        expected_version=fiche.version,
        sign=True,
    )
    bilan_services.bilan_cosign(fiche=FicheBilan.objects.get(case=case), user=director)
    case.refresh_from_db()
    transfer.case_transfer(
        case=case, to_school=schools[FERRY], kind="transfer", note=NOTE, user=director
    )
