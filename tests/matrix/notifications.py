"""Rows of the notification pages: every signed-in person has their own list; a row of someone
else's is a 404 (the lookup is by owner)."""

from directory import notifications
from tests.matrix import REDIRECT, Row


def _directors_notification(w) -> dict:
    (row,) = notifications.notify(
        [w.users["directeur"]], event="report.new", url="/notifications/"
    ) or [w.users["directeur"].notifications.first()]
    return {"pk": row.pk}


ROWS = [
    Row("directory:notifications", default=200),
    Row(
        "directory:notification-open",
        kwargs=_directors_notification,
        expect={"anonymous": "login", "directeur": REDIRECT},
        default=404,
    ),
    Row("directory:notifications-mark-all", method="post", default=REDIRECT),
    Row(
        "directory:notification-settings",
        method="post",
        label="POST notification-settings (empty: errors, nothing saved)",
        default=400,
    ),
]
