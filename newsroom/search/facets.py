"""Facets of a search: the section, topic and year filters, and how many results each offers.

Counts are of the results as filtered now, so each number is what choosing that option shows.
Every option is a link that keeps the words and the other filters; a chosen option's link
takes its filter off again.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from newsroom.content.models import Topic
from newsroom.core import sections

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


def accepts(params, hit):
    """Whether a matched page passes the search's filters."""
    return (
        (not params.section or hit.section == params.section)
        and (not params.topic or params.topic in hit.topic_slugs)
        and (params.year is None or hit.year == params.year)
    )


def facets(hits, params, language):
    """The facets of the filtered ``hits``: the options that have results, and the chosen one
    (even without results, so it can be taken off)."""
    by_section = Counter(hit.section for hit in hits)
    by_topic = Counter(slug for hit in hits for slug in hit.topic_slugs)
    by_year = Counter(hit.year for hit in hits)
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
    """{slug: name} in ``language``, or in the other language where it has no translation."""
    names = {}
    for topic in Topic.objects.filter(slug__in=list(slugs)).select_related("locale"):
        if topic.slug not in names or topic.locale.language_code == language:
            names[topic.slug] = topic.name
    return names
