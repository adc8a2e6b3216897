"""The parents' space: public and parents-only pages per district and school, in several
languages (the reader's choice kept in the session and a cookie), and their editing."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from directory import ratelimit
from directory.context_processors import referral_channels
from directory.models import District, School
from directory.pdf import pdf_response, render_pdf
from directory.permissions import (
    get_scoped_or_404,
    grants,
    has_perm,
    permission_required,
    refuse,
)
from outreach import selectors
from outreach.forms.parents import PageForm, TranslationForm
from outreach.infographics import INFOGRAPHIC_TOPICS, infographic_context
from outreach.models import LANGUAGES, Audience, ParentPage
from outreach.sanitise import markdown_to_html
from outreach.services import parents as services
from outreach.views.language import remember_language

LANGUAGE_CODES = dict(LANGUAGES)


def _blocks(user, schools) -> list[dict]:
    return [{"school": s, "pages": selectors.pages_of_school(user, s)} for s in schools]


def parents_home(request) -> HttpResponse:
    """Everyone: the public pages; a parent: their children's schools first."""
    user = request.user
    mine = selectors.my_schools(user)
    blocks = _blocks(user, mine)
    districts = District.objects.filter(pk__in=ParentPage.objects.values("district")).order_by(
        "name"
    )
    cafes = list(selectors.upcoming_cafes(user)) if mine else []
    return render(
        request,
        "outreach/parents/home.html",
        {
            "blocks": blocks,
            "districts": districts,
            "cafes": cafes,
            "infographic_topics": list(INFOGRAPHIC_TOPICS),
        },
    )


def parents_district(request, code: str) -> HttpResponse:
    district = get_object_or_404(District, code=code)
    pages = selectors.readable_pages(request.user).filter(district=district, school__isnull=True)
    schools = (
        School.objects.filter(district=district, pk__in=ParentPage.objects.values("school"))
        .order_by("name")
        .only("pk", "name", "uai", "commune")
    )
    return render(
        request,
        "outreach/parents/district.html",
        {
            "district": district,
            "pages": list(pages),
            "schools": schools,
            "infographic_topics": list(INFOGRAPHIC_TOPICS),
        },
    )


def parents_school(request, uai: str) -> HttpResponse:
    school = get_object_or_404(School.objects.select_related("district"), uai=uai)
    if school.district_id is None:
        raise Http404
    pages = selectors.pages_of_school(request.user, school)
    cafes = list(selectors.upcoming_cafes(request.user, school))
    return render(
        request,
        "outreach/parents/school.html",
        {
            "school": school,
            "district": school.district,
            "pages": pages,
            "cafes": cafes,
            "infographic_topics": list(INFOGRAPHIC_TOPICS),
        },
    )


def parents_page(request, pk: int) -> HttpResponse:
    """One page in the reader's language; ``?langue=xx`` chooses it and remembers it."""
    page = _readable_page(request, pk)
    if page is None:
        return redirect_to_login(request.get_full_path())
    chosen = request.GET.get("langue", "")
    response_language = chosen if chosen in LANGUAGE_CODES else selectors.reader_language(request)
    translation = page.translation_for(response_language)
    response = render(
        request,
        "outreach/parents/page.html",
        {
            "page": page,
            "translation": translation,
            "body": markdown_to_html(translation.body if translation else ""),
            "languages": [(t.language, t.get_language_display()) for t in page.translations.all()],
            "wanted": response_language,
            "infographic": page.topic in INFOGRAPHIC_TOPICS,
            "can_edit": has_perm(request.user, "parents.edit")
            and ParentPage.objects.editable_by(request.user, "parents.edit")
            .filter(pk=page.pk)
            .exists(),
        },
    )
    if chosen in LANGUAGE_CODES:
        remember_language(request, response, chosen)
    return response


def _readable_page(request, pk: int):
    """The page if the request may read it; None means "sign in first"."""
    audience = ParentPage.objects.filter(pk=pk).values_list("audience", flat=True).first()
    if audience is None:
        raise Http404
    if audience == Audience.PUBLIC:
        return selectors.readable_pages(None).get(pk=pk)
    if not request.user.is_authenticated:
        return None
    return get_scoped_or_404(
        request,
        ParentPage.objects.prefetch_related("translations").select_related("school", "district"),
        "parents.read",
        pk=pk,
    )


def parents_infographic(request, pk: int, language: str) -> HttpResponse:
    """The page as a designed A4 infographic, in one of its languages (PDF)."""
    page = _readable_page(request, pk)
    if page is None:
        return redirect_to_login(request.get_full_path())
    translation = next((t for t in page.translations.all() if t.language == language), None)
    if translation is None or page.topic not in INFOGRAPHIC_TOPICS:
        raise Http404
    if request.user.is_authenticated and not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    content = render_pdf(
        "pdf/outreach_infographic.html",
        infographic_context(page, translation, referral_channels()),
    )
    return pdf_response(content, f"infographie-{page.get_topic_display()[:30]}-{language}.pdf")


# --- Editing ---------------------------------------------------------------------------------


def _form_schools(user):
    return School.objects.visible_to(user, "parents.edit").filter(district__isnull=False)


@permission_required("parents.edit")
def pages_manage(request) -> HttpResponse:
    pages = list(selectors.editable_pages(request.user).order_by("district", "school", "order"))
    return render(request, "outreach/parents/manage.html", {"pages": pages})


@permission_required("parents.edit")
def page_create(request) -> HttpResponse:
    schools = _form_schools(request.user)
    allow_district = _district_editor(request.user) is not None
    form = PageForm(request.POST or None, schools=schools, allow_district=allow_district)
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data["school"]
        district = school.district if school else _district_editor(request.user)
        page = services.page_create(
            user=request.user,
            district=district,
            school=school,
            topic=form.cleaned_data["topic"],
            audience=form.cleaned_data["audience"],
            order=form.cleaned_data["order"],
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
            request=request,
        )
        messages.success(request, "La page est enregistrée.")
        return redirect("outreach:parents-page", pk=page.pk)
    return render(request, "outreach/parents/page_form.html", {"form": form, "page": None})


def _district_editor(user):
    """The district a district-team member writes district pages for (None for a director)."""
    for assignment, scope in grants(user, "parents.edit"):
        if scope == "district":
            return assignment.district
    return None


def _editable(request, pk: int) -> ParentPage:
    """A page the user may edit: a director's own school's pages, never the district's."""
    pages = ParentPage.objects.editable_by(request.user, "parents.edit")
    page = pages.select_related("district", "school").filter(pk=pk).first()
    if page is None:
        refuse(request, "parents.edit", detail=f"page={pk}")
        raise Http404
    return page


@permission_required("parents.edit")
def page_edit(request, pk: int) -> HttpResponse:
    page = _editable(request, pk)
    form = PageForm(
        request.POST or None,
        instance=page,
        schools=School.objects.none(),
        allow_district=True,
        creating=False,
    )
    if request.method == "POST" and form.is_valid():
        services.page_update(
            page=page,
            user=request.user,
            request=request,
            topic=form.cleaned_data["topic"],
            audience=form.cleaned_data["audience"],
            order=form.cleaned_data["order"],
        )
        messages.success(request, "La page est enregistrée.")
        return redirect("outreach:parents-page", pk=page.pk)
    translations = list(page.translations.all())
    have = {t.language for t in translations}
    return render(
        request,
        "outreach/parents/page_form.html",
        {
            "form": form,
            "page": page,
            "translations": translations,
            "missing": [(code, label) for code, label in LANGUAGES if code not in have],
        },
    )


@permission_required("parents.edit")
def translation_edit(request, pk: int, language: str) -> HttpResponse:
    page = _editable(request, pk)
    if language not in LANGUAGE_CODES:
        refuse(request, "parents.edit", detail=f"langue={language[:10]}")
        raise Http404
    current = page.translations.filter(language=language).first()
    initial = {"title": current.title, "body": current.body} if current else None
    form = TranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.translation_save(
            page=page,
            user=request.user,
            language=language,
            request=request,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, f"Le texte en {LANGUAGE_CODES[language]} est enregistré.")
        return redirect(reverse("outreach:parents-page", args=[page.pk]) + f"?langue={language}")
    return render(
        request,
        "outreach/parents/translation_form.html",
        {
            "form": form,
            "page": page,
            "language": language,
            "label": LANGUAGE_CODES[language],
            "current": current,
        },
    )


@require_POST
@permission_required("parents.edit")
def translation_delete(request, pk: int, language: str) -> HttpResponse:
    page = _editable(request, pk)
    if services.translation_delete(
        page=page, user=request.user, language=language, request=request
    ):
        messages.success(request, "Cette langue est retirée de la page.")
    else:
        messages.error(request, "Le texte en français (ou le dernier texte) reste sur la page.")
    return redirect("outreach:parents-page-edit", pk=page.pk)


urlpatterns = [
    path("parents/", parents_home, name="parents"),
    path("parents/circonscription/<code:code>/", parents_district, name="parents-district"),
    path("parents/ecole/<uai:uai>/", parents_school, name="parents-school"),
    path("parents/pages/<int:pk>/", parents_page, name="parents-page"),
    path(
        "parents/pages/<int:pk>/infographie/<lang:language>/",
        parents_infographic,
        name="parents-infographic",
    ),
    path("parents/gerer/", pages_manage, name="parents-manage"),
    path("parents/gerer/nouvelle/", page_create, name="parents-page-create"),
    path("parents/gerer/<int:pk>/", page_edit, name="parents-page-edit"),
    path("parents/gerer/<int:pk>/<lang:language>/", translation_edit, name="parents-translation"),
    path(
        "parents/gerer/<int:pk>/<lang:language>/retirer/",
        translation_delete,
        name="parents-translation-delete",
    ),
]
