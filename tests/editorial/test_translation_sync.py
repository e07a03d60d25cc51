"""Syncing a translation: the changes arrive as a draft, the live page stays as it was."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page
from wagtail_localize.models import TranslationSource

from newsroom.content.models import Organisation, StatementPage
from newsroom.editorial import status
from newsroom.editorial.models import SyncJob, SyncLog
from newsroom.editorial.status import pairs_for_page
from tests.factories import (
    OrganisationFactory,
    StatementPageFactory,
    build_statement_tree,
    localize,
    publish,
)


def pair_of(page, language="ar"):
    return next(p for p in pairs_for_page(page) if p.target_locale.language_code == language)


@pytest.fixture
def outdated(tree):
    english = publish(
        StatementPageFactory(
            parent=tree.statements_en, locale=tree.en, subtitle="The first standfirst."
        )
    )
    arabic = localize(english, tree.ar, {"The first standfirst.": "الموجز الأول."})
    english.subtitle = "A corrected standfirst."
    publish(english)
    return english, arabic


def test_publishing_the_source_marks_the_translation_outdated(outdated):
    english, arabic = outdated
    pair = pair_of(english)
    assert pair.status == status.OUTDATED
    assert pair.target.id == arabic.pk
    # Marked, not changed: the Arabic page still reads as before.
    assert StatementPage.objects.get(pk=arabic.pk).subtitle == "الموجز الأول."


def test_sync_brings_the_changes_in_as_a_draft(
    outdated, admin_client, django_capture_on_commit_callbacks
):
    english, arabic = outdated
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("editorial:sync", args=[english.pk]),
            {"locale": "ar", "next": reverse("wagtailadmin_pages:edit", args=[arabic.pk])},
        )
    job = SyncJob.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("editorial:job", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.processed, job.updated, job.failed) == ("done", 1, 1, 0), job.results

    # The outdated flag is cleared; the page now waits for its translator.
    pair = pair_of(english)
    assert not pair.is_outdated
    assert pair.status == status.PENDING
    assert pair.untranslated == 1

    live = StatementPage.objects.get(pk=arabic.pk)
    assert live.subtitle == "الموجز الأول."  # readers still see the published translation
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    assert draft.subtitle == "A corrected standfirst."  # untranslated: the source text, as draft

    log = SyncLog.objects.get()
    assert log.job == job
    assert [change["label"] for change in log.changes] == ["Standfirst"]
    assert log.changes[0]["removed"] == ["The first standfirst."]
    assert log.changes[0]["added"] == ["A corrected standfirst."]

    # The translator sees what changed, in the translation editor.
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk])).content.decode()
    assert "data-editorial-changes" in html and "A corrected standfirst." in html

    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    assert b"data-editorial-job" in page.content


def test_sync_of_an_up_to_date_page_changes_nothing(
    tree, admin_client, django_capture_on_commit_callbacks
):
    english = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    arabic = localize(english, tree.ar)
    revisions = arabic.revisions.count()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("editorial:sync", args=[english.pk]), {"locale": "ar"})
    job = SyncJob.objects.get()
    assert (job.status, job.unchanged, job.updated) == ("done", 1, 0)
    assert arabic.revisions.count() == revisions


def test_subtree_sync_creates_missing_translations_as_drafts(
    tree, admin_client, django_capture_on_commit_callbacks
):
    statements = build_statement_tree(tree, 5)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("editorial:sync", args=[tree.statements_en.pk]),
            {"locale": "ar", "include_subtree": "1", "create_missing": "1"},
        )
    assert response.status_code == 302
    job = SyncJob.objects.get()
    assert (job.status, job.total, job.processed, job.created, job.failed) == (
        "done",
        6,
        6,
        5,
        0,
    )
    for statement in statements:
        arabic = statement.get_translation(tree.ar)
        assert arabic.get_parent().pk == tree.statements_ar.pk
        assert not arabic.live  # never English text published under /ar/


def test_a_large_job_continues_in_batches(tree, monkeypatch, django_capture_on_commit_callbacks):
    from newsroom.editorial import sync, tasks

    monkeypatch.setattr(sync, "BATCH_SIZE", 3)
    calls = []
    real = tasks.sync_translations.run
    monkeypatch.setattr(
        tasks.sync_translations, "run", lambda job_id: calls.append(job_id) or real(job_id)
    )
    build_statement_tree(tree, 7)
    user = get_user_model().objects.create_superuser("batch", "b@example.org", "pw")
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.start_job(tree.statements_en, tree.ar, user, True, True)
    job = SyncJob.objects.get(pk=job.pk)
    # The index and 7 statements, 3 per task: three tasks, each handing on to the next.
    assert (job.status, job.processed, job.created) == ("done", 8, 7)
    assert len(calls) == 3


def test_a_missing_snippet_translation_is_created_and_reported(
    tree, admin_client, django_capture_on_commit_callbacks
):
    issuer = OrganisationFactory(locale=tree.en, name="Coalition for Rights")
    english = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    localize(english, tree.ar)
    english.issued_by = issuer
    publish(english)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("editorial:sync", args=[english.pk]), {"locale": "ar"})
    job = SyncJob.objects.get()
    assert job.status == "done" and job.updated == 1
    assert job.results[0]["created_snippets"] == ["Coalition for Rights"]
    arabic_issuer = Organisation.objects.get(translation_key=issuer.translation_key, locale=tree.ar)
    draft = english.get_translation(tree.ar).specific.get_latest_revision_as_object()
    assert draft.issued_by_id == arabic_issuer.pk


def test_sync_needs_the_right_to_edit_the_translation(outdated, client):
    english, arabic = outdated
    user = get_user_model().objects.create_user("someone", password="pw")
    group = Group.objects.create(name="Translators elsewhere")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="submit_translation"),
    )
    user.groups.add(group)
    client.force_login(user)
    response = client.post(reverse("editorial:sync", args=[english.pk]), {"locale": "ar"})
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert not SyncJob.objects.exists()

    GroupPagePermission.objects.create(
        group=group,
        page=Page.objects.get(pk=arabic.pk),
        permission=Permission.objects.get(codename="change_page"),
    )
    response = client.post(reverse("editorial:sync", args=[english.pk]), {"locale": "ar"})
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("editorial:job", args=[SyncJob.objects.get().pk])
    )


def test_job_progress_answers_json(tree, outdated, admin_client):
    english, _arabic = outdated
    job = SyncJob.objects.create(page=english, page_title=english.title, target_locale=tree.ar)
    data = admin_client.get(reverse("editorial:job_progress", args=[job.pk])).json()
    assert data["status"] == "queued" and data["finished"] is False and data["percent"] == 0


def test_source_snapshot_is_the_last_sync(outdated):
    english, _arabic = outdated
    source = TranslationSource.objects.get_for_instance(english)
    assert source.as_instance().subtitle == "The first standfirst."
