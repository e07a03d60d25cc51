"""Calendar invitations by email, checked in a real SMTP sink: the MIME shape calendar apps
answer, the iTIP fields, and updates and cancellations when the event changes."""

import icalendar
import pytest
from django.conf import settings

from newsroom.core.identifiers import event_uid
from newsroom.registrations.models import Registration
from tests.factories import publish
from tests.support.registrations import confirm, sign_up
from tests.support.transactions import committed

pytestmark = pytest.mark.django_db


def calendar_parts(message):
    """(method parameter, parsed calendar) of every text/calendar part of a received email."""
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            found.append(
                (part.get_param("method"), icalendar.Calendar.from_ical(part.get_content()))
            )
    return found


def received(sink, address, subject_start):
    messages = [m for m in sink.handler.to(address) if str(m["Subject"]).startswith(subject_start)]
    assert messages, (
        f"no '{subject_start}…' to {address}: {[m['Subject'] for m in sink.handler.to(address)]}"
    )
    return messages[-1]


def test_confirmation_is_a_calendar_invitation_with_answer_buttons(
    client, event, smtp, django_capture_on_commit_callbacks
):
    english, _arabic = event
    sign_up(client, english, "amal@example.org", name="Amal Haddad")
    (verify,) = smtp.handler.to("amal@example.org")
    assert verify.get_content_type() == "multipart/alternative"
    link = verify.get_body(("plain",)).get_content().split("/registrations/confirm/")[1]
    token = link.split("/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/registrations/confirm/{token}/")
    message = received(smtp, "amal@example.org", "You are registered")

    # multipart/mixed: an alternative of text/plain, text/html and text/calendar, and the
    # same calendar as invite.ics, each with method=REQUEST.
    assert message.get_content_type() == "multipart/mixed"
    alternative = next(
        p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative"
    )
    assert [p.get_content_type() for p in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    attachment = next(p for p in message.iter_attachments() if p.get_filename() == "invite.ics")
    assert attachment.get_content_type() == "text/calendar"
    parts = calendar_parts(message)
    assert len(parts) == 2
    for method, calendar in parts:
        assert method == "REQUEST"
        assert str(calendar["METHOD"]) == "REQUEST"
        assert calendar.get_missing_tzids() == set()
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["UID"]) == event_uid(english.translation_key)
        organizer = vevent["ORGANIZER"]
        assert str(organizer) == f"mailto:{settings.DEFAULT_FROM_EMAIL}"
        assert organizer.params["CN"]
        attendee = vevent["ATTENDEE"]
        assert str(attendee) == "mailto:amal@example.org"
        assert attendee.params["CN"] == "Amal Haddad"
        assert attendee.params["RSVP"] == "TRUE"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert vevent["SEQUENCE"] == english.sequence == 0
        assert vevent.decoded("DTSTART") == english.start.replace(microsecond=0)
        assert str(vevent.decoded("DTSTART").tzinfo) == "Europe/Zurich"
        assert str(vevent["STATUS"]) == "CONFIRMED"
        assert str(vevent["SUMMARY"]) == "A briefing on detention"
    cancel_path = message.get_body(("plain",)).get_content().split("/registrations/cancel/")[1]
    assert cancel_path.split("/")[0]


def test_moved_event_sends_an_update_once_and_a_cancellation(
    client, event, smtp, django_capture_on_commit_callbacks
):
    english, _arabic = event
    sign_up(client, english, "amal@example.org")
    confirm_through(client, smtp, "amal@example.org")
    first = received(smtp, "amal@example.org", "You are registered")
    (_, original), _ = calendar_parts(first)
    uid = str(original.walk("VEVENT")[0]["UID"])

    english.venue_name = "Palais Wilson, Salle des conférences"
    with django_capture_on_commit_callbacks(execute=True):
        publish(english)
    update = received(smtp, "amal@example.org", "Updated")
    (method, calendar), _ = calendar_parts(update)
    assert method == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == uid  # replaces the entry in the calendar
    assert vevent["SEQUENCE"] == 1
    assert str(vevent["LOCATION"]).startswith("Palais Wilson")

    count = len(smtp.handler.to("amal@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        publish(english)  # nothing changed: nothing sent
    assert len(smtp.handler.to("amal@example.org")) == count

    english.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        publish(english)
    cancellation = received(smtp, "amal@example.org", "Cancelled")
    (method, calendar), _ = calendar_parts(cancellation)
    assert method == "CANCEL"
    assert str(calendar["METHOD"]) == "CANCEL"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 2
    assert str(vevent["UID"]) == uid


def test_attendee_cancelling_gets_a_calendar_cancellation(
    client, event, smtp, django_capture_on_commit_callbacks
):
    english, _arabic = event
    sign_up(client, english, "amal@example.org")
    confirm_through(client, smtp, "amal@example.org")
    message = received(smtp, "amal@example.org", "You are registered")
    token = message.get_body(("plain",)).get_content().split("/registrations/cancel/")[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/registrations/cancel/{token.split('/')[0]}/")
    cancelled = received(smtp, "amal@example.org", "Your registration is cancelled")
    (method, calendar), _ = calendar_parts(cancelled)
    assert method == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_cancelled_event_tells_the_waiting_list_without_a_calendar(
    client, event, smtp, django_capture_on_commit_callbacks
):
    english, _arabic = event  # two seats
    for address in ("amal@example.org", "omar@example.org", "lina@example.org"):
        sign_up(client, english, address)
        confirm_through(client, smtp, address)
    waiting = Registration.objects.get(email="lina@example.org")
    assert waiting.status == Registration.Status.WAITLISTED

    english.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        publish(english)
    (method, _calendar), _ = calendar_parts(received(smtp, "amal@example.org", "Cancelled"))
    assert method == "CANCEL"
    notice = received(smtp, "lina@example.org", "Cancelled")
    assert calendar_parts(notice) == []  # no calendar entry to remove
    text = notice.get_body(("plain",)).get_content()
    assert "You were on its waiting list" in text
    assert "/registrations/cancel/" not in text

    counts = {a: len(smtp.handler.to(a)) for a in ("amal@example.org", "lina@example.org")}
    with django_capture_on_commit_callbacks(execute=True):
        publish(english)  # told once
    assert {a: len(smtp.handler.to(a)) for a in counts} == counts


def confirm_through(client, sink, address):
    (verify,) = [m for m in sink.handler.to(address) if str(m["Subject"]).startswith("Confirm")]
    token = verify.get_body(("plain",)).get_content().split("/registrations/confirm/")[1]
    with committed():
        client.post(f"/en/registrations/confirm/{token.split('/')[0]}/")


__all__ = ["confirm"]
