"""The full representation of one page: its item fields plus body, image, PDF and the
fields of its type."""

from wagtail.models import CollectionViewRestriction, Page

from newsroom.content.models import DocumentMixin, ReportPage, StatementPage
from newsroom.events.deadlines import reply_deadline
from newsroom.events.models import EventPage, InvitationPage

from .body import HiddenLinks, body, image_json, rich_text_html
from .items import build_items, event_info, organisation_ref
from .links import absolute, page_url


def document_json(document):
    """The PDF's public facts, or None if its collection is private (the file is not
    downloadable by a reader, so the API does not reveal it either)."""
    if document is None:
        return None
    collections = document.collection.get_ancestors(inclusive=True)
    if CollectionViewRestriction.objects.filter(collection__in=collections).exists():
        return None
    try:
        size = document.file_size or document.file.size
    except OSError:
        size = None
    return {
        "title": document.title,
        "url": absolute(document.url),
        "content_type": document.content_type,
        "size": size,
        "language": document.language or None,
    }


def statement_json(page):
    issuer = page.localized_issuer
    return {
        "dateline_place": page.dateline_place,
        "issued_by": organisation_ref(issuer) if issuer else None,
        "co_signatories": [organisation_ref(o) for o in page.localized_co_signatories],
    }


def invitation_json(page, visible, links, request):
    event = Page.objects.filter(visible, pk=page.get_parent().pk).first()
    return {
        "invitation_html": rich_text_html(page.invitation_text, links),
        "hosts": page.hosts,
        "respond_by": reply_deadline(page.event, page),
        "event": {"id": event.pk, "title": event.title, "url": page_url(event, request)}
        if event
        else None,
    }


def build_detail(request, page, visible):
    """(the page's full representation, whether it lasts until the content changes): an
    event's or invitation's changes with the time (upcoming, reply deadline), and so does a
    body linking to a page that will expire."""
    item = build_items([page], visible, request)[0]
    page = page.specific
    rich_texts = [getattr(page, name, "") for name in ("key_findings", "invitation_text")]
    links = HiddenLinks(visible, page.body.get_prep_value(), *rich_texts)
    blocks, html = body(page, links)
    item.update(
        {
            "search_description": page.search_description,
            "image": image_json(page.listing_image) if page.listing_image else None,
            "body": blocks,
            "body_html": html,
            "document": document_json(page.full_document)
            if isinstance(page, DocumentMixin)
            else None,
            "statement": statement_json(page) if isinstance(page, StatementPage) else None,
            "report": {"key_findings_html": rich_text_html(page.key_findings, links)}
            if isinstance(page, ReportPage)
            else None,
            "event": event_info(page, page.localized_organisers, request)
            if isinstance(page, EventPage)
            else None,
            "invitation": invitation_json(page, visible, links, request)
            if isinstance(page, InvitationPage)
            else None,
        }
    )
    lasting = links.lasting and not isinstance(page, EventPage | InvitationPage)
    return item, lasting
