"""Forms of the directory: sign-in, password reset and the second factor."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from directory.auth import send_in_background
from directory.models import NotificationSettings


class FocusFirstErrorMixin:
    """After validation, ``autofocus`` moves to the first field in error (templates read it)."""

    def full_clean(self):
        super().full_clean()
        in_error = [name for name in self.fields if name in self.errors]
        if not in_error:
            return
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
        self.fields[in_error[0]].widget.attrs["autofocus"] = True


class LoginForm(FocusFirstErrorMixin, auth_forms.AuthenticationForm):
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
        self.fields["username"].error_messages["required"] = (
            "Saisissez votre identifiant ou votre adresse électronique."
        )
        self.fields["password"].label = "Mot de passe"
        self.fields["password"].error_messages["required"] = "Saisissez votre mot de passe."


class PasswordResetForm(FocusFirstErrorMixin, auth_forms.PasswordResetForm):
    """The reset e-mail is built here and sent in the background (same timing for any address)."""

    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        },
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_in_background(EmailMultiAlternatives(subject, body, from_email, [to_email]))


class TOTPForm(FocusFirstErrorMixin, forms.Form):
    token = forms.CharField(
        label="Code à 6 chiffres affiché par votre application",
        max_length=9,  # "123 456" as some applications show it
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": "Saisissez le code à 6 chiffres.",
            "max_length": "Le code comporte 6 chiffres.",
        },
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isascii() and token.isdigit()):
            raise forms.ValidationError("Le code ne contient que des chiffres.")
        if len(token) != 6:
            raise forms.ValidationError("Le code comporte 6 chiffres.")
        return token


class EmailCodeForm(FocusFirstErrorMixin, forms.Form):
    """The code e-mailed before a first second-factor enrolment."""

    code = forms.CharField(
        label="Code à 6 chiffres reçu par courriel",
        max_length=9,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={
            "required": "Saisissez le code reçu par courriel.",
            "max_length": "Le code comporte 6 chiffres.",
        },
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Le code comporte 6 chiffres.")
        return code


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["frequency"]
        labels = {"frequency": "Comment voulez-vous être prévenu·e par courriel ?"}
        widgets = {"frequency": forms.RadioSelect}
