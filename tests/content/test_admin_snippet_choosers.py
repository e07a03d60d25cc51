"""Page forms offer, and accept, only the topics and organisations of the page's language."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from newsroom.content.forms import OTHER_LANGUAGE
from newsroom.content.models import NewsPage, ReportPage, StatementPage
from newsroom.events.models import EventPage, InvitationPage
from tests.factories import (
    EventPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    ReportIndexPageFactory,
    StatementPageFactory,
    TopicFactory,
    translate,
)

# page model → its many-to-many fields to translatable snippets
SNIPPET_LISTS = {
    StatementPage: ["topics", "co_signatories"],
    NewsPage: ["topics"],
    ReportPage: ["topics"],
    EventPage: ["topics", "organisers"],
    InvitationPage: ["topics"],
}


@pytest.fixture
def site(tree):
    """The bilingual tree with a reports section, an event per language, and snippets."""
    reports_en = ReportIndexPageFactory(parent=tree.home_en, locale=tree.en)
    reports_ar = translate(reports_en, tree.ar, title="التقارير")
    event_en = EventPageFactory(parent=tree.events_en, locale=tree.en)
    event_ar = EventPageFactory(parent=tree.events_ar, locale=tree.ar, title="فعالية")
    tree.parents = {
        "en": {
            StatementPage: tree.statements_en,
            NewsPage: tree.news_en,
            ReportPage: reports_en,
            EventPage: tree.events_en,
            InvitationPage: event_en,
        },
        "ar": {
            StatementPage: tree.statements_ar,
            NewsPage: tree.news_ar,
            ReportPage: reports_ar,
            EventPage: tree.events_ar,
            InvitationPage: event_ar,
        },
    }
    tree.snippets = {"en": {}, "ar": {}}
    for name_en, name_ar in [("Torture", "التعذيب"), ("Migration", "الهجرة")]:
        topic = TopicFactory(locale=tree.en, name=name_en, slug=name_en.lower())
        topic_ar = TopicFactory(
            locale=tree.ar, name=name_ar, slug=topic.slug, translation_key=topic.translation_key
        )
        tree.snippets["en"].setdefault("topics", []).append(topic)
        tree.snippets["ar"].setdefault("topics", []).append(topic_ar)
    for name_en, name_ar in [("Press Observatory", "مرصد الصحافة"), ("Legal Aid", "العون")]:
        org = OrganisationFactory(locale=tree.en, name=name_en)
        org_ar = OrganisationFactory(
            locale=tree.ar, name=name_ar, translation_key=org.translation_key
        )
        tree.snippets["en"].setdefault("organisations", []).append(org)
        tree.snippets["ar"].setdefault("organisations", []).append(org_ar)
    return tree


def existing_page(site, model, language):
    parent = site.parents[language][model]
    locale = site.en if language == "en" else site.ar
    factories = {
        StatementPage: StatementPageFactory,
        NewsPage: NewsPageFactory,
        EventPage: EventPageFactory,
    }
    if model in factories:
        return factories[model](parent=parent, locale=locale)
    page = model(
        title=f"{model._meta.verbose_name} {language}",
        locale=locale,
        publication_date=timezone.localdate(),
        **({"invitation_text": "<p>Welcome</p>"} if model is InvitationPage else {}),
    )
    parent.add_child(instance=page)
    return page


def create_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def offered(response, field):
    """The snippet ids a form offers for ``field``, as the checkboxes a person ticks."""
    form = BeautifulSoup(response.content, "html.parser")
    assert not form.select(f"select[name={field}]"), f"{field} is still a multi-select"
    return {int(box["value"]) for box in form.select(f"input[type=checkbox][name={field}]")}


def snippet_ids(site, language, field):
    kind = "topics" if field == "topics" else "organisations"
    return {snippet.pk for snippet in site.snippets[language][kind]}


def issued_by_chooser_locale(response):
    form = BeautifulSoup(response.content, "html.parser")
    chooser = form.select_one("[data-chooser-url][id='id_issued_by-chooser']") or next(
        element
        for element in form.select("[data-chooser-url]")
        if "snippets/choose" in element["data-chooser-url"]
    )
    return parse_qs(urlparse(chooser["data-chooser-url"]).query).get("locale")


def test_create_forms_list_only_the_parents_language(site, admin_client):
    for language in ["en", "ar"]:
        for model, fields in SNIPPET_LISTS.items():
            response = admin_client.get(create_url(model, site.parents[language][model]))
            assert response.status_code == 200
            for field in fields:
                assert offered(response, field) == snippet_ids(site, language, field), (
                    model,
                    language,
                    field,
                )
            if model is StatementPage:
                assert issued_by_chooser_locale(response) == [language]


def test_edit_forms_list_only_the_pages_language(site, admin_client):
    for language in ["en", "ar"]:
        for model, fields in SNIPPET_LISTS.items():
            page = existing_page(site, model, language)
            response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            assert response.status_code == 200
            for field in fields:
                assert offered(response, field) == snippet_ids(site, language, field), (
                    model,
                    language,
                    field,
                )


def statement_form(site, **choices):
    """The create form as a browser posts it, with ``choices`` (lists: one value per box)."""
    data = nested_form_data(
        {
            "title": "Release the detained journalists",
            "slug": "release-the-detained-journalists",
            "subtitle": "",
            "publication_date": datetime.date(2026, 5, 3).isoformat(),
            "body": streamfield([]),
            "related_pages": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data.update(choices)
    return data


def test_a_topic_of_the_other_language_is_a_form_error(site, admin_client):
    arabic_topic = site.snippets["ar"]["topics"][0]
    response = admin_client.post(
        create_url(StatementPage, site.statements_en),
        statement_form(site, topics=[arabic_topic.pk]),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["topics"] == [str(OTHER_LANGUAGE)]
    assert not StatementPage.objects.filter(slug="release-the-detained-journalists").exists()


def test_an_organisation_of_the_other_language_is_a_form_error(site, admin_client):
    arabic = site.snippets["ar"]["organisations"]
    response = admin_client.post(
        create_url(StatementPage, site.statements_en),
        statement_form(site, co_signatories=[arabic[0].pk], issued_by=arabic[1].pk),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["co_signatories"] == errors["issued_by"] == [str(OTHER_LANGUAGE)]
    assert not StatementPage.objects.filter(slug="release-the-detained-journalists").exists()


def test_the_pages_own_language_is_saved(site, admin_client):
    topics = site.snippets["en"]["topics"]
    organisations = site.snippets["en"]["organisations"]
    response = admin_client.post(
        create_url(StatementPage, site.statements_en),
        statement_form(
            site,
            topics=[topic.pk for topic in topics],
            co_signatories=[organisations[0].pk],
            issued_by=organisations[1].pk,
        ),
    )
    assert response.status_code == 302
    page = StatementPage.objects.get(slug="release-the-detained-journalists")
    draft = page.get_latest_revision_as_object()
    assert set(draft.topics.all()) == set(topics)
    assert list(draft.co_signatories.all()) == [organisations[0]]
    assert draft.issued_by == organisations[1]


def test_a_copied_page_ticks_the_translations_of_its_topics(site, admin_client):
    """A page copied from the other language still points at that language's topics."""
    english = StatementPageFactory(parent=site.statements_en, locale=site.en)
    english.topics.set(site.snippets["en"]["topics"][:1])
    english.save()
    arabic = translate(english, site.ar, title="بيان")
    assert list(arabic.topics.all()) == site.snippets["en"]["topics"][:1]

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk]))
    form = BeautifulSoup(response.content, "html.parser")
    ticked = {int(box["value"]) for box in form.select("input[name=topics][checked]")}
    assert ticked == {site.snippets["ar"]["topics"][0].pk}
