"""Request parameters and response bodies: the OpenAPI schema is generated from these."""

import datetime
import re
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from .content import LANGUAGE_CODES, PAGE_TYPES, SECTIONS

Language = Literal[tuple(LANGUAGE_CODES)]
PageType = Literal[tuple(PAGE_TYPES)]
Section = Literal[tuple(SECTIONS)]
PageOrdering = Literal[
    "relevance",
    "-first_published_at",
    "first_published_at",
    "-last_published_at",
    "last_published_at",
    "title",
    "-title",
]

MAX_LIMIT = 100
MAX_QUERY_LENGTH = 200
# Control characters can never be part of a query or a path, and PostgreSQL rejects NUL.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
SLUG = r"^[-a-zA-Z0-9_]+$"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def as_utc(value):
    """A date means its midnight in UTC; a naive time is UTC too. Instants beyond what a
    datetime can hold in UTC are clamped, so a far-fetched but valid bound is not an error."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:
        extreme = datetime.datetime.min if value.year == 1 else datetime.datetime.max
        return extreme.replace(tzinfo=datetime.UTC)


# --- Parameters.


class Pagination(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}.")


class PageFilters(Pagination):
    locale: Language | None = Field(None, description="Only pages in this language.")
    type: PageType | None = Field(None, description="Only pages of this type.")
    section: Section | None = Field(
        None, description="Only pages of this section (events include invitations)."
    )
    topic: str | None = Field(
        None,
        pattern=SLUG,
        max_length=120,
        description="Only pages with this topic; the slug is shared by both languages.",
    )
    published_after: datetime.datetime | datetime.date | None = Field(
        None,
        description="First published at or after this instant (a date means 00:00 UTC).",
    )
    published_before: datetime.datetime | datetime.date | None = Field(
        None, description="First published before this instant (a date means 00:00 UTC)."
    )
    q: str | None = Field(
        None,
        max_length=MAX_QUERY_LENGTH,
        pattern=PRINTABLE,
        description="Search words, all of which must match. Arabic spelling variants "
        "(hamza forms, diacritics, tatweel, ta marbuta) match each other.",
    )
    ordering: PageOrdering | None = Field(
        None,
        description="Sort order; by default the best matches first when searching, "
        "otherwise the most recently first published first.",
    )

    @field_validator("published_after", "published_before", mode="before")
    @classmethod
    def _iso_8601(cls, value):
        # Pydantic would also read "1700000000" as a Unix time; the schema promises ISO 8601.
        if isinstance(value, str) and not ISO_DATE.match(value):
            raise ValueError("Expected an ISO 8601 date or date-time, e.g. 2025-01-31.")
        return value

    @field_validator("published_after", "published_before")
    @classmethod
    def _in_utc(cls, value):
        return as_utc(value)


class EventFilters(Pagination):
    locale: Language | None = Field(None, description="Only events in this language.")
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming", description="Upcoming (not yet ended, soonest first) or past (latest first)."
    )
    topic: str | None = Field(None, pattern=SLUG, max_length=120, description="A topic slug.")


class LocaleFilter(Pagination):
    locale: Language | None = Field(None, description="Only items in this language.")


class PathLookup(Schema):
    locale: Language = Field(..., description="The language tree to look in.")
    path: str = Field(
        ...,
        min_length=1,
        max_length=1000,
        pattern=PRINTABLE,
        description="The page's path below the language prefix, e.g. "
        "`/statements/release-detained-journalists/` (a leading `/ar/` is accepted too).",
    )


# --- Response bodies.


class TopicRef(Schema):
    id: int
    slug: str
    name: str


class Translation(Schema):
    locale: Language
    id: int
    url: str
    title: str


class PageItem(Schema):
    id: int
    type: PageType
    locale: Language
    title: str
    subtitle: str
    url: str = Field(..., description="Absolute URL of the page on the site.")
    publication_date: datetime.date | None = Field(
        None, description="The date the newsroom gives the piece (may predate the web page)."
    )
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    topics: list[TopicRef]
    translations: list[Translation] = Field(
        ..., description="The other languages this page is published in; missing ones are absent."
    )


class OrganisationRef(Schema):
    id: int
    name: str
    short_name: str
    website: str


class Venue(Schema):
    name: str
    address: str


class EventInfo(Schema):
    start: datetime.datetime = Field(..., description="In the event's time zone, with offset.")
    end: datetime.datetime
    time_zone: str
    venue: Venue | None
    online_url: str | None
    cancelled: bool
    upcoming: bool
    organisers: list[OrganisationRef]
    ics_url: str | None = Field(..., description="iCalendar file for this event.")


class EventItem(PageItem):
    event: EventInfo


class Rendition(Schema):
    spec: str
    url: str
    width: int
    height: int


class Image(Schema):
    id: int
    title: str
    description: str
    width: int
    height: int
    renditions: list[Rendition]


class Document(Schema):
    title: str
    url: str
    content_type: str
    size: int | None = Field(..., description="In bytes.")
    language: str | None


class Block(Schema):
    type: str
    id: str | None
    value: Any


class PageRef(Schema):
    id: int
    title: str
    url: str


class StatementInfo(Schema):
    dateline_place: str
    issued_by: OrganisationRef | None
    co_signatories: list[OrganisationRef]


class ReportInfo(Schema):
    key_findings_html: str


class InvitationInfo(Schema):
    invitation_html: str
    hosts: str
    respond_by: datetime.datetime | datetime.date | None = Field(
        ...,
        description=(
            "The one reply deadline, as the invitation page and email give it: when the event "
            "takes sign-ups, the moment registration closes (a date-time with its offset); "
            "otherwise the invitation's own day; null: none."
        ),
    )
    event: PageRef | None


class PageDetail(PageItem):
    search_description: str
    image: Image | None
    body: list[Block] = Field(..., description="The body as StreamField blocks.")
    body_html: str = Field(..., description="The body as sanitised HTML with absolute URLs.")
    document: Document | None = Field(..., description="The full text (PDF), if any.")
    statement: StatementInfo | None
    report: ReportInfo | None
    event: EventInfo | None
    invitation: InvitationInfo | None


class ListMeta(Schema):
    count: int
    page: int
    next: str | None
    previous: str | None


class PageList(ListMeta):
    results: list[PageItem]


class EventList(ListMeta):
    results: list[EventItem]


class Topic(Schema):
    id: int
    locale: Language
    slug: str
    name: str
    description: str


class TopicList(ListMeta):
    results: list[Topic]


class Organisation(OrganisationRef):
    locale: Language


class OrganisationList(ListMeta):
    results: list[Organisation]


class LocaleItem(Schema):
    code: Language
    name: str
    direction: Literal["ltr", "rtl"]
    home_url: str | None


class LocaleList(Schema):
    results: list[LocaleItem]


class OrganisationFilter(Schema):
    locale: Language | None = Field(None, description="Only the profile in this language.")


class OrganisationLink(Schema):
    kind: str = Field(..., description="`website_url`, `mastodon_url`, `bluesky_url`, …")
    url: str


class OrganisationLogo(Schema):
    url: str
    width: int
    height: int


class OrganisationProfileItem(Schema):
    locale: Language
    name: str
    short_description: str
    logo: OrganisationLogo | None
    accent_colour: str = Field(..., description="`#rrggbb`.")
    links: list[OrganisationLink]
    contact_email: str
    contact_address: list[str] = Field(..., description="The postal address, line by line.")
    footer_text: str


class OrganisationProfileList(Schema):
    results: list[OrganisationProfileItem]
