"""Writes of climate surveys: campaigns, their codes, their transitions, pupils' answers."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from directory import audit
from directory.models import SchoolYear
from prevention.models import (
    Answer,
    Campaign,
    CampaignStatus,
    QuestionKind,
    Response,
    SurveyCode,
)

MAX_CODES_PER_CLASS = 40
TRANSITIONS = {
    CampaignStatus.DRAFT: {CampaignStatus.OPEN},
    CampaignStatus.OPEN: {CampaignStatus.CLOSED},
    CampaignStatus.CLOSED: set(),
}


class CodeRefused(Exception):
    """The code is unknown, already used, or its campaign is not open."""


def campaign_create(*, school, data: dict, codes_per_class: int, user, request=None) -> Campaign:
    classrooms = list(data["classrooms"])
    if any(c.school_id != school.pk for c in classrooms):
        raise ValidationError({"classrooms": "Choisissez des classes de l'école."})
    if not 1 <= codes_per_class <= MAX_CODES_PER_CLASS:
        raise ValidationError({"codes_per_class": "Entre 1 et 40 codes par classe."})
    with transaction.atomic():
        campaign = Campaign.objects.create(
            school=school,
            year=SchoolYear.current(data["opens_on"]),
            questionnaire=data["questionnaire"],
            title=data["title"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            created_by=user,
        )
        campaign.classrooms.set(classrooms)
        _issue_codes(campaign, classrooms, codes_per_class)
        audit.record("create", request=request, user=user, obj=campaign)
    return campaign


def _issue_codes(campaign: Campaign, classrooms, per_class: int) -> None:
    for classroom in classrooms:
        for _ in range(per_class):
            for _attempt in range(5):  # a collision over 32^8 codes is rare; retry it
                try:
                    with transaction.atomic():
                        SurveyCode.objects.create(campaign=campaign, classroom=classroom)
                    break
                except IntegrityError:
                    continue


def campaign_transition(*, campaign: Campaign, target: str, user, request=None) -> Campaign:
    if target not in TRANSITIONS[CampaignStatus(campaign.status)]:
        raise ValidationError("Cette étape n'est pas possible pour cette campagne.")
    with transaction.atomic():
        updated = Campaign.objects.filter(pk=campaign.pk, status=campaign.status).update(
            status=target, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError("La campagne a changé entre-temps : rechargez la page.")
        campaign.status = target
        audit.record(
            "update", request=request, user=user, obj=campaign, detail=f"campagne : {target}"
        )
    return campaign


def code_lookup(code: str) -> SurveyCode:
    """The unused code of an open campaign, or ``CodeRefused`` (same answer for every case)."""
    normalised = "".join(code.split()).upper()[:12]
    found = (
        SurveyCode.objects.select_related("campaign", "campaign__questionnaire", "classroom")
        .filter(code=normalised, used=False, campaign__status=CampaignStatus.OPEN)
        .first()
    )
    if found is None:
        raise CodeRefused
    return found


def _answer_rows(question, raw) -> list[Answer]:
    if question.kind == QuestionKind.TEXT:
        text = (raw or "").strip()[:1000]
        return [Answer(question=question, text=text)] if text else []
    values = raw if isinstance(raw, list) else [raw]
    return [Answer(question=question, value=int(v)) for v in values if v not in (None, "")]


def response_submit(*, code: str, answers: dict) -> None:
    """Store one pupil's answers once: the code is spent by a conditional UPDATE, so two
    parallel submissions of one code store one answer set. The response keeps no trace of it."""
    found = code_lookup(code)
    questions = {
        q.pk: q for s in found.campaign.questionnaire.sections.all() for q in s.questions.all()
    }
    cycle = max(found.classroom.cycles) if found.classroom and found.classroom.cycles else None
    with transaction.atomic():
        spent = SurveyCode.objects.filter(pk=found.pk, used=False).update(used=True)
        if not spent:
            raise CodeRefused
        response = Response.objects.create(
            campaign_id=found.campaign_id, cycle=cycle, submitted_on=timezone.localdate()
        )
        rows = []
        for question_id, raw in answers.items():
            if question_id in questions:
                rows += _answer_rows(questions[question_id], raw)
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
