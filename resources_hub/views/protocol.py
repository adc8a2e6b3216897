"""The district's protocol for a pupil in crisis: the page, its editing, its versions, its PDF.

The district comes from the user's own districts for the right asked (``?circonscription=<id>``
chooses among them when they have several); any other district is a 404. Each save is a new
version; a save from a page loaded before someone else's save is refused, nothing overwritten.
"""

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from directory import audit, ratelimit
from directory.converters import parse_id
from directory.pdf import cap_text, pdf_response, render_pdf
from directory.permissions import DISTRICT, PermissionRequiredMixin, permission_required, refuse
from resources_hub import selectors
from resources_hub.forms.plans import ProtocolForm
from resources_hub.services import StaleVersion, protocol_save

_HEADING = re.compile(r"^#+\s")


def protocol_blocks(text: str) -> list[dict]:
    """Plain text to blocks: ``## `` lines are headings, ``- `` lines list items, the rest
    paragraphs. Templates render the blocks with autoescaping: no user text becomes HTML."""
    blocks: list[dict] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append({"kind": "p", "text": " ".join(paragraph)})
            paragraph.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if _HEADING.match(line):
            flush()
            blocks.append({"kind": "h", "text": line.lstrip("#").strip()})
        elif line.startswith(("- ", "* ", "• ")):
            flush()
            if not blocks or blocks[-1]["kind"] != "ul":
                blocks.append({"kind": "ul", "items": []})
            blocks[-1]["items"].append(line[2:].strip())
        elif line:
            paragraph.append(line)
        else:
            flush()
    flush()
    return blocks


def chosen_district(request, perm: str, scopes=None):
    """The district asked for (default: the user's first) among those where they hold ``perm``."""
    kwargs = {"scopes": scopes} if scopes else {}
    districts = selectors.districts_with(request.user, perm, **kwargs)
    wanted = request.GET.get("circonscription", "")
    if not wanted:
        if districts:
            return districts[0], districts
    else:
        for district in districts:
            if str(district.pk) == wanted:
                return district, districts
    refuse(request, perm, detail=f"circonscription={wanted[:20]}")
    raise Http404


def _district_query(district, districts) -> str:
    return f"?circonscription={district.pk}" if len(districts) > 1 else ""


class ProtocolView(PermissionRequiredMixin, TemplateView):
    permission = "protocol.view"
    template_name = "resources_hub/protocol/protocol.html"

    def get_context_data(self, **kwargs):
        district, districts = chosen_district(self.request, self.permission)
        protocol = selectors.protocol_of(district)
        editable = selectors.districts_with(self.request.user, "protocol.edit")
        return super().get_context_data(
            district=district,
            districts=districts if len(districts) > 1 else [],
            query=_district_query(district, districts),
            protocol=protocol,
            blocks=protocol_blocks(protocol.content) if protocol else [],
            can_edit=any(d.pk == district.pk for d in editable),
            **kwargs,
        )


class ProtocolEditView(PermissionRequiredMixin, FormView):
    permission = "protocol.edit"
    form_class = ProtocolForm
    template_name = "resources_hub/protocol/protocol_form.html"

    def get_form(self, form_class=None):
        self.district, self.districts = chosen_district(
            self.request, self.permission, scopes=("all", DISTRICT)
        )
        self.protocol = selectors.protocol_of(self.district)
        return super().get_form(form_class)

    def get_initial(self):
        if self.protocol is None:
            return {"version": 0, "title": "Protocole de gestion d'un élève en situation de crise"}
        return {
            "version": self.protocol.version,
            "title": self.protocol.title,
            "content": self.protocol.content,
        }

    def form_valid(self, form):
        try:
            protocol_save(
                district=self.district,
                user=self.request.user,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
                expected_version=form.cleaned_data["version"],
                request=self.request,
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, "Le protocole est enregistré (nouvelle version).")
        query = _district_query(self.district, self.districts)
        return redirect(reverse("resources_hub:protocol") + query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # builds the form, hence the district
        context.update(
            district=self.district,
            protocol=self.protocol,
            query=_district_query(self.district, self.districts),
        )
        return context


class ProtocolVersionsView(PermissionRequiredMixin, TemplateView):
    permission = "protocol.view"
    template_name = "resources_hub/protocol/protocol_versions.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        district, districts = chosen_district(self.request, self.permission)
        protocol = selectors.protocol_of(district)
        context = {"district": district, "protocol": protocol, "chosen": None}
        context["query"] = _district_query(district, districts)
        if protocol is not None:
            versions = selectors.protocol_versions(protocol)
            context["page_obj"] = Paginator(versions, self.paginate_by).get_page(
                self.request.GET.get("page")
            )
            context["chosen"] = self._chosen(versions)
            if context["chosen"]:
                context["blocks"] = protocol_blocks(context["chosen"].content)
        return super().get_context_data(**context, **kwargs)

    def _chosen(self, versions):
        number = parse_id(self.request.GET.get("version", ""))
        if number is None:
            return None
        return versions.filter(number=number).first()


@permission_required("protocol.view")
def protocol_pdf(request):
    """The current protocol as a PDF (an export: audited, rate-limited)."""
    district, _ = chosen_district(request, "protocol.view")
    protocol = selectors.protocol_of(district)
    if protocol is None:
        raise Http404
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    content = render_pdf(
        "pdf/crisis_protocol.html",
        {
            "district": district,
            "protocol": protocol,
            "title": protocol.title,
            "blocks": protocol_blocks(cap_text(protocol.content)),
        },
    )
    audit.record("export", request=request, obj=protocol, detail="protocole de crise (PDF)")
    return pdf_response(content, f"protocole-crise-{district.code}-v{protocol.version}.pdf")


urlpatterns = [
    path("protocole-de-crise/", ProtocolView.as_view(), name="protocol"),
    path("protocole-de-crise/modifier/", ProtocolEditView.as_view(), name="protocol-edit"),
    path("protocole-de-crise/versions/", ProtocolVersionsView.as_view(), name="protocol-versions"),
    path("protocole-de-crise/pdf/", protocol_pdf, name="protocol-pdf"),
]
