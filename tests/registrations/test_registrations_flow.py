"""Signing up on an event page, in both languages: confirmation, capacity and waiting list,
cancellation and seat offers, duplicates and bad input."""

import datetime

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from newsroom.registrations import services, tasks
from newsroom.registrations.models import Registration, SignUpSettings
from tests.support.registrations import (
    confirm,
    last_to,
    links_in,
    make_event,
    path_of,
    sign_up,
    soon,
)

pytestmark = pytest.mark.django_db

Status = Registration.Status


def test_open_event_page_has_the_form_in_both_languages(client, event):
    english, arabic = event
    page = client.get(english.url)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    form = soup.select_one("form.registration-form")
    assert form is not None and form["action"] == f"/en/registrations/{english.pk}/"
    assert "(Zurich time)" in soup.select_one(".registration__when").text
    assert "Which session will you attend?" in form.text
    # No CSRF token: the event page stays cacheable.
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "csrftoken" not in page.cookies

    page = client.get(arabic.url)
    soup = BeautifulSoup(page.content, "html.parser")
    form = soup.select_one("form.registration-form")
    # The questions were translated with the page (wagtail-localize).
    assert "أيّ جلسة ستحضر؟" in form.text
    assert "الصباحية" in form.text
    assert "أخبرنا بكل ما يساعدنا على استقبالك." in form.text
    assert "Which session" not in form.text
    assert "التسجيل" in soup.select_one("#registration-heading").text


def test_sign_up_confirm_then_calendar_invitation(
    client, event, django_capture_on_commit_callbacks
):
    english, _arabic = event
    response = sign_up(client, english, "amal@example.org")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING
    assert registration.answers[str(english.registration_questions.first().translation_key)] == (
        "Afternoon"
    )
    assert len(mail.outbox) == 1
    # The GET of the link changes nothing (mail scanners follow links).
    (link,) = links_in(mail.outbox[0], "confirm")
    client.get(path_of(link))
    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path_of(link))
    assert "Your seat is confirmed" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    message = last_to("amal@example.org")
    assert message.subject == "You are registered: A briefing on detention"
    calendar = icalendar.Calendar.from_ical(message.attachments[0][1])
    assert str(calendar["METHOD"]) == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["ATTENDEE"]) == "mailto:amal@example.org"


def test_capacity_then_waiting_list_with_position(client, event):
    english, _arabic = event
    for n in range(4):
        sign_up(client, english, f"person{n}@example.org")
        confirm(client, f"person{n}@example.org")
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert list(statuses.values()).count(Status.CONFIRMED) == 2
    assert statuses["person2@example.org"] == Status.WAITLISTED
    assert statuses["person3@example.org"] == Status.WAITLISTED
    message = last_to("person3@example.org")
    assert "position 2" in message.body
    page = client.get(english.url)
    assert "Join the waiting list" in page.content.decode()


def test_arabic_sign_up_gets_arabic_emails(client, event):
    _english, arabic = event
    response = sign_up(client, arabic, "salma@example.org", language="ar", name="سلمى")
    assert response.status_code == 302
    message = last_to("salma@example.org")
    assert message.subject == "أكّدوا تسجيلكم: إحاطة حول الاحتجاز"
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "/ar/registrations/confirm/" in message.body
    confirm(client, "salma@example.org")
    message = last_to("salma@example.org")
    calendar = icalendar.Calendar.from_ical(message.attachments[0][1])
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["SUMMARY"].params["LANGUAGE"] == "ar"
    assert str(vevent["SUMMARY"]) == "إحاطة حول الاحتجاز"


def test_second_sign_up_with_the_same_address_is_idempotent(client, event):
    english, arabic = event
    sign_up(client, english, "amal@example.org")
    confirm(client, "amal@example.org")
    before = len(mail.outbox)
    response = sign_up(client, arabic, "  AMAL@example.org ", language="ar")
    # The same answer as for a new address (tests/registrations/test_registrations_hostile.py).
    assert response.status_code == 302 and "state=check" in response["Location"]
    assert Registration.objects.count() == 1
    assert Registration.objects.get().status == Status.CONFIRMED
    assert len(mail.outbox) == before + 1  # a reminder of the registration
    sign_up(client, english, "amal@example.org")
    assert len(mail.outbox) == before + 1  # rate-limited


def test_bad_input_is_a_clear_error_in_the_page_language_and_nothing_is_lost(client, event):
    _english, arabic = event
    questions = list(arabic.registration_questions.all())
    too_long = "x" * 1001
    response = sign_up(
        client,
        arabic,
        "not-an-address",
        language="ar",
        name="سلمى",
        **{f"q_{questions[2].translation_key.hex}": too_long},
    )
    assert response.status_code == 400
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    errors = " ".join(p.text for p in soup.select(".newsletter-form__error"))
    assert "أدخلوا عنوان بريد إلكتروني صحيحًا" in errors
    assert "1000" in errors or "١٠٠٠" in errors
    # What was typed is still there.
    assert soup.select_one("#id_name")["value"] == "سلمى"
    assert soup.select_one("textarea").text == too_long
    assert Registration.objects.count() == 0

    # A required choice left out, and a choice that was never offered.
    response = sign_up(
        client,
        arabic,
        "salma@example.org",
        language="ar",
        **{f"q_{questions[0].translation_key.hex}": "7"},
    )
    assert response.status_code == 400
    assert "اختر إحدى الإجابات المعروضة" in response.content.decode()
    # Header injection.
    response = sign_up(client, arabic, "salma@example.org", name="Salma\r\nBcc: x@example.org")
    assert response.status_code == 400


def test_closed_and_not_yet_open_registration(client, tree):
    english, arabic = make_event(tree, sign_ups={"opens_at": soon(days=2)})
    page = client.get(english.url)
    assert "Registration opens on" in page.content.decode()
    assert b"registration-form" not in page.content
    response = sign_up(client, arabic, "a@example.org", language="ar")
    assert response.status_code == 403
    assert "لم يبدأ التسجيل بعد" in response.content.decode()

    SignUpSettings.objects.filter(page__translation_key=english.translation_key).update(
        opens_at=None, closes_at=soon(minutes=-1)
    )
    response = sign_up(client, english, "a@example.org")
    assert response.status_code == 403
    assert "Registration for this event is closed." in response.content.decode()
    assert Registration.objects.count() == 0


def test_cancelling_offers_the_seat_to_the_first_on_the_waiting_list(
    client, event, settings, django_capture_on_commit_callbacks
):
    english, _arabic = event
    for n in range(4):
        sign_up(client, english, f"p{n}@example.org")
        confirm(client, f"p{n}@example.org")
    (cancel_link,) = links_in(last_to("p0@example.org"), "cancel")
    client.get(path_of(cancel_link))
    assert Registration.objects.get(email="p0@example.org").status == Status.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path_of(cancel_link))
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["p0@example.org"] == Status.CANCELLED
    assert statuses["p2@example.org"] == Status.OFFERED  # exactly the first in line
    assert statuses["p3@example.org"] == Status.WAITLISTED
    offered = Registration.objects.get(email="p2@example.org")
    hold = offered.offer_expires_at - offered.offered_at
    assert hold == datetime.timedelta(hours=settings.REGISTRATION_OFFER_HOLD_HOURS)
    assert "48" not in last_to("p3@example.org").subject
    (seat_link,) = links_in(last_to("p2@example.org"), "seat")
    assert "A seat is free for you" in last_to("p2@example.org").subject

    # Unclaimed in time: the offer passes to the next person.
    with django_capture_on_commit_callbacks(execute=True):
        expired = services.expire_offers(now=timezone.now() + datetime.timedelta(hours=49))
    assert expired == 1
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["p2@example.org"] == Status.EXPIRED
    assert statuses["p3@example.org"] == Status.OFFERED
    response = client.post(path_of(seat_link))
    assert response.status_code == 410
    (seat_link,) = links_in(last_to("p3@example.org"), "seat")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path_of(seat_link))
    assert Registration.objects.get(email="p3@example.org").status == Status.CONFIRMED
    assert Registration.objects.filter(status__in=Registration.SEATED).count() == 2
    assert last_to("p3@example.org").subject.startswith("You are registered")


def test_offer_hold_time_is_configurable_per_event(client, tree):
    english, _arabic = make_event(tree, capacity=1, sign_ups={"offer_hold_hours": 6})
    for n in range(2):
        sign_up(client, english, f"p{n}@example.org")
        confirm(client, f"p{n}@example.org")
    services.cancel(Registration.objects.get(email="p0@example.org"))
    offered = Registration.objects.get(email="p1@example.org")
    assert offered.offer_expires_at - offered.offered_at == datetime.timedelta(hours=6)


def test_reminder_goes_out_once_the_day_before(client, tree):
    english, _arabic = make_event(tree, start=soon(hours=20), end=soon(hours=22), capacity=None)
    sign_up(client, english, "amal@example.org")
    confirm(client, "amal@example.org")
    count = len(mail.outbox)
    assert tasks.send_reminders() == 1
    assert last_to("amal@example.org").subject == "Tomorrow: A briefing on detention"
    assert tasks.send_reminders() == 0
    assert len(mail.outbox) == count + 1


def test_honeypot_and_rate_limit(client, event, settings):
    english, _arabic = event
    response = sign_up(client, english, "bot@example.org", website="https://spam.example")
    assert response.status_code == 302  # looks like success to the bot
    assert Registration.objects.count() == 0 and not mail.outbox
    settings.REGISTRATION_SIGNUP_RATE = (2, 3600)
    sign_up(client, english, "a@example.org")
    response = sign_up(client, english, "b@example.org")
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert Registration.objects.count() == 1


def test_invitation_page_takes_sign_ups_for_its_event(client, event):
    from newsroom.events.models import InvitationPage
    from tests.factories import publish

    english, _arabic = event
    invitation = InvitationPage(
        title="Invitation: a briefing on detention",
        slug="invitation",
        invitation_text="<p>You are invited.</p>",
        publication_date=timezone.localdate(),
        locale=english.locale,
    )
    english.add_child(instance=invitation)
    invitation = publish(invitation)
    page = client.get(invitation.url)
    soup = BeautifulSoup(page.content, "html.parser")
    form = soup.select_one("form.registration-form")
    assert form["action"] == f"/en/registrations/{invitation.pk}/"
    assert "Which session will you attend?" in form.text
    response = sign_up(client, invitation, "guest@example.org")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.page_id == invitation.pk
    # Counted against the event's seats, shared with the event page.
    assert registration.event == services.event_state(english)


def test_signing_up_again_after_cancelling_starts_afresh(client, event):
    english, _arabic = event
    sign_up(client, english, "amal@example.org")
    confirm(client, "amal@example.org")
    first = Registration.objects.get()
    services.cancel(first)
    response = sign_up(client, english, "amal@example.org")
    assert "state=check" in response["Location"]
    again = Registration.objects.get()
    assert again.status == Status.PENDING and again.key != first.key
    confirm(client, "amal@example.org")
    assert Registration.objects.get().status == Status.CONFIRMED
