"""Topics, organisers, issuers and co-signatories on pages, in the page's language, with their
logos: kept in the fragment cache per choice, so every change to one of them (or to a logo)
shows at once."""

from pathlib import Path

import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    EventPageFactory,
    OrganisationFactory,
    StatementPageFactory,
    TopicFactory,
    publish,
    translate,
)


def signatories(client, url):
    response = client.get(url)
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").select_one(".signatories")
    return [item.get_text(strip=True) for item in section.select("li")], section


def test_signatories_in_the_pages_language_follow_every_change(client, tree):
    issuer = OrganisationFactory(name="Rights Alliance", locale=tree.en)
    issuer_ar = issuer.copy_for_translation(tree.ar)
    issuer_ar.name = "تحالف الحقوق"
    issuer_ar.save()
    cosigner = OrganisationFactory(name="Press Watch", locale=tree.en)  # not translated
    statement = StatementPageFactory(parent=tree.statements_en, locale=tree.en, issued_by=issuer)
    statement.co_signatories.add(cosigner)
    publish(statement)
    arabic = translate(statement, tree.ar, title="بيان مشترك")

    assert signatories(client, statement.url)[0] == ["Rights Alliance", "Press Watch"]
    assert signatories(client, arabic.url)[0] == ["تحالف الحقوق", "Press Watch"]

    cosigner_ar = cosigner.copy_for_translation(tree.ar)  # translated later
    cosigner_ar.name = "مرصد الصحافة"
    cosigner_ar.save()
    assert signatories(client, arabic.url)[0] == ["تحالف الحقوق", "مرصد الصحافة"]

    issuer_ar.name = "تحالف الحقوق والحريات"
    issuer_ar.save()
    assert signatories(client, arabic.url)[0] == ["تحالف الحقوق والحريات", "مرصد الصحافة"]

    logo = wagtail_factories.ImageFactory(title="Alliance logo", width=120, height=40)
    issuer_ar.logo = logo
    issuer_ar.save()
    _names, section = signatories(client, arabic.url)
    first_logo = section.select_one("img.organisation__logo")["src"]

    # The file replaced, as the admin does it: the old renditions go with the old file.
    logo.renditions.all().delete()
    logo.file = wagtail_factories.ImageFactory.build().file
    logo.save()
    _names, section = signatories(client, arabic.url)
    src = section.select_one("img.organisation__logo")["src"]
    assert src != first_logo and Path(logo.file.name).stem in src  # made from the new file


def names(client, url, selector):
    response = client.get(url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(strip=True) for item in html.select(selector)]


def test_topics_and_organisers_in_the_pages_language_follow_every_change(client, tree):
    topic = TopicFactory(slug="detention", name="Detention", locale=tree.en)
    organiser = OrganisationFactory(name="Geneva Forum", locale=tree.en)
    event = EventPageFactory(parent=tree.events_en, locale=tree.en)
    event.topics.add(topic)
    event.organisers.add(organiser)
    publish(event)
    arabic = translate(event, tree.ar, title="ندوة")
    assert names(client, arabic.url, ".topics .tag") == ["Detention"]  # not translated yet

    topic_ar = topic.copy_for_translation(tree.ar)
    topic_ar.name = "الاحتجاز"
    topic_ar.save()
    assert names(client, arabic.url, ".topics .tag") == ["الاحتجاز"]
    topic_ar.name = "الاعتقال"
    topic_ar.save()
    assert names(client, arabic.url, ".topics .tag") == ["الاعتقال"]
    assert names(client, event.url, ".topics .tag") == ["Detention"]

    assert "Geneva Forum" in client.get(arabic.url).content.decode()
    organiser_ar = organiser.copy_for_translation(tree.ar)
    organiser_ar.name = "منتدى جنيف"
    organiser_ar.save()
    page = client.get(arabic.url).content.decode()
    assert "منتدى جنيف" in page and "Geneva Forum" not in page


def test_a_pages_choices_are_read_together_and_a_drafts_shown_in_its_preview(client, tree):
    """Topics and co-signatories of a saved statement: one query for both (their localized
    versions come from the fragment cache); a preview shows the draft's unsaved choices."""
    detention = TopicFactory(slug="detention", name="Detention", locale=tree.en)
    press = TopicFactory(slug="press", name="Press freedom", locale=tree.en)
    cosigner = OrganisationFactory(name="Press Watch", locale=tree.en)
    statement = StatementPageFactory(parent=tree.statements_en, locale=tree.en)
    statement.topics.add(detention)
    statement.co_signatories.add(cosigner)
    publish(statement)
    client.get(statement.url)  # fills the fragments

    fresh = type(statement).objects.get(pk=statement.pk)
    with CaptureQueriesContext(connection) as captured:
        assert [topic.name for topic in fresh.localized_topics] == ["Detention"]
        assert [org.name for org in fresh.localized_co_signatories] == ["Press Watch"]
    # Outside a request the content version is read on each use, not once.
    queries = [q["sql"] for q in captured if "core_contentversion" not in q["sql"]]
    assert len(queries) == 1, queries

    draft = type(statement).objects.get(pk=statement.pk)
    draft.topics = [press]
    draft.co_signatories = []
    response = draft.make_preview_request()
    html = BeautifulSoup(response.content, "html.parser")
    assert [tag.get_text(strip=True) for tag in html.select(".topics .tag")] == ["Press freedom"]
    assert html.select_one(".signatories") is None
    assert names(client, statement.url, ".topics .tag") == ["Detention"]
