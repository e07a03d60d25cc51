"""Bounce and complaint webhooks (anymail, basic auth), mailto unsubscribes, the admin view."""

import base64
import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from newsletter import tokens
from newsletter.models import Delivery, Send
from tests.factories import StatementPageFactory, make_subscriber, publish

pytestmark = pytest.mark.django_db
SECRET = "esp:s3cret-webhook"
TRACKING = "/anymail/postmark/tracking/"
INBOUND = "/anymail/postmark/inbound/"


def auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def bounce(email, kind="HardBounce", record="Bounce"):
    return json.dumps(
        {
            "RecordType": record,
            "Type": kind,
            "Email": email,
            "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
            "BouncedAt": "2026-05-04T10:00:00Z",
            "Description": "The server was unable to deliver your message",
            "Details": "smtp;550 5.1.1 The email account does not exist",
            "Tag": "",
            "Metadata": {},
        }
    )


@pytest.fixture
def secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def post(client, url, body, **extra):
    return client.post(url, body, content_type="application/json", **extra)


def test_hard_bounce_suppresses_and_counts_against_the_send(tree, client, secret):
    subscriber = make_subscriber("gone@example.org", frequency="daily")
    send = Send.objects.create(kind="daily", period="daily:x", cutoff=timezone.now())
    Delivery.objects.create(
        send=send, subscriber=subscriber, until=send.cutoff, status="sent", sent_at=timezone.now()
    )
    response = post(client, TRACKING, bounce("Gone@Example.org"), **auth())
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "suppressed" and "Postmark" in subscriber.suppressed_reason
    assert send.counts()["bounced"] == 1


def test_spam_complaint_suppresses(tree, client, secret):
    subscriber = make_subscriber("angry@example.org")
    body = bounce("angry@example.org", kind="SpamComplaint", record="SpamComplaint")
    assert post(client, TRACKING, body, **auth()).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "suppressed"


def test_transient_bounce_does_not_suppress(tree, client, secret):
    subscriber = make_subscriber("full@example.org")
    assert (
        post(client, TRACKING, bounce("full@example.org", "Transient"), **auth()).status_code == 200
    )
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


def test_webhook_without_the_right_credentials_changes_nothing(tree, client, secret):
    subscriber = make_subscriber("victim@example.org")
    assert post(client, TRACKING, bounce("victim@example.org")).status_code == 400
    wrong = auth("esp:guess")
    assert post(client, TRACKING, bounce("victim@example.org"), **wrong).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


def test_webhooks_are_off_without_a_secret(tree, client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    subscriber = make_subscriber("victim@example.org")
    assert post(client, TRACKING, bounce("victim@example.org")).status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


def test_mailto_unsubscribe_arrives_through_the_inbound_webhook(tree, client, secret):
    subscriber = make_subscriber("reader@example.org")
    token = tokens.make(subscriber, tokens.UNSUBSCRIBE)
    body = json.dumps(
        {
            "FromFull": {"Email": "reader@example.org", "Name": ""},
            "ToFull": [{"Email": "unsubscribe@localhost", "Name": ""}],
            "Subject": f"unsubscribe {token}",
            "TextBody": "",
            "Headers": [],
            "Attachments": [],
        }
    )
    assert post(client, INBOUND, body, **auth()).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_admin_dashboard_counts_previews_and_sends_a_test(admin_client, admin_user, tree):
    subscriber = make_subscriber("en@example.org", frequency="weekly")
    publish(StatementPageFactory(parent=tree.statements_ar, locale=tree.ar, title="بيان اليوم"))
    send = Send.objects.create(kind="weekly", period="weekly:2026-W01", cutoff=timezone.now())
    for status in ("sent", "sent", "failed", "bounced", "pending"):
        Delivery.objects.create(send=send, until=send.cutoff, status=status)
    Delivery.objects.create(send=send, subscriber=subscriber, until=send.cutoff, status="sent")
    response = admin_client.get("/admin/newsletter/?kind=weekly&language=ar")
    assert response.status_code == 200
    listed = response.context["sends"][0]
    assert (listed.queued, listed.sent, listed.failed, listed.bounced) == (1, 3, 1, 1)
    assert response.context["item_count"] == 1
    preview = admin_client.get("/admin/newsletter/preview/?kind=weekly&language=ar")
    assert preview.status_code == 200
    assert b'dir="rtl"' in preview.content and "بيان اليوم".encode() in preview.content
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    mail.outbox.clear()
    response = admin_client.post("/admin/newsletter/test/?kind=weekly&language=ar")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [admin_user.email] and message.subject.startswith("[Test]")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    menu = admin_client.get("/admin/")
    assert b"/admin/newsletter/" in menu.content


def test_admin_dashboard_needs_the_permission(client, tree):
    user = get_user_model().objects.create_user("nobody", "n@example.org", "pw-newsroom-1")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/newsletter/").status_code in (302, 403)
