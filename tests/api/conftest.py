"""Fixtures for the content API: a client that reads JSON, and a bilingual tree with pages
in every state a reader must or must not see."""

import datetime
from dataclasses import dataclass, field

import pytest
import wagtail_factories
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from newsroom.content.models import ReportIndexPage, ReportPage
from newsroom.core.models import NewsroomDocument
from newsroom.events.models import InvitationPage
from tests.factories import (
    EventPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    StatementPageFactory,
    TopicFactory,
    publish,
    translate,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def api_settings(settings):
    """A clean cache (rate counters, stored responses) and a limit no test reaches by accident."""
    cache.clear()
    settings.NEWSROOM_API_RATE_LIMIT = 100_000
    settings.SITE_URL = "https://news.example.org"
    yield settings
    cache.clear()


class ApiClient:
    def __init__(self, client):
        self.client = client

    def get(self, path, status=200, **headers):
        response = self.client.get(path, headers=headers)
        assert response.status_code == status, (path, response.status_code, response.content[:600])
        return response

    def json(self, path, status=200, **headers):
        return self.get(path, status, **headers).json()


@pytest.fixture
def api(client):
    return ApiClient(client)


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


@dataclass
class Newsroom:
    """What a reader may see (``visible``) and what must never show (``hidden``)."""

    tree: object
    pages: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.pages[name]


@pytest.fixture
def newsroom(tree):
    en, ar = tree.en, tree.ar
    topic_en = TopicFactory(slug="detention", name="Detention", locale=en)
    topic_ar = topic_en.copy_for_translation(ar)
    topic_ar.name = "الاحتجاز"
    topic_ar.save()
    other_topic = TopicFactory(slug="press-freedom", name="Press freedom", locale=en)
    issuer = OrganisationFactory(name="Coalition for Rights", short_name="CR", locale=en)
    issuer_ar = issuer.copy_for_translation(ar)
    issuer_ar.name = "تحالف الحقوق"
    issuer_ar.save()

    image = wagtail_factories.ImageFactory(title="Circles")
    document = NewsroomDocument.objects.create(
        title="Full text", file=ContentFile(PDF, name="full-text.pdf"), language="ar"
    )
    pages = {}

    statement = StatementPageFactory(
        parent=tree.statements_en,
        locale=en,
        title="Release the detained journalists",
        slug="release-detained-journalists",
        issued_by=issuer,
        listing_image=image,
        first_published_at=ago(days=3),
    )
    statement.topics.add(topic_en)
    statement.save()
    pages["statement_en"] = publish(statement)
    pages["statement_ar"] = translate(
        pages["statement_en"],
        ar,
        title="أطلقوا سراح الصحفيين المحتجزين",
        subtitle="تدعو المنظمات إلى الإفراج عن الصحفيين المسؤولين",
        full_document=document,
    )

    pages["news_en_only"] = publish(
        NewsPageFactory(parent=tree.news_en, locale=en, title="Internship in Geneva")
    )
    pages["news_en_only"].topics.add(other_topic)
    pages["news_en_only"].save()

    # A pair whose Arabic version is a draft: the English page must not link to it.
    pages["news_with_draft"] = publish(
        NewsPageFactory(parent=tree.news_en, locale=en, title="Members meet in Beirut")
    )
    draft_ar = translate(pages["news_with_draft"], ar, title="اجتماع الأعضاء في بيروت")
    draft_ar.unpublish()
    pages["hidden_draft_translation"] = draft_ar

    pages["hidden_draft"] = NewsPageFactory(
        parent=tree.news_en, locale=en, title="Secret draft", live=False
    )
    unpublished = publish(NewsPageFactory(parent=tree.news_en, locale=en, title="Withdrawn notice"))
    unpublished.unpublish()
    pages["hidden_unpublished"] = unpublished

    scheduled = NewsPageFactory(
        parent=tree.news_en, locale=en, title="Embargoed until Monday", live=False
    )
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    pages["hidden_scheduled"] = scheduled

    private = publish(
        NewsPageFactory(parent=tree.news_en, locale=en, title="Members only briefing")
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    pages["hidden_private"] = private

    expired = publish(NewsPageFactory(parent=tree.news_en, locale=en, title="Old vacancy"))
    expired.expire_at = ago(hours=1)
    expired.save(update_fields=["expire_at"])
    pages["hidden_expired"] = expired

    # Private statement with a public Arabic translation: the Arabic page stands alone.
    private_pair = publish(
        StatementPageFactory(parent=tree.statements_en, locale=en, title="Confidential")
    )
    pages["private_pair_ar"] = translate(private_pair, ar, title="بيان سري مترجم")
    PageViewRestriction.objects.create(page=private_pair, restriction_type="password", password="x")
    pages["hidden_private_pair_en"] = private_pair

    # An Arabic alias is an untranslated copy of the English page, not a translation.
    aliased = publish(NewsPageFactory(parent=tree.news_en, locale=en, title="Alias source"))
    pages["aliased_en"] = aliased
    pages["hidden_alias"] = aliased.copy_for_translation(ar, copy_parents=False, alias=True)

    # A statement linking, in its body, to a visible page and to a draft.
    pages["linking"] = publish(
        StatementPageFactory(
            parent=tree.statements_en,
            locale=en,
            title="Linking statement",
            body=[
                (
                    "paragraph",
                    RichText(
                        f'<p>See <a linktype="page" id="{pages["statement_en"].pk}">this</a> '
                        f'and <a linktype="page" id="{pages["hidden_draft"].pk}">that</a>.</p>'
                    ),
                ),
                ("image", {"image": image, "alt_text": "Circles", "caption": "", "credit": ""}),
                ("heading", {"text": "<script>alert(1)</script>Demands", "level": "h2"}),
            ],
        )
    )

    reports = ReportIndexPage(title="Reports", slug="reports", locale=en)
    tree.home_en.add_child(instance=reports)
    report = ReportPage(
        title="Behind closed doors",
        slug="behind-closed-doors",
        locale=en,
        full_document=document,
        key_findings=f'<ul><li>Found <a linktype="page" id="{pages["hidden_draft"].pk}">x</a>'
        "</li></ul>",
    )
    reports.add_child(instance=report)
    pages["report"] = publish(report)

    organiser = OrganisationFactory(name="Geneva Forum", locale=en)
    upcoming = EventPageFactory(
        parent=tree.events_en,
        locale=en,
        title="Panel in Geneva",
        slug="panel-in-geneva",
        start=timezone.now() + datetime.timedelta(days=10),
        time_zone="Europe/Zurich",
    )
    upcoming.organisers.add(organiser)
    upcoming.topics.add(topic_en)
    upcoming.save()
    pages["event_upcoming"] = publish(upcoming)
    pages["event_upcoming_ar"] = translate(pages["event_upcoming"], ar, title="ندوة في جنيف")
    pages["event_past"] = publish(
        EventPageFactory(
            parent=tree.events_en,
            locale=en,
            title="Workshop in Tunis",
            start=ago(days=30),
            time_zone="Africa/Tunis",
        )
    )
    invitation = InvitationPage(
        title="Invitation to the panel",
        slug="invitation",
        locale=en,
        invitation_text="<p>You are invited.</p>",
        hosts="Geneva Forum",
    )
    pages["event_upcoming"].add_child(instance=invitation)
    pages["invitation"] = publish(invitation)
    return Newsroom(tree=tree, pages=pages)
