"""Attendee lists are for event managers: the demo's translator (and reviewer) never see one,
through the English or the Arabic version of an event; the editor, an event manager, does."""

import re
from collections import deque
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from newsroom.demo import accounts
from newsroom.registrations import services
from newsroom.registrations.models import Invite, Registration
from tests.support.languages import in_both_languages
from tests.support.registrations import make_event, upload

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Amal Haddad", "amal.haddad@example.org", "en"),
    ("سلمى خوري", "salma.khoury@example.org", "ar"),
]
PERSONAL = [text for name, email, _language in PEOPLE for text in (name, email)]
CRAWL_LIMIT = 80
ONLY_MANAGERS = (
    "Only event managers can see the people registered for events: their names, email "
    "addresses and answers are personal data. Ask an administrator if your work needs it."
)


@pytest.fixture
def people(tree):
    groups, _ = accounts.ensure_groups(tree.home_ar)
    accounts.ensure_users(groups)
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def event(tree, people):
    english, arabic = make_event(tree, capacity=10)
    for name, email, language in PEOPLE:
        services.add_by_editor(
            english, {"name": name, "email": email, "organisation": "", "language": language}
        )
    return english, arabic


def attendee_urls(page):
    return [
        reverse("registrations_admin:index"),
        reverse("registrations_admin:event", args=[page.pk]),
        reverse("registrations_admin:csv", args=[page.pk]),
        reverse("registrations_admin:xlsx", args=[page.pk]),
    ]


def actions(page, registration):
    url = reverse("registrations_admin:event", args=[page.pk])
    return [
        (url, {"action": "add", "name": "Intruder", "email": "intruder@example.org"}),
        (url, {"action": "check_in", "registration": registration.pk}),
        (url, {"action": "cancel", "registration": registration.pk}),
        (url, {"action": "invite", "file": upload("Guest,guest@example.org,en\n")}),
    ]


def shows_personal_data(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", "replace")
    return [found for found in PERSONAL if found in text]


@pytest.mark.parametrize("username", ["translator", "reviewer"])
def test_no_attendee_view_or_action_for_others(client, people, event, username):
    client.force_login(people[username])
    registration = Registration.objects.get(email=PEOPLE[0][1])
    for page in event:
        for url in attendee_urls(page):
            response = client.get(url)
            assert response.status_code == 403, url
            assert not shows_personal_data(response), url
        html = client.get(attendee_urls(page)[1]).content.decode()
        assert any(reason in html for reason in in_both_languages(ONLY_MANAGERS))
        for url, data in actions(page, registration):
            assert client.post(url, data).status_code == 403, data["action"]
    # A made-up event id is refused the same way: nothing to learn by probing.
    assert client.get(reverse("registrations_admin:event", args=[999999])).status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert registration.status == Registration.Status.CONFIRMED
    assert not Registration.objects.filter(email="intruder@example.org").exists()
    assert not Invite.objects.exists()


def test_event_manager_sees_and_manages_attendees_through_both_languages(client, people, event):
    editor = people["editor"]
    assert editor.groups.filter(name=accounts.EVENT_MANAGERS).exists()
    client.force_login(editor)
    registration = Registration.objects.get(email=PEOPLE[0][1])
    for page in event:
        index, view, csv_url, xlsx_url = attendee_urls(page)
        assert client.get(index).status_code == 200
        assert shows_personal_data(client.get(view)) == PERSONAL
        assert shows_personal_data(client.get(csv_url)) == PERSONAL
        sheet = load_workbook(BytesIO(client.get(xlsx_url).content)).active
        emails = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert {email for _name, email, _language in PEOPLE} <= emails
    english, arabic = event
    response = client.post(
        reverse("registrations_admin:event", args=[arabic.pk]),
        {"action": "check_in", "registration": registration.pk},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


@pytest.mark.parametrize("username, shown", [("translator", False), ("editor", True)])
def test_menu_and_event_buttons_only_for_event_managers(client, people, event, username, shown):
    client.force_login(people[username])
    english, arabic = event
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse("registrations_admin:index") in dashboard) is shown
    # The page editor's header (the English event; the Arabic one opens in the translation
    # editor) and the "More" buttons of the section listings the user may open.
    link = reverse("registrations_admin:event", args=[english.pk])
    page_editor = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert page_editor.status_code == (200 if shown else 302)
    assert (link in page_editor.content.decode()) is shown
    for page in [arabic] + ([english] if shown else []):
        link = reverse("registrations_admin:event", args=[page.pk])
        listing = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
        assert listing.status_code == 200
        assert (link in listing.content.decode()) is shown


def test_no_admin_page_a_translator_reaches_shows_personal_data(client, people, event):
    """Every admin screen reachable by links from the dashboard and the events (bounded)."""
    english, arabic = event
    client.force_login(people["translator"])
    queue = deque(
        [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_explore", args=[arabic.get_parent().pk]),
            reverse("wagtailadmin_pages:edit", args=[arabic.pk]),
        ]
    )
    seen = set(queue)
    visited = 0
    while queue and visited < CRAWL_LIMIT:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        assert response.status_code < 500, url
        assert not shows_personal_data(response), url
        if url.startswith("/admin/registrations/"):
            assert response.status_code == 403, url
        if response.status_code != 200 or response.streaming:
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in re.findall(r'href="(/admin/[^"#]*)"', response.content.decode()):
            link = link.replace("&amp;", "&")
            if "logout" in link or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    assert visited >= 20  # the crawl did walk the admin


def test_demo_accounts_are_idempotent(tree, people):
    groups, changes = accounts.ensure_groups(tree.home_ar)
    assert changes == 0
    assert accounts.ensure_users(groups) == 0
    managers = groups[accounts.EVENT_MANAGERS]
    assert set(managers.user_set.values_list("username", flat=True)) == {"editor"}
    assert not people["translator"].has_perm("registrations.manage_attendees")
    assert people["editor"].has_perm("registrations.manage_attendees")
