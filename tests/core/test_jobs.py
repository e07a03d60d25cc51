"""Background work from Wagtail and wagtail-localize goes through Celery."""

import pytest
from django.test import override_settings
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail_localize.models import LocaleSynchronization

from newsroom.core.jobs import decode, encode
from newsroom.core.tree import ensure_wagtail_roots
from tests.factories import (
    HomePageFactory,
    OrganisationFactory,
    StatementIndexPageFactory,
    StatementPageFactory,
)
from tests.support.waiting import wait_for


@pytest.mark.django_db
def test_model_instances_travel_as_references():
    en, _ = Locale.objects.get_or_create(language_code="en")
    payload = encode([en, [en], {"who": en, "n": 3}, "text"])
    assert payload[0] == {"__model__": "wagtailcore.Locale", "pk": en.pk}
    assert decode(payload) == [en, [en], {"who": en, "n": 3}, "text"]


def _english_tree():
    en, root, _collection = ensure_wagtail_roots()
    home = HomePageFactory(parent=root, locale=en, slug="home-en")
    statements = StatementIndexPageFactory(parent=home, locale=en)
    for _ in range(5):
        StatementPageFactory(parent=statements, locale=en)
    return en, home


def test_locale_tree_sync_runs_in_the_celery_worker(celery_worker):
    en, home = _english_tree()
    ar, _ = Locale.objects.get_or_create(language_code="ar")
    english = Page.objects.filter(locale=en, depth__gt=1)

    LocaleSynchronization.objects.create(locale=ar, sync_from=en)

    synced = wait_for(lambda: Page.objects.filter(locale=ar).count() == english.count(), timeout=60)
    assert synced, "the worker did not create the Arabic tree"
    arabic = Page.objects.filter(locale=ar)
    assert set(arabic.values_list("translation_key", flat=True)) == set(
        english.values_list("translation_key", flat=True)
    )
    assert celery_worker.poll() is None


@override_settings(TASKS={"default": {"BACKEND": "newsroom.core.jobs.CeleryTaskBackend"}})
def test_wagtail_tasks_run_in_the_celery_worker(celery_worker):
    en, home = _english_tree()
    organisation = OrganisationFactory(locale=en)
    statement = StatementPageFactory(parent=home.get_children().first(), locale=en)
    ReferenceIndex.objects.all().delete()
    statement.issued_by = organisation
    statement.save()  # Wagtail queues update_reference_index_task on save

    indexed = wait_for(
        lambda: (
            ReferenceIndex.get_references_to(organisation)
            .filter(object_id=str(statement.pk))
            .exists()
        )
    )
    assert indexed, "the reference index was not updated by the worker"
