"""Each process keeps a copy of the fragments it has read (newsroom.core.content_version): a
page's shared boxes cost neither a round trip to the cache nor unpickling, and a change of
the content version still shows at once."""

import pytest
from django.core.cache import cache

from newsroom.core import content_version

pytestmark = pytest.mark.django_db


class Builds:
    """A fragment's build function that counts its calls."""

    def __init__(self, value):
        self.value = value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_fragment_read_once_is_served_from_the_process(django_assert_num_queries):
    build = Builds(["a", "b"])
    content_version.fragment("copies", [1], build)
    cache.clear()  # the shared copy gone (Redis restarted): this process still holds it
    with django_assert_num_queries(1):  # the content version only
        assert content_version.fragment("copies", [1], build) == ["a", "b"]
    assert build.calls == 1


def test_a_new_version_is_built_again_and_drops_the_older_copies():
    content_version.fragment("copies", [1], Builds("old"))
    old_keys = set(content_version._kept)
    content_version.bump()
    assert content_version.fragment("copies", [1], Builds("new")) == "new"
    assert not old_keys & set(content_version._kept)


def test_a_none_is_kept_like_any_value():
    build = Builds(None)
    assert content_version.fragment("copies", ["none"], build) is None
    assert content_version.fragment("copies", ["none"], build) is None
    assert build.calls == 1


def test_the_copies_are_bounded_and_the_newest_kept():
    for number in range(content_version.KEPT_COPIES + 20):
        content_version.fragment("copies", [number], Builds(number))
    assert len(content_version._kept) <= content_version.KEPT_COPIES
    last = content_version.KEPT_COPIES + 19
    build = Builds("rebuilt")
    assert content_version.fragment("copies", [last], build) == last
    assert build.calls == 0


def test_a_copy_read_by_every_request_outlives_a_crawl_of_other_copies():
    """A crawl reads each page's own fragment once, and every page the shared ones (the
    site, the navigation): those must stay, or every request after a crawl goes to the cache
    and unpickles them again."""
    shared = Builds("shared")
    content_version.fragment("copies", ["shared"], shared)
    for number in range(content_version.KEPT_COPIES * 2):
        content_version.fragment("copies", [number], Builds(number))
        assert content_version.fragment("copies", ["shared"], shared) == "shared"
    cache.clear()
    assert content_version.fragment("copies", ["shared"], shared) == "shared"
    assert shared.calls == 1
