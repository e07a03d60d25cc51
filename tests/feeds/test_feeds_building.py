"""Building on change: affected feeds only, bursts coalesced, WebSub pings, the command."""

import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import feedparser
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from wagtail.models import PageViewRestriction

from newsroom.content.models import NewsPage, StatementPage
from newsroom.events.models import EventPage, InvitationPage
from newsroom.feeds import tasks
from newsroom.feeds.building import rebuild
from newsroom.feeds.catalogue import feed_models, feed_section
from tests.factories import (
    InvitationPageFactory,
    NewsPageFactory,
    StatementPageFactory,
    TopicFactory,
    publish,
    translate,
)

pytestmark = pytest.mark.django_db


def builds(store):
    keys = [f"{language}/{name}" for language in ("en", "ar") for name in ("all", "statements")]
    keys += [f"{language}/{name}" for language in ("en", "ar") for name in ("news", "events")]
    keys += ["en/topics/detention", "ar/topics/detention", "en/events.ics", "ar/events.ics"]
    return {key: store.builds(key) for key in keys}


def grown(before, after):
    return {key for key in after if after[key] != before[key]}


def test_a_publish_rebuilds_only_the_affected_feeds(
    client, content, store, django_capture_on_commit_callbacks
):
    before = builds(store)
    page = StatementPage.objects.get(pk=content.statement_en.pk)
    page.title = "Free every journalist"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    assert grown(before, builds(store)) == {"en/all", "en/statements", "en/topics/detention"}
    feed = feedparser.parse(client.get("/en/feeds/all.rss").content)
    assert "Free every journalist" in {entry.title for entry in feed.entries}

    before = builds(store)
    with django_capture_on_commit_callbacks(execute=True):
        publish(content.event_ar)
    assert grown(before, builds(store)) == {
        "ar/all",
        "ar/events",
        "ar/topics/detention",
        "ar/events.ics",
    }
    assert store.builds(f"ar/events/{content.event_en.translation_key}.ics") == 2


def test_a_topic_taken_off_a_page_leaves_its_feed(
    client, content, store, django_capture_on_commit_callbacks
):
    other = TopicFactory(locale=content.tree.en, name="Courts", slug="courts")
    page = StatementPage.objects.get(pk=content.statement_en.pk)
    page.topics.set([other])
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    detention = feedparser.parse(client.get("/en/feeds/topics/detention.atom").content)
    assert {entry.title for entry in detention.entries} == {"Panel on detention"}
    courts = feedparser.parse(client.get("/en/feeds/topics/courts.atom").content)
    assert {entry.title for entry in courts.entries} == {"Free the journalists"}


def test_a_burst_in_one_transaction_is_one_build(
    content, store, django_capture_on_commit_callbacks
):
    tree = content.tree
    before = store.builds("en/all")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for number in range(30):
            publish(
                NewsPageFactory(
                    parent=tree.news_en, locale=tree.en, title=f"Burst {number}", live=False
                )
            )
    assert store.builds("en/all") == before + 1
    assert store.builds("en/news") == before + 1


def test_pending_keys_coalesce_until_the_task_runs(content, store, monkeypatch):
    """Without a broker the first change runs the task at once; while a rebuild is scheduled
    (as it is for a second with a worker) later changes only join the pending set."""
    from newsroom.feeds import pending

    queue = pending.get_pending()
    sent = []
    with monkeypatch.context() as patched:
        patched.setattr(tasks, "eager", lambda: False)
        patched.setattr(tasks.rebuild_pending, "apply_async", lambda **kw: sent.append(kw))
        for number in range(100):
            tasks.enqueue({f"en/page/{number}", "en/all"})
    assert len(sent) == 1 and 0 <= sent[0]["countdown"] <= settings.FEEDS_COALESCE_SECONDS
    # The same checks hold for the in-process set and for Redis (CI sets REDIS_URL).
    waiting = queue.take()
    assert len(waiting) == 101
    assert queue.add(waiting) is False, "a rebuild is already scheduled"
    before = store.builds("en/all")
    tasks.rebuild_pending()
    assert store.builds("en/all") == before + 1
    assert queue.take() == set()
    assert queue.add({"en/all"}) is True, "the rebuild released its mark"
    # The rebuild just started: the next one waits for the rest of its window.
    assert time.time() - queue.last_started() < settings.FEEDS_COALESCE_SECONDS
    assert 0 < tasks.countdown(queue.last_started()) <= settings.FEEDS_COALESCE_SECONDS
    queue.take()
    queue.release()


def test_a_lone_change_is_rebuilt_at_once_and_a_burst_once_a_window(settings):
    window = settings.FEEDS_COALESCE_SECONDS
    assert tasks.countdown(None) == 0  # never rebuilt
    assert tasks.countdown(time.time() - window - 0.01) == 0  # not in the last window
    assert window / 2 < tasks.countdown(time.time() - window / 2 + 0.1) < window / 2 + 0.1


def test_view_restrictions_and_section_pages_rebuild_their_language(
    client, content, store, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=content.tree.news_en, restriction_type="login")
    feed = feedparser.parse(client.get("/en/feeds/all.rss").content)
    assert "Court hears appeal" not in {entry.title for entry in feed.entries}
    assert "المحكمة تنظر في الاستئناف" in {
        entry.title for entry in feedparser.parse(client.get("/ar/feeds/all.rss").content).entries
    }

    index = content.tree.statements_ar
    index.title = "بيانات"
    before = builds(store)
    with django_capture_on_commit_callbacks(execute=True):
        publish(index)
    assert {key for key in grown(before, builds(store))} == {
        key for key in before if key.startswith("ar/")
    }


class Hub(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        Hub.received.append(urllib.parse.parse_qs(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hub(settings):
    server = HTTPServer(("127.0.0.1", 0), Hub)
    Hub.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WEBSUB_HUB_URL = f"http://127.0.0.1:{server.server_port}/hub"
    yield settings.WEBSUB_HUB_URL
    server.shutdown()
    server.server_close()


def test_websub_hub_is_advertised_and_pinged(
    client, content, hub, django_capture_on_commit_callbacks
):
    rebuild({"*"})  # the hub link is new: every feed changes
    Hub.received.clear()
    page = NewsPage.objects.get(pk=content.news_en.pk)
    page.title = "Appeal rejected"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    pinged = {(data["hub.mode"][0], data["hub.url"][0]) for data in Hub.received}
    assert ("publish", f"{settings.SITE_URL}/en/feeds/all.rss") in pinged
    assert ("publish", f"{settings.SITE_URL}/en/feeds/news.atom") in pinged
    assert ("publish", f"{settings.SITE_URL}/en/feeds/news.json") in pinged
    assert not any("/ar/" in url or "statements" in url for _mode, url in pinged)

    response = client.get("/en/feeds/news.atom")
    self_url = f"{settings.SITE_URL}/en/feeds/news.atom"
    assert response["Link"] == f'<{hub}>; rel="hub", <{self_url}>; rel="self"'
    feed = feedparser.parse(response.content)
    links = {(link.rel, link.href) for link in feed.feed.links}
    assert ("hub", hub) in links and ("self", self_url) in links
    rss = feedparser.parse(client.get("/en/feeds/news.rss").content)
    assert ("hub", hub) in {(link.rel, link.href) for link in rss.feed.links}
    assert client.get("/en/feeds/news.json").json()["hubs"] == [{"type": "WebSub", "url": hub}]


def test_rebuild_feeds_command_and_hourly_schedule(content, store, feeds_root):
    before = store.builds("ar/all")
    call_command("rebuild_feeds", verbosity=0)
    assert store.builds("ar/all") == before + 1
    assert (feeds_root / "en" / "topics" / "detention.json").exists()
    schedule = settings.CELERY_BEAT_SCHEDULE["feeds-rebuild-all"]
    assert schedule == {"task": "newsroom.feeds.rebuild_all", "schedule": 3600}
    from newsroom.celery import app

    assert "newsroom.feeds.rebuild_all" in app.tasks


def test_a_deleted_topic_loses_its_feed(client, content, django_capture_on_commit_callbacks):
    topic = TopicFactory(locale=content.tree.en, name="Gone soon", slug="gone-soon")
    rebuild({"en/feeds"})
    assert client.get("/en/feeds/topics/gone-soon.rss").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        topic.delete()
    assert client.get("/en/feeds/topics/gone-soon.rss").status_code == 404


def test_draft_changes_do_not_reach_the_feed(client, content, django_capture_on_commit_callbacks):
    page = StatementPage.objects.get(pk=content.statement_en.pk)
    page.title = "Draft headline"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
    rebuild({"en/feeds"})
    entries = feedparser.parse(client.get("/en/feeds/statements.rss").content).entries
    assert [entry.title for entry in entries] == ["Free the journalists"]


def test_unpublished_drafts_never_schedule_anything(content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        StatementPageFactory(
            parent=content.tree.statements_en, locale=content.tree.en, live=False
        ).save_revision()
    assert tasks.flush not in callbacks


def test_invitations_are_announced_in_the_feeds_not_the_calendars(
    client, content, store, django_capture_on_commit_callbacks
):
    """The registry puts invitations in the events section; calendars hold events only."""
    assert feed_models("events") == [EventPage, InvitationPage]
    assert InvitationPage in feed_models("all")
    assert feed_section(InvitationPage) == "events"
    assert feed_section(EventPage) == "events"
    assert feed_section(NewsPage) == "news"

    before = builds(store)
    with django_capture_on_commit_callbacks(execute=True):
        english = publish(
            InvitationPageFactory(
                parent=content.event_en,
                locale=content.tree.en,
                title="You are invited to the panel",
                hosts="Geneva Forum",
                live=False,
            )
        )
    # The publish rebuilds what any article's would; no calendar (nor one named after it).
    assert grown(before, builds(store)) == {"en/all", "en/events"}
    assert store.builds(f"en/events/{english.translation_key}.ics") == 0
    with django_capture_on_commit_callbacks(execute=True):
        translate(english, content.tree.ar, title="دعوة إلى الندوة")

    for language, title in (("en", "You are invited to the panel"), ("ar", "دعوة إلى الندوة")):
        for fmt in ("rss", "atom"):
            feed = feedparser.parse(client.get(f"/{language}/feeds/all.{fmt}").content)
            [entry] = [entry for entry in feed.entries if entry.title == title]
            assert entry.link.endswith(f"/{english.slug}/"), entry.link
            assert f"/{language}/events/" in entry.link
            content_html = entry.content[0].value if fmt == "atom" else entry.description
            assert "We would be glad to welcome you." in content_html
            assert "Geneva Forum" in content_html
        calendar = client.get(f"/{language}/feeds/events.ics").content.decode()
        assert "BEGIN:VEVENT" in calendar and title not in calendar
