"""Facets of a search: the section, topic and year filters, and how many results each offers.

Counts are of the results as filtered now, so each number is what choosing that option shows.
Every option is a link that keeps the words and the other filters; a chosen option's link
takes its filter off again.

The database counts the matches once, grouped by what the filters look at (``groups``); the
filters and the facets then work on those few groups, not on thousands of matches.
"""

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from newsroom.content.models import Topic
from newsroom.core import content_version, sections

from .models import padded

MAX_TOPICS = 12


@dataclass(frozen=True)
class Option:
    value: object
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class Facet:
    name: str  # its GET parameter
    label: object
    options: tuple[Option, ...]


class Group(NamedTuple):
    """Matches that share a section, a year and a set of topics, and how many they are."""

    section: str
    year: int
    topics: tuple[str, ...]  # topic slugs, shared by both languages
    count: int


def groups(matches):
    """The Groups of the queryset ``matches`` (of ``PageFacts``)."""
    rows = matches.order_by().values_list("section", "year", "topics").annotate(Count("pk"))
    return [Group(section, year, tuple(topics.split()), n) for section, year, topics, n in rows]


def accepts(params, group):
    """Whether a group of matches passes the search's filters."""
    return (
        (not params.section or group.section == params.section)
        and (not params.topic or params.topic in group.topics)
        and (params.year is None or group.year == params.year)
    )


def filtered(matches, params):
    """The queryset ``matches`` (of ``PageFacts``) with the search's filters: what
    ``accepts`` lets through."""
    if params.section:
        matches = matches.filter(section=params.section)
    if params.topic:
        matches = matches.filter(topics__contains=padded([params.topic]))
    if params.year is not None:
        matches = matches.filter(year=params.year)
    return matches


def facets(found, params, language):
    """The facets of the Groups ``found`` (filtered): the options that have results, and the
    chosen one (even without results, so it can be taken off)."""
    by_section, by_topic, by_year = Counter(), Counter(), Counter()
    for group in found:
        by_section[group.section] += group.count
        by_year[group.year] += group.count
        for slug in group.topics:
            by_topic[slug] += group.count
    if params.topic:
        by_topic.setdefault(params.topic, 0)
    if params.year is not None:
        by_year.setdefault(params.year, 0)
    section_options = [
        (section.key, str(section.label), by_section[section.key])
        for section in sections.all_sections()
    ]
    topic_names = _topic_names(by_topic, language)
    topic_options = sorted(
        ((slug, topic_names.get(slug, slug), count) for slug, count in by_topic.items()),
        key=lambda option: (option[0] != params.topic, -option[2], option[1]),
    )[:MAX_TOPICS]
    year_options = [(year, str(year), by_year[year]) for year in sorted(by_year, reverse=True)]
    return (
        _facet("section", _("Section"), section_options, params, params.section),
        _facet("topic", _("Topic"), topic_options, params, params.topic),
        _facet("year", _("Year"), year_options, params, params.year),
    )


def _facet(name, label, options, params, chosen):
    return Facet(
        name,
        label,
        tuple(
            Option(
                value,
                text,
                count,
                value == chosen,
                params.query_string(**{name: _cleared(name) if value == chosen else value}),
            )
            for value, text, count in options
            if count or value == chosen
        ),
    )


def _cleared(name):
    return None if name == "year" else ""


def _topic_names(slugs, language):
    """{slug: name} of ``slugs`` in ``language``, or in another where it has no translation."""
    names = content_version.fragment("search-topic-names", [language], lambda: _names(language))
    return {slug: names[slug] for slug in slugs if slug in names}


def _names(language):
    """{slug: name} of every topic in ``language``, or in another where it has no translation:
    a few hundred at most, kept until a topic changes (which moves the content version)."""
    names = {}
    for slug, name, code in Topic.objects.values_list("slug", "name", "locale__language_code"):
        if slug not in names or code == language:
            names[slug] = name
    return names
