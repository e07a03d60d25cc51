"""An event with registration questions in both languages; a reader signing up and confirming,
the emails they are sent, and an invitation list as the admin uploads it."""

import datetime
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from newsroom.events.models import RegistrationQuestion
from tests.factories import EventPageFactory, localize, publish, taking_sign_ups
from tests.support.transactions import committed

ARABIC_LABELS = {
    "Which session will you attend?": "أيّ جلسة ستحضر؟",
    "Morning<br/>Afternoon": "الصباحية<br/>المسائية",
    "Do you need interpretation into Arabic?": "هل تحتاج إلى ترجمة فورية إلى العربية؟",
    "Dietary or access needs": "احتياجات غذائية أو احتياجات الوصول",
    "Tell us anything that helps us welcome you.": "أخبرنا بكل ما يساعدنا على استقبالك.",
    "A briefing on detention": "إحاطة حول الاحتجاز",
    "Palais des Nations, Room XXIII": "قصر الأمم، القاعة الثالثة والعشرون",
}


def make_event(tree, capacity=2, translate=True, sign_ups=None, **fields):
    """An event taking sign-ups; ``sign_ups``: more of its SignUpSettings fields."""
    event = EventPageFactory(
        parent=tree.events_en,
        locale=tree.en,
        title="A briefing on detention",
        sign_up_settings=taking_sign_ups(capacity=capacity, **(sign_ups or {})),
        **fields,
    )
    for order, (label, kind, choices, required, help_text) in enumerate(
        [
            ("Which session will you attend?", "choice", "Morning\nAfternoon", True, ""),
            ("Do you need interpretation into Arabic?", "checkbox", "", False, ""),
            (
                "Dietary or access needs",
                "text",
                "",
                False,
                "Tell us anything that helps us welcome you.",
            ),
        ]
    ):
        RegistrationQuestion.objects.create(
            page=event,
            sort_order=order,
            label=label,
            kind=kind,
            choices=choices,
            required=required,
            help_text=help_text,
        )
    event = publish(event)
    arabic = localize(event, tree.ar, ARABIC_LABELS) if translate else None
    return event, arabic


def sign_up_data(page, email, name="Amal Haddad", language="en", **extra):
    event = page.event if hasattr(page, "event") else page
    questions = list(event.registration_questions.all())
    data = {
        "name": name,
        "email": email,
        "organisation": "Coalition for Rights",
        "language": language,
        f"q_{questions[0].translation_key.hex}": "1",
    }
    data.update(extra)
    return data


def links_in(message, name):
    """The URLs of view ``name`` (confirm, cancel, seat) in a message's plain text."""
    return re.findall(rf"https?://\S+/registrations/{name}/[^\s]+/", message.body)


def last_to(address):
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no message to {address}"
    return messages[-1]


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def soon(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def sign_up(client, page, email, language="en", **extra):
    data = sign_up_data(page, email, language=language, **extra)
    with committed():
        return client.post(f"/{page.locale.language_code}/registrations/{page.pk}/", data)


def confirm(client, email):
    (link,) = links_in(last_to(email), "confirm")
    response = client.get(path_of(link))
    assert response.status_code == 200
    with committed():
        return client.post(path_of(link))


def upload(content, name="invites.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
