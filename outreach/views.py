from django.views.generic import TemplateView

from directory.permissions import PermissionRequiredMixin


class IndexView(PermissionRequiredMixin, TemplateView):
    """The landing page of the « Informer » axis."""

    permission = "outreach.index"
    template_name = "outreach/index.html"
