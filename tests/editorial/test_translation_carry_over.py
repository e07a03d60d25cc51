"""A changed source segment keeps its previous translation, flagged for review with the diff.

Through the admin's own views: the sync (the dashboard's, and wagtail-localize's update
view), the translation editor's page and its data, the endpoint its text boxes save to, the
review workflow. Nothing counts the carried-over text as translated until the translator has
saved it; nothing publishes it before.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from newsroom.content.models import StatementPage
from newsroom.demo import accounts
from newsroom.editorial import status
from newsroom.editorial.carry_over import diff_summary, word_diff
from newsroom.editorial.models import CarriedOverTranslation
from newsroom.editorial.status import pairs_for_page
from tests.factories import StatementPageFactory, localize, publish

BOUNDARY = "carry-over-boundary"

OLD = "Detainees were held for three weeks without access to a lawyer."
NEW = "Detainees were held for nine long days without access to a lawyer."
OTHER = "Their families were not told where they were."
ARABIC = {
    OLD: "احتُجز المعتقلون ثلاثة أسابيع دون الوصول إلى محامٍ.",
    OTHER: "لم تُبلَّغ عائلاتهم بأماكن احتجازهم.",
    "Forced returns must stop": "يجب وقف الإعادة القسرية",
    "Five organisations call for an inquiry.": "خمس منظمات تطالب بتحقيق.",
}
REVIEWED = "احتُجز المعتقلون تسعة أيام طويلة دون الوصول إلى محامٍ."


@pytest.fixture
def newsroom(tree):
    """The tree with the demo's groups, accounts and review workflow on both home pages."""
    groups, _ = accounts.ensure_groups(tree.home_ar)
    accounts.ensure_users(groups)
    accounts.ensure_review_workflow([tree.home_en, tree.home_ar])
    users = {user.username: user for user in get_user_model().objects.all()}
    return tree, users


def body(*paragraphs, block_id=None):
    block = {"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}
    if block_id:
        block["id"] = block_id  # the page editor keeps a block's id when its text is edited
    return [block]


def edit_body(page, *paragraphs):
    """The English page with its paragraph block's text changed, as the page editor saves it."""
    page = StatementPage.objects.get(pk=page.pk)
    page.body = body(*paragraphs, block_id=page.body[0].id)
    return publish(page)


@pytest.fixture
def statement(newsroom):
    """An English statement fully translated into Arabic and live in both languages."""
    tree, _users = newsroom
    english = publish(
        StatementPageFactory(
            parent=tree.statements_en,
            locale=tree.en,
            title="Forced returns must stop",
            subtitle="Five organisations call for an inquiry.",
            body=body(OLD, OTHER),
        )
    )
    arabic = localize(english, tree.ar, ARABIC)
    return english, arabic


def pair_of(page):
    (pair,) = [p for p in pairs_for_page(page) if p.target_locale.language_code == "ar"]
    return pair


def editor_data(client, page):
    """The props wagtail-localize's React editor is started with, from the real page."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, json.loads(soup.select_one(".js-translation-editor")["data-props"])


def segment_with_source(data, text):
    (segment,) = [s for s in data["segments"] if s["type"] == "string" and s["source"] == text]
    translations = [
        t for t in data["initialStringTranslations"] if t["segment_id"] == segment["id"]
    ]
    return segment, (translations[0] if translations else None)


def save_segment(client, data, segment, value):
    """What the editor's Save button sends: a multipart PUT to the segment's edit URL."""
    assert segment["editUrl"] == reverse(
        "wagtail_localize:edit_string_translation",
        args=[Translation.objects.get().pk, segment["id"]],
    )
    return client.put(
        segment["editUrl"],
        encode_multipart(BOUNDARY, {"value": value}),
        content_type=MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", BOUNDARY),
    )


def sync_from_dashboard(client, users, english, capture):
    client.force_login(users["translator"])
    with capture(execute=True):
        response = client.post(reverse("editorial:sync", args=[english.pk]), {"locale": "ar"})
    assert response.status_code == 302


def sync_with_update_view(client, users, english, capture):
    """wagtail-localize's "Sync translated pages", without publishing."""
    client.force_login(users["editor"])
    source = Translation.objects.get().source
    response = client.post(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("sync", [sync_from_dashboard, sync_with_update_view])
def test_a_changed_paragraph_starts_from_its_previous_translation(
    statement, newsroom, client, django_capture_on_commit_callbacks, sync
):
    tree, users = newsroom
    english, arabic = statement
    assert pair_of(english).status == status.IN_SYNC

    # Three words of one paragraph change in English; the page is published.
    english = edit_body(english, NEW, OTHER)
    assert pair_of(english).status == status.OUTDATED
    sync(client, users, english, django_capture_on_commit_callbacks)

    # The changed paragraph has its previous Arabic, flagged; it does not count as translated.
    pair = pair_of(english)
    assert (pair.status, pair.untranslated, pair.to_review) == (status.PENDING, 1, 1)

    client.force_login(users["translator"])
    html = client.get(reverse("editorial:page", args=[english.pk])).content.decode()
    assert re.search("[1١] للمراجعة", html)  # the translation status page counts it
    soup, data = editor_data(client, arabic)
    segment, carried = segment_with_source(data, NEW)
    assert carried["data"] == ARABIC[OLD]
    assert carried["needsReview"] is True
    # Said in the translator's language (the demo translator works in Arabic).
    assert carried["error"].startswith("بحاجة إلى مراجعة")
    assert "«\u2068three weeks\u2069» ← «\u2068nine long days\u2069»" in carried["error"]
    assert segment["previousSource"] == OLD
    assert ["delete", "three weeks"] in segment["sourceDiff"]
    assert ["insert", "nine long days"] in segment["sourceDiff"]
    # Unchanged segments are translated as before, not flagged.
    _other, kept = segment_with_source(data, OTHER)
    assert kept["data"] == ARABIC[OTHER] and not kept["error"] and "needsReview" not in kept
    # The panel above the editor shows the word diff and the previous translation.
    (review,) = soup.select("[data-editorial-review]")
    assert review["data-editorial-review"] == str(segment["id"])
    assert [d.contents[-1] for d in review.select("del")] == ["three weeks"]
    assert [i.contents[-1] for i in review.select("ins")] == ["nine long days"]
    assert ARABIC[OLD] in review.get_text()

    # Published as it is (an editor may), the unreviewed text does not reach readers, and the
    # pair still does not claim to be in sync.
    client.force_login(users["editor"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[arabic.pk])
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes then
        assert client.post(edit_url, {"action": "publish"}).status_code == 302
    live = StatementPage.objects.get(pk=arabic.pk)
    assert live.live and not live.has_unpublished_changes
    assert ARABIC[OLD] not in str(live.body) and ARABIC[OTHER] in str(live.body)
    assert pair_of(english).status == status.PENDING

    # The translator edits the prefilled text and saves it through the editor's endpoint.
    client.force_login(users["translator"])
    response = save_segment(client, data, segment, REVIEWED)
    assert response.status_code == 200, response.content
    assert response.json()["error"] is None
    assert not CarriedOverTranslation.objects.exists()
    pair = pair_of(english)
    assert (pair.untranslated, pair.to_review) == (0, 0)
    # Reviewed but not published yet: an unpublished change, not "in sync".
    assert pair.status == status.PENDING
    _soup, data = editor_data(client, arabic)
    _segment, saved = segment_with_source(data, NEW)
    assert (saved["data"], saved["error"]) == (REVIEWED, None)
    assert "needsReview" not in saved

    # Submitted and approved: published, and now in sync.
    translation = Translation.objects.get()
    response = client.post(reverse("editorial:submit_for_review", args=[translation.pk]))
    assert response.status_code == 302
    assert pair_of(english).status == status.IN_REVIEW
    client.force_login(users["reviewer"])
    response = client.post(reverse("editorial:review", args=[arabic.pk, "approve"]))
    assert response.status_code == 302
    live = StatementPage.objects.get(pk=arabic.pk)
    assert REVIEWED in str(live.body) and ARABIC[OTHER] in str(live.body)
    assert pair_of(english).status == status.IN_SYNC


def test_confirming_unchanged_text_is_a_review(statement, newsroom, client):
    """Saving the prefilled text as it is confirms it (the change did not touch its meaning)."""
    tree, users = newsroom
    english, arabic = statement
    english = StatementPage.objects.get(pk=english.pk)
    english.subtitle = "Five organisations call for an independent inquiry."
    publish(english)
    Translation.objects.get().source.update_from_db()

    client.force_login(users["translator"])
    _soup, data = editor_data(client, arabic)
    segment, carried = segment_with_source(data, english.subtitle)
    assert carried["data"] == ARABIC["Five organisations call for an inquiry."]
    assert carried["needsReview"] is True
    assert "أُضيف «\u2068independent\u2069»" in carried["error"]
    assert pair_of(english).to_review == 1
    assert save_segment(client, data, segment, carried["data"]).status_code == 200
    assert pair_of(english).to_review == 0
    assert pair_of(english).untranslated == 0


def test_only_changed_strings_are_carried_over(statement):
    english, _arabic = statement
    source = Translation.objects.get().source
    inserted = "A new paragraph about something else entirely, written later."
    # A paragraph inserted above the others: they only move, their translations stay as
    # they are; the new one has none (it replaces nothing).
    english = edit_body(english, inserted, OLD, OTHER)
    source.update_from_db()
    assert not CarriedOverTranslation.objects.exists()
    translated = {
        segment.string.data: segment.string.translations.filter(
            context=segment.context, has_error=False
        ).exists()
        for segment in StringSegment.objects.filter(source=source).select_related("string")
    }
    assert translated[OLD] and translated[OTHER] and not translated[inserted]

    # The paragraph then changes (and another is rewritten beyond recognition): only the one
    # that is still recognisably the same paragraph is carried over, to its own new text.
    rewritten = "Nobody has been able to reach them since the raid on the camp."
    english = edit_body(english, inserted, NEW, rewritten)
    source.update_from_db()
    (record,) = CarriedOverTranslation.objects.select_related("translation__translation_of")
    assert record.translation.translation_of.data == NEW
    assert record.previous_source == OLD
    assert record.translation.data == ARABIC[OLD]
    assert not StringTranslation.objects.filter(translation_of__data=rewritten).exists()


def test_a_second_change_before_review_diffs_from_the_translated_text(statement):
    english, _arabic = statement
    source = Translation.objects.get().source
    english = StatementPage.objects.get(pk=english.pk)
    english.title = "Forced returns at sea must stop"
    publish(english)
    source.update_from_db()
    english.title = "Forced returns at sea must stop now"
    publish(english)
    source.update_from_db()
    (record,) = CarriedOverTranslation.objects.select_related("translation__translation_of")
    assert record.translation.translation_of.data == "Forced returns at sea must stop now"
    assert record.previous_source == "Forced returns must stop"  # what the Arabic was made for
    assert record.translation.data == ARABIC["Forced returns must stop"]
    assert record.translation.has_error
    # The intermediate carry-over, never reviewed, is not kept as anyone's translation.
    assert not StringTranslation.objects.filter(
        translation_of__data="Forced returns at sea must stop"
    ).exists()


def test_word_diff_and_its_summary():
    ops = word_diff(OLD, NEW)
    assert "".join(text for op, text in ops if op != "insert") == OLD
    assert "".join(text for op, text in ops if op != "delete") == NEW
    # Quoted source text is isolated (FSI … PDI), so it keeps its direction in an Arabic note.
    assert diff_summary(ops) == "“\u2068three weeks\u2069” → “\u2068nine long days\u2069”"
    assert diff_summary(word_diff("a b c", "a c")) == "removed “\u2068b\u2069”"
    assert diff_summary(word_diff("a c", "a b c")) == "added “\u2068b\u2069”"
