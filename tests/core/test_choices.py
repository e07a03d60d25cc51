"""A page's many-to-many choices (newsroom.core.choices): read with the page where it is served
(``with_chosen_ids``), they are those their own query finds, for none, one or several."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.content.models import StatementPage
from newsroom.core.choices import chosen_ids, with_chosen_ids
from newsroom.events.models import EventPage
from tests.factories import (
    EventPageFactory,
    OrganisationFactory,
    StatementPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_choices_read_with_the_page_are_those_of_their_own_query(tree):
    topics = [TopicFactory(slug=f"topic-{n}", locale=tree.en) for n in range(4)]
    organisations = [OrganisationFactory(locale=tree.en) for _ in range(3)]
    statements = [StatementPageFactory(parent=tree.statements_en, locale=tree.en) for _ in range(3)]
    statements[1].topics.add(topics[2])
    statements[2].topics.add(topics[3], topics[0], topics[1])
    statements[2].co_signatories.add(*organisations)
    event = EventPageFactory(parent=tree.events_en, locale=tree.en)
    event.organisers.add(organisations[1])
    for page in (*statements, event):
        page.save()  # modelcluster writes the choices on save
    ids = lambda objects: sorted(o.pk for o in objects)  # noqa: E731
    expected = [
        (StatementPage, statements[0], {"topics": [], "co_signatories": []}),
        (StatementPage, statements[1], {"topics": ids([topics[2]]), "co_signatories": []}),
        (
            StatementPage,
            statements[2],
            {
                "topics": ids([topics[0], topics[1], topics[3]]),
                "co_signatories": ids(organisations),
            },
        ),
        (EventPage, event, {"topics": [], "organisers": ids([organisations[1]])}),
    ]
    for model, page, chosen in expected:
        with_page = with_chosen_ids(model.objects.filter(pk=page.pk)).get()
        with CaptureQueriesContext(connection) as captured:
            read = {field: chosen_ids(with_page, field) for field in chosen}
        assert len(captured) == 0
        assert read == chosen
        alone = model.objects.get(pk=page.pk)
        assert {field: chosen_ids(alone, field) for field in chosen} == chosen
