"""The shared partner directory: OCCE, CAAEE, the police prevention officer, parents'
associations, the commune's périscolaire, associations. Every axis links to it (actions here,
trainings and events elsewhere). A partner without a district is académie-wide: every district
reads it, only the admin role edits it."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, TemplateView

from directory import audit
from directory.forms_base import BaseModelForm, build_form_helper
from directory.models import District, Partner, PartnerKind
from directory.permissions import ALL, PermissionRequiredMixin, districts_of, grants, refuse

DUPLICATE = "Un partenaire de ce nom existe déjà dans cette circonscription."


def partners_visible(user):
    """The user's district partners and the académie-wide ones (no district)."""
    if not grants(user, "partner.view"):
        return Partner.objects.none()
    return Partner.objects.filter(
        Q(pk__in=Partner.objects.visible_to(user, "partner.view").values("pk"))
        | Q(district__isnull=True)
    )


def manageable_districts(user):
    """``None`` for the admin role (every district, and académie-wide partners)."""
    if any(scope == ALL for _, scope in grants(user, "partner.manage")):
        return None
    return [d for d in districts_of(user) if d is not None]


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom ou contact", method="search")
    kind = django_filters.ChoiceFilter(
        label="Type", choices=PartnerKind.choices, empty_label="Tous"
    )

    class Meta:
        model = Partner
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(contact_name__icontains=value))


class PartnerForm(BaseModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "district",
            "contact_name",
            "email",
            "phone",
            "website",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": "Donnez le nom du partenaire."},
            "kind": {"required": "Choisissez le type de partenaire."},
            "email": {"invalid": "Saisissez une adresse électronique valide."},
            "website": {"invalid": "Saisissez une adresse de site valide (https://…)."},
        }

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        if districts is None:
            field.queryset = District.objects.order_by("name")
            field.empty_label = "Toute l'académie"
            field.required = False
        else:
            field.queryset = District.objects.filter(pk__in=[d.pk for d in districts])
            field.required = True
            field.empty_label = None
            field.error_messages["required"] = "Choisissez la circonscription."
        self.helper = build_form_helper("Enregistrer le partenaire")


class PartnerListView(PermissionRequiredMixin, TemplateView):
    permission = "partner.view"
    template_name = "directory/partners/partner_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        queryset = partners_visible(self.request.user).select_related("district").order_by("name")
        filterset = PartnerFilter(self.request.GET, queryset=queryset)
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            can_manage=bool(grants(self.request.user, "partner.manage")),
            **kwargs,
        )


class PartnerDetailView(PermissionRequiredMixin, DetailView):
    permission = "partner.view"
    template_name = "directory/partners/partner_detail.html"
    context_object_name = "partner"

    def get_object(self, queryset=None):
        try:
            return (
                partners_visible(self.request.user)
                .select_related("district")
                .get(pk=self.kwargs["pk"])
            )
        except Partner.DoesNotExist:
            refuse(self.request, self.permission, detail=f"partenaire {self.kwargs['pk']}")
            raise Http404 from None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_edit=_editable(self.request.user, self.object), **kwargs
        )


def _editable(user, partner) -> bool:
    districts = manageable_districts(user)
    if not grants(user, "partner.manage"):
        return False
    if districts is None:
        return True
    return partner.district_id in {d.pk for d in districts}


class PartnerFormMixin(PermissionRequiredMixin):
    permission = "partner.manage"
    form_class = PartnerForm
    template_name = "directory/partners/partner_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "districts": manageable_districts(self.request.user)}

    def form_valid(self, form):
        creating = form.instance.pk is None
        try:
            with transaction.atomic():
                partner = form.save()
                audit.record(
                    "create" if creating else "update",
                    request=self.request,
                    obj=partner,
                    district_id=partner.district_id,
                )
        except IntegrityError:
            form.add_error("name", DUPLICATE)
            return self.form_invalid(form)
        messages.success(self.request, "Le partenaire est enregistré.")
        return redirect("directory:partner-detail", pk=partner.pk)


class PartnerCreateView(PartnerFormMixin, FormView):
    pass


class PartnerEditView(PartnerFormMixin, FormView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        partner = partners_visible(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if partner is None or not _editable(self.request.user, partner):
            refuse(self.request, self.permission, detail=f"partenaire {self.kwargs['pk']}")
            raise Http404
        return {**kwargs, "instance": partner}

    def get_context_data(self, **kwargs):
        return super().get_context_data(editing=True, **kwargs)
