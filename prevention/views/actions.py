"""Prevention actions: the list with filters, the CSV export, declaring, editing, copying,
files and photos."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from directory import audit
from directory.csv_safe import csv_response
from directory.permissions import PermissionRequiredMixin, can, get_scoped_or_404, has_perm, refuse
from prevention.filters import ActionFilter
from prevention.forms import ActionFileForm, ActionForm, SchoolChoiceForm
from prevention.models import Action
from prevention.selectors import actions as sel
from prevention.services import actions as services
from resources_hub.uploads import ALLOWED

CSV_HEADER = [
    "École",
    "UAI",
    "Type d'action",
    "Pilier pHARe",
    "Titre",
    "Date",
    "Jusqu'au",
    "Classes",
    "Cycles",
    "Heures par classe",
    "Nombre d'élèves",
    "État",
]


class ActionFilterMixin(PermissionRequiredMixin):
    permission = "action.view"

    def filterset(self):
        user = self.request.user
        readable = sel.actions_readable(user)
        schools = sel.ecoles(
            sel.School.objects.filter(pk__in=readable.values("school_id"))
        ).order_by("name")
        district_ids = [d.pk for d in sel.districts_of(user)]
        return ActionFilter(
            self.request.GET,
            queryset=sel.with_list_relations(readable).order_by("-starts_on", "-pk"),
            schools=schools,
            types=sel.ActionType.objects.filter(district_id__in=district_ids),
            own_ids=sel.actions_visible(user).values("pk"),
        )


class ActionListView(ActionFilterMixin, TemplateView):
    template_name = "prevention/actions/action_list.html"
    paginate_by = 30

    def get_context_data(self, **kwargs):
        filterset = self.filterset()
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            can_declare=has_perm(self.request.user, "action.declare"),
            can_coverage=has_perm(self.request.user, "action.coverage"),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class ActionExportView(ActionFilterMixin, View):
    """The filtered list as CSV, every cell safe against formula injection."""

    def get(self, request, *args, **kwargs):
        filterset = self.filterset()
        rows = (
            [
                a.school.name,
                a.school.uai,
                a.action_type.name,
                a.action_type.get_pillar_display(),
                a.title,
                a.starts_on.strftime("%d/%m/%Y"),
                a.ends_on.strftime("%d/%m/%Y") if a.ends_on else "",
                ", ".join(c.name for c in a.classrooms.all()),
                a.cycles_label,
                str(a.hours_per_class).replace(".", ","),
                a.pupils_count if a.pupils_count is not None else "",
                a.get_status_display(),
            ]
            for a in filterset.qs[:20000]
        )
        audit.record("export", request=request, detail="actions de prévention (CSV)")
        today = timezone.localdate()
        return csv_response(f"actions-de-prevention-{today:%Y-%m-%d}.csv", CSV_HEADER, rows)


class ActionDetailView(PermissionRequiredMixin, DetailView):
    permission = "action.view"
    template_name = "prevention/actions/action_detail.html"
    context_object_name = "action"

    def get_object(self, queryset=None):
        queryset = sel.actions_readable(self.request.user).select_related(
            "school", "action_type", "created_by", "copied_from"
        )
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except Action.DoesNotExist:
            refuse(self.request, self.permission, detail=f"pk={self.kwargs['pk']}")
            raise Http404 from None

    def get_context_data(self, **kwargs):
        user = self.request.user
        action = self.object
        return super().get_context_data(
            can_edit=can(user, "action.edit", action),
            can_copy=has_perm(user, "action.declare"),
            classrooms=action.classrooms.order_by("name"),
            partners=action.partners.order_by("name"),
            files=action.files.all(),
            **kwargs,
        )


def _school_for(request):
    """The école the user declares for: the only one, or the one chosen (``?ecole=UAI``)."""
    schools = sel.declare_schools(request.user).order_by("name")
    uai = request.GET.get("ecole") or request.POST.get("ecole")
    if uai:
        return schools.filter(uai=uai).first(), schools
    only = list(schools[:2])
    return (only[0] if len(only) == 1 else None), schools


class ActionDeclareView(PermissionRequiredMixin, FormView):
    permission = "action.declare"
    form_class = ActionForm
    template_name = "prevention/actions/action_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.school, self.schools = _school_for(request)
        self.source = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.school is None:
            form = SchoolChoiceForm(schools=self.schools)
            return self.render_to_response({"view": self, "choose": form, "creating": True})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.school is None:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["school"] = self.school
        return kwargs

    def form_valid(self, form):
        data = {**form.cleaned_data, "copied_from": self.source}
        try:
            action, created = services.action_declare(
                school=self.school,
                data=data,
                user=self.request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
                request=self.request,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        if created:
            messages.success(self.request, "L'action est enregistrée.")
        return redirect("prevention:action-detail", pk=action.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            school=getattr(self, "school", None), source=self.source, creating=True, **kwargs
        )


class ActionCopyView(ActionDeclareView):
    """« Refaire cette action »: the declaring form pre-filled from a past action."""

    def setup_source(self):
        queryset = sel.actions_readable(self.request.user).select_related("action_type")
        try:
            self.source = queryset.get(pk=self.kwargs["pk"])
        except Action.DoesNotExist:
            refuse(self.request, self.permission, detail=f"copie pk={self.kwargs['pk']}")
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        self.setup_source()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_source()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return services.copy_initial(self.source, self.school)


class ActionEditView(PermissionRequiredMixin, FormView):
    permission = "action.edit"
    form_class = ActionForm
    template_name = "prevention/actions/action_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, self.permission):
            self.action = get_scoped_or_404(
                request, Action.objects.select_related("school"), self.permission, pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.action, "school": self.action.school}

    def form_valid(self, form):
        try:
            services.action_update(
                action=self.action,
                data=form.cleaned_data,
                user=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, "L'action est enregistrée.")
        return redirect("prevention:action-detail", pk=self.action.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, school=self.action.school, **kwargs)


class ActionFileAddView(ActionEditView):
    form_class = ActionFileForm
    template_name = "prevention/actions/file_form.html"

    def get_form_kwargs(self):
        return FormView.get_form_kwargs(self)

    def form_valid(self, form):
        try:
            services.action_file_add(
                action=self.action,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
                image_rights=form.cleaned_data["image_rights"],
                user=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, "Le fichier est ajouté.")
        return redirect(reverse("prevention:action-detail", kwargs={"pk": self.action.pk}))


class ActionFileView(ActionDetailView):
    """Download a file of an action: its checked type, a neutral name, never inline."""

    def get(self, request, *args, **kwargs):
        action = self.get_object()
        item = action.files.filter(pk=kwargs["file_pk"]).first()
        if item is None:
            refuse(request, self.permission, detail=f"fichier {kwargs['file_pk']}")
            raise Http404
        try:
            handle = item.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("Ce fichier n'est plus disponible.") from None
        extension = os.path.splitext(item.stored_name)[1].lower()
        if extension not in ALLOWED.values():
            extension = ".bin"
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"action-{action.pk}-fichier-{item.pk}{extension}",
            content_type=item.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


urlpatterns = [
    path("actions/", ActionListView.as_view(), name="action-list"),
    path("actions/export.csv", ActionExportView.as_view(), name="action-export"),
    path("actions/declarer/", ActionDeclareView.as_view(), name="action-declare"),
    path("actions/<int:pk>/", ActionDetailView.as_view(), name="action-detail"),
    path("actions/<int:pk>/modifier/", ActionEditView.as_view(), name="action-edit"),
    path("actions/<int:pk>/refaire/", ActionCopyView.as_view(), name="action-copy"),
    path("actions/<int:pk>/fichiers/ajouter/", ActionFileAddView.as_view(), name="action-file-add"),
    path(
        "actions/<int:pk>/fichiers/<int:file_pk>/",
        ActionFileView.as_view(),
        name="action-file",
    ),
]
