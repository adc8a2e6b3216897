"""Forms of the parents' space: a page (topic, visibility, school) and a translation."""

from django import forms

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from outreach.models import LANGUAGES, PageTranslation, ParentPage


class PageForm(BaseModelForm):
    """A new page: its settings and its first text (French by default)."""

    school = forms.ModelChoiceField(
        label="Page de",
        queryset=None,
        required=False,
        empty_label="Toute la circonscription",
        help_text="Une page de circonscription est lue par les parents de toutes ses écoles.",
    )
    language = forms.ChoiceField(label="Langue du texte", choices=LANGUAGES, initial="fr")
    title = forms.CharField(label="Titre", max_length=160)
    body = forms.CharField(
        label="Texte (Markdown)",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=PageTranslation._meta.get_field("body").help_text,
    )

    class Meta:
        model = ParentPage
        fields = ["topic", "audience", "order"]

    def __init__(self, *args, schools, allow_district: bool, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].required = not allow_district
        if not allow_district:
            self.fields["school"].empty_label = None
        if not creating:
            for name in ("school", "language", "title", "body"):
                del self.fields[name]
        self.helper = build_form_helper("Enregistrer la page")


class TranslationForm(BaseForm):
    title = forms.CharField(label="Titre", max_length=160)
    body = forms.CharField(
        label="Texte (Markdown)",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=PageTranslation._meta.get_field("body").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Enregistrer cette langue")
