"""Forms of news, initiatives and shared practices (files are checked by the services)."""

from django import forms

from directory.forms_base import BaseModelForm, build_form_helper
from outreach.models import Post, Practice


class PostForm(BaseModelForm):
    school = forms.ModelChoiceField(
        label="École", queryset=None, required=False, empty_label="Toute la circonscription"
    )
    upload = forms.FileField(
        label="Image (facultative)",
        required=False,
        help_text="PNG ou JPEG. Les données de localisation de la photo sont retirées.",
    )

    class Meta:
        model = Post
        fields = ["kind", "axis", "title", "body", "image_alt"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, schools, allow_district: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if not allow_district:
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
        self.helper = build_form_helper("Envoyer à la modération")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("upload") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", "Décrivez l'image en quelques mots.")
        return cleaned


class PracticeForm(BaseModelForm):
    upload = forms.FileField(
        label="Document (facultatif)", required=False, help_text="PDF, PNG ou JPEG."
    )

    class Meta:
        model = Practice
        fields = ["axis", "title", "description", "link"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Partager la pratique")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("link") and not cleaned.get("upload"):
            self.add_error("link", "Donnez un lien ou joignez un document.")
        return cleaned
