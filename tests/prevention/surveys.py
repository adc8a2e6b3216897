"""Helpers for survey tests: a campaign in school A with codes, and answers submitted."""

import datetime
import random

from prevention.models import Campaign, CampaignStatus, QuestionKind
from prevention.selectors.surveys import questions_of
from prevention.services import surveys as services
from prevention.standard_survey import standard_questionnaire


def make_campaign(school, classrooms, *, codes=12, title="Enquête d'automne", opens=None):
    opens = opens or datetime.date.today()
    return services.campaign_create(
        school=school,
        data={
            "title": title,
            "questionnaire": standard_questionnaire(),
            "classrooms": classrooms,
            "opens_on": opens,
            "closes_on": opens + datetime.timedelta(days=14),
        },
        codes_per_class=codes,
        user=None,
    )


def answers_for(campaign, *, level: int = 2, text: str = "") -> dict:
    answers = {}
    for question in questions_of(campaign):
        if question.kind == QuestionKind.SCALE:
            answers[question.pk] = str(level)
        elif question.kind == QuestionKind.YESNO:
            answers[question.pk] = "1"
        elif question.kind == QuestionKind.SINGLE:
            answers[question.pk] = "0"
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = ["1", "2"]
        elif text:
            answers[question.pk] = text
    return answers


def fill(campaign: Campaign, count: int, *, level=None, text="", close=True, seed=1) -> None:
    rng = random.Random(seed)
    if campaign.status == CampaignStatus.DRAFT:
        Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.OPEN)
        campaign.status = CampaignStatus.OPEN
    codes = list(campaign.codes.filter(used=False).values_list("code", flat=True)[:count])
    for code in codes:
        services.response_submit(
            code=code, answers=answers_for(campaign, level=level or rng.randint(1, 4), text=text)
        )
    if close:
        Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
        campaign.status = CampaignStatus.CLOSED
