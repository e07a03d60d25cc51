"""The sign-up form: name, email, organisation, language, and the event's own questions."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from newsroom.core import languages
from newsroom.core.forms import VisitorEmailField, VisitorTextField, refuse_line_breaks

ANSWER_MAX_LENGTH = 1000
SINGLE_LINE = ("name", "email", "organisation", "language")


def question_field(question):
    help_text = question.help_text
    if question.kind == question.Kind.CHOICE:
        return forms.TypedChoiceField(
            label=question.label,
            help_text=help_text,
            required=question.required,
            choices=[("", "—")] + list(enumerate(question.choice_list)),
            coerce=int,
            empty_value=None,
            error_messages={"invalid_choice": _("Choose one of the answers offered.")},
        )
    if question.kind == question.Kind.CHECKBOX:
        return forms.BooleanField(
            label=question.label, help_text=help_text, required=question.required
        )
    return VisitorTextField(
        label=question.label,
        help_text=help_text,
        required=question.required,
        multiline=True,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": ANSWER_MAX_LENGTH}),
        error_messages={
            "max_length": _(
                "Please keep this answer under %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


class RegistrationForm(forms.Form):
    name = VisitorTextField(label=_("Your name"), max_length=200)
    email = VisitorEmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={"invalid": _("Enter a valid email address, like name@example.org.")},
    )
    organisation = VisitorTextField(label=_("Organisation"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of our emails"), choices=languages.choices, widget=forms.RadioSelect
    )
    invite = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # The honeypot: hidden from people (and assistive technology), filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, questions=(), source_questions=None, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language or settings.LANGUAGE_CODE
        self.questions = list(questions)
        self.source_questions = source_questions or {}
        for question in self.questions:
            self.fields[self.question_name(question)] = question_field(question)

    @staticmethod
    def question_name(question):
        return f"q_{question.translation_key.hex}"

    def question_fields(self):
        return [self[self.question_name(question)] for question in self.questions]

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean(self):
        cleaned = super().clean()
        refuse_line_breaks(self, SINGLE_LINE)
        return cleaned

    def answers(self):
        """{question translation key: answer}; choices in the event's source language, so an
        export lists the same answer the same way whichever language it was given in."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.question_name(question))
            key = str(question.translation_key)
            if question.kind == question.Kind.CHOICE:
                if value is None:
                    continue
                source = self.source_questions.get(question.translation_key, question)
                choices = source.choice_list
                value = choices[value] if value < len(choices) else question.choice_list[value]
            elif question.kind == question.Kind.TEXT:
                value = value.strip()
                if not value:
                    continue
            answers[key] = value
        return answers

    def registration_data(self):
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data["email"],
            "organisation": data["organisation"].strip(),
            "language": data["language"],
            "answers": self.answers(),
        }
