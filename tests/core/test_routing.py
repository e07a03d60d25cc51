"""Finding the page a URL names (``HomePage.route``): one query where every level of the path
allows one page type (a statement under Statements, an invitation under an event), Wagtail's
answer in every other case."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from newsroom.content.models import HomePage, NewsPage
from newsroom.events.models import InvitationPage
from tests.factories import EventPageFactory, StatementPageFactory, publish

pytestmark = pytest.mark.django_db


def routed(home, url):
    """The page ``url`` leads to from ``home``, and the routing's queries (the content
    version, read on every use outside a request, left out)."""
    home = HomePage.objects.get(pk=home.pk)
    components = [part for part in url.removeprefix(home.url).split("/") if part]
    request = RequestFactory().get(url)
    home.route(request, components)  # fills the sections' fragment
    with CaptureQueriesContext(connection) as captured:
        page = home.route(request, components).page
    queries = [q["sql"] for q in captured if "core_contentversion" not in q["sql"]]
    return page, len(queries)


def test_statements_events_and_invitations_take_one_query(tree):
    statement = StatementPageFactory(parent=tree.statements_ar, locale=tree.ar)
    event = EventPageFactory(parent=tree.events_en, locale=tree.en)
    invitation = event.add_child(
        instance=InvitationPage(title="You are invited", invitation_text="<p>Join us.</p>")
    )
    publish(invitation)
    homes = {statement: tree.home_ar, event: tree.home_en, invitation: tree.home_en}
    for page, home in homes.items():
        found, queries = routed(home, page.url)
        assert (type(found), found.pk, queries) == (type(page), page.pk, 1)


def test_a_page_of_a_type_its_section_does_not_allow_is_still_found(tree):
    """Pages added by code (an import) are not held to ``subpage_types``."""
    odd = tree.statements_en.add_child(instance=NewsPage(title="Imported news", locale=tree.en))
    publish(odd)
    found, queries = routed(tree.home_en, odd.url)
    assert (type(found), found.pk, queries) == (NewsPage, odd.pk, 3)


def test_drafts_and_unknown_paths_are_not_found(client, tree):
    draft = StatementPageFactory(parent=tree.statements_en, locale=tree.en, live=False)
    assert client.get(draft.url or "/en/statements/" + draft.slug + "/").status_code == 404
    assert client.get("/en/statements/no-such-statement/").status_code == 404
    assert client.get("/en/no-such-section/some-page/").status_code == 404
