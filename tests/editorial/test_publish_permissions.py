"""A translator can never publish, by any path; reviewers and editors can, by the same path.

Each test drives one real admin URL with the POST the screen sends, as the demo accounts
(the demo's groups and review workflow on the bilingual tree), and looks at the database
afterwards: is the page live, which revision is live, is a go-live date approved.
"""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks.base import BlockField
from wagtail.log_actions import LogContext
from wagtail.models import Page, Revision, WorkflowState
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from newsroom.content.models import NewsPage
from newsroom.demo import accounts
from newsroom.editorial.publish_guard import PublishRefused
from tests.factories import NewsPageFactory, localize, publish
from tests.support.languages import in_both_languages

WHO = [("translator", False), ("editor", True)]
NOT_PUBLISHED = (
    "The translations were updated but not published: only reviewers and editors publish. "
    "Submit them for review from the translation editor."
)


@pytest.fixture
def people(tree):
    groups, _ = accounts.ensure_groups(tree.home_ar)
    accounts.ensure_users(groups)
    accounts.ensure_review_workflow([tree.home_en, tree.home_ar])
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def arabic_page(tree, people):
    """A live page written in Arabic (not a translation): the plain page editor edits it."""
    return publish(NewsPageFactory(parent=tree.news_ar, locale=tree.ar, title="خبر أول"))


@pytest.fixture
def translated(tree, people):
    """A live English page and its live Arabic translation, synced by wagtail-localize."""
    english = publish(NewsPageFactory(parent=tree.news_en, locale=tree.en, subtitle="First words."))
    arabic = localize(english, tree.ar, {"First words.": "الكلمات الأولى."})
    return english, arabic


def as_user(client, people, username):
    client.force_login(people[username])
    return client


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def refused(response):
    """403, or Wagtail's answer to PermissionDenied: back to the dashboard with its message."""
    if response.status_code == 403:
        return True
    said = [str(message) for message in get_messages(response.wsgi_request)]
    return (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
        and any("permission" in text for text in said)
    )


def form_fields(form, data):
    """What the browser posts for ``form`` (and its formsets) when nothing is changed."""
    for bound in form:
        value, field = bound.value(), bound.field
        if isinstance(field, BlockField):
            assert not value, "these tests use pages with empty streams"
            data[f"{bound.html_name}-count"] = "0"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif field.__class__.__name__ == "BooleanField":
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        else:
            formatted = field.widget.format_value(value)
            data[bound.html_name] = "" if formatted is None else str(formatted)
    for formset in getattr(form, "formsets", {}).values():
        for bound in formset.management_form:
            data[bound.html_name] = str(bound.value())
        for child in formset.forms:
            form_fields(child, data)
    return data


def editor_post(page, user, **changes):
    """The page editor's form data for ``page`` as ``user`` sees it, with ``changes``."""
    page = page.specific
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=page.get_parent(), for_user=user)
    return {**form_fields(form, {}), **changes}


def go_live_in_a_week():
    when = timezone.localtime() + datetime.timedelta(days=7)
    return when.strftime("%Y-%m-%d %H:%M")


# --- Wagtail's own screens: its permission checks apply; these prove they do for our roles.


@pytest.mark.parametrize("username, publishes", WHO + [("reviewer", True)])
def test_page_editor_publish(client, people, arabic_page, username, publishes):
    client = as_user(client, people, username)
    url = reverse("wagtailadmin_pages:edit", args=[arabic_page.pk])
    html = client.get(url).content.decode()
    assert ('name="action-publish"' in html) is publishes
    before = arabic_page.live_revision_id

    data = editor_post(arabic_page, people[username], title="خبر معدّل")
    response = client.post(url, {**data, "action-publish": "action-publish"})

    assert response.status_code == 302
    page = fresh(arabic_page)
    assert page.live
    assert (page.live_revision_id != before) is publishes
    assert (page.title == "خبر معدّل") is publishes
    # Refused or not, the change is kept (as a draft for the translator).
    assert page.get_latest_revision_as_object().title == "خبر معدّل"


def test_translator_submits_for_review_from_the_page_editor(client, people, arabic_page):
    client = as_user(client, people, "translator")
    url = reverse("wagtailadmin_pages:edit", args=[arabic_page.pk])
    html = client.get(url).content.decode()
    assert 'name="action-submit"' in html

    data = editor_post(arabic_page, people["translator"], title="خبر للمراجعة")
    response = client.post(url, {**data, "action-submit": "action-submit"})

    assert response.status_code == 302
    page = fresh(arabic_page)
    assert page.title == "خبر أول"
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.parametrize("username, schedules", WHO)
def test_scheduled_publish(client, people, arabic_page, username, schedules):
    client = as_user(client, people, username)
    url = reverse("wagtailadmin_pages:edit", args=[arabic_page.pk])
    data = editor_post(arabic_page, people[username], title="خبر لاحق")
    data["go_live_at"] = go_live_in_a_week()

    response = client.post(url, {**data, "action-publish": "action-publish"})

    assert response.status_code == 302
    page = fresh(arabic_page)
    assert page.title == "خبر أول"  # nobody publishes it now
    approved = Revision.page_revisions.filter(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    assert approved.exists() is schedules
    assert (page.scheduled_revision is not None) is schedules


@pytest.mark.parametrize("username, publishes", WHO)
def test_revisions_revert_and_publish(client, people, arabic_page, username, publishes):
    old_revision = arabic_page.live_revision
    arabic_page.title = "عنوان ثان"
    publish(arabic_page)
    client = as_user(client, people, username)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[arabic_page.pk, old_revision.pk])
    assert client.get(url).status_code == 200

    data = editor_post(old_revision.as_object(), people[username])
    response = client.post(url, {**data, "action-publish": "action-publish"})

    assert response.status_code == 302
    assert (fresh(arabic_page).title == "خبر أول") is publishes


@pytest.mark.parametrize("username, publishes", WHO)
def test_bulk_publish(client, people, tree, username, publishes):
    draft = NewsPageFactory(parent=tree.news_ar, locale=tree.ar, title="مسودة", live=False)
    draft.save_revision()
    client = as_user(client, people, username)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])

    response = client.post(f"{url}?{urlencode({'id': draft.pk})}", {})

    assert response.status_code in (200, 302)
    assert fresh(draft).live is publishes


@pytest.mark.parametrize("username, publishes", [("translator", False), ("reviewer", True)])
def test_workflow_approval(client, people, arabic_page, username, publishes):
    translator = as_user(client, people, "translator")
    url = reverse("wagtailadmin_pages:edit", args=[arabic_page.pk])
    data = editor_post(arabic_page, people["translator"], title="خبر مراجع")
    translator.post(url, {**data, "action-submit": "action-submit"})
    task_state = fresh(arabic_page).current_workflow_state.current_task_state
    client = as_user(client, people, username)

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[arabic_page.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )

    page = fresh(arabic_page)
    assert (page.title == "خبر مراجع") is publishes
    if not publishes:
        assert refused(response)
        assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.parametrize("username, publishes", WHO)
def test_copy_with_publish_copies(client, people, arabic_page, tree, username, publishes):
    client = as_user(client, people, username)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[arabic_page.pk]),
        {
            "new_title": "نسخة",
            "new_slug": "nuskha",
            "new_parent_page": tree.news_ar.pk,
            "publish_copies": "on",
        },
    )

    assert response.status_code == 302
    copy = NewsPage.objects.get(slug="nuskha", locale=tree.ar)
    assert copy.live is publishes


@pytest.mark.parametrize("username, may", WHO)
def test_unpublish(client, people, arabic_page, username, may):
    client = as_user(client, people, username)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[arabic_page.pk]))

    assert fresh(arabic_page).live is not may
    if not may:
        assert refused(response)


@pytest.mark.parametrize("username, may", WHO)
def test_delete_live_page(client, people, arabic_page, username, may):
    client = as_user(client, people, username)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[arabic_page.pk]))

    assert Page.objects.filter(pk=arabic_page.pk).exists() is not may
    if not may:
        assert refused(response)


@pytest.mark.parametrize("username, publishes", WHO)
def test_admin_api_publish(client, people, tree, username, publishes):
    draft = NewsPageFactory(parent=tree.news_ar, locale=tree.ar, title="مسودة", live=False)
    draft.save_revision()
    client = as_user(client, people, username)

    response = client.post(
        f"/admin/api/main/pages/{draft.pk}/action/publish/", {}, content_type="application/json"
    )

    assert response.status_code == (200 if publishes else 403)
    assert fresh(draft).live is publishes


# --- wagtail-localize's screens.


def translate_changed_segment(english, arabic, tree):
    """The source changed and was synced; the translator has translated the new text."""
    english.subtitle = "Corrected words."
    publish(english)
    source = TranslationSource.objects.get(object_id=english.translation_key)
    source.update_from_db()
    translation = Translation.objects.get(source=source, target_locale=tree.ar)
    segment = StringSegment.objects.get(source=source, string__data="Corrected words.")
    return translation, segment


@pytest.mark.parametrize("username, publishes", [("translator", False), ("reviewer", True)])
def test_translation_editor_publish(client, people, translated, tree, username, publishes):
    english, arabic = translated
    translation, segment = translate_changed_segment(english, arabic, tree)
    client = as_user(client, people, username)
    client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": "الكلمات المصحّحة."}),
        content_type="application/x-www-form-urlencoded",
    )
    url = reverse("wagtailadmin_pages:edit", args=[arabic.pk])
    html = client.get(url).content.decode()
    # The React editor gets its publish button from these props.
    assert ("&quot;canPublish&quot;: true" in html) is publishes

    # What the editor's "Publish in Arabic" button posts.
    response = client.post(url, {"action": "publish"})

    expected = "الكلمات المصحّحة." if publishes else "الكلمات الأولى."
    assert fresh(arabic).subtitle == expected
    if not publishes:
        assert refused(response)


@pytest.mark.parametrize("username, publishes", [("translator", False), ("editor", True)])
def test_update_translations_publish_immediately(
    client, people, translated, tree, username, publishes, django_capture_on_commit_callbacks
):
    english, arabic = translated
    english.subtitle = "Corrected words."
    publish(english)
    source = TranslationSource.objects.get(object_id=english.translation_key)
    client = as_user(client, people, username)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    html = client.get(url).content.decode()
    checkbox = re.search(r'<input[^>]*name="publish_translations"[^>]*>', html).group()
    assert ("disabled" in checkbox) is not publishes

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"publish_translations": "on"})

    assert response.status_code == 302
    said = {str(message).strip() for message in get_messages(response.wsgi_request)}
    assert bool(said & in_both_languages(NOT_PUBLISHED)) is not publishes
    page = fresh(arabic)
    # Published, the untranslated new text shows in the source language.
    assert (page.subtitle == "Corrected words.") is publishes
    assert (page.live_revision_id != arabic.live_revision_id) is publishes
    # The update itself happened for everyone: the source now holds the new text.
    source.refresh_from_db()
    assert StringSegment.objects.filter(source=source, string__data="Corrected words.").exists()


@pytest.mark.parametrize("username, may", [("translator", False), ("editor", True)])
def test_convert_to_alias(client, people, translated, username, may):
    english, arabic = translated
    client = as_user(client, people, username)
    url = reverse("wagtail_localize:convert_to_alias", args=[arabic.pk])

    response = client.post(url)

    page = fresh(arabic)
    assert (page.alias_of_id == english.pk) is may
    assert (page.subtitle == "First words.") is may
    if not may:
        assert refused(response)


@pytest.mark.parametrize("username, shown", [("translator", False), ("editor", True)])
def test_convert_to_alias_offered_to_publishers_only(client, people, tree, username, shown):
    english = publish(NewsPageFactory(parent=tree.news_en, locale=tree.en))
    arabic = localize(english, tree.ar)
    # Translation stopped: the page editor (not the translation editor) edits it.
    Translation.objects.filter(source__object_id=english.translation_key).update(enabled=False)
    client = as_user(client, people, username)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk])).content.decode()

    assert 'name="localize-restart-translation"' in html
    assert ('name="localize-convert-to-alias"' in html) is shown


# --- The guard behind every path: what the library paths above end in.


def test_a_publish_without_a_named_user_is_refused_to_a_translator(people, arabic_page):
    """wagtail-localize publishes from an on-commit callback, naming nobody."""
    arabic_page.title = "تغيير"
    revision = arabic_page.save_revision()
    with LogContext(user=people["translator"]), pytest.raises(PublishRefused):
        revision.publish()
    assert fresh(arabic_page).title == "خبر أول"

    with LogContext(user=people["reviewer"]):
        revision.publish()
    assert fresh(arabic_page).title == "تغيير"


def test_scheduling_without_a_named_user_is_refused_to_a_translator(people, arabic_page):
    arabic_page.title = "لاحقاً"
    arabic_page.go_live_at = timezone.now() + datetime.timedelta(days=3)
    revision = arabic_page.save_revision()
    with LogContext(user=people["translator"]), pytest.raises(PublishRefused):
        revision.publish()
    assert fresh(arabic_page).scheduled_revision is None

    with LogContext(user=people["editor"]):
        revision.publish()
    assert fresh(arabic_page).scheduled_revision == revision


def test_writing_a_live_translation_is_refused_to_a_translator(people, translated, tree):
    """``save_target(publish=False)`` writes the page row, i.e. what readers see."""
    english, arabic = translated
    translation, segment = translate_changed_segment(english, arabic, tree)
    with LogContext(user=people["translator"]), pytest.raises(PublishRefused):
        translation.save_target(user=people["translator"], publish=False)
    assert fresh(arabic).subtitle == "الكلمات الأولى."


def test_outside_the_admin_nothing_is_checked(arabic_page):
    """Scheduled publishing, Celery tasks and commands run with no acting user."""
    arabic_page.title = "من المجدول"
    arabic_page.save_revision().publish()
    assert fresh(arabic_page).title == "من المجدول"


@pytest.mark.urls("tests.support.unguarded_localize_urls")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username, publishes", [("translator", False), ("editor", True)])
def test_guard_holds_behind_localize_own_update_view(
    client, people, translated, username, publishes
):
    """Its publish runs on commit, inside the request, as in production (hence a real commit)."""
    english, arabic = translated
    english.subtitle = "Corrected words."
    publish(english)
    source = TranslationSource.objects.get(object_id=english.translation_key)
    client = as_user(client, people, username)

    response = client.post(
        reverse("unguarded_update_translations", args=[source.pk]), {"publish_translations": "on"}
    )

    assert (fresh(arabic).subtitle == "Corrected words.") is publishes
    if not publishes:
        assert refused(response)


@pytest.mark.urls("tests.support.unguarded_localize_urls")
@pytest.mark.parametrize("username, may", [("translator", False), ("editor", True)])
def test_guard_holds_behind_localize_own_convert_view(client, people, translated, username, may):
    english, arabic = translated
    client = as_user(client, people, username)

    response = client.post(reverse("unguarded_convert_to_alias", args=[arabic.pk]))

    assert (fresh(arabic).alias_of_id == english.pk) is may
    if not may:
        assert refused(response)
