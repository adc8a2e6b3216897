"""Dashboard panels: each axis app registers the figures it contributes to the role home pages.

Registration happens in the app's ``AppConfig.ready`` so that ``directory`` imports no app.
A provider takes ``(user, districts)`` or ``(user, school)`` and returns a ``Panel`` or None.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


def agree(label, value) -> str:
    """A figure's label agreeing with its count: ``label`` is a text, or ``(one, many)`` (French
    takes the singular for 0 and 1: « 0 situation en cours », « 1 point de suivi en retard »)."""
    if isinstance(label, tuple):
        one, many = label
        return one if isinstance(value, int) and -2 < value < 2 else many
    return label


@dataclass
class Panel:
    axis: str
    title: str
    # (label, value): label a text or (singular, plural), value a count or a text (« 3 / 12 »)
    figures: list[tuple[object, object]] = field(default_factory=list)
    url: str = ""
    empty_text: str = ""

    @property
    def axis_label(self) -> str:
        return dict(AXES).get(self.axis, self.axis)

    @property
    def rows(self) -> list[tuple[str, object]]:
        """The figures with each label agreeing with its count."""
        return [(agree(label, value), value) for label, value in self.figures]


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


# --- Yearly figures: what each axis contributes to the school bilan and the district report ----


@dataclass
class Figure:
    """One count of one axis for one school year (counts only: never a name or a text)."""

    axis: str
    key: str
    label: str
    value: object
    section: str = ""


_yearly_providers: list[Callable] = []


def register_yearly_figures(provider: Callable) -> Callable:
    """``provider(*, year, district=None, school=None) -> list[Figure]``: an app's yearly counts.

    Exactly one of ``district`` and ``school`` is given. Survey figures must already respect the
    minimum group size. The school bilan (outreach) and the district report read them here, so
    outreach never imports another axis app.
    """
    _yearly_providers.append(provider)
    return provider


def as_number(value) -> int | float | None:
    """A figure's value fit to store and print: an int, a float (hours: one decimal), or None
    for anything that is not a count (a text such as « moins de 10 », a boolean)."""
    from decimal import Decimal

    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        number = float(value)
        return int(number) if number.is_integer() else round(number, 1)
    return None


def yearly_figures(*, year, district=None, school=None) -> list[Figure]:
    figures: list[Figure] = []
    for provider in _yearly_providers:
        figures += provider(year=year, district=district, school=school) or []
    order = [slug for slug, _ in AXES]
    return sorted(figures, key=lambda f: order.index(f.axis) if f.axis in order else len(order))


# --- Next actions: what each home page shows first ---------------------------------------------


@dataclass
class Action:
    """One thing the person should do now, e.g. ("3 signalements à lire", link). No case content.

    ``priority``: lower comes first (0–19 urgent, 20–49 to do this week, 50+ when you can).
    """

    axis: str
    label: object  # a text, or (singular, plural) of what is counted: « 1 fiche », « 3 fiches »
    url: str
    count: int | None = None
    priority: int = 50
    button: str = ""

    @property
    def text(self) -> str:
        """What the link says: « 3 fiches bilan à co-signer » for a counted (singular, plural)."""
        if isinstance(self.label, tuple):
            if self.count is None:
                return self.label[1]
            return f"{self.count} {agree(self.label, self.count)}"
        return self.label

    @property
    def badge(self) -> int | None:
        """The count to show beside a text label, unless the text already says it ("3 …")."""
        if isinstance(self.label, tuple):
            return None
        if self.count and not self.label.startswith(f"{self.count} "):
            return self.count
        return None


_action_providers: list[Callable] = []


def register_action_provider(provider: Callable) -> Callable:
    """``provider(user) -> list[Action]``: an app's next actions for this user (scoped by them)."""
    _action_providers.append(provider)
    return provider


def actions_for(user) -> list[Action]:
    actions: list[Action] = []
    for provider in _action_providers:
        actions += provider(user) or []
    return sorted(actions, key=lambda a: a.priority)
