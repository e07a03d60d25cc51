"""The facts of each matched page that search filters, counts and sorts by: section, date,
topics and title, read for every match in two queries, without loading the pages themselves.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.functions import Coalesce

from newsroom.core import sections


@dataclass(frozen=True)
class Hit:
    pk: int
    section: str  # the section's key
    published: datetime.date  # the date a reader sees on the page
    title: str
    topics: frozenset = frozenset()  # topic slugs, shared by both languages

    @property
    def year(self):
        return self.published.year


def _publication_date():
    """Each page type keeps its ``publication_date`` in its own table: the one that is set."""
    return Coalesce(
        *(F(f"{_page_link(model)}__publication_date") for model in sections.page_models())
    )


def _page_link(model):
    return model._meta.get_field("page_ptr").related_query_name()


def _section_of_content_type():
    types = ContentType.objects.get_for_models(*sections.page_models())
    return {ct.pk: sections.section_of(model).key for model, ct in types.items()}


def hits(matched):
    """A Hit for every page of the queryset ``matched``, in its order."""
    section_of = _section_of_content_type()
    rows = list(
        matched.annotate(published_on=_publication_date()).values_list(
            "pk", "content_type_id", "published_on", "title"
        )
    )
    ids_by_type = defaultdict(list)
    for pk, type_id, _published, _title in rows:
        ids_by_type[type_id].append(pk)
    topics = _topic_slugs(ids_by_type)
    return [
        Hit(pk, section_of[type_id], published, title, topics.get(pk, frozenset()))
        for pk, type_id, published, title in rows
    ]


def _topic_slugs(ids_by_type):
    """{page id: its topic slugs} for the pages listed per content type, in one query."""
    queries = []
    for type_id, ids in ids_by_type.items():
        field = ContentType.objects.get_for_id(type_id).model_class()._meta.get_field("topics")
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = field.remote_field.through.objects.filter(**{f"{source}_id__in": ids})
        queries.append(links.values_list(f"{source}_id", f"{target}__slug").order_by())
    if not queries:
        return {}
    slugs = defaultdict(set)
    for page_id, slug in queries[0].union(*queries[1:], all=True):
        slugs[page_id].add(slug)
    return {page_id: frozenset(found) for page_id, found in slugs.items()}
