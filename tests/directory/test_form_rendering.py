"""The dsfr_crispy template pack, the error summary and AccessibleFormMixin, read as HTML."""

import re

import pytest
from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import HTML, Button, ButtonHolder, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test.html import Element, parse_html

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from directory.models import District

CHOICES = [("ecole", "École"), ("college", "Collège"), ("lycee", "Lycée")]
TEXT_LIKE = ["last_name", "email", "password", "pupils", "incident_date", "website", "facts"]


class EveryWidgetForm(BaseForm):
    last_name = forms.CharField(label="Nom", help_text="Tel qu’il figure sur l’état civil.")
    email = forms.EmailField(label="Adresse électronique")
    password = forms.CharField(label="Mot de passe", widget=forms.PasswordInput)
    pupils = forms.IntegerField(label="Nombre d’élèves concernés", min_value=1)
    incident_date = forms.DateField(
        label="Date des faits", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    website = forms.URLField(label="Site de l’école", required=False)
    facts = forms.CharField(label="Description des faits", widget=forms.Textarea)
    level = forms.ChoiceField(label="Niveau", choices=[("", "Sélectionner un niveau"), *CHOICES])
    school_kind = forms.ChoiceField(
        label="Type d’établissement", choices=CHOICES, widget=forms.RadioSelect
    )
    places = forms.MultipleChoiceField(
        label="Lieux", choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(label="J’accepte d’être recontacté")
    attachment = forms.FileField(label="Pièce jointe")
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class PlainForm(forms.Form):
    """A form without the mixin: the pack and the summary must still work."""

    email = forms.EmailField(label="Adresse électronique")
    pupils = forms.IntegerField(label="Nombre d’élèves concernés")

    def clean(self):
        raise forms.ValidationError("Ce signalement existe déjà.")


class HiddenTokenForm(BaseForm):
    email = forms.EmailField(label="Adresse électronique")
    token = forms.IntegerField(label="Jeton", widget=forms.HiddenInput)


class SplitForm(BaseForm):
    meeting = forms.SplitDateTimeField(label="Rendez-vous")


class DistrictForm(BaseModelForm):
    class Meta:
        model = District
        fields = ["name", "code", "departement_code"]


VALID_DATA = {
    "last_name": "Martin",
    "email": "camille.martin@exemple.test",
    "password": "secret-123",
    "pupils": "2",
    "incident_date": "2025-03-14",
    "website": "",
    "facts": "Moqueries répétées à la récréation.",
    "level": "college",
    "school_kind": "college",
    "places": ["ecole"],
    "consent": "on",
}


def valid_files():
    return {"attachment": SimpleUploadedFile("compte-rendu.txt", b"faits")}


def render(template: str, **context) -> Element:
    html = Template("{% load crispy_forms_tags %}" + template).render(Context(context))
    return parse_html(f'<div id="page">{html}</div>')


def render_crispy(form) -> Element:
    return render("{% crispy form %}", form=form, csrf_token="jeton")


def descendants(node: Element):
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from descendants(child)


def find_all(root: Element, tag: str | None = None, **attributes) -> list[Element]:
    """Elements under root; ``class_`` matches when all its classes are present."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attributes.items()}
    return [node for node in descendants(root) if matches(node, tag, wanted)]


def matches(node: Element, tag: str | None, wanted: dict) -> bool:
    if tag is not None and node.name != tag:
        return False
    for name, value in wanted.items():
        if name == "class":
            if not set(value.split()) <= classes(node):
                return False
        elif attrs(node).get(name) != value:
            return False
    return True


def find(root: Element, tag: str | None = None, **attributes) -> Element:
    found = find_all(root, tag, **attributes)
    assert len(found) == 1, f"{len(found)} <{tag} {attributes}> found"
    return found[0]


def attrs(node: Element) -> dict:
    return dict(node.attributes)


def classes(node: Element) -> set[str]:
    return set((attrs(node).get("class") or "").split())


def text(node: Element) -> str:
    parts = [child if isinstance(child, str) else text(child) for child in node.children]
    return re.sub(r"\s+", " ", " ".join(parts).replace("\xa0", " ")).strip()


def widget_of(root: Element, field_id: str) -> Element:
    return find(root, id=field_id)


def has_class(root: Element, css_class: str) -> list[Element]:
    return [node for node in descendants(root) if css_class in classes(node)]


# Widgets, valid or unbound


@pytest.mark.parametrize("name", TEXT_LIKE)
def test_text_like_widgets_render_dsfr_input_groups_with_bound_labels(name):
    page = render_crispy(EveryWidgetForm())

    group = find(page, id=f"div_id_{name}")
    widget = widget_of(group, f"id_{name}")
    label = find(group, "label")
    assert "fr-input-group" in classes(group)
    assert "fr-input" in classes(widget)
    assert "fr-label" in classes(label)
    assert attrs(label)["for"] == f"id_{name}"
    assert text(label).startswith(str(EveryWidgetForm.base_fields[name].label))


def test_help_text_is_a_dsfr_hint_inside_the_label_and_describes_the_input():
    page = render_crispy(EveryWidgetForm())

    hint = find(page, id="id_last_name_helptext")
    assert "fr-hint-text" in classes(hint)
    assert hint in descendants(find(page, "label", for_="id_last_name"))
    assert attrs(widget_of(page, "id_last_name"))["aria-describedby"] == "id_last_name_helptext"


def test_select_renders_a_dsfr_select_group():
    page = render_crispy(EveryWidgetForm())

    group = find(page, id="div_id_level")
    assert "fr-select-group" in classes(group)
    assert "fr-select" in classes(find(group, "select", id="id_level"))
    assert attrs(find(group, "label"))["for"] == "id_level"


def test_single_checkbox_comes_before_its_label_in_a_checkbox_group():
    page = render_crispy(EveryWidgetForm())

    group = find(page, id="div_id_consent")
    checkbox, label = [child for child in group.children if isinstance(child, Element)][:2]
    assert "fr-checkbox-group" in classes(group)
    assert (checkbox.name, attrs(checkbox)["type"], attrs(checkbox)["id"]) == (
        "input",
        "checkbox",
        "id_consent",
    )
    assert (label.name, attrs(label)["for"]) == ("label", "id_consent")


@pytest.mark.parametrize(
    ("name", "input_type", "group_class"),
    [("school_kind", "radio", "fr-radio-group"), ("places", "checkbox", "fr-checkbox-group")],
)
def test_choice_lists_render_a_fieldset_with_one_dsfr_group_per_option(
    name, input_type, group_class
):
    page = render_crispy(EveryWidgetForm())

    fieldset = find(page, "fieldset", id=f"div_id_{name}")
    legend = find(fieldset, "legend")
    options = has_class(fieldset, group_class)
    assert "fr-fieldset" in classes(fieldset)
    assert "fr-fieldset__legend" in classes(legend)
    assert attrs(fieldset)["aria-labelledby"] == attrs(legend)["id"]
    assert len(options) == len(CHOICES)
    for index, (value, label_text) in enumerate(CHOICES):
        option_input = find(options[index], "input")
        assert attrs(option_input)["type"] == input_type
        assert attrs(option_input)["value"] == value
        assert attrs(find(options[index], "label"))["for"] == attrs(option_input)["id"]
        assert text(find(options[index], "label")) == label_text


def test_inline_radios_use_inline_fieldset_elements():
    form = EveryWidgetForm()
    form.helper = build_form_helper(layout=Layout(InlineRadios("school_kind")))

    fieldset = find(render_crispy(form), "fieldset", id="div_id_school_kind")

    elements = has_class(fieldset, "fr-fieldset__element")
    assert len(elements) == len(CHOICES)
    assert all("fr-fieldset__element--inline" in classes(element) for element in elements)


def test_file_input_renders_an_upload_group_in_a_multipart_form():
    page = render_crispy(EveryWidgetForm())

    group = find(page, id="div_id_attachment")
    assert "fr-upload-group" in classes(group)
    assert "fr-upload" in classes(widget_of(group, "id_attachment"))
    assert attrs(find(page, "form"))["enctype"] == "multipart/form-data"


def test_hidden_fields_render_bare():
    page = render_crispy(EveryWidgetForm())

    hidden = find(page, "input", name="token")
    assert attrs(hidden)["type"] == "hidden"
    assert not find_all(page, id="div_id_token")


def test_required_fields_carry_an_asterisk_explained_before_the_fields():
    page = render_crispy(EveryWidgetForm())

    assert "*" in text(find(page, "label", for_="id_email"))
    assert "*" not in text(find(page, "label", for_="id_website"))
    assert "*" in text(find(page, "legend", id="id_places_legend"))
    assert "required" in attrs(widget_of(page, "id_email"))
    notices = [p for p in find_all(page, "p") if "astérisque (*)" in text(p)]
    assert [text(p) for p in notices] == [
        "Les champs marqués d’un astérisque (*) sont obligatoires."
    ]


def test_hidden_labels_stay_available_to_screen_readers():
    form = EveryWidgetForm()
    form.helper = build_form_helper()
    form.helper.form_show_labels = False

    page = render_crispy(form)

    assert "fr-sr-only" in classes(find(page, "label", for_="id_email"))
    assert "fr-sr-only" in classes(find(page, "legend", id="id_places_legend"))


def test_valid_form_has_no_error_markup_nor_focus():
    form = EveryWidgetForm(data=VALID_DATA, files=valid_files())
    assert form.is_valid(), form.errors

    page = render_crispy(form)

    assert not has_class(page, "fr-alert--error")
    assert not has_class(page, "fr-error-text")
    assert not [node for node in descendants(page) if "autofocus" in attrs(node)]
    assert not [node for node in descendants(page) if "aria-invalid" in attrs(node)]


# Errors


def invalid_form() -> EveryWidgetForm:
    data = {**VALID_DATA, "email": "pas-une-adresse", "school_kind": "", "places": []}
    data.pop("consent")
    data["last_name"] = ""
    form = EveryWidgetForm(data=data, files={})
    assert not form.is_valid()
    return form


@pytest.mark.parametrize(
    ("name", "group_class"),
    [
        ("last_name", "fr-input-group--error"),
        ("email", "fr-input-group--error"),
        ("attachment", "fr-upload-group--error"),
        ("consent", "fr-checkbox-group--error"),
    ],
)
def test_field_errors_use_dsfr_classes_and_describe_the_input(name, group_class):
    page = render_crispy(invalid_form())

    group = find(page, id=f"div_id_{name}")
    widget = widget_of(group, f"id_{name}")
    messages = find(group, id=f"id_{name}_error")
    assert group_class in classes(group)
    assert [text(p) for p in has_class(messages, "fr-error-text")]
    assert attrs(widget)["aria-invalid"] == "true"
    assert f"id_{name}_error" in attrs(widget)["aria-describedby"].split()


def test_error_messages_are_french():
    page = render_crispy(invalid_form())

    assert text(find(page, id="id_last_name_error")) == "Ce champ est obligatoire."
    assert text(find(page, id="id_email_error")) == "Saisissez une adresse de courriel valide."
    assert text(find(page, id="id_attachment_error")) == "Ce champ est obligatoire."
    assert text(find(page, id="id_places_error")) == "Ce champ est obligatoire."


def test_help_text_and_error_both_describe_the_input_in_that_order():
    page = render_crispy(invalid_form())

    assert attrs(widget_of(page, "id_last_name"))["aria-describedby"] == (
        "id_last_name_helptext id_last_name_error"
    )


def test_select_error_uses_the_select_group_error_class():
    form = EveryWidgetForm(data={**VALID_DATA, "level": ""}, files=valid_files())
    assert not form.is_valid()

    group = find(render_crispy(form), id="div_id_level")

    assert "fr-select-group--error" in classes(group)
    assert text(find(group, id="id_level_error")) == "Ce champ est obligatoire."


@pytest.mark.parametrize("name", ["school_kind", "places"])
def test_choice_list_errors_mark_the_fieldset_and_name_it_by_its_messages(name):
    page = render_crispy(invalid_form())

    fieldset = find(page, "fieldset", id=f"div_id_{name}")
    assert "fr-fieldset--error" in classes(fieldset)
    assert attrs(fieldset)["aria-labelledby"] == f"id_{name}_legend id_{name}_error"
    assert "fr-error-text" in classes(find(fieldset, id=f"id_{name}_error").children[0])
    assert all(attrs(node)["aria-invalid"] == "true" for node in find_all(fieldset, "input"))


def test_error_summary_counts_and_links_every_error_to_an_existing_input():
    page = render_crispy(invalid_form())

    summary = find(page, role="alert")
    links = find_all(summary, "a")
    assert {"fr-alert", "fr-alert--error"} <= classes(summary)
    assert text(find(summary, "h2")) == "Le formulaire contient 6 erreurs"
    assert [attrs(link)["href"] for link in links] == [
        "#id_last_name",
        "#id_email",
        "#id_school_kind_0",
        "#id_places_0",
        "#id_consent",
        "#id_attachment",
    ]
    assert text(links[1]) == "Adresse électronique : Saisissez une adresse de courriel valide."
    for link in links:
        assert find_all(page, id=attrs(link)["href"][1:]), f"{attrs(link)['href']} has no target"


def test_typed_text_echoed_in_error_messages_is_escaped():
    form = EveryWidgetForm(data={**VALID_DATA, "school_kind": "<b>piège</b>"}, files=valid_files())
    assert not form.is_valid()

    page = render_crispy(form)

    assert not find_all(page, "b")
    assert "<b>piège</b>" in text(find(page, id="id_school_kind_error"))
    assert "<b>piège</b>" in text(find(page, role="alert"))


def test_error_summary_comes_first_in_the_form():
    page = render_crispy(invalid_form())

    form_children = [child for child in find(page, "form").children if isinstance(child, Element)]
    assert attrs(form_children[0])["name"] == "csrfmiddlewaretoken"
    assert attrs(form_children[1])["role"] == "alert"


def test_error_summary_lists_non_field_errors_without_a_link_and_says_one_error():
    form = PlainForm(data={"email": "camille@exemple.test", "pupils": "3"})
    assert not form.is_valid()

    summary = find(render_crispy(form), role="alert")

    assert text(find(summary, "h2")) == "Le formulaire contient 1 erreur"
    assert [text(item) for item in find_all(summary, "li")] == ["Ce signalement existe déjà."]
    assert not find_all(summary, "a")


def test_error_summary_counts_several_non_field_errors_one_by_one():
    form = PlainForm(data={"email": "", "pupils": "3"})
    assert not form.is_valid()
    form.add_error(None, "Le délai de signalement est dépassé.")

    summary = find(render_crispy(form), role="alert")

    assert text(find(summary, "h2")) == "Le formulaire contient 3 erreurs"
    assert len(find_all(summary, "li")) == 3


def test_error_summary_names_hidden_field_errors_without_a_dead_link():
    form = HiddenTokenForm(data={"email": "camille@exemple.test", "token": "abc"})
    assert not form.is_valid()

    page = render_crispy(form)

    summary = find(page, role="alert")
    assert text(find(summary, "h2")) == "Le formulaire contient 1 erreur"
    assert text(find(summary, "li")) == "Jeton : Saisissez un nombre entier."
    assert not find_all(summary, "a")
    assert autofocused(page) == []


def test_error_summary_include_works_alone_with_any_form():
    form = PlainForm(data={"email": "non", "pupils": "trois"})
    assert not form.is_valid()

    page = render('{% include "includes/form_error_summary.html" with form=form %}', form=form)

    summary = find(page, role="alert")
    assert text(find(summary, "h2")) == "Le formulaire contient 3 erreurs"
    assert [attrs(link)["href"] for link in find_all(summary, "a")] == ["#id_email", "#id_pupils"]


def test_error_summary_is_absent_from_an_unbound_form():
    page = render(
        '{% include "includes/form_error_summary.html" with form=form %}', form=PlainForm()
    )

    assert not find_all(page, role="alert")


# Focus on the first error, without JavaScript


def autofocused(page: Element) -> list[str]:
    return [attrs(node).get("id") for node in descendants(page) if "autofocus" in attrs(node)]


def test_autofocus_goes_to_the_first_field_in_error_only():
    page = render_crispy(invalid_form())

    assert autofocused(page) == ["id_last_name"]


def test_autofocus_skips_valid_fields_before_the_first_error():
    form = EveryWidgetForm(data={**VALID_DATA, "pupils": "0"}, files=valid_files())
    assert not form.is_valid()

    page = render_crispy(form)

    assert autofocused(page) == ["id_pupils"]
    assert form.first_error_field == "pupils"


def test_autofocus_on_a_choice_list_lands_on_its_first_option_only():
    form = EveryWidgetForm(data={**VALID_DATA, "school_kind": "universite"}, files=valid_files())
    assert not form.is_valid()

    page = render_crispy(form)

    assert autofocused(page) == ["id_school_kind_0"]


def test_autofocus_on_a_split_widget_lands_on_its_first_part_only():
    form = SplitForm(data={"meeting_0": "pas une date", "meeting_1": "10:00"})
    assert not form.is_valid()

    page = render_crispy(form)

    assert autofocused(page) == ["id_meeting_0"]
    assert [attrs(link)["href"] for link in find_all(find(page, role="alert"), "a")] == [
        "#id_meeting_0"
    ]
    assert attrs(find(page, "fieldset"))["aria-labelledby"] == "id_meeting_legend id_meeting_error"


def test_errors_added_by_a_view_after_validation_are_marked_too():
    form = EveryWidgetForm(data=VALID_DATA, files=valid_files())
    assert form.is_valid()
    form.add_error("email", "Cette adresse est déjà utilisée.")

    page = render_crispy(form)

    assert autofocused(page) == ["id_email"]
    assert "Cette adresse est déjà utilisée." in text(find(page, role="alert"))


def test_mixin_keeps_a_declared_description_and_restores_it_when_validating_again():
    form = EveryWidgetForm(data={**VALID_DATA, "email": "non"}, files=valid_files())
    widget = form.fields["email"].widget
    widget.attrs["aria-describedby"] = "email-rules"

    assert not form.is_valid()
    assert widget.attrs["aria-describedby"] == "email-rules id_email_error"
    assert widget.attrs["autofocus"] is True

    form.data = {**VALID_DATA, "email": "camille@exemple.test"}
    form.files = valid_files()
    form.full_clean()
    assert form.is_valid()
    assert widget.attrs == {"aria-describedby": "email-rules", "maxlength": "320"}
    assert form.first_error_field is None


def test_typed_values_are_kept_after_an_error_but_not_the_password():
    form = invalid_form()

    page = render_crispy(form)

    assert attrs(widget_of(page, "id_email"))["value"] == "pas-une-adresse"
    assert attrs(widget_of(page, "id_pupils"))["value"] == "2"
    assert text(widget_of(page, "id_facts")) == "Moqueries répétées à la récréation."
    assert "selected" in attrs(find(page, "option", value="college"))
    assert "value" not in attrs(widget_of(page, "id_password"))


# Layout objects and helper


def test_layout_objects_render_dsfr_markup():
    form = EveryWidgetForm()
    form.helper = build_form_helper(
        layout=Layout(
            Fieldset("Élève concerné", "last_name", Row("email", "pupils")),
            Div("facts", css_class="fr-mb-4w", css_id="bloc-faits"),
            HTML('<p class="fr-text--sm">Vos réponses restent confidentielles.</p>'),
            ButtonHolder(Submit("send", "Envoyer"), Button("back", "Retour")),
        )
    )

    page = render_crispy(form)

    fieldset = find(page, "fieldset", class_="fr-fieldset")
    assert text(find(fieldset, "legend", class_="fr-fieldset__legend")) == "Élève concerné"
    assert find_all(fieldset, id="id_last_name")
    row = find(fieldset, class_="fr-grid-row fr-grid-row--gutters")
    assert find_all(row, id="id_email") and find_all(row, id="id_pupils")
    assert find_all(find(page, "div", id="bloc-faits", class_="fr-mb-4w"), id="id_facts")
    assert text(find(page, "p", class_="fr-text--sm")) == "Vos réponses restent confidentielles."
    holder = find(page, "div", class_="fr-btns-group fr-btns-group--inline-md")
    assert classes(find(holder, "button", name="send")) == {"fr-btn"}
    assert classes(find(holder, "button", name="back")) == {"fr-btn", "fr-btn--secondary"}
    assert not find_all(page, id="div_id_level"), "fields outside the layout are not rendered"


def test_button_keeps_an_explicit_dsfr_modifier_instead_of_secondary():
    form = EveryWidgetForm()
    form.helper = build_form_helper()
    form.helper.add_input(Button("draft", "Brouillon", css_class="fr-btn--tertiary"))

    button = find(render_crispy(form), "button", name="draft")

    assert classes(button) == {"fr-btn", "fr-btn--tertiary"}
    assert attrs(button)["type"] == "button"


def test_default_helper_posts_with_a_french_submit_and_server_validation():
    form = EveryWidgetForm()
    form.helper = build_form_helper()

    page = render_crispy(form)

    form_tag = find(page, "form")
    assert attrs(form_tag)["method"] == "post"
    assert "novalidate" in attrs(form_tag)
    assert find_all(form_tag, "input", name="csrfmiddlewaretoken", value="jeton")
    group = find(form_tag, "ul", class_="fr-btns-group fr-btns-group--inline-md")
    submit = find(group, "button")
    assert (attrs(submit)["type"], text(submit), classes(submit)) == (
        "submit",
        "Enregistrer",
        {"fr-btn"},
    )


def test_helper_submit_label_and_action_are_configurable():
    form = EveryWidgetForm()
    form.helper = build_form_helper("Envoyer le signalement", form_action="/signalements/")

    page = render_crispy(form)

    assert attrs(find(page, "form"))["action"] == "/signalements/"
    assert text(find(page, "button")) == "Envoyer le signalement"


def test_crispy_tag_without_helper_renders_a_post_form_with_csrf():
    page = render_crispy(PlainForm())

    form_tag = find(page, "form")
    assert attrs(form_tag)["method"] == "post"
    assert find_all(form_tag, "input", name="csrfmiddlewaretoken")
    assert "fr-input" in classes(widget_of(form_tag, "id_email"))


def test_crispy_filter_renders_fields_and_summary_without_a_form_tag():
    form = PlainForm(data={"email": "non", "pupils": "3"})
    assert not form.is_valid()

    page = render("{{ form|crispy }}", form=form)

    assert not find_all(page, "form")
    assert text(find(find(page, role="alert"), "h2")) == "Le formulaire contient 2 erreurs"
    assert "fr-input-group--error" in classes(find(page, id="div_id_email"))
    assert attrs(widget_of(page, "id_email"))["aria-invalid"] == "true"


def test_formset_renders_each_form_with_the_pack():
    formset_class = forms.formset_factory(PlainForm, extra=2)

    page = render("{% crispy formset %}", formset=formset_class(), csrf_token="jeton")

    assert find_all(page, "input", name="form-TOTAL_FORMS", value="2")
    assert "fr-input" in classes(widget_of(page, "id_form-1-email"))
    assert attrs(find(page, "label", for_="id_form-1-email"))["class"] == "fr-label"


@pytest.mark.django_db
def test_model_form_uses_model_labels_and_marks_errors():
    form = DistrictForm(data={"name": "", "code": "D-1", "departement_code": ""})
    assert not form.is_valid()

    page = render_crispy(form)

    assert text(find(page, "label", for_="id_name")).startswith("Nom")
    assert autofocused(page) == ["id_name"]
    assert text(find(find(page, role="alert"), "h2")) == "Le formulaire contient 2 erreurs"
    assert attrs(widget_of(page, "id_code"))["value"] == "D-1"
