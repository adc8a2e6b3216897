"""The contest « Non au harcèlement »: editions, class entries, the blind jury, results,
laureate certificates, the prize ceremony and the public gallery."""

import os

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path
from django.views import View
from django.views.generic import FormView, TemplateView

from directory import audit
from directory.forms_base import BaseForm, build_form_helper
from directory.models import DISTRICT_ROLES, Partner, School, User
from directory.pdf import pdf_response, render_pdf
from directory.permissions import (
    PermissionRequiredMixin,
    districts_of,
    get_scoped_or_404,
    has_perm,
    refuse,
)
from prevention.contest_forms import CeremonyForm, EditionForm, EntryForm, ResultForm, ScoreForm
from prevention.models import ContestEdition, EditionStatus, Entry, Score
from prevention.services import contest as services


def _editions(user, perm="contest.view"):
    return ContestEdition.objects.visible_to(user, perm)


class EditionMixin(PermissionRequiredMixin):
    permission = "contest.view"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, self.permission):
            self.edition = get_scoped_or_404(
                request, ContestEdition.objects, self.permission, pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)


class EditionListView(PermissionRequiredMixin, TemplateView):
    permission = "contest.view"
    template_name = "prevention/contest/edition_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            editions=_editions(self.request.user).select_related("year"),
            can_manage=has_perm(self.request.user, "contest.manage"),
            **kwargs,
        )


class EditionCreateView(PermissionRequiredMixin, FormView):
    permission = "contest.manage"
    form_class = EditionForm
    template_name = "prevention/contest/form.html"
    extra_context = {"page_title": "Nouvelle édition du concours"}

    def form_valid(self, form):
        district = districts_of(self.request.user)[0]
        try:
            edition = services.edition_create(
                district=district,
                data=form.cleaned_data,
                user=self.request.user,
                request=self.request,
            )
        except IntegrityError:
            form.add_error("local_date", "La circonscription a déjà une édition cette année.")
            return self.form_invalid(form)
        return redirect("prevention:contest-detail", pk=edition.pk)


class EditionDetailView(EditionMixin, TemplateView):
    template_name = "prevention/contest/edition_detail.html"

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.edition
        manage = has_perm(user, "contest.manage")
        entries = Entry.objects.visible_to(user, "contest.view").filter(edition=edition)
        context = {
            "edition": edition,
            "manage": manage,
            "can_enter": has_perm(user, "contest.enter") and edition.status == EditionStatus.OPEN,
            "is_juror": edition.jurors.filter(pk=user.pk).exists(),
            "categories": edition.categories.all(),
            "criteria": edition.criteria.all(),
            "jurors": edition.jurors.order_by("last_name"),
        }
        if edition.status == EditionStatus.CLOSED:
            context["ranking"] = services.ranking(edition).filter(pk__in=entries.values("pk"))
        else:
            context["entries"] = entries.select_related("category", "school", "classroom")
        return super().get_context_data(**context, **kwargs)


class EditionTransitionView(EditionMixin, View):
    permission = "contest.manage"
    target = ""

    def post(self, request, *args, **kwargs):
        try:
            services.edition_transition(
                edition=self.edition, target=self.target, user=request.user, request=request
            )
            messages.success(request, f"Concours : {self.edition.get_status_display().lower()}.")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect("prevention:contest-detail", pk=self.edition.pk)


class JurorsForm(BaseForm):
    jurors = forms.ModelMultipleChoiceField(
        label="Membres du jury",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurors"].queryset = (
            User.objects.filter(
                assignments__district=district, assignments__role__in=list(DISTRICT_ROLES)
            )
            .distinct()
            .order_by("last_name")
        )
        self.helper = build_form_helper("Enregistrer le jury")


class JurorsView(EditionMixin, FormView):
    permission = "contest.manage"
    template_name = "prevention/contest/form.html"
    form_class = JurorsForm
    extra_context = {"page_title": "Le jury"}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"jurors": list(self.edition.jurors.all())}
        return {**kwargs, "district": self.edition.district}

    def form_valid(self, form):
        self.edition.jurors.set(form.cleaned_data["jurors"])
        audit.record("update", request=self.request, obj=self.edition, detail="jury")
        return redirect("prevention:contest-detail", pk=self.edition.pk)


class CeremonyView(EditionMixin, FormView):
    permission = "contest.manage"
    template_name = "prevention/contest/form.html"
    form_class = CeremonyForm
    extra_context = {"page_title": "La remise des prix"}

    def get_form_kwargs(self):
        partners = Partner.objects.filter(
            Q(district=self.edition.district) | Q(district__isnull=True)
        )
        return {**super().get_form_kwargs(), "instance": self.edition, "partners": partners}

    def form_valid(self, form):
        form.save()
        audit.record("update", request=self.request, obj=self.edition, detail="remise des prix")
        return redirect("prevention:contest-detail", pk=self.edition.pk)


class EntryCreateView(EditionMixin, FormView):
    permission = "contest.enter"
    template_name = "prevention/contest/form.html"
    form_class = EntryForm
    extra_context = {"page_title": "Inscrire une production"}

    def get_form_kwargs(self):
        schools = School.objects.visible_to(self.request.user, self.permission)
        return {**super().get_form_kwargs(), "edition": self.edition, "schools": schools}

    def form_valid(self, form):
        try:
            services.entry_submit(
                edition=self.edition,
                category=form.cleaned_data["category"],
                classroom=form.cleaned_data["classroom"],
                data=form.cleaned_data,
                upload=form.cleaned_data["upload"],
                user=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("upload", exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, "La production est inscrite.")
        return redirect("prevention:contest-detail", pk=self.edition.pk)


def _entry_for(request, pk: int, *, juror_ok: bool) -> Entry:
    """An entry in the user's scope, or one of an edition they judge."""
    user = request.user
    entries = Entry.objects.select_related("edition", "category")
    scoped = Q(pk__in=Entry.objects.visible_to(user, "contest.view").values("pk"))
    if juror_ok and has_perm(user, "contest.judge"):
        scoped |= Q(edition__jurors=user)
    entry = entries.filter(scoped, pk=pk).distinct().first()
    if entry is None:
        refuse(request, "contest.view", detail=f"production {pk}")
        raise Http404
    return entry


def _file_response(entry: Entry) -> FileResponse:
    try:
        handle = entry.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("Ce fichier n'est plus disponible.") from None
    extension = os.path.splitext(entry.stored_name)[1].lower()
    if extension not in (".pdf", ".png", ".jpg", ".mp4"):
        extension = ".bin"
    response = FileResponse(
        handle, filename=f"production-{entry.pk}{extension}", content_type=entry.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class EntryFileView(PermissionRequiredMixin, View):
    permission = "prevention.index"

    def get(self, request, *args, **kwargs):
        return _file_response(_entry_for(request, kwargs["entry_pk"], juror_ok=True))


class JuryView(EditionMixin, TemplateView):
    """The juror's list: production numbers, categories, titles, pitches; no school, no class."""

    permission = "contest.judge"
    template_name = "prevention/contest/jury.html"

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.edition
        if not edition.jurors.filter(pk=user.pk).exists():
            refuse(self.request, self.permission, detail=f"jury {edition.pk}")
            raise Http404
        entries = list(edition.entries.select_related("category").order_by("category_id", "pk"))
        mine = set(
            Score.objects.filter(juror=user, entry__edition=edition).values_list(
                "entry_id", flat=True
            )
        )
        for entry in entries:
            entry.scored = entry.pk in mine
        return super().get_context_data(edition=edition, entries=entries, **kwargs)


class JuryScoreView(PermissionRequiredMixin, FormView):
    permission = "contest.judge"
    template_name = "prevention/contest/jury_entry.html"
    form_class = ScoreForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, self.permission):
            self.entry = (
                Entry.objects.select_related("edition", "category")
                .filter(pk=kwargs["entry_pk"], edition__jurors=request.user)
                .first()
            )
            if self.entry is None:
                refuse(request, self.permission, detail=f"production {kwargs['entry_pk']}")
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        mine = dict(
            Score.objects.filter(entry=self.entry, juror=self.request.user).values_list(
                "criterion_id", "value"
            )
        )
        return {
            **super().get_form_kwargs(),
            "criteria": list(self.entry.edition.criteria.all()),
            "initial_scores": mine,
        }

    def form_valid(self, form):
        try:
            services.scores_save(entry=self.entry, juror=self.request.user, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, "Vos notes sont enregistrées.")
        return redirect("prevention:contest-jury", pk=self.entry.edition_id)

    def get_context_data(self, **kwargs):
        others = None
        if self.entry.edition.status == EditionStatus.CLOSED:
            others = Score.objects.filter(entry=self.entry).select_related("juror", "criterion")
        return super().get_context_data(entry=self.entry, others=others, **kwargs)


class EntryResultView(PermissionRequiredMixin, FormView):
    permission = "contest.manage"
    template_name = "prevention/contest/form.html"
    form_class = ResultForm
    extra_context = {"page_title": "Résultat de la production"}

    def get_form_kwargs(self):
        entry = get_scoped_or_404(
            self.request, Entry.objects, self.permission, pk=self.kwargs["entry_pk"]
        )
        return {**super().get_form_kwargs(), "instance": entry}

    def form_valid(self, form):
        entry = form.save()
        audit.record("update", request=self.request, obj=entry, detail="résultat")
        return redirect("prevention:contest-detail", pk=entry.edition_id)


class CertificateView(PermissionRequiredMixin, View):
    permission = "contest.view"

    def get(self, request, *args, **kwargs):
        entry = get_scoped_or_404(
            request,
            Entry.objects.select_related("edition", "school", "classroom", "category"),
            self.permission,
            pk=kwargs["entry_pk"],
            is_winner=True,
            edition__status=EditionStatus.CLOSED,
        )
        content = render_pdf(
            "pdf/prevention_certificate.html",
            {"entry": entry, "edition": entry.edition, "district": entry.edition.district},
        )
        return pdf_response(content, f"diplome-laureat-{entry.pk}.pdf")


def _gallery_entries():
    return Entry.objects.filter(
        edition__status=EditionStatus.CLOSED, show_in_gallery=True, consents_recorded=True
    )


class GalleryView(TemplateView):
    """Public: the productions their classes allowed to show, once the jury is closed."""

    template_name = "prevention/contest/gallery.html"

    def get_context_data(self, **kwargs):
        entries = (
            _gallery_entries()
            .select_related("edition", "category")
            .order_by("-edition__local_date", "-is_winner", "pk")[:200]
        )
        return super().get_context_data(entries=entries, **kwargs)


class GalleryFileView(View):
    def get(self, request, *args, **kwargs):
        entry = _gallery_entries().filter(pk=kwargs["entry_pk"]).first()
        if entry is None:
            raise Http404
        return _file_response(entry)


urlpatterns = [
    path("concours/", EditionListView.as_view(), name="contest-list"),
    path("concours/nouvelle-edition/", EditionCreateView.as_view(), name="contest-create"),
    path("concours/galerie/", GalleryView.as_view(), name="contest-gallery"),
    path("concours/galerie/<int:entry_pk>/", GalleryFileView.as_view(), name="gallery-file"),
    path("concours/<int:pk>/", EditionDetailView.as_view(), name="contest-detail"),
    path(
        "concours/<int:pk>/ouvrir-le-jury/",
        EditionTransitionView.as_view(target=EditionStatus.JUDGING),
        name="contest-judging",
    ),
    path(
        "concours/<int:pk>/clore-le-jury/",
        EditionTransitionView.as_view(target=EditionStatus.CLOSED),
        name="contest-close",
    ),
    path("concours/<int:pk>/jury/membres/", JurorsView.as_view(), name="contest-jurors"),
    path("concours/<int:pk>/remise-des-prix/", CeremonyView.as_view(), name="contest-ceremony"),
    path("concours/<int:pk>/inscrire/", EntryCreateView.as_view(), name="entry-create"),
    path("concours/<int:pk>/jury/", JuryView.as_view(), name="contest-jury"),
    path(
        "concours/productions/<int:entry_pk>/fichier/", EntryFileView.as_view(), name="entry-file"
    ),
    path("concours/productions/<int:entry_pk>/noter/", JuryScoreView.as_view(), name="entry-score"),
    path(
        "concours/productions/<int:entry_pk>/resultat/",
        EntryResultView.as_view(),
        name="entry-result",
    ),
    path(
        "concours/productions/<int:entry_pk>/diplome.pdf",
        CertificateView.as_view(),
        name="entry-certificate",
    ),
]
