"""The registry of sections and the page types they publish.

``core`` cannot import the page models (they live in the layers above it), so the apps that
define them register their sections when Django is ready (``content`` and ``events`` in their
``AppConfig.ready``). Everything that lists what the site publishes (feeds, the API, the
newsletter, search, the sitemap) reads this registry instead of naming models.

A section is one index page type and the page types that live under it; a page type belongs
to exactly one section (its ``parent_page_types``), so a section filter is a filter on types.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str  # public and stable: API ``type`` values, feed categories
    model: type
    # Announced on its own in the feeds and the newsletter's digests and alerts.
    syndicated: bool = True


@dataclass(frozen=True)
class Section:
    key: str  # public and stable: URLs of feeds, API ``section`` values, search facets
    label: object  # lazy translatable name ("Statements")
    index_model: type
    page_types: tuple[PageType, ...]
    order: int  # position in menus, docs and facets
    # One sentence per section for its feed, with ``%(brand)s`` for the organisation's name.
    feed_description: object = ""

    @property
    def models(self):
        return tuple(page_type.model for page_type in self.page_types)


_sections: dict[str, Section] = {}
_home_models: list[type] = []


def register(section):
    """Called once per section from an app's ``ready()``."""
    if section.key in _sections:
        raise ValueError(f"Section {section.key!r} is registered twice")
    _sections[section.key] = section


def register_home(model):
    """The page type at the root of each language's tree."""
    _home_models.append(model)


def all_sections():
    """Every section, in display order."""
    return tuple(sorted(_sections.values(), key=lambda section: section.order))


def get(key):
    """The section called ``key``; KeyError for an unknown key."""
    return _sections[key]


def keys():
    return tuple(section.key for section in all_sections())


def page_types():
    """Every publishable page type, in section order."""
    return tuple(page_type for section in all_sections() for page_type in section.page_types)


def page_models():
    return tuple(page_type.model for page_type in page_types())


def syndicated_models(section=None):
    """The page models the feeds and digests list: of every section, or of one."""
    chosen = all_sections() if section is None else (section,)
    return tuple(
        page_type.model for one in chosen for page_type in one.page_types if page_type.syndicated
    )


def type_names():
    """{public name: model}, in section order."""
    return {page_type.name: page_type.model for page_type in page_types()}


def type_name(model):
    """The public name of a page model (or of a subclass of one); None for other pages."""
    for page_type in page_types():
        if issubclass(model, page_type.model):
            return page_type.name
    return None


def section_of(model):
    """The section a page model is published in; None for home and index pages."""
    for section in all_sections():
        if any(issubclass(model, page_model) for page_model in section.models):
            return section
    return None


def index_models():
    return tuple(section.index_model for section in all_sections())


def structural_models():
    """Page types whose change can move every item's URL: the home and section indexes."""
    return (*_home_models, *index_models())
