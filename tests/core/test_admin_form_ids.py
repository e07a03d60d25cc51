"""A page form's ids (tabs, sections, fields) are the same whoever opened that form first.

Wagtail makes them from the tabs' translated headings and keeps them for the process: when an
Arabic-speaking editor opened a page type's form first, English editors got ids of escaped
Arabic from then on (and the editor journeys could not find the body's "Insert a block").
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.admin.panels.model_utils import get_edit_handler
from wagtail.users.models import UserProfile

from newsroom.content.models import NewsPage
from newsroom.events.models import EventPage


def admin_in(language, username):
    user = get_user_model().objects.create_superuser(username, f"{username}@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def form_ids(client, user, parent, model):
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return {element["id"] for element in page.select("[id^=panel-child], [id^=tab-]")}


@pytest.mark.parametrize("model, section", [(NewsPage, "news"), (EventPage, "events")])
@pytest.mark.django_db
def test_form_ids_do_not_depend_on_the_first_editors_language(tree, client, model, section):
    # Forget the forms built by earlier tests, as a process starting afresh.
    get_edit_handler.cache_clear()
    model.get_edit_handler.cache_clear()
    arabic = form_ids(
        client, admin_in("ar", "arabic-editor"), getattr(tree, f"{section}_ar"), model
    )
    english = form_ids(
        client, admin_in("en", "english-editor"), getattr(tree, f"{section}_en"), model
    )
    assert "panel-child-content-body-section" in english
    assert "tab-content" in english
    assert english == arabic
