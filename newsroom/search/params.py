"""What a reader asked the search page for: the words, the facet filters, the order, the page.

Every parameter arrives as text from a URL anyone can type, so each is checked here once. A bad
filter or order is a problem the page names (a 400, with the search without it on offer); a bad
page number is left to the paginator (a 404, as on section listings); a search that is too long
is shown as such, with no results.
"""

import re
from dataclasses import dataclass, replace

from django.http import QueryDict
from django.utils.translation import gettext as _

from newsroom.core import sections

MAX_QUERY_LENGTH = 200
SORTS = ("relevance", "date")
_YEAR = re.compile(r"[12][0-9]{3}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    section: str = ""
    topic: str = ""
    year: int | None = None
    sort: str = "relevance"
    page: str = "1"  # as typed: the paginator answers a bad one with a 404

    @property
    def too_long(self):
        return len(self.q) > MAX_QUERY_LENGTH

    @property
    def filtered(self):
        return bool(self.section or self.topic or self.year is not None)

    def query_string(self, **changes):
        """This search as a URL query with ``changes`` applied, back on its first page."""
        params = replace(self, **changes)
        query = QueryDict(mutable=True)
        for name, value, default in [
            ("q", params.q, ""),
            ("section", params.section, ""),
            ("topic", params.topic, ""),
            ("year", params.year, None),
            ("sort", params.sort, "relevance"),
        ]:
            if value != default:
                query[name] = str(value)
        return "?" + query.urlencode()


def parse(data):
    """(SearchParams, problems) from a GET QueryDict; each problem is a sentence for the reader.

    A bad filter or order is dropped from the params, so they are the search without it.
    """
    problems = []
    section = data.get("section", "")
    known_sections = sections.keys()
    if section and section not in known_sections:
        problems.append(_("There is no section called “%(value)s”.") % {"value": section})
        section = ""
    topic = data.get("topic", "")
    if topic and not _SLUG.fullmatch(topic):
        problems.append(_("There is no topic called “%(value)s”.") % {"value": topic})
        topic = ""
    year = data.get("year", "")
    if year and not _YEAR.fullmatch(year):
        problems.append(_("“%(value)s” is not a year.") % {"value": year})
        year = ""
    sort = data.get("sort", "relevance")
    if sort not in SORTS:
        problems.append(_("Results can be sorted by relevance or by date only."))
        sort = "relevance"
    params = SearchParams(
        q=data.get("q", "")[: MAX_QUERY_LENGTH + 1],
        section=section,
        topic=topic,
        year=int(year) if year else None,
        sort=sort,
        page=data.get("page", "1")[:20],
    )
    return params, problems
