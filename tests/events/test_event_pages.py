"""What event pages show of other apps, and what other pages show of events: the home's
upcoming events (events' template tag) and the sign-up box (registrations' template tag)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from newsroom.events.models import InvitationPage
from tests.factories import (
    EventPageFactory,
    OrganisationFactory,
    publish,
    taking_sign_ups,
    translate,
)

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


def home_events(client, home):
    return [
        title.get_text(strip=True)
        for title in html(client.get(home.url)).select(".home-events .event-list__title")
    ]


def test_home_lists_the_next_three_events_of_its_language(client, tree):
    for days in (9, 2, 5, 30):
        EventPageFactory(
            parent=tree.events_en, locale=tree.en, title=f"In {days} days", start=in_days(days)
        )
    EventPageFactory(parent=tree.events_en, locale=tree.en, title="Past", start=in_days(-3))
    english = EventPageFactory(
        parent=tree.events_en, locale=tree.en, title="Soon", start=in_days(1)
    )
    translate(english, tree.ar, title="قريبا")

    assert home_events(client, tree.home_en) == ["Soon", "In 2 days", "In 5 days"]
    assert home_events(client, tree.home_ar) == ["قريبا"]


def test_sign_up_box_on_the_event_and_its_invitations_only_when_sign_ups_are_taken(client, tree):
    event = EventPageFactory(
        parent=tree.events_en, locale=tree.en, sign_up_settings=taking_sign_ups()
    )
    invitation = event.add_child(
        instance=InvitationPage(title="You are invited", invitation_text="<p>Join us.</p>")
    )
    publish(invitation)
    quiet = EventPageFactory(parent=tree.events_en, locale=tree.en)

    for page in (event, invitation):
        box = html(client.get(page.url)).select_one("section#register form")
        assert box is not None, page.title
        assert box["action"] == f"/en/registrations/{page.pk}/"
    assert html(client.get(quiet.url)).select_one("section#register") is None


def test_each_row_of_an_event_and_its_calendar_link_carry_their_own_icon(client, tree):
    event = EventPageFactory(
        parent=tree.events_en,
        locale=tree.en,
        start=in_days(3),
        venue_name="Hall",
        online_url="https://meet.example.org/a",
    )
    event.organisers.add(OrganisationFactory(locale=tree.en))
    publish(event)
    arabic = translate(event, tree.ar, title="فعالية")
    for page in (event, arabic):
        page_html = html(client.get(page.url))
        rows = page_html.select(".event-meta__row dt svg")
        paths = [svg.decode_contents() for svg in rows]
        assert len(paths) == 4 and len(set(paths)) == 4, paths  # when, where, online, organisers
        calendar = page_html.select_one(".calendar-link svg")
        assert calendar is not None and calendar.decode_contents() == paths[0]
