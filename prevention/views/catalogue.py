"""The district's catalogue of action types, seeded from the plan, edited by the district team."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView, TemplateView

from directory import audit
from directory.permissions import PermissionRequiredMixin, districts_of, get_scoped_or_404
from prevention.forms import ActionTypeForm
from prevention.models import ActionType

DUPLICATE = "La circonscription a déjà un type d'action de ce nom."


class TypeListView(PermissionRequiredMixin, TemplateView):
    permission = "actiontype.manage"
    template_name = "prevention/actions/type_list.html"

    def get_context_data(self, **kwargs):
        types = (
            ActionType.objects.visible_to(self.request.user, self.permission)
            .select_related("district")
            .order_by("district__name", "order", "name")
        )
        return super().get_context_data(types=types, **kwargs)


class TypeFormMixin(PermissionRequiredMixin):
    permission = "actiontype.manage"
    form_class = ActionTypeForm
    template_name = "prevention/actions/type_form.html"

    def save(self, form, district):
        try:
            with transaction.atomic():
                item = form.save(commit=False)
                item.district = district
                item.save()
                audit.record(
                    "update" if self.kwargs.get("pk") else "create",
                    request=self.request,
                    obj=item,
                )
        except IntegrityError:
            form.add_error("name", DUPLICATE)
            return self.form_invalid(form)
        messages.success(self.request, "Le type d'action est enregistré.")
        return redirect("prevention:type-list")


class TypeCreateView(TypeFormMixin, FormView):
    def form_valid(self, form):
        district = districts_of(self.request.user)[0]
        return self.save(form, district)


class TypeEditView(TypeFormMixin, FormView):
    def get_form_kwargs(self):
        item = get_scoped_or_404(
            self.request, ActionType.objects, self.permission, pk=self.kwargs["pk"]
        )
        return {**super().get_form_kwargs(), "instance": item}

    def form_valid(self, form):
        return self.save(form, form.instance.district)


urlpatterns = [
    path("actions/types/", TypeListView.as_view(), name="type-list"),
    path("actions/types/nouveau/", TypeCreateView.as_view(), name="type-create"),
    path("actions/types/<int:pk>/modifier/", TypeEditView.as_view(), name="type-edit"),
]
