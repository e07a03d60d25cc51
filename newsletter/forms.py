from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from newsroom.content.models import Topic
from newsroom.core import content_version, languages
from newsroom.core.forms import VisitorEmailField, refuse_line_breaks

from .models import Frequency

MAX_TOPICS = 100


def topic_choices(language):
    """(slug, name) of every topic, in ``language``: the sign-up form on the home page and the
    preferences page offer them. Kept in the fragment cache (a topic saved or deleted moves the
    content version): reading them was an eighth of the home page's time."""
    return content_version.fragment("topic-choices", [language], lambda: _read_topics(language))


def _read_topics(language):
    topics = Topic.objects.filter(locale__language_code=language).order_by("name")
    choices = [(topic.slug, topic.name) for topic in topics]
    if not choices:  # a language without translated topics still shows the source names
        seen = set()
        for topic in Topic.objects.order_by("name"):
            if topic.slug not in seen:
                seen.add(topic.slug)
                choices.append((topic.slug, topic.name))
    return choices


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=languages.choices, widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive everything."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices(language or settings.LANGUAGE_CODE)

    def clean(self):
        cleaned = super().clean()
        refuse_line_breaks(self, self.fields)
        if len(cleaned.get("topics") or []) > MAX_TOPICS:
            self.add_error("topics", _("Too many topics."))
        return cleaned


class SignupForm(PreferencesForm):
    email = VisitorEmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={"invalid": _("Enter a valid email address, like name@example.org.")},
    )
    # The honeypot: hidden from people (and from assistive technology), filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    field_order = ["email", "language", "topics", "frequency", "website"]

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, language=language, **kwargs)
        self.fields["language"].initial = language or settings.LANGUAGE_CODE

    @property
    def is_bot(self):
        return bool(self.data.get("website"))
