from django.views.generic import TemplateView

from directory.permissions import PermissionRequiredMixin


class IndexView(PermissionRequiredMixin, TemplateView):
    """The landing page of the « Mieux prendre en charge » axis."""

    permission = "resources_hub.index"
    template_name = "resources_hub/index.html"
