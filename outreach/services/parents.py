"""Writes of the parents' space: pages, their translations, the default content of a district."""

from django.db import transaction

from directory import audit
from outreach.models import Audience, PageTranslation, ParentPage, Topic


def page_create(
    *,
    user,
    district,
    school=None,
    topic: str,
    audience: str,
    order: int,
    title: str,
    body: str,
    language: str = "fr",
    request=None,
) -> ParentPage:
    with transaction.atomic():
        page = ParentPage.objects.create(
            district=district,
            school=school,
            topic=topic,
            audience=audience,
            order=order,
            created_by=user,
        )
        PageTranslation.objects.create(page=page, language=language, title=title, body=body)
        audit.record("create", request=request, user=user, obj=page, detail="page espace parents")
    return page


def page_update(*, page: ParentPage, user, topic: str, audience: str, order: int, request=None):
    page.topic, page.audience, page.order = topic, audience, order
    page.save(update_fields=["topic", "audience", "order", "updated_at"])
    audit.record("update", request=request, user=user, obj=page, detail="page espace parents")
    return page


def translation_save(
    *, page: ParentPage, user, language: str, title: str, body: str, request=None
) -> PageTranslation:
    with transaction.atomic():
        translation, _ = PageTranslation.objects.update_or_create(
            page=page, language=language, defaults={"title": title, "body": body}
        )
        page.save(update_fields=["updated_at"])
        audit.record(
            "update", request=request, user=user, obj=page, detail=f"traduction {language}"
        )
    return translation


def translation_delete(*, page: ParentPage, user, language: str, request=None) -> bool:
    """Remove one language; the French text (or the last one left) always stays."""
    if language == "fr" or page.translations.count() <= 1:
        return False
    deleted, _ = page.translations.filter(language=language).delete()
    audit.record("delete", request=request, user=user, obj=page, detail=f"traduction {language}")
    return bool(deleted)


# --- Default content (DOMAIN.md), written once per district; numbers come from the referral
# channels shown beside every page, never from this text. ---------------------------------------

DEFAULT_PAGES = [
    (
        Topic.WARNING_SIGNS,
        "Les signes qui doivent vous alerter",
        "Un seul signe ne prouve rien. **Un changement qui dure environ deux semaines** mérite "
        "d'en parler avec votre enfant, puis d'appeler l'école.\n\n"
        "- il refuse soudain d'aller à l'école ;\n- ses résultats baissent ;\n"
        "- ses affaires sont perdues ou abîmées ;\n"
        "- il évite la cantine, la récréation ou les toilettes ;\n- il mange seul ;\n"
        "- **il perd ses amis** (le signe le plus fort) ;\n"
        "- il a mal au ventre ou à la tête les matins d'école ;\n"
        "- il dort ou mange moins bien ;\n- il se replie sur lui-même ou se met en colère ;\n"
        "- il est bouleversé après avoir lu des messages.\n\n"
        "Ne contactez pas vous-même la famille de l'autre enfant : l'école s'en charge.",
        {
            "en": (
                "Warning signs",
                "One sign alone proves nothing. **A change lasting about two weeks** is worth "
                "talking about with your child, then calling the school.\n\n"
                "- suddenly refusing to go to school;\n- falling marks;\n"
                "- lost or broken belongings;\n- avoiding the canteen, playground or toilets;\n"
                "- eating alone;\n- **losing friends** (the strongest sign);\n"
                "- stomach aches or headaches on school mornings;\n"
                "- sleep or appetite changes;\n- withdrawal or anger;\n"
                "- being upset after reading messages.\n\n"
                "Do not contact the other child's family yourself: the school does it.",
            ),
        },
    ),
    (
        Topic.WHO_TO_CALL,
        "À qui en parler, qui appeler",
        "1. **Parlez-en d'abord avec votre enfant**, calmement, sans minimiser ce qu'il dit.\n"
        "2. **Prévenez l'école** : le directeur ou la directrice, ou le ou la référent·e "
        "harcèlement de l'école. Tout adulte de l'école qui reçoit une confidence la transmet.\n"
        "3. **Appelez le numéro national** indiqué ci-dessous en premier : gratuit, anonyme, tous "
        "les jours. Il conseille les familles et peut alerter l'école.\n"
        "4. En cas de danger pour un enfant, le numéro **Allô enfance en danger** répond jour et "
        "nuit.\n\nLes numéros et sites à jour sont rappelés dans l'encadré de cette page.",
        {},
    ),
    (
        Topic.HANDLING,
        "Comment l'école prend en charge une situation",
        "- Le directeur ou la directrice vous reçoit et informe l'inspecteur ou l'inspectrice de "
        "la circonscription.\n"
        "- Votre enfant est écouté, sans que sa parole soit minimisée, et protégé tout de suite : "
        "un adulte référent est désigné ; tous les adultes, périscolaire compris, sont vigilants.\n"
        "- Les témoins et les élèves concernés sont entendus séparément (méthode de la "
        "préoccupation partagée), puis leurs familles.\n"
        "- L'école décide des réponses et vous tient informés ; un suivi régulier est fait "
        "jusqu'à ce que votre enfant confirme que cela a cessé.",
        {},
    ),
    (
        Topic.POLE,
        "Le pôle ressources de la circonscription",
        "Autour de l'inspecteur ou de l'inspectrice, le **pôle ressources** réunit des "
        "professionnels formés (psychologue de l'Éducation nationale, enseignants spécialisés, "
        "infirmier·ère et médecin scolaires, conseillers pédagogiques). L'école peut faire appel "
        "à lui pour accompagner une situation. Les familles passent par l'école : elle mobilise "
        "le pôle quand c'est utile.",
        {},
    ),
]


def seed_default_pages(*, district, user=None) -> int:
    """Write the default district pages once (skipped when the district already has them)."""
    existing = set(
        ParentPage.objects.filter(district=district, school__isnull=True).values_list(
            "topic", flat=True
        )
    )
    created = 0
    for order, (topic, title, body, translations) in enumerate(DEFAULT_PAGES):
        if topic in existing:
            continue
        with transaction.atomic():
            page = ParentPage.objects.create(
                district=district,
                topic=topic,
                audience=Audience.PUBLIC,
                order=order,
                created_by=user,
            )
            PageTranslation.objects.create(page=page, language="fr", title=title, body=body)
            for language, (t_title, t_body) in translations.items():
                PageTranslation.objects.create(
                    page=page, language=language, title=t_title, body=t_body
                )
        created += 1
    return created
