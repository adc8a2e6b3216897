"""The demo's situations, one at every step of the protocol (data only, read by ``demo``)."""

from resources_hub.models import HandlerKind

VEIL, FERRY, LANGEVIN = "0921003R", "0921002P", "0921005T"

# title → everything about one situation. Offsets are days after the report date.
CASES = [
    {
        "school": VEIL,
        "opened_by": "directeur",
        "report": "demo-report-enseignant",
        "data": {
            "title": "Moqueries répétées en classe et dans la cour, CM1",
            "category": "verbal",
            "faits_level": 2,
            "summary": (
                "Depuis la rentrée des vacances, plusieurs élèves de la classe imitent la façon "
                "de parler d'une camarade et l'appellent par un surnom. Elle ne veut plus lire "
                "à voix haute."
            ),
        },
        "reported_days_ago": 2,
        "review_in": 5,
        "parties": [("Inès B.", "target", "CM1 A"), ("Lucas D.", "author", "CM1 A")],
        "steps": [],
        "events": [],
    },
    {
        "school": FERRY,
        "opened_by": "directeur2",
        "data": {
            "title": "Mise à l'écart à la cantine, CE2",
            "category": "relational",
            "faits_level": 2,
            "summary": (
                "Un élève mange seul depuis trois semaines : ses camarades lui interdisent de "
                "s'asseoir à leur table et rient quand il approche. Signalé par l'animatrice du "
                "périscolaire."
            ),
        },
        "reported_days_ago": 8,
        "review_in": 3,
        "parties": [("Yanis T.", "target", "CE2-CM1"), ("Chloé R.", "witness", "CE2-CM1")],
        "steps": [("assessment", 1, "Recueil de la parole prévu avec l'élève cible.")],
        "events": [
            (2, "interview", "Entretien avec l'élève cible", "Yanis T."),
            (3, "family", "Rencontre avec les parents de l'élève cible", "Yanis T."),
        ],
    },
    {
        "school": VEIL,
        "opened_by": "directeur",
        "handlers": [("pole", HandlerKind.POLE)],
        "data": {
            "title": "Bousculades et affaires abîmées, CM2",
            "category": "physical",
            "faits_level": 2,
            "summary": (
                "Un élève est bousculé à chaque récréation par deux camarades ; sa trousse et "
                "son cahier ont été abîmés à plusieurs reprises. Il a fini par en parler à son "
                "enseignante."
            ),
        },
        "checklist": {"ien_informed_on": 1, "family_met_on": 2, "faits_etablissement_on": 2},
        "reported_days_ago": 25,
        "review_in": 7,
        "parties": [
            ("Adam K.", "target", "CM2 A"),
            ("Noah F.", "author", "CM2 A"),
            ("Jade L.", "author", "CM2 A"),
            ("Sarah M.", "witness", "CM2 A"),
        ],
        "steps": [
            ("assessment", 1, "IEN et psychologue EN informés."),
            ("handling", 6, "Harcèlement retenu : préoccupation partagée engagée."),
        ],
        "events": [
            (1, "interview", "Recueil de la parole de l'élève cible", "Adam K."),
            (2, "family", "Rencontre avec les parents de l'élève cible", "Adam K."),
            (2, "measure", "Adulte référent désigné, vigilance renforcée en récréation", ""),
            (4, "interview", "Entretien avec un témoin", "Sarah M."),
        ],
        "pikas": [
            (7, "Noah F.", "first", "proposal", "Laisser Adam jouer au ballon avec le groupe."),
            (7, "Jade L.", "first", "no_proposal", ""),
            (10, "Jade L.", "first", "proposal", "Ne plus toucher aux affaires des autres."),
            (17, "Noah F.", "follow_up", "improved", ""),
        ],
    },
    {
        "school": LANGEVIN,
        "opened_by": "dir.langevin",
        "handlers": [("infirmier", HandlerKind.POLE)],
        "data": {
            "title": "Messages blessants sur une messagerie de classe, CM2",
            "category": "cyber",
            "faits_level": 2,
            "summary": (
                "Des messages moqueurs et une photo détournée ont circulé le soir sur un groupe "
                "de messagerie créé par des élèves de la classe."
            ),
        },
        "checklist": {"ien_informed_on": 1, "family_met_on": 3},
        "reported_days_ago": 40,
        "review_in": -6,
        "parties": [("Lina S.", "target", "CM2"), ("Enzo P.", "author", "CM2")],
        "steps": [
            ("assessment", 1, ""),
            ("handling", 4, "Intervention en classe sur les usages numériques."),
            ("follow_up", 20, "Plus de messages depuis deux semaines : suivi mensuel."),
        ],
        "events": [
            (1, "interview", "Recueil de la parole de l'élève cible", "Lina S."),
            (5, "measure", "Séance en classe sur le cyberharcèlement et le 3018", ""),
        ],
    },
    {
        "school": VEIL,
        "opened_by": "directeur",
        "data": {
            "title": "Surnoms et exclusion des jeux, CE1",
            "category": "relational",
            "faits_level": 1,
            "summary": (
                "Un élève était exclu des jeux de cour et appelé par un surnom blessant par un "
                "groupe de camarades."
            ),
        },
        "reported_days_ago": 70,
        "handlers": [("pole", HandlerKind.POLE)],
        "checklist": {
            "ien_informed_on": 1,
            "psychologue_informed_on": 1,
            "pole_requested_on": 1,
            "pole_mobilised_on": 2,
            "pole_contact_on": 3,
            "family_met_on": 3,
            "author_families_met_on": 8,
            "faits_etablissement_on": 2,
        },
        "qualify": (4, "mpp"),
        "parties": [("Maël G.", "target", "CE1-CE2"), ("Tom V.", "author", "CE1-CE2")],
        "steps": [
            ("assessment", 1, ""),
            ("handling", 4, "Préoccupation partagée engagée."),
            ("follow_up", 25, ""),
            ("closed", 60, "L'élève confirme que cela a cessé ; fiche bilan signée."),
        ],
        "events": [
            (2, "interview", "Recueil de la parole de l'élève cible", "Maël G."),
            (3, "family", "Rencontre avec les parents de l'élève cible", "Maël G."),
            (8, "family", "Rencontre avec les parents de l'élève intimidateur", "Tom V."),
        ],
        "pikas": [
            (5, "Tom V.", "first", "proposal", "Proposer à Maël de jouer au loup."),
            (12, "Tom V.", "follow_up", "improved", ""),
            (19, "Maël G.", "follow_up", "improved", ""),
        ],
        "bilan": {
            "initial_situation": "Exclusion des jeux et surnom blessant, depuis environ un mois.",
            "actions_taken": (
                "Recueil de la parole, rencontre des familles, trois entretiens de préoccupation "
                "partagée, jeux coopératifs en classe."
            ),
            "evolution": "Amélioration dès la deuxième semaine ; plus de surnom signalé.",
            "current_state": "L'élève confirme que cela a cessé ; il joue avec le groupe.",
            "next_steps": "Vigilance des adultes de la cour jusqu'aux vacances.",
            "feedback": "Situation résolue par la préoccupation partagée, sans sanction.",
            "outcome": "resolved",
            "qualification": "Répétition et isolement retenus ; préoccupation partagée.",
            "restitution_by": "Sophie Lemaire, psychologue EN",
            "restitution_to": ["school", "college"],
            "restitution_directors": "Direction de l'école Simone Veil ; collège de secteur",
        },
    },
    {
        "school": FERRY,
        "opened_by": "directeur2",
        "handlers": [("rased", HandlerKind.POLE)],
        "data": {
            "title": "Intimidations répétées à la sortie, CM2",
            "category": "physical",
            "faits_level": 2,
            "summary": (
                "Un élève est attendu chaque soir à la sortie par un groupe qui le bouscule ; "
                "la préoccupation partagée n'a rien changé en trois semaines."
            ),
        },
        "checklist": {
            "ien_informed_on": 1,
            "family_met_on": 2,
            "faits_etablissement_on": 2,
            "author_families_met_on": 6,
        },
        "qualify": (3, "mpp"),
        "reported_days_ago": 35,
        "review_in": 4,
        "parties": [("Hugo N.", "target", "CM2"), ("Malik B.", "author", "CM2")],
        "steps": [
            ("assessment", 1, ""),
            ("handling", 3, "Préoccupation partagée engagée."),
            ("escalated", 24, "Aucune amélioration en trois semaines : équipe éducative."),
        ],
        "escalation": ("ien", ["equipe_educative"]),
        "events": [(1, "interview", "Recueil de la parole de l'élève cible", "Hugo N.")],
        "pikas": [
            (4, "Malik B.", "first", "no_proposal", ""),
            (18, "Malik B.", "follow_up", "not_improved", ""),
        ],
    },
    {
        "school": VEIL,
        "opened_by": "directeur",
        "handlers": [("pole", HandlerKind.POLE)],
        "data": {
            "title": "Moqueries reprises après les vacances, CE2",
            "category": "verbal",
            "faits_level": 2,
            "summary": (
                "Une situation close en juin reprend : les moqueries sur l'accent d'une élève "
                "ont recommencé à la rentrée."
            ),
        },
        "checklist": {"ien_informed_on": 1, "family_met_on": 2},
        "reported_days_ago": 90,
        "review_in": 6,
        "parties": [("Sofia E.", "target", "CE2"), ("Nathan J.", "author", "CE2")],
        "steps": [
            ("assessment", 1, ""),
            ("handling", 3, ""),
            ("follow_up", 20, ""),
            ("closed", 40, "L'élève confirme que cela a cessé."),
            ("reopened", 85, "Les moqueries ont repris à la rentrée."),
        ],
        "events": [(1, "interview", "Recueil de la parole de l'élève cible", "Sofia E.")],
    },
    {
        "school": FERRY,
        "opened_by": "directeur2",
        "data": {
            "title": "Conflit ponctuel entre deux élèves, CM1",
            "category": "verbal",
            "faits_level": 1,
            "summary": "Échange d'insultes lors d'un match, réciproque, à une seule reprise.",
        },
        "reported_days_ago": 30,
        "parties": [("Rayan H.", "target", "CM1"), ("Léo C.", "author", "CM1")],
        "steps": [
            ("assessment", 1, ""),
            (
                "not_bullying",
                5,
                "Conflit ponctuel et réciproque, sans répétition ni déséquilibre : médiation "
                "en classe.",
            ),
        ],
        "events": [(2, "interview", "Entretiens séparés avec les deux élèves", "")],
    },
]
