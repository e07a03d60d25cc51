import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from newsroom.content.models import ReportPage
from newsroom.feeds import pending, tasks
from newsroom.feeds.building import rebuild
from newsroom.feeds.store import ArtefactStore
from tests.factories import (
    EventPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    ReportIndexPageFactory,
    StatementPageFactory,
    TopicFactory,
    publish,
    translate,
)


@pytest.fixture(autouse=True)
def feeds_root(tmp_path, settings, monkeypatch):
    """A feed store per test; a Celery worker started by the test inherits it (env)."""
    root = tmp_path / "feeds"
    settings.FEEDS_ROOT = root
    monkeypatch.setenv("NEWSROOM_FEEDS_ROOT", str(root))
    monkeypatch.setattr(pending, "_local", pending.LocalPending())
    tasks._buffer().clear()
    yield root
    tasks._buffer().clear()


@pytest.fixture
def store(feeds_root):
    return ArtefactStore(feeds_root)


def forget_scheduled():
    """Drop the changes the fixtures queued, so a test sees only its own."""
    tasks._buffer().clear()


def pdf(name):
    document = get_document_model()(title=name, language="en")
    document.file = ContentFile(b"%PDF-1.4\n" + b"0" * 1200 + b"\n%%EOF\n", name=f"{name}.pdf")
    document._set_document_file_metadata()
    document.save()
    return document


@dataclass
class Content:
    tree: object
    topic_en: object
    topic_ar: object
    statement_en: object
    statement_ar: object
    news_en: object
    news_ar: object
    report_en: object
    event_en: object
    event_ar: object
    reports_en: object


def build_content(tree):
    """A statement (with PDF, topic, issuer), news, a report and an event in both languages."""
    topic_en = TopicFactory(locale=tree.en, name="Detention", slug="detention")
    topic_ar = topic_en.copy_for_translation(tree.ar)
    topic_ar.name = "الاحتجاز"
    topic_ar.save()
    issuer = OrganisationFactory(
        locale=tree.en, name="Coalition for Rights", website="https://c.example"
    )
    issuer_ar = issuer.copy_for_translation(tree.ar)
    issuer_ar.name = "تحالف الحقوق"
    issuer_ar.save()

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    statement_en = StatementPageFactory(
        parent=tree.statements_en,
        locale=tree.en,
        title="Free the journalists",
        slug="free-the-journalists",
        subtitle="A call to release reporters.",
        issued_by=issuer,
        full_document=pdf("statement-en"),
        live=False,
    )
    statement_en.topics.set([topic_en])
    publish(statement_en)
    statement_ar = translate(
        statement_en, tree.ar, title="أفرجوا عن الصحفيين", subtitle="دعوة إلى الإفراج عن المراسلين."
    )
    news_en = publish(
        NewsPageFactory(
            parent=tree.news_en,
            locale=tree.en,
            title="Court hears appeal",
            slug="court-hears-appeal",
            publication_date=yesterday,
            live=False,
        )
    )
    news_ar = translate(news_en, tree.ar, title="المحكمة تنظر في الاستئناف")
    reports_en = ReportIndexPageFactory(parent=tree.home_en, locale=tree.en)
    report_en = ReportPage(
        title="Behind closed doors",
        slug="behind-closed-doors",
        locale=tree.en,
        subtitle="Pre-trial detention in the region.",
        key_findings="<p>Detention is the rule.</p>",
        full_document=pdf("report-en"),
        live=False,
    )
    reports_en.add_child(instance=report_en)
    publish(report_en)
    event_en = EventPageFactory(
        parent=tree.events_en,
        locale=tree.en,
        title="Panel on detention",
        slug="panel-on-detention",
        subtitle="Defenders speak in Geneva.",
        venue_address="8-14 Avenue de la Paix\n1211 Geneva",
        live=False,
    )
    event_en.topics.set([topic_en])
    publish(event_en)
    event_ar = translate(event_en, tree.ar, title="ندوة عن الاحتجاز", venue_name="قصر الأمم")
    return Content(
        tree=tree,
        topic_en=topic_en,
        topic_ar=topic_ar,
        statement_en=statement_en,
        statement_ar=statement_ar,
        news_en=news_en,
        news_ar=news_ar,
        report_en=report_en,
        event_en=event_en,
        event_ar=event_ar,
        reports_en=reports_en,
    )


@pytest.fixture
def content(tree):
    """Content in both languages, every feed built once, nothing left queued."""
    built = build_content(tree)
    rebuild({"*"})
    forget_scheduled()
    return built
