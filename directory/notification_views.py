"""The in-portal notification list, opening one (marks it read), and e-mail preferences.

Every signed-in person has a list: it holds only their own rows, so an id of someone else's is
a 404 like any object outside scope.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from directory.forms import NotificationSettingsForm
from directory.models import Notification, NotificationSettings
from directory.notifications import EVENTS


@login_required
def notification_list(request):
    """All the user's notifications, or with ``?non_lues=<event>`` (a next action's link) only
    the unread ones of that event; an unknown event is ignored."""
    rows = request.user.notifications.order_by("-created_at", "-pk")
    event = request.GET.get("non_lues", "")
    only = EVENTS.get(event)
    if only is not None:
        rows = rows.filter(event=event, read_at__isnull=True)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    settings_row = NotificationSettings.objects.filter(user=request.user).first()
    form = NotificationSettingsForm(instance=settings_row or NotificationSettings())
    return render(
        request,
        "directory/notifications.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "form": form,
            "only_title": only.title if only else "",
        },
    )


@login_required
def notification_open(request, pk: int):
    """Mark the notification read and go to what it points at (always inside the portal)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or not target.startswith(
        "/"
    ):
        target = "/notifications/"
    return redirect(target)


@login_required
@require_POST
def notification_mark_all(request):
    count = request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, f"{count} notification(s) marquée(s) comme lue(s).")
    return redirect("directory:notifications")


@login_required
@require_POST
def notification_settings(request):
    row, _ = NotificationSettings.objects.get_or_create(user=request.user)
    form = NotificationSettingsForm(request.POST, instance=row)
    if form.is_valid():
        form.save()
        messages.success(request, "Vos préférences de courriel sont enregistrées.")
        return redirect("directory:notifications")
    rows = request.user.notifications.order_by("-created_at", "-pk")
    page = Paginator(rows, 30).get_page(1)
    return render(
        request,
        "directory/notifications.html",
        {"page_obj": page, "notifications": page.object_list, "form": form},
        status=400,
    )
