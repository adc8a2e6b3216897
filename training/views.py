from django.views.generic import TemplateView

from directory.permissions import PermissionRequiredMixin


class IndexView(PermissionRequiredMixin, TemplateView):
    """The landing page of the « Former » axis."""

    permission = "training.index"
    template_name = "training/index.html"
