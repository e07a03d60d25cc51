"""The organisation's profile (newsroom.core.organisation): set in the admin, translated with
wagtail-localize, and shown by pages, emails, calendar invitations, the API and the
"unavailable" page in each language; free on a warm page; a bad colour is a form error."""

import email
import email.policy
import email.utils
import io
import json

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model

from newsroom.core import content_version
from newsroom.core.models import OrganisationProfile
from newsroom.core.organisation import profile_for
from newsroom.core.unavailable import render_page
from newsroom.demo.media import render_logo
from tests.factories import (
    OrganisationFactory,
    StatementPageFactory,
    organisation_profile,
    translate,
)
from tests.support.registrations import confirm, make_event, sign_up
from tests.support.transactions import committed

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_core_organisationprofile:add"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def profiles(tree):
    return organisation_profile(
        tree,
        short_description="We watch.",
        contact_address="1 Example Street\nExample City",
        website_url="https://rights.example.org/",
        footer_text="A demo association.",
    )


def rename(profile, name):
    profile.name = name
    profile.save()


def page_names(client, language):
    """The organisation's name where a page shows it: header, title, OpenGraph, footer."""
    html = BeautifulSoup(client.get(f"/{language}/").content, "html.parser")
    return {
        "header": html.select_one(".brand__name").get_text(strip=True),
        "title": html.title.string.rsplit(" – ", 1)[1],
        "og": html.select_one('meta[property="og:site_name"]')["content"],
        "footer": html.select_one(".site-footer__brand").get_text(strip=True),
    }


def test_pages_show_the_profile_of_their_language_and_a_change_at_once(client, tree, profiles):
    english, arabic = profiles
    assert set(page_names(client, "en").values()) == {"Rights Watch"}
    assert set(page_names(client, "ar").values()) == {"مرصد الحقوق"}

    rename(arabic, "مرصد الحريات")
    assert set(page_names(client, "ar").values()) == {"مرصد الحريات"}
    assert set(page_names(client, "en").values()) == {"Rights Watch"}
    rename(english, "Liberty Watch")
    assert set(page_names(client, "en").values()) == {"Liberty Watch"}

    footer = BeautifulSoup(client.get("/en/").content, "html.parser").select_one(".site-footer")
    assert "We watch." in footer.get_text()
    assert footer.select_one("address").get_text("|", strip=True) == "1 Example Street|Example City"
    assert footer.select_one('a[href="https://rights.example.org/"]').get_text() == "Website"
    assert "A demo association." in footer.select_one(".site-footer__legal").get_text()
    footer = BeautifulSoup(client.get("/ar/").content, "html.parser").select_one(".site-footer")
    link = footer.select_one('a[href="https://rights.example.org/"]')
    assert link.get_text() == "الموقع الإلكتروني"


def test_json_ld_names_the_organisation_as_publisher_and_the_issuer_as_author(
    client, tree, profiles
):
    issuer = OrganisationFactory(name="Press Watch", locale=tree.en)
    statement = StatementPageFactory(
        parent=tree.statements_en, locale=tree.en, title="Free them", issued_by=issuer
    )
    arabic = translate(statement, tree.ar, title="أفرجوا عنهم")
    for page, name in [(statement, "Rights Watch"), (arabic, "مرصد الحقوق")]:
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        data = json.loads(html.select_one('script[type="application/ld+json"]').string)
        assert data["publisher"] == {
            "@type": "Organization",
            "name": name,
            "url": "https://rights.example.org/",
        }
        assert data["author"] == [{"@type": "Organization", "name": "Press Watch"}]


def test_the_logo_is_shown_beside_the_name(client, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logo = get_image_model()(title="Logo")
    logo.file = ImageFile(io.BytesIO(render_logo("#1f5f8b")), name="logo.png")
    logo._set_image_file_metadata()
    logo.save()
    organisation_profile(tree, logo=logo)
    brand = BeautifulSoup(client.get("/ar/").content, "html.parser").select_one(".brand")
    image = brand.select_one("img.brand__logo")
    assert (image["alt"], image["height"]) == ("", "96")  # the name beside it is the text
    assert (tmp_path / image["src"].removeprefix(settings.MEDIA_URL)).is_file()
    assert brand.select_one(".brand__name").get_text() == "مرصد الحقوق"
    api_logo = client.get("/api/v1/organisation?locale=ar").json()["results"][0]["logo"]
    assert api_logo["url"] == settings.SITE_URL + image["src"]


def test_a_language_without_a_translation_borrows_the_default_one_and_none_is_the_site_name(
    client, tree
):
    assert set(page_names(client, "ar").values()) == {"Newsroom"}
    OrganisationProfile.objects.create(locale=tree.en, name="Rights Watch")
    assert set(page_names(client, "ar").values()) == {"Rights Watch"}


def test_saving_the_profile_moves_the_content_version(tree, profiles):
    before = content_version.current()
    rename(profiles[0], "Liberty Watch")
    assert content_version.current() != before


def warm_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_warm_page_reads_no_profile(client, tree, language):
    without = warm_queries(client, f"/{language}/")
    organisation_profile(tree, logo=None)
    with_profile = warm_queries(client, f"/{language}/")
    assert len(with_profile) == len(without)
    assert not [sql for sql in with_profile if "organisationprofile" in sql.lower()]


def test_the_accent_colour_comes_as_a_stylesheet_the_policy_allows(client, tree):
    organisation_profile(tree, accent_colour="#1F5F8B")
    html = BeautifulSoup(client.get("/en/").content, "html.parser")
    href = html.select_one('link[href^="/accent/"]')["href"]
    assert href == "/accent/1f5f8b.css"
    response = client.get(href)
    assert response["Content-Type"].startswith("text/css")
    assert "--accent:#1f5f8b;" in response.content.decode()
    assert "immutable" in response["Cache-Control"]
    assert not html.select("[style]")


def test_emails_come_from_the_organisation_in_the_readers_language(client, tree, profiles):
    with committed():
        client.post(
            "/ar/newsletter/",
            {"email": "reader@example.org", "language": "ar", "frequency": "weekly"},
        )
    [message] = mail.outbox
    name, address = email.utils.parseaddr(message.from_email)
    assert name == "مرصد الحقوق"
    assert address == email.utils.parseaddr(settings.NEWSLETTER_FROM_EMAIL)[1]
    assert "1 Example Street، Example City" in message.body  # the footer's postal address
    assert "نشرة مرصد الحقوق البريدية" in message.subject
    # As a mail client reads the header (RFC 2047 encoded on the wire).
    sent = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert sent["From"].addresses[0].display_name == "مرصد الحقوق"

    rename(profiles[1], "مرصد الحريات")
    mail.outbox.clear()
    with committed():
        client.post(
            "/ar/newsletter/",
            {"email": "other@example.org", "language": "ar", "frequency": "weekly"},
        )
    assert email.utils.parseaddr(mail.outbox[0].from_email)[0] == "مرصد الحريات"


def invitation_organizer(message):
    calendar = next(
        content for content, mimetype in message.alternatives if mimetype.startswith("text/cal")
    )
    (vevent,) = icalendar.Calendar.from_ical(calendar).walk("VEVENT")
    return vevent["ORGANIZER"]


@pytest.mark.parametrize(("language", "name"), [("en", "Rights Watch"), ("ar", "مرصد الحقوق")])
def test_invitations_name_the_organisation_as_organizer(client, tree, profiles, language, name):
    english, arabic = make_event(tree)
    page = english if language == "en" else arabic
    sign_up(client, page, "amal@example.org", language=language)
    confirm(client, "amal@example.org")
    message = mail.outbox[-1]
    organizer = invitation_organizer(message)
    assert organizer.params["CN"] == name
    assert str(organizer) == f"mailto:{email.utils.parseaddr(message.from_email)[1]}"
    assert email.utils.parseaddr(message.from_email)[0] == name


def test_the_api_gives_the_profile_in_each_language(client, tree, profiles):
    body = client.get("/api/v1/organisation").json()
    by_locale = {item["locale"]: item for item in body["results"]}
    assert by_locale["en"]["name"] == "Rights Watch"
    assert by_locale["ar"]["name"] == "مرصد الحقوق"
    assert by_locale["en"]["contact_address"] == ["1 Example Street", "Example City"]
    assert by_locale["ar"]["links"] == [
        {"kind": "website_url", "url": "https://rights.example.org/"}
    ]
    assert [
        item["name"] for item in client.get("/api/v1/organisation?locale=ar").json()["results"]
    ] == ["مرصد الحقوق"]
    rename(profiles[1], "مرصد الحريات")  # a script's save: no audit-log entry
    body = client.get("/api/v1/organisation?locale=ar").json()
    assert [item["name"] for item in body["results"]] == ["مرصد الحريات"]
    assert client.get("/api/v1/organisation?locale=fr").status_code == 400


def test_the_unavailable_page_uses_the_last_known_name_without_the_database(
    tree, profiles, django_assert_num_queries
):
    profile_for("ar")  # a page, an email or a feed read it while the database was up
    with django_assert_num_queries(0):
        html = render_page("ar")
    assert "مرصد الحقوق" in html


# --- Admin.


def profile_form(**changes):
    data = {
        "name": "Rights Watch",
        "short_description": "",
        "logo": "",
        "accent_colour": "#1f5f8b",
        "website_url": "",
        "mastodon_url": "",
        "bluesky_url": "",
        "facebook_url": "",
        "instagram_url": "",
        "youtube_url": "",
        "contact_email": "",
        "contact_address": "",
        "footer_text": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("colour", "message"),
    [("#fff", "six hexadecimal digits"), ("red", "six hexadecimal digits"), ("#ffd24a", "light")],
)
def test_a_bad_colour_is_a_form_error(admin_client, tree, colour, message):
    response = admin_client.post(
        reverse(ADD_URL) + "?locale=en", profile_form(accent_colour=colour)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OrganisationProfile.objects.exists()


def test_editors_set_it_up_under_settings_and_a_second_profile_is_refused(admin_client, tree):
    menu = admin_client.get("/admin/").content.decode()
    assert reverse("wagtailsnippets_core_organisationprofile:list") in menu
    response = admin_client.post(reverse(ADD_URL) + "?locale=en", profile_form())
    assert response.status_code == 302
    profile = OrganisationProfile.objects.get()
    assert profile.name == "Rights Watch"
    listing = admin_client.get(reverse("wagtailsnippets_core_organisationprofile:list"))
    assert listing.status_code == 200 and "Rights Watch" in listing.content.decode()
    edit_url = reverse("wagtailsnippets_core_organisationprofile:edit", args=[profile.pk])
    assert "Accent colour" in admin_client.get(edit_url).content.decode()

    response = admin_client.post(reverse(ADD_URL) + "?locale=ar", profile_form(name="آخر"))
    assert response.status_code == 200
    assert "translate it" in response.content.decode()
    assert OrganisationProfile.objects.count() == 1


def test_translators_translate_it_with_wagtail_localize(admin_client, tree):
    english = OrganisationProfile.objects.create(
        locale=tree.en, name="Rights Watch", accent_colour="#1f5f8b"
    )
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["core", "organisationprofile", english.pk],
    )
    response = admin_client.post(url, {"locales": [tree.ar.pk]})
    assert response.status_code == 302
    arabic = english.get_translation(tree.ar)
    assert arabic.accent_colour == "#1f5f8b"  # copied, not translated
    # The copy is what Arabic pages show until a translator translates the name.
    assert profile_for("ar").name == "Rights Watch"
