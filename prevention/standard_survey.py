"""The standard cycle 3 questionnaire, in easy French, seeded once (académie-wide)."""

from django.db import transaction

from prevention.models import IndexRole, Question, QuestionKind, Questionnaire, Section

TITLE = "Enquête de climat scolaire — cycle 3 (questionnaire standard)"
INTRO = (
    "Ce questionnaire est anonyme : personne ne saura ce que tu as répondu. "
    "Il n'y a pas de bonne ou de mauvaise réponse. Réponds seul, comme tu le penses."
)
S, Y, C, M, T = (
    QuestionKind.SCALE,
    QuestionKind.YESNO,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.TEXT,
)
CLIM, CLIM_REV, VICT = IndexRole.CLIMATE, IndexRole.CLIMATE_REVERSED, IndexRole.VICTIMISATION
PLACES = [
    "La classe",
    "La cour",
    "La cantine",
    "Les toilettes",
    "Le couloir",
    "Le chemin de l'école",
    "Le périscolaire",
    "Sur internet ou le téléphone",
]
PEOPLE = [
    "Mon maître ou ma maîtresse",
    "Un autre adulte de l'école",
    "Mes parents",
    "Un copain ou une copine",
    "Personne",
]

SECTIONS = [
    (
        "Je me sens bien à l'école",
        [
            ("Je me sens bien à l'école.", S, [], CLIM),
            ("Je me sens en sécurité dans la cour.", S, [], CLIM),
            ("J'ai peur de venir à l'école.", S, [], CLIM_REV),
        ],
    ),
    (
        "Avec les autres élèves",
        [
            ("J'ai des copains ou des copines à l'école.", S, [], CLIM),
            ("Les élèves s'aident entre eux.", S, [], CLIM),
        ],
    ),
    (
        "Avec les adultes",
        [
            ("Les adultes de l'école m'écoutent.", S, [], CLIM),
            ("Les règles de l'école sont justes.", S, [], CLIM),
        ],
    ),
    (
        "Les mots qui font mal",
        [
            ("Des élèves se moquent de moi.", S, [], VICT),
            ("Des élèves me disent des insultes ou des gros mots.", S, [], VICT),
        ],
    ),
    (
        "Les coups",
        [
            ("Des élèves me tapent ou me poussent exprès.", S, [], VICT),
            ("Des élèves prennent ou cassent mes affaires.", S, [], VICT),
        ],
    ),
    (
        "Être mis de côté",
        [
            ("Des élèves ne veulent pas jouer avec moi.", S, [], VICT),
            ("Je suis seul pendant la récréation.", S, [], VICT),
        ],
    ),
    (
        "Sur internet et les écrans",
        [
            (
                "Des élèves m'envoient des messages méchants sur un téléphone ou un ordinateur.",
                S,
                [],
                VICT,
            ),
            ("J'ai un téléphone à moi.", Y, [], IndexRole.NONE),
        ],
    ),
    (
        "Les lieux",
        [
            (
                "Où est-ce que tu ne te sens pas bien ? (tu peux cocher plusieurs cases)",
                M,
                PLACES,
                IndexRole.NONE,
            ),
        ],
    ),
    (
        "À qui en parler",
        [
            ("Si quelqu'un t'embête, à qui en parles-tu d'abord ?", C, PEOPLE, IndexRole.NONE),
            ("Tu veux dire autre chose ? (ne donne pas de nom)", T, [], IndexRole.NONE),
        ],
    ),
]


def standard_questionnaire() -> Questionnaire:
    existing = Questionnaire.objects.filter(district__isnull=True, title=TITLE).first()
    if existing:
        return existing
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(title=TITLE, intro=INTRO)
        for s_order, (title, questions) in enumerate(SECTIONS):
            section = Section.objects.create(
                questionnaire=questionnaire, title=title, order=s_order
            )
            Question.objects.bulk_create(
                Question(
                    section=section,
                    text=text,
                    kind=kind,
                    choices=choices,
                    index_role=role,
                    order=q_order,
                )
                for q_order, (text, kind, choices, role) in enumerate(questions)
            )
    return questionnaire
