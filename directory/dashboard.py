"""Dashboard panels: each axis app registers the figures it contributes to the role home pages.

Registration happens in the app's ``AppConfig.ready`` so that ``directory`` imports no app.
A provider takes ``(user, districts)`` or ``(user, school)`` and returns a ``Panel`` or None.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    axis: str
    title: str
    figures: list[tuple[str, object]] = field(default_factory=list)
    url: str = ""
    empty_text: str = ""

    @property
    def axis_label(self) -> str:
        return dict(AXES).get(self.axis, self.axis)


AXES = [
    ("prevenir", "Prévenir"),
    ("prendre-en-charge", "Mieux prendre en charge"),
    ("former", "Former"),
    ("informer", "Informer"),
]

_district_providers: list[Callable] = []
_school_providers: list[Callable] = []


def register_district_panel(provider: Callable) -> Callable:
    _district_providers.append(provider)
    return provider


def register_school_panel(provider: Callable) -> Callable:
    _school_providers.append(provider)
    return provider


def _collect(providers, *args) -> list[Panel]:
    panels = [p(*args) for p in providers]
    order = [slug for slug, _ in AXES]
    return sorted((p for p in panels if p), key=lambda p: order.index(p.axis))


def district_panels(user, districts) -> list[Panel]:
    return _collect(_district_providers, user, districts)


def school_panels(user, school) -> list[Panel]:
    return _collect(_school_providers, user, school)
