"""Académie-sized volume for « Prévenir » (factor 1.0: 1,600 schools, about 24 actions each, one
closed climate campaign in a fifth of the schools, 200,000 answer rows in all), bulk-created."""

import datetime

from directory.models import SchoolYear
from prevention.models import (
    Action,
    ActionStatus,
    Answer,
    Campaign,
    CampaignStatus,
    Question,
    QuestionKind,
    Response,
)
from prevention.services.actions import catalogue_for
from prevention.standard_survey import standard_questionnaire

ACTIONS_PER_SCHOOL = 24
ANSWERS_AT_FULL_SIZE = 200_000
BATCH = 5000


def _actions(schools, rng, factor, year) -> int:
    types = {}
    for school in schools:
        if school.district_id not in types:
            types[school.district_id] = list(catalogue_for(school.district))
    rows = []
    per_school = max(1, round(ACTIONS_PER_SCHOOL * min(factor, 1.0)))
    for school in schools:
        for n in range(per_school):
            action_type = rng.choice(types[school.district_id])
            day = year.starts_on + datetime.timedelta(days=rng.randrange(300))
            cycle = rng.choice([1, 2, 3])
            rows.append(
                Action(
                    school=school,
                    year=year,
                    action_type=action_type,
                    title=f"{action_type.name} ({n + 1})",
                    starts_on=day,
                    hours_per_class=rng.choice([1, 1.5, 2, 3]),
                    status=rng.choice([ActionStatus.DONE, ActionStatus.DONE, ActionStatus.PLANNED]),
                    **{f"cycle_{cycle}": True},
                )
            )
    Action.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _value(question, rng):
    if question.kind == QuestionKind.SCALE:
        return rng.choice([1, 1, 2, 2, 3, 4])
    if question.kind == QuestionKind.YESNO:
        return rng.choice([0, 1])
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return rng.randrange(len(question.choices))
    return None


def seed_answers(schools, rng, total_answers: int, year, stdout) -> int:
    """Closed campaigns in some schools, with ``total_answers`` answer rows (no free text)."""
    questionnaire = standard_questionnaire()
    questions = [
        q
        for q in Question.objects.filter(section__questionnaire=questionnaire)
        if q.kind != QuestionKind.TEXT
    ]
    responses_needed = max(1, total_answers // len(questions))
    surveyed = schools[: max(1, len(schools) // 5)]
    per_school = max(1, responses_needed // len(surveyed))
    written = 0
    for school in surveyed:
        if written >= total_answers:
            break
        campaign = Campaign.objects.create(
            school=school,
            year=year,
            questionnaire=questionnaire,
            title="Enquête de climat (volume)",
            opens_on=year.starts_on + datetime.timedelta(days=40),
            closes_on=year.starts_on + datetime.timedelta(days=54),
            status=CampaignStatus.CLOSED,
        )
        responses = Response.objects.bulk_create(
            Response(campaign=campaign, cycle=rng.choice([2, 3]), submitted_on=campaign.opens_on)
            for _ in range(per_school)
        )
        answers = [
            Answer(response=r, question=q, value=_value(q, rng))
            for r in responses
            for q in questions
        ][: total_answers - written]
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        written += len(answers)
    stdout.write(f"Prévenir : {written} réponses d'enquête.")
    return written


def seed(*, schools, rng, factor: float, stdout) -> None:
    schools = [s for s in schools if s.district_id is not None]
    if not schools:
        return
    year = SchoolYear.current()
    count = _actions(schools, rng, factor, year)
    stdout.write(f"Prévenir : {count} actions de prévention.")
    seed_answers(schools, rng, round(ANSWERS_AT_FULL_SIZE * factor), year, stdout)
