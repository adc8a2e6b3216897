"""Survey results, aggregated in the database, with the minimum group size applied everywhere.

No figure is returned for a group of fewer than ``HZ_SURVEY_MIN_GROUP`` respondents (default
10). In a breakdown by cycle, when one group is too small every group is hidden: otherwise the
small one could be derived by subtracting the others from the total.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from directory.models import School
from prevention.models import (
    Answer,
    Campaign,
    CampaignStatus,
    IndexRole,
    Question,
    QuestionKind,
    Response,
)

CLIMATE_ROLES = [IndexRole.CLIMATE, IndexRole.CLIMATE_REVERSED]


def _ids(*roles) -> list[int]:
    return list(Question.objects.filter(index_role__in=roles).values_list("pk", flat=True))


def favourable_q() -> Q:
    """Favourable climate answers, by question id: no join on the questions table."""
    return Q(question_id__in=_ids(IndexRole.CLIMATE), value__gte=3) | Q(
        question_id__in=_ids(IndexRole.CLIMATE_REVERSED), value__lte=2
    )


def min_group() -> int:
    return int(getattr(settings, "HZ_SURVEY_MIN_GROUP", 10))


def campaigns_visible(user) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user, "survey.view")


@dataclass
class Indexes:
    respondents: int
    climate: int | None = None
    victimisation: int | None = None

    @property
    def hidden(self) -> bool:
        return self.respondents < min_group()


def indexes_for(responses: QuerySet[Response]) -> Indexes:
    """Climate index (share of favourable answers to climate items, 0–100) and victimisation
    index (share of pupils answering « souvent » or « très souvent » to at least one
    victimisation item): two aggregate queries."""
    n = responses.count()
    if n < min_group():
        return Indexes(respondents=n)
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    climate = answers.filter(question_id__in=_ids(*CLIMATE_ROLES)).aggregate(
        total=Count("pk"), favourable=Count("pk", filter=favourable_q())
    )
    victims = (
        answers.filter(question_id__in=_ids(IndexRole.VICTIMISATION), value__gte=3)
        .values("response_id")
        .distinct()
        .count()
    )
    climate_index = (
        round(100 * climate["favourable"] / climate["total"]) if climate["total"] else None
    )
    return Indexes(respondents=n, climate=climate_index, victimisation=round(100 * victims / n))


@dataclass
class ItemResult:
    question: Question
    respondents: int = 0
    bars: list = field(default_factory=list)  # (label, count, percent)
    often: int | None = None  # share « souvent + très souvent »
    texts: list = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.respondents < min_group()


def item_results(responses: QuerySet[Response], questions, *, with_text: bool) -> list:
    """Per question the distribution over its options: two grouped queries for all items."""
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    counts = {
        (r["question_id"], r["value"]): r["n"]
        for r in answers.exclude(value=None).values("question_id", "value").annotate(n=Count("pk"))
    }
    respondents = {
        r["question_id"]: r["n"]
        for r in answers.values("question_id").annotate(n=Count("response_id", distinct=True))
    }
    results = []
    for question in questions:
        item = ItemResult(question=question, respondents=respondents.get(question.pk, 0))
        if not item.hidden and question.kind != QuestionKind.TEXT:
            for value, label in question.options:
                count = counts.get((question.pk, value), 0)
                item.bars.append((label, count, round(100 * count / item.respondents)))
            if question.kind == QuestionKind.SCALE:
                often = counts.get((question.pk, 3), 0) + counts.get((question.pk, 4), 0)
                item.often = round(100 * often / item.respondents)
        results.append(item)
    if with_text:
        _attach_texts(answers, results)
    return results


def _attach_texts(answers, results) -> None:
    """Free text: for the district team only, and only past the minimum group size."""
    for item in results:
        if item.question.kind == QuestionKind.TEXT and not item.hidden:
            item.texts = list(
                answers.filter(question=item.question)
                .exclude(text="")
                .order_by("?")
                .values_list("text", flat=True)[:200]
            )


def cycle_breakdown(responses: QuerySet[Response]) -> list[tuple[int, Indexes]] | None:
    """Indexes per cycle, or None when any cycle group is below the minimum."""
    groups = list(
        responses.exclude(cycle=None).values("cycle").annotate(n=Count("pk")).order_by("cycle")
    )
    if len(groups) < 2 or any(g["n"] < min_group() for g in groups):
        return None
    return [(g["cycle"], indexes_for(responses.filter(cycle=g["cycle"]))) for g in groups]


def previous_campaign(campaign: Campaign) -> Campaign | None:
    return (
        Campaign.objects.filter(
            school_id=campaign.school_id,
            questionnaire_id=campaign.questionnaire_id,
            status=CampaignStatus.CLOSED,
            opens_on__lt=campaign.opens_on,
        )
        .order_by("-opens_on")
        .first()
    )


def questions_of(campaign: Campaign) -> list[Question]:
    return list(
        Question.objects.filter(section__questionnaire_id=campaign.questionnaire_id)
        .select_related("section")
        .order_by("section__order", "order", "pk")
    )


def campaign_results(campaign: Campaign, *, with_text: bool = False) -> dict:
    """Everything a results page or PDF shows; empty while the campaign is not closed."""
    if campaign.status != CampaignStatus.CLOSED:
        return {"closed": False}
    responses = Response.objects.filter(campaign=campaign)
    indexes = indexes_for(responses)
    result = {"closed": True, "indexes": indexes, "min_group": min_group()}
    if indexes.hidden:
        return result
    questions = questions_of(campaign)
    items = item_results(responses, questions, with_text=with_text)
    previous = previous_campaign(campaign)
    before = None
    if previous is not None:
        prev_responses = Response.objects.filter(campaign=previous)
        before_items = {
            i.question.pk: i for i in item_results(prev_responses, questions, with_text=False)
        }
        before = {"campaign": previous, "indexes": indexes_for(prev_responses)}
        for item in items:
            earlier = before_items.get(item.question.pk)
            item.before = earlier.often if earlier and not earlier.hidden else None
    result.update(items=items, cycles=cycle_breakdown(responses), before=before)
    return result


def district_results(schools: QuerySet[School], year) -> list[tuple[School, Indexes]]:
    """Per school, the indexes of its closed campaigns of ``year``: three grouped queries for the
    whole district; a school under the minimum gets its size only (shown as hidden)."""
    school_ids = list(schools.values_list("pk", flat=True))
    where = {"campaign__year": year, "campaign__status": CampaignStatus.CLOSED}
    closed = Response.objects.filter(campaign__school_id__in=school_ids, **where)
    key = "campaign__school"
    sizes = dict(closed.values(key).annotate(n=Count("pk")).values_list(key, "n"))
    climate = {
        r["response__campaign__school"]: r
        for r in Answer.objects.filter(
            response__campaign__school_id__in=school_ids,
            question_id__in=_ids(*CLIMATE_ROLES),
            **{f"response__{k}": v for k, v in where.items()},
        )
        .values("response__campaign__school")
        .annotate(total=Count("pk"), favourable=Count("pk", filter=favourable_q()))
    }
    victims = dict(
        closed.filter(answers__question_id__in=_ids(IndexRole.VICTIMISATION), answers__value__gte=3)
        .values(key)
        .annotate(n=Count("pk", distinct=True))
        .values_list(key, "n")
    )
    rows = []
    for school in schools:
        n = sizes.get(school.pk)
        if not n:
            continue
        indexes = Indexes(respondents=n)
        if not indexes.hidden:
            c = climate.get(school.pk)
            if c and c["total"]:
                indexes.climate = round(100 * c["favourable"] / c["total"])
            indexes.victimisation = round(100 * victims.get(school.pk, 0) / n)
        rows.append((school, indexes))
    return rows
