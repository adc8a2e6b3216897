"""Base forms of the portal: DSFR rendering through crispy and accessible error handling.

The site's CSP forbids inline scripts, so after a failed validation the focus moves to the first
field in error through the ``autofocus`` attribute, set on the server.

Every date-time field of these forms refuses a moment out of the portal's range: Django accepts
« 9999-12-31T23:59:59-23:59 », which no conversion to UTC or to local time can hold (an
``OverflowError``, a 500, when the value reaches a query or a template).
"""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# Same ids as Django's BoundField.aria_describedby and the dsfr_crispy templates.
HELP_TEXT_ID_SUFFIX = "_helptext"
ERROR_ID_SUFFIX = "_error"
_ABSENT = object()


DATETIME_MIN_YEAR = 1900
DATETIME_MAX_YEAR = 2999
DATETIME_RANGE_MESSAGE = (
    f"Saisissez une date comprise entre {DATETIME_MIN_YEAR} et {DATETIME_MAX_YEAR}."
)


def validate_datetime_in_range(value) -> None:
    """A date-time the database and the pages can hold: between 1900 and 2999 in UTC and in
    local time (so every conversion stays within Python's years 1 to 9999)."""
    if not isinstance(value, datetime.datetime):
        return
    try:
        moments = [value]
        if timezone.is_aware(value):
            moments += [value.astimezone(datetime.UTC), timezone.localtime(value)]
    except OverflowError:
        raise ValidationError(DATETIME_RANGE_MESSAGE, code="datetime_range") from None
    if any(not DATETIME_MIN_YEAR <= m.year <= DATETIME_MAX_YEAR for m in moments):
        raise ValidationError(DATETIME_RANGE_MESSAGE, code="datetime_range")


class DateTimeRangeMixin:
    """Gives every date-time field of the form (plain or split) the range validator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            dated = isinstance(field, forms.DateTimeField | forms.SplitDateTimeField)
            if dated and validate_datetime_in_range not in field.validators:
                field.validators.append(validate_datetime_in_range)


class AccessibleFormMixin:
    """Mark the fields in error once validation fails: focus, invalid state, error description.

    Radio buttons and checkbox lists get no ``aria-describedby``: their fieldset already names its
    messages (DSFR pattern), and a second reference would read the error twice.
    """

    first_error_field: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._accessibility_marks: list[tuple[forms.Widget, str, object]] = []

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_fields_in_error()

    def add_error(self, field, error) -> None:
        """Errors a view adds after ``is_valid()`` are marked too."""
        super().add_error(field, error)
        self.mark_fields_in_error()

    def mark_fields_in_error(self) -> None:
        self._unmark_fields()
        names = [
            name
            for name, field in self.fields.items()
            if name in self._errors and not field.widget.is_hidden
        ]
        for name in names:
            self._mark_invalid(self[name])
        self.first_error_field = names[0] if names else None
        if self.first_error_field:
            self._set_attribute(self._focus_target(self.first_error_field), "autofocus", True)

    def _mark_invalid(self, bound_field: forms.BoundField) -> None:
        widget = bound_field.field.widget
        self._set_attribute(widget, "aria-invalid", "true")
        if bound_field.use_fieldset or not bound_field.auto_id:
            return
        described_by = widget.attrs.get("aria-describedby", "").split()
        if bound_field.help_text:
            described_by.append(bound_field.auto_id + HELP_TEXT_ID_SUFFIX)
        described_by.append(bound_field.auto_id + ERROR_ID_SUFFIX)
        self._set_attribute(widget, "aria-describedby", " ".join(dict.fromkeys(described_by)))

    def _focus_target(self, name: str) -> forms.Widget:
        """A multi-widget passes its attributes to every part: only the first part takes focus."""
        widget = self.fields[name].widget
        return widget.widgets[0] if isinstance(widget, forms.MultiWidget) else widget

    def _set_attribute(self, widget: forms.Widget, attribute: str, value: object) -> None:
        self._accessibility_marks.append((widget, attribute, widget.attrs.get(attribute, _ABSENT)))
        widget.attrs[attribute] = value

    def _unmark_fields(self) -> None:
        """Validating again starts from the widgets as the form declared them."""
        for widget, attribute, original in reversed(self._accessibility_marks):
            if original is _ABSENT:
                widget.attrs.pop(attribute, None)
            else:
                widget.attrs[attribute] = original
        self._accessibility_marks.clear()


class BaseForm(DateTimeRangeMixin, AccessibleFormMixin, forms.Form):
    """Plain form of the portal."""


class BaseModelForm(DateTimeRangeMixin, AccessibleFormMixin, forms.ModelForm):
    """Model form of the portal; subclasses list their ``fields`` explicitly."""


def build_form_helper(
    submit_label: str = "Enregistrer",
    *,
    layout: Layout | None = None,
    form_action: str = "",
) -> FormHelper:
    """The portal's usual helper: a POST form with one submit button.

    ``novalidate`` hands validation to the server, whose messages are French, DSFR-styled and
    summarised at the top of the form, instead of the browser's bubbles.
    """
    helper = FormHelper()
    helper.form_tag = True
    helper.form_method = "post"
    helper.form_action = form_action
    helper.attrs = {"novalidate": True}
    if layout is not None:
        helper.layout = layout
    helper.add_input(Submit("save", submit_label))
    return helper
