"""Every form of a word finds what all its forms should find, on the demo content, and words
that only look alike stay apart; on the database the suite runs on, and on PostgreSQL."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from newsroom.search.analysis import terms
from newsroom.search.engine import matched
from newsroom.search.query import parse_query
from newsroom.search.results import searchable
from tests.search.relevance import REPORT_KEY, measure
from tests.search.word_forms import KNOWN_CONFLATIONS, MUST_NOT_CONFLATE
from tests.support.services import require

MEAN_RECALL = 0.95
MIN_RECALL = 0.75
MEAN_PRECISION = 0.9

_measured = {}


def site_search(text, language):
    found = matched(searchable(language), parse_query(text, language))
    return set(found.values_list("pk", flat=True))


def measured(settings, tmp_path):
    """Load the demo content and measure, once per database and test process."""
    if connection.vendor not in _measured:
        settings.MEDIA_ROOT = tmp_path
        call_command("load_demo_content", stdout=io.StringIO())
        _measured[connection.vendor] = measure(site_search)
    return _measured[connection.vendor]


def check(result, request):
    text = result.report(f"Search relevance on {connection.vendor} (demo content):")
    print(text)
    request.node.user_properties.append((REPORT_KEY, text))
    assert not result.empty_groups, "groups with no page in the demo content"
    assert len(result.recall) >= 100
    assert result.mean_recall >= MEAN_RECALL
    assert min(result.recall.values()) >= MIN_RECALL
    assert result.mean_precision >= MEAN_PRECISION


@pytest.mark.django_db
def test_every_form_of_a_word_finds_the_same_pages(settings, tmp_path, request):
    check(measured(settings, tmp_path), request)


@pytest.mark.postgres
@pytest.mark.django_db
def test_every_form_of_a_word_finds_the_same_pages_on_postgresql(settings, tmp_path, request):
    require("PostgreSQL", connection.vendor == "postgresql")
    check(measured(settings, tmp_path), request)


MERGED = pytest.mark.xfail(strict=True, reason="light stemming merges these (KNOWN_CONFLATIONS)")


@pytest.mark.parametrize(
    ("language", "word", "own", "other"),
    [
        pytest.param(
            *pair, marks=[MERGED] if pair[1] in KNOWN_CONFLATIONS else [], id=f"{pair[0]}-{n}"
        )
        for n, pair in enumerate(MUST_NOT_CONFLATE)
    ],
)
def test_words_that_only_look_alike_have_different_terms(language, word, own, other):
    own_terms = {term for form in own.split() for term in terms(form, language)}
    other_terms = {term for form in other.split() for term in terms(form, language)}
    assert not own_terms & other_terms
