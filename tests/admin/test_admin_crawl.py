"""Every admin screen each demo account reaches by clicking answers without a server error and
loads nothing from another host.

A breadth-first crawl of the Wagtail admin per role on the demo content, from the dashboard,
following every admin URL a screen names (links, and the URLs of the choosers, panels and
menus its scripts load). GET only: no form is submitted, and what a GET writes is rolled back.
One screen per URL pattern is visited, told apart by the type and language of the page it is
about; the "Add child page" chooser and the create form of every page type under every parent
it may have, in both languages, are visited whether or not a link to them was found.
"""

import json
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import lxml.html
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from lxml import etree
from wagtail.models import Page

from newsroom.content.models import (
    NewsIndexPage,
    NewsPage,
    ReportIndexPage,
    ReportPage,
    StatementIndexPage,
    StatementPage,
)
from newsroom.demo.accounts import USERNAMES
from newsroom.events.models import EventIndexPage, EventPage, InvitationPage

# A crawl that reaches this many screens for one role stops and fails: raise it when the admin
# grows, rather than let the crawl quietly cover less.
MAX_SCREENS_PER_ROLE = 1000
NEVER_VISIT = ("/admin/logout/",)
ADMIN_URL = re.compile(r"^(?:https?://testserver)?/admin/[^\s\"'<>{}\[\]]*$")
PAGE_ID = re.compile(
    r"^/admin/(?:pages/(?:add_subpage/|add/[\w-]+/[\w-]+/)?|localize/page/|registrations/"
    r"|editorial/translations/page/)(\d+)/"
)
NUMBER = re.compile(r"\d+")
# Query parameters that only say where to go back to or which slice of a list to show.
SAME_SCREEN_PARAMETERS = {"next", "p"}
# Query parameters whose value makes a different screen; for the others (ordering, a search
# term, a filter), one value stands for all.
SCREEN_PARAMETERS = {"locale", "content_type", "kind", "language"}
# Where a screen names what the browser fetches by itself, without a click.
FETCHED = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
# JSON keys whose URL a script shows as an image (the sidebar's avatar).
FETCHED_KEY = re.compile(r"avatar|src|image|thumbnail", re.IGNORECASE)
SEEDS = [
    "/admin/",
    "/admin/pages/search/?q=statement",
    "/admin/pages/search/?q=%D8%A8%D9%8A%D8%A7%D9%86",
    "/admin/search/?q=report",
    "/admin/snippets/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/locales/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/registrations/",
    "/admin/newsletter/",
    "/admin/editorial/translations/",
    "/admin/choose-page/",
    "/admin/images/chooser/",
    "/admin/documents/chooser/",
]


@dataclass
class Crawl:
    statuses: dict = field(default_factory=dict)  # url -> status code
    redirects: dict = field(default_factory=dict)  # url -> where it redirected to
    failures: list = field(default_factory=list)
    foreign: set = field(default_factory=set)  # (screen, URL on another host)


class PageKinds:
    """A page id's type and language, which make its admin screens differ."""

    def __init__(self):
        self.known = {}

    def __call__(self, page_id):
        if page_id not in self.known:
            page = Page.objects.filter(pk=page_id).select_related("locale").first()
            self.known[page_id] = (
                f"{page.content_type.model}:{page.locale.language_code}" if page else "missing"
            )
        return self.known[page_id]


def screen_key(url, page_kind):
    """What makes two URLs the same screen for this crawl."""
    parts = urlsplit(url)
    match = PAGE_ID.match(parts.path)
    kind = page_kind(int(match.group(1))) if match else ""
    query = sorted(
        (name, value if name in SCREEN_PARAMETERS else "")
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in SAME_SCREEN_PARAMETERS
    )
    return NUMBER.sub("N", parts.path), kind, urlencode(query)


def own_hosts():
    return {"testserver", urlsplit(settings.SITE_URL).netloc}


def embed_hosts():
    """The players an article may embed (a page preview shows them, as the site does)."""
    return {urlsplit(origin).netloc for origin in settings.NEWSROOM_EMBED_ORIGINS}


def read_screen(response, url, crawl):
    """The admin URLs a screen names; records what it would fetch from another host."""
    if "text/html" not in response.get("Content-Type", "") or not response.content.strip():
        return []
    document = lxml.html.document_fromstring(response.content)
    named, fetched = [], []
    for element in document.iter(etree.Element):
        if element.tag == "form":
            continue
        data = []
        for name, value in element.attrib.items():
            named.append(value)
            if name in FETCHED.get(element.tag, ()):
                values = value.split(",") if name == "srcset" else [value]
                fetched += [(element.tag, candidate) for candidate in values]
            if value.startswith(("{", "[")):
                data.append(json_or_none(value))
        if element.tag == "script" and element.get("type") == "application/json":
            # The sidebar (the menus, the account's avatar) and other parts scripts draw
            data.append(json_or_none(element.text or ""))
        for key, value in strings_in(data):
            named.append(value)
            if FETCHED_KEY.search(key):
                fetched.append(("img", value))
    hosts = {"iframe": own_hosts() | embed_hosts()}
    for tag, candidate in fetched:
        target = urlsplit(urljoin(url, candidate.strip().split(" ")[0]))
        if target.netloc and target.netloc not in hosts.get(tag, own_hosts()):
            crawl.foreign.add((url, target.geturl()))
    links = []
    for value in named:
        if ADMIN_URL.match(value):
            parts = urlsplit(urljoin(url, value))
            links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def json_or_none(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def strings_in(data, key=""):
    """(key, string) for every string in decoded JSON."""
    if isinstance(data, str):
        yield key, data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield from strings_in(value, str(name))
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value, key)


def creation_screens():
    """The type chooser and the create form of every page type under every possible parent,
    as {url: (what it creates, language)}."""
    screens = {}
    for parent in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        language = parent.locale.language_code
        allowed = type(parent).creatable_subpage_models()
        children = [model for model in allowed if model.can_create_at(parent)]
        if children:
            chooser = reverse("wagtailadmin_pages:add_subpage", args=[parent.pk])
            screens[chooser] = ("type chooser", language)
        for model in children:
            meta = model._meta
            arguments = [meta.app_label, meta.model_name, parent.pk]
            screens[reverse("wagtailadmin_pages:add", args=arguments)] = (meta.model_name, language)
    return screens


def get(client, url):
    """GET ``url``; nothing it writes is kept, so every role sees the same data."""
    with transaction.atomic():
        try:
            return client.get(url)
        finally:
            transaction.set_rollback(True)


def crawl_as(user, forced):
    """Visit every screen ``user`` reaches from ``forced`` (all of which are visited)."""
    client = Client()
    client.force_login(user)
    page_kind, crawl = PageKinds(), Crawl()
    queue = deque((url, True) for url in forced)
    seen_keys = set()
    while queue:
        url, is_forced = queue.popleft()
        if url in crawl.statuses or url.startswith(NEVER_VISIT):
            continue
        key = screen_key(url, page_kind)
        if key in seen_keys and not is_forced:
            continue
        seen_keys.add(key)
        if len(crawl.statuses) >= MAX_SCREENS_PER_ROLE:
            crawl.failures.append(f"stopped after {MAX_SCREENS_PER_ROLE} screens, before {url}")
            break
        try:
            response = get(client, url)
        except Exception as error:  # the test client re-raises what a view raised
            crawl.statuses[url] = 500
            crawl.failures.append(f"{url} raised {type(error).__name__}: {error}")
            continue
        crawl.statuses[url] = response.status_code
        if response.status_code >= 500:
            crawl.failures.append(f"{url} answered {response.status_code}")
        elif response.status_code in (301, 302, 303, 307, 308):
            crawl.redirects[url] = urljoin(url, response["Location"])
            queue.append((crawl.redirects[url], False))
        else:
            queue.extend((link, False) for link in read_screen(response, url, crawl))
    return crawl


@pytest.fixture(scope="module")
def crawls(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each demo account's crawl, on demo content that is rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo_content", verbosity=0)
        creation = creation_screens()
        users = get_user_model().objects.filter(username__in=USERNAMES)
        found = {user.username: crawl_as(user, SEEDS + list(creation)) for user in users}
        transaction.set_rollback(True)
    return found, creation


@pytest.mark.parametrize("username", USERNAMES)
def test_no_admin_screen_fails(crawls, username):
    crawl = crawls[0][username]
    assert not crawl.failures, f"{len(crawl.failures)} failures:\n" + "\n".join(crawl.failures)


@pytest.mark.parametrize("username", ["admin", "editor"])
def test_every_creation_screen_opens_for_those_who_may_create(crawls, username):
    found, creation = crawls
    every_type = {"statementpage", "newspage", "reportpage", "eventpage", "invitationpage"}
    assert set(creation.values()) >= {(name, code) for name in every_type for code in ("en", "ar")}
    crawl = found[username]

    def opened(url):
        # A type chooser with one type to offer goes straight to that type's create form.
        target = crawl.redirects.get(url)
        return crawl.statuses[url] == 200 or (
            creation[url][0] == "type chooser" and target in creation and opened(target)
        )

    assert [url for url in creation if not opened(url)] == []


# Screens of every part of the admin an administrator must have reached (and opened).
EVERY_PART = [
    r"/admin/pages/\d+/",
    r"/admin/pages/\d+/edit/",
    r"/admin/pages/search/",
    r"/admin/snippets/content/topic/",
    r"/admin/snippets/content/topic/add/",
    r"/admin/snippets/content/topic/edit/\d+/",
    r"/admin/snippets/content/organisation/",
    r"/admin/snippets/content/organisation/add/",
    r"/admin/snippets/content/organisation/edit/\d+/",
    r"/admin/reports/[\w-]+/",
    r"/admin/registrations/",
    r"/admin/registrations/\d+/",
    r"/admin/registrations/\d+/registrations\.(csv|xlsx)",
    r"/admin/newsletter/",
    r"/admin/newsletter/preview/",
    r"/admin/editorial/translations/",
    r"/admin/editorial/translations/page/\d+/",
    r"/admin/localize/submit/page/\d+/",
    r"/admin/locales/",
    r"/admin/documents/",
    r"/admin/documents/edit/\d+/",
    r"/admin/images/",
    r"/admin/images/\d+/",
    r"/admin/workflows/list/",
    r"/admin/users/",
    r"/admin/groups/",
]


def test_the_crawl_reaches_every_part_of_the_admin(crawls):
    opened = [url for url, status in crawls[0]["admin"].statuses.items() if status == 200]
    missed = [
        part
        for part in EVERY_PART
        if not any(re.fullmatch(part + r"(\?.*)?", url) for url in opened)
    ]
    assert missed == []


@pytest.mark.parametrize("username", USERNAMES)
def test_admin_loads_nothing_from_other_hosts(crawls, username):
    crawl = crawls[0][username]
    assert len(crawl.statuses) > 50
    assert not crawl.foreign, "\n".join(f"{screen}: {url}" for screen, url in sorted(crawl.foreign))


def submitted_fields(form):
    """What a browser submits for ``form`` as it stands: its fields' initial values, and the
    ``<id>-count`` the admin's script adds for each (empty) StreamField."""
    data = {}
    for element in form.select("input[name], select[name], textarea[name]"):
        if element.find_parent("template") or element.has_attr("disabled"):
            continue
        name, kind = element["name"], element.get("type", "text")
        if element.name == "select":
            options = element.select("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not element.has_attr("multiple"):
                chosen = options[:1]
            values = [o.get("value", o.text) for o in chosen]
        elif element.name == "textarea":
            values = [element.text]
        elif kind in ("checkbox", "radio"):
            values = [element.get("value", "on")] if element.has_attr("checked") else []
        elif kind in ("submit", "button", "image", "reset", "file"):
            continue
        else:
            values = [element.get("value", "")]
        data.setdefault(name, []).extend(values)
    for stream in form.select('[data-controller~="w-block"][id]'):
        initial, _errors = json.loads(stream["data-w-block-arguments-value"])
        assert initial == [], f"{stream['id']} of a new page is not empty"
        data[f"{stream['id']}-count"] = ["0"]
    return data


NEW_PAGES = {
    "en": {"title": "A page made in the admin", "slug": "made-in-the-admin"},
    "ar": {"title": "صفحة أنشئت في لوحة الإدارة", "slug": "made-in-the-admin"},
}
EVENT_FIELDS = {"start": "2031-03-10 10:00", "end": "2031-03-10 12:00", "venue_name": "Geneva"}
# What the rich-text editor submits for one typed line.
INVITATION_TEXT = json.dumps(
    {
        "blocks": [
            {
                "key": "a1b2c",
                "text": "You are invited.",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
                "data": {},
            }
        ],
        "entityMap": {},
    }
)


def form_errors(response):
    page = BeautifulSoup(response.content, "html.parser")
    found = page.select(".messages li, [data-field-errors]")
    return [" ".join(error.get_text().split()) for error in found if error.get_text().strip()]


def create_in_admin(client, model, parent, fields):
    """Fill ``model``'s create form under ``parent`` like an editor, and press Publish."""
    meta = model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])
    form = BeautifulSoup(client.get(url).content, "html.parser").select_one("form#page-edit-form")
    assert form is not None, f"no page editor at {url}"
    data = submitted_fields(form) | {name: [value] for name, value in fields.items()}
    data["action-publish"] = ["action-publish"]
    response = client.post(form["action"], data)
    assert response.status_code == 302, form_errors(response)
    return model.objects.child_of(parent).get(locale=parent.locale, slug=fields["slug"])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_editor_creates_and_publishes_every_page_type(db, settings, tmp_path, client, language):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", verbosity=0)
    client.force_login(get_user_model().objects.get(username="editor"))
    sections = {
        StatementPage: StatementIndexPage,
        NewsPage: NewsIndexPage,
        ReportPage: ReportIndexPage,
        EventPage: EventIndexPage,
    }
    base = NEW_PAGES[language]
    made = []
    for model, index_model in sections.items():
        index = index_model.objects.get(locale__language_code=language)
        fields = {**base, "slug": f"{base['slug']}-{model._meta.model_name}"}
        if model is EventPage:
            fields |= EVENT_FIELDS
        made.append((create_in_admin(client, model, index, fields), index))
    event = made[-1][0]
    invitation_fields = {
        **base,
        "slug": f"{base['slug']}-invitation",
        "invitation_text": INVITATION_TEXT,
    }
    made.append((create_in_admin(client, InvitationPage, event, invitation_fields), event))

    reader = Client()
    for page, parent in made:
        assert page.live and page.locale.language_code == language, page
        assert not page.has_unpublished_changes, page
        response = reader.get(page.url)
        assert response.status_code == 200, page.url
        assert base["title"] in response.content.decode(), page.url
        if not isinstance(page, InvitationPage):
            assert page.url in reader.get(parent.url).content.decode(), parent.url
    assert "You are invited." in reader.get(made[-1][0].url).content.decode()
