"""Invitations as a guest sees them: one reply deadline on the pages and in the email, one
calendar UID for an event wherever it appears, reminders that carry the calendar."""

import datetime

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from django.utils.html import strip_tags

from newsroom.core.identifiers import event_uid
from newsroom.events.deadlines import reply_deadline
from newsroom.events.models import InvitationPage
from newsroom.feeds.building import rebuild
from newsroom.registrations import emails, services, tasks
from newsroom.registrations.models import Registration, SignUpSettings
from tests.factories import EventPageFactory, publish
from tests.support.registrations import make_event, sign_up
from tests.support.transactions import committed

pytestmark = pytest.mark.django_db


def text(node):
    return " ".join(node.get_text().split())


def add_invitation(event, respond_by=None):
    invitation = InvitationPage(
        title="Invitation: a briefing on detention",
        slug="invitation",
        invitation_text="<p>You are invited.</p>",
        publication_date=timezone.localdate(),
        locale=event.locale,
        respond_by=respond_by,
    )
    event.add_child(instance=invitation)
    return publish(invitation)


def written(deadline, zone, language="en"):
    with translation.override(language):
        return " ".join(strip_tags(emails.deadline_text(deadline, zone)).split())


def test_the_reply_deadline_is_the_registration_closing_time_everywhere(client, tree, smtp):
    start = timezone.now() + datetime.timedelta(days=30)
    closes = start - datetime.timedelta(days=3)
    english, arabic = make_event(
        tree,
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=10,
        sign_ups={"closes_at": closes, "invitation_only": True},
    )
    # An editor's own "respond by" a week before the form closes: the contradiction.
    stale = (start - datetime.timedelta(days=10)).date()
    invitation = add_invitation(english, respond_by=stale)
    expected = written(closes, english.time_zone)
    assert reply_deadline(english, invitation) == closes

    soup = BeautifulSoup(client.get(invitation.url).content, "html.parser")
    rsvp = text(soup.select_one(".invitation__rsvp"))
    assert rsvp == f"Please respond by {expected}."
    assert text(soup.select_one(".registration__when")) == (
        f"Registration is open until {expected}."
    )
    assert written(stale, english.time_zone) not in text(soup)

    soup = BeautifulSoup(client.get(english.url).content, "html.parser")
    listed = text(soup.select_one(".invitations__list .muted"))
    assert listed == f"Please respond by {expected}"

    # The personal invitation email says the same, in each guest's language.
    with committed():
        services.create_invite(services.event_state(english), "Amal", "amal@example.org", "en")
        services.create_invite(services.event_state(english), "سلمى", "salma@example.org", "ar")
    (message,) = smtp.handler.to("amal@example.org")
    body = " ".join(message.get_body(("plain",)).get_content().split())
    assert f"Please respond by {expected}." in body
    html = BeautifulSoup(message.get_body(("html",)).get_content(), "html.parser")
    assert f"Please respond by {expected}." in text(html)
    (arabic_message,) = smtp.handler.to("salma@example.org")
    arabic_body = " ".join(arabic_message.get_body(("plain",)).get_content().split())
    assert f"يُرجى الرد في موعد أقصاه {written(closes, arabic.time_zone, 'ar')}." in arabic_body


def test_without_sign_ups_the_invitation_keeps_its_own_day(client, tree):
    english, _arabic = make_event(tree)
    SignUpSettings.objects.filter(page=english).update(enabled=False)
    day = (english.start - datetime.timedelta(days=5)).date()
    invitation = add_invitation(english, respond_by=day)
    soup = BeautifulSoup(client.get(invitation.url).content, "html.parser")
    assert text(soup.select_one(".invitation__rsvp")) == (
        f"Please respond by {day.day} {day.strftime('%B')} {day.year}."
    )
    assert soup.select_one(".registration") is None
    assert reply_deadline(english) is None


def calendar_parts(message):
    """(method parameter, parsed calendar) of every text/calendar part of a received email."""
    return [
        (part.get_param("method"), icalendar.Calendar.from_ical(part.get_content()))
        for part in message.walk()
        if part.get_content_type() == "text/calendar"
    ]


def uids(calendar):
    return {str(vevent["UID"]) for vevent in calendar.walk("VEVENT")}


def register(client, page, address, language, name="Amal Haddad"):
    sign_up(client, page, address, language=language, name=name)
    with committed():
        services.confirm_email(Registration.objects.get(email=address))


def test_an_event_has_one_uid_in_the_public_calendars_and_every_invitation(client, tree, smtp):
    english, arabic = make_event(tree, capacity=None)
    register(client, english, "amal@example.org", "en")
    register(client, arabic, "salma@example.org", "ar", name="سلمى")
    rebuild({"*"})

    public = {}
    for path in (
        "/en/feeds/events.ics",
        "/ar/feeds/events.ics",
        f"/en/feeds/events/{english.translation_key}.ics",
        f"/ar/feeds/events/{english.translation_key}.ics",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        public[path] = uids(icalendar.Calendar.from_ical(response.content))
    invitations = {}
    for address in ("amal@example.org", "salma@example.org"):
        (confirmation,) = [m for m in smtp.handler.to(address) if calendar_parts(m)]
        for method, calendar in calendar_parts(confirmation):
            assert method == "REQUEST"
            invitations[address, method] = uids(calendar)
    everywhere = set().union(*public.values(), *invitations.values())
    assert everywhere == {event_uid(english.translation_key)}
    assert all(len(found) == 1 for found in [*public.values(), *invitations.values()])


def test_the_reminder_carries_the_invitation_again(client, tree, smtp):
    start = timezone.now() + datetime.timedelta(hours=20)
    english, _arabic = make_event(
        tree, start=start, end=start + datetime.timedelta(hours=2), capacity=None
    )
    register(client, english, "amal@example.org", "en")
    (confirmation,) = [m for m in smtp.handler.to("amal@example.org") if calendar_parts(m)]
    (_, invitation), _ = calendar_parts(confirmation)

    assert tasks.send_reminders() == 1
    (reminder,) = [
        m for m in smtp.handler.to("amal@example.org") if m["Subject"].startswith("Tomorrow")
    ]
    attachment = next(p for p in reminder.iter_attachments() if p.get_filename() == "invite.ics")
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    parts = calendar_parts(reminder)
    assert len(parts) == 2  # the alternative calendar apps show buttons for, and the file
    (original,) = invitation.walk("VEVENT")
    for method, calendar in parts:
        assert method == "REQUEST" and str(calendar["METHOD"]) == "REQUEST"
        assert calendar.get_missing_tzids() == set()
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["UID"]) == str(original["UID"]) == event_uid(english.translation_key)
        assert vevent["SEQUENCE"] == original["SEQUENCE"]
        assert vevent.decoded("DTSTAMP") >= original.decoded("DTSTAMP")
        assert vevent.decoded("DTSTART") == start.replace(microsecond=0)
        assert str(vevent["ATTENDEE"]) == "mailto:amal@example.org"
        assert str(vevent["STATUS"]) == "CONFIRMED"
    assert tasks.send_reminders() == 0


def test_the_api_gives_the_same_reply_deadline_as_the_invitation_page(client, tree):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    closes = start - datetime.timedelta(days=3)
    english, _arabic = make_event(
        tree, start=start, end=start + datetime.timedelta(hours=2), sign_ups={"closes_at": closes}
    )
    invitation = add_invitation(english, respond_by=(start - datetime.timedelta(days=10)).date())
    answer = client.get(f"/api/v1/pages/{invitation.pk}").json()["invitation"]
    assert datetime.datetime.fromisoformat(answer["respond_by"]) == closes

    without = publish(
        EventPageFactory(parent=tree.events_en, locale=tree.en, title="A second briefing")
    )
    day = (without.start - datetime.timedelta(days=5)).date()
    own = add_invitation(without, respond_by=day)
    answer = client.get(f"/api/v1/pages/{own.pk}").json()["invitation"]
    assert answer["respond_by"] == day.isoformat()
