from django.views.generic import TemplateView

from directory.permissions import PermissionRequiredMixin


class IndexView(PermissionRequiredMixin, TemplateView):
    """The landing page of the « Prévenir » axis."""

    permission = "prevention.index"
    template_name = "prevention/index.html"
