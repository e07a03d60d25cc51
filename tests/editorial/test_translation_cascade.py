"""Deleting or unpublishing a page warns about its translation and offers to do the same."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from tests.factories import StatementPageFactory, publish, translate


@pytest.fixture
def pair(tree):
    english = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    arabic = translate(english, tree.ar, title="بيان")
    return english, arabic


def test_delete_warns_and_deletes_only_the_source_by_default(pair, admin_client):
    english, arabic = pair
    url = reverse("wagtailadmin_pages:delete", args=[english.pk])
    html = admin_client.get(url).content.decode()
    assert "data-editorial-cascade" in html
    assert f'name="editorial_also_translations" value="{arabic.pk}"' in html
    admin_client.post(url)
    assert not Page.objects.filter(pk=english.pk).exists()
    assert Page.objects.filter(pk=arabic.pk).exists()


def test_delete_can_take_the_translation_too(pair, admin_client):
    english, arabic = pair
    url = reverse("wagtailadmin_pages:delete", args=[english.pk])
    admin_client.post(url, {"editorial_also_translations": [str(arabic.pk)]})
    assert not Page.objects.filter(pk__in=[english.pk, arabic.pk]).exists()


def test_unpublish_can_take_the_translation_too(pair, admin_client):
    english, arabic = pair
    url = reverse("wagtailadmin_pages:unpublish", args=[english.pk])
    html = admin_client.get(url).content.decode()
    assert f'name="editorial_also_translations" value="{arabic.pk}"' in html
    admin_client.post(url)
    assert not Page.objects.get(pk=english.pk).live
    assert Page.objects.get(pk=arabic.pk).live

    publish(Page.objects.get(pk=english.pk).specific)
    admin_client.post(url, {"editorial_also_translations": [str(arabic.pk)]})
    assert not Page.objects.get(pk=english.pk).live
    assert not Page.objects.get(pk=arabic.pk).live


def test_the_offer_is_only_made_to_those_allowed(pair, client, tree):
    """Someone who may delete the English page but not the Arabic one only gets the warning."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    english, arabic = pair
    user = get_user_model().objects.create_user("en-editor", password="pw")
    group = Group.objects.create(name="English desk")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page", "delete_page"):
        GroupPagePermission.objects.create(
            group=group, page=tree.home_en, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_pages:delete", args=[english.pk])).content.decode()
    assert "data-editorial-cascade" in html
    assert 'name="editorial_also_translations"' not in html
    client.post(
        reverse("wagtailadmin_pages:delete", args=[english.pk]),
        {"editorial_also_translations": [str(arabic.pk)]},
    )
    assert Page.objects.filter(pk=arabic.pk).exists()
