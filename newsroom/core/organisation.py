"""The organisation behind the site, in a reader's language: ``profile_for(language)``.

Everything that names the publisher reads it here: the header, footer, ``<title>`` and
OpenGraph/JSON-LD of pages, the From name and footer of emails, the ORGANIZER of calendar
invitations, feed titles and authors, the API's ``/organisation`` and the "unavailable" page.

Why a translatable snippet (``models.OrganisationProfile``) and not a Wagtail site setting:
``BaseSiteSetting`` is one row per site, and wagtail-localize translates only models with a
locale and a translation key, so a setting could hold other languages only as one column per
language, which an editor fills in one long form, a translator cannot reach through the
translation editor, and a third language would need a migration. A ``TranslatableMixin``
snippet is one row per language: editors edit it under Settings → Organisation, translators
translate it with wagtail-localize exactly as they translate topics and pages (the words are
translated; links, logo and colour are copied from the source, the links and logo
overridable per language), and a new language is only a new translation. The site has one
profile (``OrganisationProfile.clean`` refuses a second), which is right for this project's
single Wagtail site serving every language.

The profile is read once per content version (``content_version.fragment``) and saving it
moves the version on (``signals``), so a warm page costs no query for it and a change shows
everywhere at once. A language without a translation gets the profile in the default
language (a name in another language is better than a generic one), and a site without a
profile gets ``WAGTAIL_SITE_NAME``.

The "unavailable" page is rendered while the database is down, so it reads
``last_known(language)``: the cache's copy of the last profile built, without the version.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from . import content_version
from .i18n import join_parts, neutralise_bidi
from .models import OrganisationProfile

LOGO_FILTER = "height-96"  # twice the header's 48 px, for sharp screens
LAST_KNOWN_SECONDS = 30 * 24 * 60 * 60
# The links' fields and labels, in the order the footer lists them.
LINKS = {
    "website_url": _("Website"),
    "mastodon_url": "Mastodon",
    "bluesky_url": "Bluesky",
    "facebook_url": "Facebook",
    "instagram_url": "Instagram",
    "youtube_url": "YouTube",
}


@dataclass(frozen=True)
class Logo:
    url: str  # as the storage gives it: relative to the site unless the storage is remote
    width: int
    height: int


@dataclass(frozen=True)
class Profile:
    """What readers see of the organisation in one language (plain values, cacheable)."""

    name: str
    language: str = ""
    short_description: str = ""
    logo: Logo | None = None
    accent_colour: str = ""
    links: tuple = ()  # (field name, url): labels are translated when shown
    contact_email: str = ""
    contact_address: tuple = ()  # lines
    footer_text: str = ""
    exists: bool = field(default=False)  # False: nobody has set the profile up yet

    @property
    def labelled_links(self):
        """(label, url) of each link, labelled in the active language."""
        return [(str(LINKS[name]), url) for name, url in self.links]

    @property
    def address_line(self):
        """The postal address on one line, with the language's comma (emails' footers)."""
        return join_parts(self.contact_address, self.language)


def default_profile(language=""):
    return Profile(name=settings.WAGTAIL_SITE_NAME, language=language)


def profile_for(language):
    """The organisation's profile in ``language``, from the fragment cache when warm."""
    return content_version.fragment("organisation", [language], lambda: _build(language))


def last_known(language):
    """The last profile built for ``language``, without touching the database."""
    held = cache.get(_last_known_key(language))
    return held if isinstance(held, Profile) else default_profile(language)


def _last_known_key(language):
    return f"organisation:last:{language}"


def _build(language):
    profile = _profile_from(_row_for(language), language)
    cache.set(_last_known_key(language), profile, LAST_KNOWN_SECONDS)
    return profile


def _row_for(language):
    """The profile row in ``language``, else the default language's, else the first one."""
    preferred = Case(
        When(locale__language_code=language, then=Value(0)),
        When(locale__language_code=settings.LANGUAGE_CODE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        OrganisationProfile.objects.select_related("logo")
        .annotate(preferred=preferred)
        .order_by("preferred", "pk")
        .first()
    )


def _profile_from(row, language):
    if row is None:
        return default_profile(language)
    address = neutralise_bidi(row.contact_address)
    return Profile(
        name=neutralise_bidi(row.name).strip() or settings.WAGTAIL_SITE_NAME,
        language=language,
        short_description=neutralise_bidi(row.short_description).strip(),
        logo=_logo(row.logo),
        accent_colour=row.accent_colour.lower(),
        links=tuple((name, getattr(row, name)) for name in LINKS if getattr(row, name)),
        contact_email=row.contact_email,
        contact_address=tuple(filter(None, map(str.strip, address.splitlines()))),
        footer_text=neutralise_bidi(row.footer_text).strip(),
        exists=True,
    )


def _logo(image):
    if image is None:
        return None
    try:
        rendition = image.get_rendition(LOGO_FILTER)
    except (OSError, ValueError):  # the file is gone or unreadable: show the name alone
        return None
    return Logo(url=rendition.url, width=rendition.width, height=rendition.height)
