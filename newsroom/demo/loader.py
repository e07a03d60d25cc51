"""Builds the demo site from the bilingual specs; safe to run any number of times.

Every object has a stable key (a slug, a title, a website, a username). A run looks each one
up and only creates what is missing, so a second run finds everything and writes nothing.
Existing pages are not overwritten: edits made in the admin survive a rerun. The only
update in place is moving an "upcoming" event forward once its date has passed (and
resyncing its Arabic translation), so a demo database kept for weeks still shows events
ahead.
"""

import datetime as dt
import io
import uuid
import zoneinfo
from collections import Counter
from urllib.parse import urlsplit

from babel.dates import format_date
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.search import index
from wagtail_localize.models import StringTranslation, TranslationSource

from newsroom.content.models import ArticleMixin, HomePage, Organisation, Topic
from newsroom.core.models import OrganisationProfile
from newsroom.core.tree import ensure_wagtail_roots
from newsroom.events.models import EventPage, InvitationPage, RegistrationQuestion
from newsroom.registrations.models import SignUpSettings

from . import accounts, media, translation
from .articles import NEWS, REPORTS
from .content import (
    HOME,
    ISSUER,
    ORGANISATIONS,
    PROFILE,
    PROFILE_ARABIC_LINKS,
    PROFILE_LOGO_TITLE,
    PROFILE_SETTINGS,
    SECTIONS,
    TOPICS,
)
from .events import EVENTS
from .statements import CORRECTION, STATEMENTS
from .text import T, block_id, localise, with_ids

CHILDREN = {
    "home": SECTIONS,
    "statements": STATEMENTS,
    "news": NEWS,
    "reports": REPORTS,
    "events": EVENTS,
}
FEATURED = "release-detained-journalists"
# Pages "go out" at 09:00 UTC on their publication date; the Arabic version three hours later.
PUBLISH_TIME = dt.time(9, 0)
TRANSLATION_DELAY = dt.timedelta(hours=3)
RESPOND_DAYS_BEFORE_EVENT = 7

KEY_FINDINGS = T("Key findings", "أبرز النتائج")
SIGNATORIES = T("Signatories", "الجهات الموقِّعة")
LIST_SEPARATOR = T(", ", "، ")


def walk(specs, parent_key=None):
    """(spec, parent key) for the whole tree, parents before children."""
    for spec in specs:
        yield spec, parent_key
        yield from walk(CHILDREN.get(spec.key, []) + spec.children, spec.key)


class DemoLoader:
    def __init__(self):
        self.changes = Counter()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.pages = {}  # English pages by key
        self.new_pages = []  # (spec, page) created unpublished in this run
        self.dirty = set()  # keys of English pages changed in place: resync their Arabic
        self.touched = []  # objects to put in the search index at the end

    @transaction.atomic
    def run(self):
        self.en, self.root, self.collection = ensure_wagtail_roots()
        self.ar, created = Locale.objects.get_or_create(language_code="ar")
        self.changes["locales"] += created
        self.images = self.ensure_images()
        self.topics = self.ensure_snippets(Topic, self.topic_fields, TOPICS, "slug")
        self.organisations = self.ensure_snippets(
            Organisation, self.organisation_fields, ORGANISATIONS, "website"
        )
        self.documents = self.ensure_documents()
        self.ensure_organisation_profile()
        self.build_english_tree()
        self.ensure_site()
        self.build_arabic_tree()
        granted, users = accounts.ensure_accounts(self.arabic_home)
        self.changes["group permissions"] += granted
        self.changes["user accounts"] += users
        self.changes["review workflow"] += accounts.ensure_review_workflow(
            [self.pages[HOME.key], self.arabic_home]
        )
        # Index now, from the database: with a Celery task backend the signal handlers only
        # queue this for a worker that may not be running yet.
        for obj in self.touched:
            index.insert_or_update_object(type(obj).objects.get(pk=obj.pk))
        return self.changes

    # --- Dates.

    def publication_date(self, spec):
        return self.today - dt.timedelta(days=spec.days_ago)

    def published_at(self, spec, language):
        when = dt.datetime.combine(self.publication_date(spec), PUBLISH_TIME, tzinfo=dt.UTC)
        return when + TRANSLATION_DELAY if language == "ar" else when

    def schedule(self, spec):
        days, clock, minutes, zone = spec.schedule
        hour, minute = (int(part) for part in clock.split(":"))
        start = dt.datetime.combine(
            self.today + dt.timedelta(days=days),
            dt.time(hour, minute),
            tzinfo=zoneinfo.ZoneInfo(zone),
        )
        return {"start": start, "end": start + dt.timedelta(minutes=minutes), "time_zone": zone}

    def set_published_at(self, page, spec, language):
        """Make the publishing history agree with the publication date shown on the page."""
        when = self.published_at(spec, language)
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, latest_revision_created_at=when
        )
        page.revisions.update(created_at=when)
        if language == "ar":
            # Its segments were translated before it went out: not an unpublished change.
            StringTranslation.objects.filter(
                context__object_id=page.translation_key, locale=page.locale_id
            ).update(updated_at=when)

    # --- Media.

    def ensure_images(self):
        image_model = get_image_model()
        images = {}
        for spec in media.IMAGES:
            image = image_model.objects.filter(title=spec.title).first()
            if image is None:
                image = image_model(
                    title=spec.title, description=spec.description, collection=self.collection
                )
                self.attach_image_file(image, spec)
                self.changes["images"] += 1
            elif not image.file.storage.exists(image.file.name):
                # The media directory was wiped but the database kept: draw the file again.
                image.renditions.all().delete()
                self.attach_image_file(image, spec)
                self.changes["image files"] += 1
            images[spec.key] = image
        return images

    def attach_image_file(self, image, spec):
        image.file = ImageFile(io.BytesIO(media.render_image(spec)), name=f"demo-{spec.key}.jpg")
        image._set_image_file_metadata()
        image.save()

    def document_title(self, spec, language):
        suffix = {"en": "full text (English)", "ar": "النص الكامل (العربية)"}[language]
        return f"{spec.title.get(language)}: {suffix}"

    def ensure_documents(self):
        document_model = get_document_model()
        documents = {}
        for spec in STATEMENTS + REPORTS:
            if not spec.document:
                continue
            for language in ("en", "ar"):
                title = self.document_title(spec, language)
                document = document_model.objects.filter(title=title, language=language).first()
                if document is None or not document.file.storage.exists(document.file.name):
                    document = document or document_model(
                        title=title, language=language, collection=self.collection
                    )
                    pdf = media.render_pdf(language, self.pdf_outline(spec, language))
                    document.file = ContentFile(pdf, name=f"{spec.key}-{language}.pdf")
                    document._set_document_file_metadata()
                    document.save()
                    self.changes["documents"] += 1
                documents[spec.key, language] = document
        return documents

    def pdf_outline(self, spec, language):
        """The text of a statement or report, flattened for the PDF writer."""
        issuer = ORGANISATIONS[spec.issued_by or ISSUER][0].get(language)
        locale = "en_GB" if language == "en" else "ar"
        dateline = format_date(self.publication_date(spec), "d MMMM y", locale=locale)
        place = spec.fields.get("dateline_place")
        if place:
            dateline = place.get(language) + LIST_SEPARATOR.get(language) + dateline
        blocks = []
        findings = spec.fields.get("key_findings")
        if findings:
            blocks.append(("heading", KEY_FINDINGS.get(language)))
            blocks += [
                ("paragraph", f"• {item}") for item in media.paragraphs(findings.get(language))
            ]
        for block_type, value in localise(spec.body, language, self.images):
            if block_type == "paragraph":
                blocks += [("paragraph", text) for text in media.paragraphs(value)]
            elif block_type == "heading":
                blocks.append(("heading", value["text"]))
            elif block_type == "quote":
                blocks.append(("quote", value["text"], value["attribution"]))
            elif block_type == "key_figures":
                figures = [(item["figure"], item["label"]) for item in value["figures"]]
                blocks.append(("figures", value["title"], figures, value["source"]))
            elif block_type == "table":
                table = value["table"]
                headings = [column["heading"] for column in table["columns"]]
                rows = [row["values"] for row in table["rows"]]
                blocks.append(("table", value["caption"], headings, rows))
        if spec.co_signatories:
            names = [
                ORGANISATIONS[key][0].get(language)
                for key in (spec.issued_by or ISSUER, *spec.co_signatories)
            ]
            blocks.append(("heading", SIGNATORIES.get(language)))
            blocks.append(("paragraph", LIST_SEPARATOR.get(language).join(names)))
        return {
            "organisation": issuer,
            "title": spec.title.get(language),
            "subtitle": spec.fields["subtitle"].get(language),
            "dateline": dateline,
            "blocks": blocks,
        }

    # --- Snippets.

    def topic_fields(self, slug, texts, language):
        name, description = texts
        return {"slug": slug, "name": name.get(language), "description": description.get(language)}

    def organisation_fields(self, key, texts, language):
        name, short_name, website = texts
        return {
            "name": name.get(language),
            "short_name": short_name.get(language),
            "website": website,
        }

    def ensure_snippets(self, model, fields, specs, lookup):
        """English snippets and their Arabic translations, by key."""
        english = {}
        for key, texts in specs.items():
            values = fields(key, texts, "en")
            snippet = model.objects.filter(locale=self.en, **{lookup: values[lookup]}).first()
            if snippet is None:
                snippet = model.objects.create(locale=self.en, **values)
                self.changes[f"{model._meta.verbose_name_plural}"] += 1
                self.touched.append(snippet)
            twin = model(locale=self.ar, **fields(key, texts, "ar"))
            arabic, changed = translation.translate_snippet(snippet, twin, self.ar)
            if changed:
                self.changes[f"Arabic {model._meta.verbose_name_plural}"] += 1
                self.touched.append(arabic)
            english[key] = snippet
        return english

    def ensure_organisation_profile(self):
        """The site's organisation in English (with its logo) and its Arabic translation.

        An existing profile is the operator's: it is translated if it has no Arabic yet, and
        never rewritten."""
        english = OrganisationProfile.objects.filter(locale=self.en).order_by("pk").first()
        if OrganisationProfile.objects.exclude(locale=self.en).exists() and english is None:
            return  # someone set the profile up in another language: theirs to keep
        logo = self.ensure_logo()
        if english is None:
            english = OrganisationProfile.objects.create(
                locale=self.en,
                logo=logo,
                **{name: text.get("en") for name, text in PROFILE.items()},
                **PROFILE_SETTINGS,
            )
            self.changes["organisation profile"] += 1
        twin = OrganisationProfile(
            locale=self.ar, **{name: text.get("ar") for name, text in PROFILE.items()}
        )
        _, changed = translation.translate_snippet(
            english, twin, self.ar, overrides=PROFILE_ARABIC_LINKS
        )
        self.changes["Arabic organisation profile"] += changed

    def ensure_logo(self):
        """The demo's logo image; drawn again if the media directory was wiped."""
        image_model = get_image_model()
        logo = image_model.objects.filter(title=PROFILE_LOGO_TITLE).first()
        if logo is not None and logo.file.storage.exists(logo.file.name):
            return logo
        if logo is None:
            logo = image_model(title=PROFILE_LOGO_TITLE, collection=self.collection)
        else:
            logo.renditions.all().delete()
        png = media.render_logo(PROFILE_SETTINGS["accent_colour"])
        logo.file = ImageFile(io.BytesIO(png), name="demo-logo.png")
        logo._set_image_file_metadata()
        logo.save()
        self.changes["images"] += 1
        return logo

    # --- Pages.

    def build(self, spec, language, parent=None):
        """An unsaved page of ``spec`` in ``language`` (the Arabic one is only extracted)."""
        model = apps.get_model(spec.model)
        values = {
            "title": spec.title.get(language),
            "slug": spec.key if language == "en" or model is not HomePage else f"{spec.key}-ar",
            "locale": self.en if language == "en" else self.ar,
        }
        values.update(localise(spec.fields, language, self.images))
        if issubclass(model, ArticleMixin):
            values["publication_date"] = self.publication_date(spec)
            values["body"] = localise(with_ids(spec.key, spec.body), language, self.images)
            if spec.image:
                values["listing_image"] = self.images[spec.image]
        if spec.schedule:
            values.update(self.schedule(spec))
        if model is InvitationPage and parent is not None:
            values["respond_by"] = self.respond_by(parent)
        if spec.questions:
            values["registration_questions"] = self.questions(spec, language)
        if spec.sign_ups is not None:
            values["sign_up_settings"] = [SignUpSettings(enabled=True, **spec.sign_ups)]
        if spec.issued_by:
            values["issued_by"] = self.organisations[spec.issued_by]
        if spec.document:
            values["full_document"] = self.documents[spec.key, "en"]
        return model(**values)

    def questions(self, spec, language):
        """The sign-up questions of an event; the Arabic twin's share the English ones'
        translation keys, so wagtail-localize pairs their strings."""
        return [
            RegistrationQuestion(
                translation_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo/{spec.key}/question/{n}"),
                locale=self.en if language == "en" else self.ar,
                sort_order=n,
                **localise(question, language),
            )
            for n, question in enumerate(spec.questions)
        ]

    def respond_by(self, event):
        return event.local_start.date() - dt.timedelta(days=RESPOND_DAYS_BEFORE_EVENT)

    def related_value(self, spec):
        return [
            {"type": "page", "value": self.pages[key].pk, "id": block_id(spec.key, "related", key)}
            for key in spec.related
        ]

    def remove_welcome_page(self, root):
        """Wagtail's install leaves a "Welcome" page as the site root; the newsroom replaces it."""
        welcome = Page.objects.filter(
            depth=2, slug="home", content_type=ContentType.objects.get_for_model(Page)
        ).first()
        if welcome is None or welcome.get_children().exists():
            return
        # A Site is deleted with its root page; park it on the tree root until ensure_site.
        for site in Site.objects.filter(root_page=welcome):
            site.root_page = root
            site.save()
        welcome.delete()
        self.changes["welcome page removed"] += 1

    def build_english_tree(self):
        root = self.root
        self.remove_welcome_page(root)
        for spec, parent_key in walk([HOME]):
            parent = self.pages[parent_key] if parent_key else root
            self.ensure_english(spec, parent, parent_key)
        # Publish only once every page exists, so that related pages and the featured
        # statement can point at pages created later in the same run.
        for spec, page in self.new_pages:
            page = page.specific_class.objects.get(pk=page.pk)
            if spec.related:
                page.related_pages = self.related_value(spec)
            if spec is HOME:
                page.featured_page = self.pages[FEATURED]
            page.save_revision().publish()
            self.set_published_at(page, spec, "en")
            # Publishing works on a copy made from the revision; read back the live page.
            self.pages[spec.key] = page = page.specific_class.objects.get(pk=page.pk)
            self.touched.append(page)

    def ensure_english(self, spec, parent, parent_key):
        model = apps.get_model(spec.model)
        page = model.objects.child_of(parent).filter(slug=spec.key).first()
        if page is None:
            page = self.build(spec, "en", parent)
            page.live = False
            parent.add_child(instance=page)
            for name, keys, objects in [
                ("topics", spec.topics, self.topics),
                ("co_signatories", spec.co_signatories, self.organisations),
                ("organisers", spec.organisers, self.organisations),
            ]:
                if keys:
                    getattr(page, name).set([objects[key] for key in keys])
            page.save()
            self.new_pages.append((spec, page))
            self.changes["English pages"] += 1
        elif isinstance(page, EventPage):
            self.reschedule(spec, page)
        elif isinstance(page, InvitationPage) and parent_key in self.dirty:
            page.respond_by = self.respond_by(parent)
            self.republish(spec, page)
        self.pages[spec.key] = page
        return page

    def reschedule(self, spec, page):
        """Move an event meant to be upcoming forward once it has taken place."""
        if spec.schedule[0] <= 0 or page.end >= self.now:
            return
        for name, value in self.schedule(spec).items():
            setattr(page, name, value)
        self.republish(spec, page)

    def republish(self, spec, page):
        page.save_revision().publish()
        page.refresh_from_db()
        self.dirty.add(spec.key)
        self.touched.append(page)
        self.changes["pages updated"] += 1

    def build_arabic_tree(self):
        for spec, _parent_key in walk([HOME]):
            if spec.english_only:
                continue
            english = self.pages[spec.key]
            existed = english.get_translation_or_none(self.ar) is not None
            overrides = {}
            if spec.document:
                # The PDF is a synchronised field; the override gives the Arabic page its own.
                overrides["full_document"] = self.documents[spec.key, "ar"].pk
            page, changed = translation.translate_page(
                english,
                self.build(spec, "ar"),
                self.ar,
                overrides=overrides,
                refresh_source=spec.key in self.dirty,
            )
            if changed:
                self.touched.append(page)
                self.changes["Arabic pages" if not existed else "Arabic pages updated"] += 1
                if not existed:
                    self.set_published_at(page, spec, "ar")
                    if spec.key == CORRECTION.key:
                        self.publish_correction(spec)
            if spec is HOME:
                self.arabic_home = page

    def publish_correction(self, spec):
        """Correct the English statement after its translation: the demo's outdated pair.

        Runs once, right after the Arabic page is first made. History reads: the Arabic
        version went out (and was synced) three hours after the English one; the English was
        corrected a day later. The Arabic page waits for a translator to sync and update it.
        """
        english = self.pages[spec.key]
        english = english.specific_class.objects.get(pk=english.pk)
        english.subtitle = CORRECTION.subtitle
        body = [dict(block) for block in english.body.raw_data]
        body.append(
            {
                "type": "paragraph",
                "value": f"<p>{CORRECTION.paragraph}</p>",
                "id": block_id(spec.key, "correction"),
            }
        )
        english.body = body
        revision = english.save_revision()
        revision.publish()
        synced = self.published_at(spec, "ar")
        corrected = min(synced + dt.timedelta(days=1), self.now)
        TranslationSource.objects.filter(object_id=english.translation_key, locale=self.en).update(
            last_updated_at=synced
        )
        Page.objects.filter(pk=english.pk).update(
            last_published_at=corrected, latest_revision_created_at=corrected
        )
        english.revisions.filter(pk=revision.pk).update(created_at=corrected)
        self.pages[spec.key] = english.specific_class.objects.get(pk=english.pk)
        self.touched.append(self.pages[spec.key])
        self.changes["corrected English statements"] += 1

    # --- Site.

    def ensure_site(self):
        home = self.pages[HOME.key]
        url = urlsplit(settings.SITE_URL)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(is_default_site=True, hostname="localhost", port=80)
        wanted = {"root_page_id": home.pk}
        # Only replace Wagtail's placeholders: an operator's own values stay.
        if (site.hostname, site.port) == ("localhost", 80):
            wanted["hostname"] = url.hostname or "127.0.0.1"
            wanted["port"] = url.port or (443 if url.scheme == "https" else 80)
        if not site.site_name:
            wanted["site_name"] = settings.WAGTAIL_SITE_NAME
        if site.pk and all(getattr(site, name) == value for name, value in wanted.items()):
            return
        for name, value in wanted.items():
            setattr(site, name, value)
        site.save()
        self.changes["site"] += 1
