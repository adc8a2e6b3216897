"""Forms of the directory: sign-in and the second factor."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Identifiant ou mot de passe incorrect. Vérifiez votre saisie : les majuscules "
            "comptent dans le mot de passe."
        ),
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Identifiant ou adresse électronique"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = "Mot de passe"


class TOTPForm(forms.Form):
    token = forms.CharField(
        label="Code à 6 chiffres affiché par votre application",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
        error_messages={
            "required": "Saisissez le code à 6 chiffres.",
            "min_length": "Le code comporte 6 chiffres.",
            "max_length": "Le code comporte 6 chiffres.",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("Le code ne contient que des chiffres.")
        return token
