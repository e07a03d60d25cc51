"""Draft → review → publish: a translator cannot publish; a reviewer approves, which publishes."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import StringSegment, Translation

from newsroom.content.models import StatementPage
from newsroom.demo import accounts
from newsroom.editorial import status
from newsroom.editorial.status import pairs_for_page
from tests.factories import StatementPageFactory, localize, publish


@pytest.fixture
def newsroom(tree):
    """The tree with the demo's groups, accounts and review workflow on both home pages."""
    groups, _ = accounts.ensure_groups(tree.home_ar)
    accounts.ensure_users(groups)
    accounts.ensure_review_workflow([tree.home_en, tree.home_ar])
    users = {user.username: user for user in get_user_model().objects.all()}
    return tree, users


@pytest.fixture
def statement(newsroom):
    tree, _users = newsroom
    english = publish(
        StatementPageFactory(parent=tree.statements_en, locale=tree.en, subtitle="First words.")
    )
    arabic = localize(english, tree.ar, {"First words.": "الكلمات الأولى."})
    english.subtitle = "Corrected words."
    publish(english)
    return english, arabic


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def login(client, user):
    client.force_login(user)
    return client


def test_demo_roles(newsroom):
    tree, users = newsroom
    translator, reviewer, editor = users["translator"], users["reviewer"], users["editor"]
    assert tree.home_ar.get_workflow().name == accounts.REVIEW_WORKFLOW
    assert tree.home_en.get_workflow().name == accounts.REVIEW_WORKFLOW
    assert not tree.home_ar.permissions_for_user(translator).can_publish()
    assert tree.home_ar.permissions_for_user(translator).can_edit()
    assert tree.home_ar.permissions_for_user(reviewer).can_publish()
    assert tree.home_en.permissions_for_user(editor).can_publish()
    # Running the set-up again changes nothing.
    assert accounts.ensure_review_workflow([tree.home_en, tree.home_ar]) == 0


def test_translator_cannot_publish_without_review(
    newsroom, statement, client, django_capture_on_commit_callbacks
):
    tree, users = newsroom
    english, arabic = statement
    login(client, users["translator"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[arabic.pk])

    # The translation editor opens, with the outdated warning and a sync button.
    html = client.get(edit_url).content.decode()
    assert "js-translation-editor" in html
    assert 'data-status="outdated"' in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("editorial:sync", args=[arabic.pk]), {"locale": "ar"})
    assert pairs_for_page(english)[0].status == status.PENDING

    # Translate the changed segment, as the editor's text box does.
    translation = Translation.objects.get(source__object_id=english.translation_key)
    segment = StringSegment.objects.get(source=translation.source, string__data="Corrected words.")
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": "الكلمات المصحّحة."}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)

    # Publishing is refused, by wagtail-localize's editor and by Wagtail's permissions.
    response = client.post(edit_url, {"action": "publish"})
    assert refused(response)
    assert (
        not Page.objects.get(pk=arabic.pk).permissions_for_user(users["translator"]).can_publish()
    )
    assert StatementPage.objects.get(pk=arabic.pk).subtitle == "الكلمات الأولى."

    # Submitting for review keeps the live page and starts the workflow.
    html = client.get(edit_url).content.decode()
    assert "data-editorial-submit" in html and "data-editorial-approve" not in html
    response = client.post(
        reverse("editorial:submit_for_review", args=[translation.pk]), {"next": edit_url}
    )
    assert response.status_code == 302
    page = StatementPage.objects.get(pk=arabic.pk)
    assert page.subtitle == "الكلمات الأولى."
    state = page.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision_as_object().subtitle == "الكلمات المصحّحة."
    assert pairs_for_page(english)[0].status == status.IN_REVIEW

    # The translator cannot approve their own work.
    response = client.post(reverse("editorial:review", args=[arabic.pk, "approve"]))
    assert refused(response)

    # The reviewer finds it on the dashboard and approves it, which publishes it.
    reviewer = login(client, users["reviewer"])
    assert page.title in reviewer.get(reverse("wagtailadmin_home")).content.decode()
    html = reviewer.get(edit_url).content.decode()
    assert "data-editorial-approve" in html
    response = reviewer.post(
        reverse("editorial:review", args=[arabic.pk, "approve"]), {"next": edit_url}
    )
    assert response.status_code == 302
    page = StatementPage.objects.get(pk=arabic.pk)
    assert page.live and page.subtitle == "الكلمات المصحّحة."
    assert page.current_workflow_state is None
    assert pairs_for_page(english)[0].status == status.IN_SYNC


def test_reviewer_can_send_it_back(newsroom, statement, client):
    tree, users = newsroom
    english, arabic = statement
    translation = Translation.objects.get(source__object_id=english.translation_key)
    login(client, users["translator"])
    client.post(reverse("editorial:submit_for_review", args=[translation.pk]))
    login(client, users["reviewer"])
    client.post(
        reverse("editorial:review", args=[arabic.pk, "reject"]), {"comment": "Check the date."}
    )
    page = StatementPage.objects.get(pk=arabic.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    # The translator resubmits: back in review.
    login(client, users["translator"])
    client.post(reverse("editorial:submit_for_review", args=[translation.pk]))
    page = StatementPage.objects.get(pk=arabic.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_translator_cannot_replace_the_translation_by_an_alias(newsroom, statement, client):
    tree, users = newsroom
    _english, arabic = statement
    login(client, users["translator"])
    url = reverse("wagtail_localize:convert_to_alias", args=[arabic.pk])
    assert refused(client.post(url))
    assert Page.objects.get(pk=arabic.pk).alias_of_id is None
