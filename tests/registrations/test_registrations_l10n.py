"""An event as Arabic and English readers and invitees see it: the zone named by its place in
the reader's language (CLDR), addresses and lists with the language's own commas and words,
and Message-IDs on the site's domain."""

import re

import icalendar
import pytest
from bs4 import BeautifulSoup

from tests.factories import OrganisationFactory, localize, publish
from tests.support.registrations import ARABIC_LABELS, confirm, last_to, make_event, sign_up

pytestmark = pytest.mark.django_db

ADDRESS = "40 Rue de Lausanne\nGenève"


@pytest.fixture
def event(tree, settings):
    settings.SITE_URL = "https://newsroom.example.org"
    english, _ = make_event(tree, translate=False, venue_address=ADDRESS)
    amnesty = OrganisationFactory(name="Amnesty", locale=tree.en)
    rights = OrganisationFactory(name="Rights Watch", locale=tree.en)
    OrganisationFactory(name="العفو", locale=tree.ar, translation_key=amnesty.translation_key)
    OrganisationFactory(name="رصد الحقوق", locale=tree.ar, translation_key=rights.translation_key)
    english.organisers.set([amnesty, rights])
    english = publish(english)
    arabic = localize(english, tree.ar, ARABIC_LABELS)
    return english, arabic


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_pages_name_the_zone_by_its_place_in_the_readers_language(client, event):
    english, arabic = event
    for url, text, place in [
        (english.url, "(Zurich time)", "Zurich"),
        (arabic.url, "(بتوقيت زيورخ)", "زيورخ"),
    ]:
        soup = page(client, url)
        when = soup.select_one(".event-meta dd")
        assert text in when.text and "Europe/" not in soup.text
        assert when.select_one("bdi.time-zone").text == place  # isolated
        assert text in soup.select_one(".registration__when").text


def test_arabic_lists_use_cldr(client, event):
    english, arabic = event
    rows = page(client, arabic.url).select(".event-meta dd")
    assert "العفو ورصد الحقوق" in rows[-1].text  # CLDR's Arabic list: no Latin comma
    assert [a.text for a in rows[-1].select("a")] == []
    rows = page(client, english.url).select(".event-meta dd")
    assert "Amnesty and Rights Watch" in rows[-1].text


def test_arabic_emails_and_invitations_write_zone_and_address_in_arabic(client, event):
    _english, arabic = event
    sign_up(client, arabic, "salma@example.org", language="ar", name="سلمى")
    message = last_to("salma@example.org")
    where = "، ".join([arabic.venue_name, *arabic.venue_address.splitlines()])
    assert where.startswith("قصر الأمم، القاعة الثالثة والعشرون، ")
    assert "(بتوقيت زيورخ)" in message.body and "Europe/" not in message.body
    assert where in message.body and where in message.alternatives[0][0]
    assert re.fullmatch(
        r"<registration\.[0-9a-f]{32}@newsroom\.example\.org>", message.extra_headers["Message-ID"]
    )
    confirm(client, "salma@example.org")
    invitation = last_to("salma@example.org")
    assert invitation.extra_headers["Message-ID"] != message.extra_headers["Message-ID"]
    (vevent,) = icalendar.Calendar.from_ical(invitation.attachments[0][1]).walk("VEVENT")
    assert str(vevent["LOCATION"]) == where
