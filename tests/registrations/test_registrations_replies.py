"""Accept and Decline pressed in a calendar app: real iTIP REPLY messages (built with
icalendar) delivered to a Maildir, read by ``manage.py process_calendar_replies``."""

import base64
import datetime
import io
import json
import mailbox
from email.message import EmailMessage

import icalendar
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsroom.core.identifiers import event_uid
from newsroom.registrations import services
from newsroom.registrations.models import Registration
from tests.support.registrations import make_event
from tests.support.transactions import committed

pytestmark = pytest.mark.django_db
Status = Registration.Status
ORGANIZER = "mailto:newsroom@localhost"


def reply(uid, attendee, partstat, sender=None, stamp=None):
    """An email as Gmail or Outlook send it when the attendee answers an invitation."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Test client//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REPLY")
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp or timezone.now())
    vevent.add("dtstart", timezone.now() + datetime.timedelta(days=10))
    vevent.add("sequence", 0)
    vevent.add("organizer", icalendar.vCalAddress(ORGANIZER), encode=0)
    address = icalendar.vCalAddress(f"mailto:{attendee}")
    address.params["PARTSTAT"] = icalendar.vText(partstat)
    vevent.add("attendee", address, encode=0)
    calendar.add_component(vevent)
    message = EmailMessage()
    message["From"] = sender or attendee
    message["To"] = "newsroom@localhost"
    message["Subject"] = f"{partstat.title()}: A briefing on detention"
    message.set_content(f"{attendee} has answered {partstat}.")
    message.add_alternative(
        calendar.to_ical().decode(), subtype="calendar", params={"method": "REPLY"}
    )
    return message


def deliver(path, *messages):
    box = mailbox.Maildir(path, create=True)
    for message in messages:
        box.add(mailbox.MaildirMessage(message))
    return box


def process(path):
    out = io.StringIO()
    with committed():
        call_command("process_calendar_replies", str(path), stdout=out)
    return out.getvalue()


def seat(event, address, name="Amal Haddad"):
    with committed():
        registration = services.sign_up(
            event, event, {"name": name, "email": address, "language": "en"}
        ).registration
        services.confirm_email(registration)
    registration.refresh_from_db()
    return registration


def test_decline_frees_the_seat_for_the_waiting_list_and_accept_takes_it(tree, tmp_path):
    english, _arabic = make_event(tree, capacity=1)
    uid = event_uid(english.translation_key)
    amal = seat(english, "amal@example.org")
    lina = seat(english, "lina@example.org", name="Lina")
    assert (amal.status, lina.status) == (Status.CONFIRMED, Status.WAITLISTED)

    maildir = tmp_path / "Maildir"
    declined = reply(uid, "Amal@Example.org", "DECLINED", sender="Amal <amal@example.org>")
    deliver(maildir, declined)
    assert process(maildir) == "1 new messages: 1 cancelled.\n"
    amal.refresh_from_db()
    lina.refresh_from_db()
    assert amal.status == Status.CANCELLED
    assert lina.status == Status.OFFERED
    assert any(m.subject.startswith("A seat is free for you") for m in mail.outbox)
    cancelled = [m for m in mail.outbox if m.subject.startswith("Your registration is cancelled")]
    assert [m.to for m in cancelled] == [["amal@example.org"]]

    # Read again: the message is seen and nothing happens. The same answer sent twice changes
    # nothing either.
    assert process(maildir) == "0 new messages.\n"
    deliver(maildir, reply(uid, "amal@example.org", "DECLINED"))
    count = len(mail.outbox)
    assert process(maildir) == "1 new messages: 1 unchanged.\n"
    assert len(mail.outbox) == count

    # An Accept from someone holding a seat offer takes the seat, as the claim link would.
    deliver(maildir, reply(uid, "lina@example.org", "ACCEPTED"))
    assert process(maildir) == "1 new messages: 1 seat taken.\n"
    lina.refresh_from_db()
    assert lina.status == Status.CONFIRMED and lina.attendance_confirmed_at
    confirmed_at = lina.attendance_confirmed_at
    deliver(maildir, reply(uid, "lina@example.org", "ACCEPTED"))
    assert process(maildir) == "1 new messages: 1 unchanged.\n"
    lina.refresh_from_db()
    assert lina.attendance_confirmed_at == confirmed_at
    box = mailbox.Maildir(maildir, create=False)
    assert {box.get_message(key).get_subdir() for key in box.iterkeys()} == {"cur"}
    assert all("S" in box.get_message(key).get_flags() for key in box.iterkeys())


def test_accept_confirms_attendance_of_a_seat_holder(tree, tmp_path):
    english, _arabic = make_event(tree, capacity=None)
    amal = seat(english, "amal@example.org")
    assert amal.attendance_confirmed_at is None
    deliver(tmp_path / "box", reply(event_uid(english.translation_key), amal.email, "ACCEPTED"))
    assert process(tmp_path / "box") == "1 new messages: 1 attendance confirmed.\n"
    amal.refresh_from_db()
    assert amal.status == Status.CONFIRMED and amal.attendance_confirmed_at


def test_unknown_forged_stale_and_malformed_answers_are_skipped(tree, tmp_path):
    english, _arabic = make_event(tree, capacity=None)
    uid = event_uid(english.translation_key)
    amal = seat(english, "amal@example.org")
    broken = reply(uid, "amal@example.org", "DECLINED")
    for part in broken.walk():
        if part.get_content_type() == "text/calendar":
            part.set_content("BEGIN:VCALENDAR\nMETHOD:REPLY\nBEGIN:VEVENT\n", subtype="calendar")
    plain = EmailMessage()
    plain["From"] = "someone@example.org"
    plain.set_content("Out of office.")
    deliver(
        tmp_path / "box",
        reply(event_uid("00000000-0000-0000-0000-000000000000"), amal.email, "DECLINED"),
        reply(uid, "stranger@example.org", "DECLINED"),
        reply(uid, amal.email, "DECLINED", sender="mallory@example.org"),
        reply(uid, amal.email, "DECLINED", stamp=amal.created_at - datetime.timedelta(days=1)),
        reply(uid, amal.email, "TENTATIVE"),
        broken,
        plain,
    )
    output = process(tmp_path / "box")
    assert output.startswith("7 new messages: ")
    for outcome in (
        "1 unknown event",
        "1 unknown attendee",
        "1 sender is not the attendee",
        "1 older than the registration",
        "1 ignored",
        "1 malformed",
        "1 no calendar reply",
    ):
        assert outcome in output
    amal.refresh_from_db()
    assert amal.status == Status.CONFIRMED


def test_an_unreadable_mailbox_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="not a readable Maildir"):
        call_command("process_calendar_replies", str(tmp_path / "missing"))
    (tmp_path / "file").write_text("not a mailbox")
    with pytest.raises(CommandError):
        call_command("process_calendar_replies", str(tmp_path / "file"))


def test_a_decline_posted_to_the_inbound_webhook_frees_the_seat(tree, client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "esp:s3cret"}
    english, _arabic = make_event(tree, capacity=1)
    amal = seat(english, "amal@example.org")
    lina = seat(english, "lina@example.org", name="Lina")
    calendar = next(
        part.get_payload(decode=True)
        for part in reply(event_uid(english.translation_key), amal.email, "DECLINED").walk()
        if part.get_content_type() == "text/calendar"
    )
    # Postmark's inbound JSON, as its servers post it: the calendar is an attachment.
    body = {
        "FromFull": {"Email": "amal@example.org", "Name": "Amal Haddad"},
        "ToFull": [{"Email": "newsroom@localhost", "Name": ""}],
        "Subject": "Declined: A briefing on detention",
        "TextBody": "Amal Haddad has declined this invitation.",
        "Headers": [],
        "Attachments": [
            {
                "Name": "invite.ics",
                "Content": base64.b64encode(calendar).decode(),
                "ContentType": "text/calendar; method=REPLY",
                "ContentLength": len(calendar),
            }
        ],
    }
    credentials = base64.b64encode(b"esp:s3cret").decode()
    with committed():
        response = client.post(
            "/anymail/postmark/inbound/",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Basic {credentials}",
        )
    assert response.status_code == 200
    amal.refresh_from_db()
    lina.refresh_from_db()
    assert (amal.status, lina.status) == (Status.CANCELLED, Status.OFFERED)
