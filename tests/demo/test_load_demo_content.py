"""The demo loader: a complete bilingual site, made through wagtail-localize, loaded once."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import String, StringTranslation, Translation

from newsroom.content.models import HomePage, NewsPage, StatementPage
from newsroom.core.models import OrganisationProfile
from newsroom.demo.text import T, localise, paragraph, with_ids
from newsroom.demo.translation import DemoContentError, string_pairs
from newsroom.events.models import EventPage

ARABIC_LETTERS = set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
MODELS = [
    Page,
    Revision,
    get_image_model(),
    get_document_model(),
    String,
    StringTranslation,
    OrganisationProfile,
]


def has_arabic(text):
    return bool(ARABIC_LETTERS & set(text))


def snapshot():
    """Row count and highest id of everything a rerun could add."""
    return {
        model.__name__: (model.objects.count(), model.objects.aggregate(Max("pk"))["pk__max"])
        for model in MODELS
    }


def load():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_content_loads_and_a_rerun_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load()
    english = Locale.objects.get(language_code="en")
    arabic = Locale.objects.get(language_code="ar")
    live = Page.objects.live().exclude(depth=1)

    assert live.count() >= 30
    english_pages = live.filter(locale=english)
    arabic_pages = live.filter(locale=arabic)
    assert english_pages.count() >= 15
    assert arabic_pages.count() >= 15

    # The site serves the English home page, which replaced Wagtail's "Welcome" page.
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.locale == english and home.depth == 2
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    assert site.site_name == "Newsroom"

    # Every Arabic page is a translation of an English page, kept by wagtail-localize and
    # complete, with Arabic text in it.
    english_keys = set(english_pages.values_list("translation_key", flat=True))
    for page in arabic_pages.specific():
        assert page.translation_key in english_keys, page
        translation = Translation.objects.get(
            source__object_id=page.translation_key, target_locale=arabic
        )
        total, translated = translation.get_progress()
        assert total and total == translated, page
        assert has_arabic(page.title), page
        if hasattr(page, "subtitle"):
            assert has_arabic(page.subtitle), page

    # One news item exists only in English.
    only_english = [
        page for page in NewsPage.objects.live() if page.get_translation_or_none(arabic) is None
    ]
    assert len(only_english) == 1 and only_english[0].locale == english

    # The joint statement and the language of each full-text PDF.
    joint = StatementPage.objects.get(locale=english, slug="release-detained-journalists")
    assert joint.co_signatories.count() == 3
    assert joint.issued_by is not None
    for statement in StatementPage.objects.live():
        assert statement.full_document.language == statement.locale.language_code
    assert get_document_model().objects.filter(language="ar").count() >= 8

    # Two events lie ahead, whatever day the demo is loaded.
    upcoming = EventPage.objects.live().filter(locale=english, end__gte=timezone.now())
    assert upcoming.count() == 2
    assert any(event.get_children().live().exists() for event in upcoming)

    # Search finds Arabic pages, also when a word is typed without its hamza.
    arabic_joint = joint.get_translation(arabic)
    assert arabic_joint.pk in {page.pk for page in Page.objects.live().search("الافراج")}
    assert joint.pk in {page.pk for page in Page.objects.live().search("journalists")}

    # The organisation: set up in English with its logo, translated through wagtail-localize
    # (the Arabic profile links to the Arabic website), and shown by the pages.
    profile_en = OrganisationProfile.objects.get(locale=english)
    profile_ar = profile_en.get_translation(arabic)
    assert profile_en.name == "Coalition for Rights and Dignity" and profile_en.logo is not None
    assert profile_ar.name == "تحالف الحقوق والكرامة" and profile_ar.logo == profile_en.logo
    assert profile_ar.accent_colour == profile_en.accent_colour
    assert profile_ar.website_url == "https://crd.example.org/ar/"
    assert has_arabic(profile_ar.short_description) and has_arabic(profile_ar.contact_address)
    total, translated = Translation.objects.get(
        source__object_id=profile_en.translation_key, target_locale=arabic
    ).get_progress()
    assert total and total == translated

    # The accounts and what they may do.
    translator = authenticate(username="translator", password="newsroom-demo")
    editor = authenticate(username="editor", password="newsroom-demo")
    assert translator and editor and authenticate(username="admin", password="newsroom-demo")
    arabic_home = home.get_translation(arabic)
    assert arabic_home.permissions_for_user(translator).can_edit()
    assert not arabic_home.permissions_for_user(translator).can_publish()
    assert not home.permissions_for_user(translator).can_edit()
    assert arabic_home.permissions_for_user(editor).can_publish()
    assert home.permissions_for_user(editor).can_publish()
    assert get_user_model().objects.get(username="reviewer").groups.filter(name="Moderators")
    assert editor.has_perm("core.change_organisationprofile")
    assert translator.has_perm("core.change_organisationprofile")

    before = snapshot()
    output = load()
    assert "already loaded" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_arabic_text_with_a_different_structure_is_refused():
    # Two English paragraphs, one Arabic: the strings cannot be paired path by path.
    body = [paragraph(T("One.", "واحد."), T("Two.", ""))]
    english = StatementPage(title="Title", slug="s", body=localise(with_ids("s", body), "en"))
    arabic = StatementPage(title="عنوان", slug="s", body=localise(with_ids("s", body), "ar"))
    with pytest.raises(DemoContentError):
        string_pairs(english, arabic)
