"""Digests and alerts through the ledger, over real SMTP to an aiosmtpd sink (eager Celery)."""

import re
from datetime import timedelta
from email import message_from_bytes, policy
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsletter import batches, ledger, sending
from newsletter.emails import MessageTemplate, subscriber_links
from newsletter.models import Delivery, Send, Subscriber
from tests.factories import (
    EventPageFactory,
    InvitationPageFactory,
    StatementPageFactory,
    TopicFactory,
    make_subscriber,
    publish,
    translate,
)
from tests.support.smtp_sink import Sink

pytestmark = pytest.mark.django_db


def statement(parent, locale, title, topics=()):
    page = StatementPageFactory(parent=parent, locale=locale, title=title)
    if topics:
        page.topics.set(topics)
    return publish(page)


def html_of(message):
    return message.get_body(("html",)).get_content()


def text_of(message):
    return message.get_body(("plain",)).get_content()


def check_newsletter_headers(message):
    links = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert links[0].startswith("https://") and "/newsletter/unsubscribe/" in links[0]
    assert links[1].startswith("mailto:")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.is_multipart()
    assert {part.get_content_type() for part in message.iter_parts()} == {
        "text/plain",
        "text/html",
    }


@pytest.fixture
def site(tree, settings):
    settings.SITE_URL = "https://newsroom.example.org"
    return tree


def test_digest_arrives_once_in_the_subscribers_language(site, smtp):
    english = make_subscriber("en@example.org", language="en", frequency="daily")
    arabic = make_subscriber("ar@example.org", language="ar", frequency="daily")
    make_subscriber("weekly@example.org", language="en", frequency="weekly")
    make_subscriber("pending@example.org", frequency="daily", confirmed=False)
    statement(site.statements_en, site.en, "Free the detained journalists")
    statement(site.statements_ar, site.ar, "أفرجوا عن الصحفيين")

    summary = sending.start_digest("daily")
    assert summary["outcomes"] == {"sent": 2}
    assert sorted(r for rcpts, _m in smtp.handler.messages for r in rcpts) == [
        "ar@example.org",
        "en@example.org",
    ]
    [to_english] = smtp.handler.to("en@example.org")
    [to_arabic] = smtp.handler.to("ar@example.org")
    for message in (to_english, to_arabic):
        check_newsletter_headers(message)
    assert to_english["Content-Language"] == "en"
    assert "Free the detained journalists" in html_of(to_english)
    assert "أفرجوا" not in html_of(to_english) + text_of(to_english)
    assert to_arabic["Content-Language"] == "ar"
    html = html_of(to_arabic)
    assert '<html lang="ar" dir="rtl">' in html and 'dir="rtl"' in html.split("<body", 1)[1]
    assert "أفرجوا عن الصحفيين" in html and "Free the" not in html
    assert "https://newsroom.example.org/ar/statements/" in html  # absolute links
    assert "style=" in html and "<style>" not in html  # CSS inlined
    text = text_of(to_arabic)
    assert all(line.startswith("\u200f") for line in text.splitlines() if line)
    assert english.deliveries.get().status == "sent"
    assert arabic.deliveries.get().message_id in to_arabic["Message-ID"]

    # Running it again (same day) sends nothing: nothing is sent twice.
    again = sending.start_digest("daily")
    assert again["outcomes"] == {}
    assert len(smtp.handler.messages) == 2
    assert Delivery.objects.filter(status="sent").count() == 2


def test_nothing_is_sent_when_nothing_is_new(site, smtp):
    make_subscriber("en@example.org", frequency="weekly")
    summary = sending.start_digest("weekly")
    assert summary["subscribers"] == 1 and summary["outcomes"] == {}
    assert smtp.handler.messages == [] and Delivery.objects.count() == 0


def test_next_digest_lists_only_what_is_new_since_the_previous_one(site, smtp):
    subscriber = make_subscriber("en@example.org", frequency="daily")
    statement(site.statements_en, site.en, "First statement")
    sending.start_digest("daily")
    statement(site.statements_en, site.en, "Second statement")
    tomorrow = timezone.now() + timedelta(days=1)
    sending.start_digest("daily", now=tomorrow)
    first, second = [html_of(m) for m in smtp.handler.to("en@example.org")]
    assert "First statement" in first and "Second statement" not in first
    assert "Second statement" in second and "First statement" not in second
    rows = list(subscriber.deliveries.order_by("pk"))
    assert rows[1].since == rows[0].until


def test_topics_filter_the_digest(site, smtp):
    detention = TopicFactory(name="Detention", slug="detention", locale=site.en)
    press = TopicFactory(name="Press", slug="press", locale=site.en)
    make_subscriber("topic@example.org", frequency="daily", topics=[detention])
    make_subscriber("all@example.org", frequency="daily")
    statement(site.statements_en, site.en, "About detention", topics=[detention])
    statement(site.statements_en, site.en, "About the press", topics=[press])
    sending.start_digest("daily")
    [chosen] = smtp.handler.to("topic@example.org")
    [everything] = smtp.handler.to("all@example.org")
    assert "About detention" in html_of(chosen) and "About the press" not in html_of(chosen)
    assert "About detention" in html_of(everything) and "About the press" in html_of(everything)


def test_invitations_are_in_the_digest_like_other_publications(site, smtp):
    make_subscriber("en@example.org", frequency="weekly")
    make_subscriber("ar@example.org", language="ar", frequency="weekly")
    event = publish(EventPageFactory(parent=site.events_en, locale=site.en, title="Panel"))
    translate(event, site.ar, title="ندوة")
    invitation = publish(
        InvitationPageFactory(
            parent=event, locale=site.en, title="An invitation to the panel", live=False
        )
    )
    translate(invitation, site.ar, title="دعوة إلى الندوة")

    sending.start_digest("weekly")
    for address, title, language in (
        ("en@example.org", "An invitation to the panel", "en"),
        ("ar@example.org", "دعوة إلى الندوة", "ar"),
    ):
        [message] = smtp.handler.to(address)
        url = f"https://newsroom.example.org/{language}/events/{event.slug}/{invitation.slug}/"
        for part in (html_of(message), text_of(message)):
            assert title in part and url in part, address


def test_bidi_overrides_in_titles_are_neutralised(site, smtp):
    make_subscriber("en@example.org", frequency="daily")
    statement(site.statements_en, site.en, "Innocent \u202egnp.exe\u202c title \u2066x\u2069")
    sending.start_digest("daily")
    [message] = smtp.handler.to("en@example.org")
    raw = smtp.handler.messages[0][1].decode("utf-8", "replace")
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in raw
    assert "Innocent gnp.exe title x" in html_of(message)


def test_the_merged_fast_path_makes_the_same_message_as_django(site, smtp):
    subscriber = make_subscriber("en@example.org", frequency="daily")
    statement(site.statements_en, site.en, "Free the detained journalists")
    template = MessageTemplate.render(
        "digest",
        "ar",
        {"items": [], "count": 0, "frequency": "daily", "subscriber_frequency": "daily"},
    )
    links = subscriber_links(subscriber)
    fast = template.personalise("en@example.org", links, "<m.1@example.org>", smtp=True)
    slow = template.personalise("en@example.org", links, "<m.1@example.org>", smtp=False)
    assert fast.prebuilt is not None and slow.prebuilt is None
    ours = message_from_bytes(fast.message().as_bytes(linesep="\r\n"), policy=policy.default)
    django = message_from_bytes(slow.message().as_bytes(linesep="\r\n"), policy=policy.default)
    for header in ("To", "Subject", "List-Unsubscribe", "Message-ID", "Content-Language"):
        assert str(ours[header]).strip() == str(django[header]).strip(), header
    assert html_of(ours) == html_of(django) and text_of(ours) == text_of(django)
    assert links["unsubscribe_url"] in html_of(ours)


def test_permanent_rejection_suppresses_the_address(site, settings):
    make_subscriber("gone@example.org", frequency="daily")
    make_subscriber("fine@example.org", frequency="daily")
    statement(site.statements_en, site.en, "News")
    with Sink(refuse={"gone@example.org": (550, "5.1.1 no such user")}) as sink:
        use_sink(settings, sink)
        summary = sending.start_digest("daily")
    assert summary["outcomes"] == {"sent": 1, "bounced": 1}
    gone = Subscriber.objects.get(email="gone@example.org")
    assert gone.status == "suppressed" and "550" in gone.suppressed_reason
    assert gone.deliveries.get().status == "bounced"
    assert Send.objects.get().counts()["bounced"] == 1


def test_temporary_failure_is_retried_later_with_back_off(site, settings):
    subscriber = make_subscriber("busy@example.org", frequency="daily")
    statement(site.statements_en, site.en, "News")
    with Sink(refuse={"busy@example.org": (451, "4.3.0 try later")}) as sink:
        use_sink(settings, sink)
        summary = sending.start_digest("daily")
    assert summary["outcomes"] == {"deferred": 1}
    row = subscriber.deliveries.get()
    assert row.status == "pending" and row.attempts == 1
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=30)
    with Sink() as sink:
        use_sink(settings, sink)
        assert sending.start_digest("daily")["outcomes"] == {}  # not due yet
        Delivery.objects.update(next_attempt_at=timezone.now())
        assert sending.start_digest("daily")["outcomes"] == {"sent": 1}
        assert len(sink.handler.messages) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)


def use_sink(settings, sink):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.NEWSLETTER_EMAIL_BACKEND = ""
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port


def test_claims_skip_rows_another_worker_holds_and_take_over_expired_leases(site, smtp):
    subscribers = [make_subscriber(f"s{n}@example.org", frequency="daily") for n in range(3)]
    statement(site.statements_en, site.en, "News")
    send = Send.objects.create(kind="daily", period="daily:test", cutoff=timezone.now())
    ids = [s.pk for s in subscribers]
    batch = batches.Batch(send, ids)
    ledger.plan(send, batch.plan())
    # Another worker holds the first row (live lease) and died holding the second.
    attempt, rows = ledger.claim(ledger.open_rows(send, ids[:2]))
    Delivery.objects.filter(pk=rows[1].pk).update(lease_until=timezone.now() - timedelta(1))
    result = batches.deliver(send.pk, ids)
    assert result["outcomes"] == {"sent": 2}
    assert result["waiting"] == 1 and result["retry_in"] > 0
    assert sorted(r for rcpts, _m in smtp.handler.messages for r in rcpts) == [
        "s1@example.org",
        "s2@example.org",
    ]
    # The first worker's late "sent" for the row taken over is refused (its claim is gone).
    assert ledger.mark_sent(rows[1], attempt) == 0
    assert ledger.mark_sent(rows[0], attempt) == 1


def test_batches_walk_the_subscribers_without_a_full_list(site, smtp, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for number in range(5):
        make_subscriber(f"s{number}@example.org", frequency="weekly")
    statement(site.statements_en, site.en, "News")
    summary = sending.start_digest("weekly")
    assert (summary["batches"], summary["subscribers"]) == (3, 5)
    assert summary["outcomes"] == {"sent": 5}
    assert len(smtp.handler.messages) == 5


def test_send_digests_command_and_dry_run(site, smtp):
    make_subscriber("en@example.org", frequency="weekly")
    statement(site.statements_en, site.en, "News")
    out = StringIO()
    call_command("send_digests", "--frequency", "weekly", "--dry-run", stdout=out)
    assert "1 digest(s) would be sent" in out.getvalue()
    assert smtp.handler.messages == [] and Send.objects.count() == 0
    out = StringIO()
    call_command("send_digests", "--frequency", "weekly", stdout=out)
    assert "1 sent" in out.getvalue()
    out = StringIO()
    call_command("send_digests", "--frequency", "weekly", stdout=out)
    assert "nothing" in out.getvalue() or "sent" not in out.getvalue()
    assert len(smtp.handler.messages) == 1


def test_statement_alert_goes_once_to_immediate_subscribers_of_its_language(
    site, smtp, django_capture_on_commit_callbacks
):
    make_subscriber("now@example.org", frequency="immediate")
    make_subscriber("now-ar@example.org", language="ar", frequency="immediate")
    make_subscriber("daily@example.org", frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        page = statement(site.statements_en, site.en, "Urgent statement")
    [alert] = smtp.handler.to("now@example.org")
    check_newsletter_headers(alert)
    assert "Urgent statement" in alert["Subject"]
    assert len(smtp.handler.messages) == 1
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)  # an edit, published again: no second alert
    assert len(smtp.handler.messages) == 1


def test_beat_schedules_the_digests(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["newsletter-daily-digest"]["args"] == ("daily",)
    assert schedule["newsletter-weekly-digest"]["task"] == "newsletter.send_digests"
    assert "newsletter-resume" in schedule
