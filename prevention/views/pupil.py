"""The pupils' survey pages: public (a code from a paper slip), in easy French, pictograms on
the scales, no account, no cookie beyond the CSRF one, nothing that ties an answer to a code."""

from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache

from directory import audit, ratelimit
from directory.context_processors import referral_channels
from prevention.models import QuestionKind
from prevention.selectors.surveys import questions_of
from prevention.services.surveys import CodeRefused, code_lookup, response_submit
from prevention.survey_forms import CodeForm, SurveyForm

REFUSED = (
    "Ce code ne marche pas. Il a peut-être déjà servi. "
    "Demande un autre papier à ton maître ou à ta maîtresse."
)
TRIES_PER_IP = 300  # a whole school shares one address
WINDOW = 600


def _allowed(request) -> bool:
    return ratelimit.hit(
        "survey-code-ip",
        audit.client_ip(request) or "inconnue",
        limit=TRIES_PER_IP,
        window_seconds=WINDOW,
    )


def _channels() -> list[dict]:
    """Numbers a child may call: those of the footer with a description (3018 first)."""
    shown = [c for c in referral_channels() if c["number"] and c["in_footer"] and c["description"]]
    return sorted(shown, key=lambda c: c["number"] != "3018")


def render_pupil(request, template: str, context: dict | None = None, status: int = 200):
    context = {**(context or {}), "channels": _channels()}
    return render(request, template, context, status=status)


@never_cache
def survey_start(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _allowed(request):
            form.add_error("code", "Trop d'essais. Attends quelques minutes.")
        else:
            code = "".join(form.cleaned_data["code"].split()).upper()
            try:
                code_lookup(code)
            except CodeRefused:
                form.add_error("code", REFUSED)
            else:
                return redirect("prevention:survey-answer", code=code)
    return render_pupil(request, "prevention/pupil/start.html", {"form": form})


def _sections(questions, form):
    sections = []
    for question in questions:
        if not sections or sections[-1]["title"] != question.section.title:
            sections.append({"title": question.section.title, "fields": []})
        sections[-1]["fields"].append(
            {
                "question": question,
                "field": form[f"q{question.pk}"],
                "scale": question.kind == QuestionKind.SCALE,
            }
        )
    return sections


@never_cache
def survey_answer(request, code: str):
    if not _allowed(request):
        return render_pupil(
            request,
            "prevention/pupil/refused.html",
            {"message": "Trop d'essais. Attends quelques minutes."},
            status=429,
        )
    try:
        found = code_lookup(code)
    except CodeRefused:
        return render_pupil(
            request, "prevention/pupil/refused.html", {"message": REFUSED}, status=404
        )
    questions = questions_of(found.campaign)
    form = SurveyForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            response_submit(code=code, answers=form.answers())
        except CodeRefused:
            return render_pupil(
                request, "prevention/pupil/refused.html", {"message": REFUSED}, status=404
            )
        return redirect("prevention:survey-done")
    context = {
        "questionnaire": found.campaign.questionnaire,
        "sections": _sections(questions, form),
        "form": form,
    }
    return render_pupil(request, "prevention/pupil/answer.html", context)


def survey_done(request):
    return render_pupil(request, "prevention/pupil/done.html")


urlpatterns = [
    path("enquete/", survey_start, name="survey-start"),
    path("enquete/merci/", survey_done, name="survey-done"),
    path("enquete/<code:code>/", survey_answer, name="survey-answer"),
]
