"""Translation status: the report lists exactly the missing and outdated pairs, cheaply."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom.editorial import status
from newsroom.editorial.status import build_report
from tests.factories import (
    NewsPageFactory,
    StatementPageFactory,
    build_statement_tree,
    localize,
    publish,
    translate,
)


@pytest.fixture
def seeded(tree):
    """A tree with every kind of pair.

    - in_sync: synced through wagtail-localize and published;
    - outdated: synced, then the English page was published again;
    - missing: an English statement never translated; an Arabic-only news item;
    - manual_outdated: translated by copy (not synced), then the English republished;
    - draft: synced translation that was never published.
    """
    pages = {}
    pages["in_sync"] = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    localize(pages["in_sync"], tree.ar)

    pages["outdated"] = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    localize(pages["outdated"], tree.ar)
    pages["outdated"].subtitle = "A corrected standfirst."
    publish(pages["outdated"])

    pages["missing"] = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))

    pages["arabic_only"] = publish(
        NewsPageFactory(parent=tree.news_ar, locale=tree.ar, title="خبر بالعربية فقط")
    )

    pages["manual_outdated"] = publish(NewsPageFactory(parent=tree.news_en, locale=tree.en))
    translate(pages["manual_outdated"], tree.ar, title="خبر مترجم يدويا")
    pages["manual_outdated"].subtitle = "Changed after the copy."
    publish(pages["manual_outdated"])

    pages["draft"] = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    localize(pages["draft"], tree.ar, publish=False)
    tree.pages.update(pages)
    return tree


def keys(pairs):
    return {(pair.source.id, pair.target_locale.language_code) for pair in pairs}


def test_report_lists_exactly_the_missing_and_outdated_pairs(seeded):
    pages = seeded.pages
    report = build_report()

    assert keys(report.filter(status=status.MISSING)) == {
        (pages["missing"].pk, "ar"),
        (pages["arabic_only"].pk, "en"),
    }
    assert keys(report.filter(status=status.OUTDATED)) == {
        (pages["outdated"].pk, "ar"),
        (pages["manual_outdated"].pk, "ar"),
    }
    assert keys(report.filter(status=status.DRAFT)) == {(pages["draft"].pk, "ar")}
    in_sync = keys(report.filter(status=status.IN_SYNC))
    assert (pages["in_sync"].pk, "ar") in in_sync
    # The fixture's home and section pages were translated by copy, after their source.
    assert (seeded.home_en.pk, "ar") in in_sync
    assert (seeded.statements_en.pk, "ar") in in_sync

    # Needs attention: everything but the pairs in sync (nothing is in review).
    assert keys(report.filter(status=status.ATTENTION)) == {
        (pages["missing"].pk, "ar"),
        (pages["arabic_only"].pk, "en"),
        (pages["outdated"].pk, "ar"),
        (pages["manual_outdated"].pk, "ar"),
        (pages["draft"].pk, "ar"),
    }


def test_pair_details(seeded):
    pages = seeded.pages
    pairs = {pair.source.id: pair for pair in build_report().pairs}

    outdated = pairs[pages["outdated"].pk]
    assert outdated.exists and outdated.is_live and outdated.is_managed
    assert not outdated.is_up_to_date
    assert outdated.outdated_since == pages["outdated"].last_published_at
    assert outdated.segments_total == outdated.segments_translated > 0

    arabic_only = pairs[pages["arabic_only"].pk]
    assert arabic_only.source_locale == seeded.ar and arabic_only.target_locale == seeded.en
    assert arabic_only.target is None

    manual = pairs[pages["manual_outdated"].pk]
    assert manual.exists and not manual.is_managed and manual.is_outdated


def test_filters_by_section_and_language(seeded):
    pages = seeded.pages
    report = build_report()
    statements = next(s for s in report.sections if s.title == "Statements")
    in_statements = report.filter(section=str(statements.key))
    assert {p.source.id for p in in_statements} >= {pages["outdated"].pk, pages["missing"].pk}
    assert pages["manual_outdated"].pk not in {p.source.id for p in in_statements}
    # The Arabic-only news item is the one pair whose translation would be English.
    assert keys(report.filter(language="en")) == {(pages["arabic_only"].pk, "en")}
    assert keys(report.filter(language="ar", status=status.MISSING)) == {
        (pages["missing"].pk, "ar")
    }


def test_report_takes_the_same_few_queries_for_any_tree_size(tree):
    def queries_for(count, prefix):
        statements = build_statement_tree(tree, count, prefix=prefix)
        for statement in statements[:2]:
            localize(publish(statement), tree.ar)
        with CaptureQueriesContext(connection) as captured:
            pairs = build_report().pairs
            # Reading everything the report template shows must not query either.
            shown = [
                (pair.status, pair.section, pair.source.type_name, pair.untranslated)
                for pair in pairs
            ]
        return len(captured), len(shown)

    small, small_pairs = queries_for(3, "small")
    large, large_pairs = queries_for(40, "large")
    assert large_pairs > small_pairs + 30
    assert large == small
    assert large <= 12


def test_report_view_shows_filtered_pairs(seeded, admin_client):
    pages = seeded.pages
    url = reverse("editorial:report")
    response = admin_client.get(url, {"status": "missing"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-source="{pages["missing"].pk}"' in html
    assert f'data-source="{pages["arabic_only"].pk}"' in html
    assert f'data-source="{pages["outdated"].pk}"' not in html
    assert 'data-editorial-count="2"' in html

    response = admin_client.get(url, {"status": "outdated", "language": "ar"})
    html = response.content.decode()
    assert html.count("data-editorial-pair ") == 2
    # An outdated synced pair offers a one-click background sync; a missing one, translation.
    assert reverse("editorial:sync", args=[pages["outdated"].pk]) in html


def test_report_needs_the_translation_right(seeded, client):
    user = get_user_model().objects.create_user("reader", password="pw")
    client.force_login(user)
    assert client.get(reverse("editorial:report")).status_code in (302, 403)


def test_dashboard_panel_lists_what_needs_attention(seeded, admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-editorial-dashboard" in html
    pages = seeded.pages
    # Outdated pairs come first.
    first = html.index("data-editorial-pair ")
    assert f'data-source="{pages["outdated"].pk}"' in html[first : first + 300] or (
        f'data-source="{pages["manual_outdated"].pk}"' in html[first : first + 300]
    )
    assert f'data-source="{pages["in_sync"].pk}"' not in html


def test_page_status_view_shows_what_changed(seeded, admin_client):
    page = seeded.pages["outdated"]
    html = admin_client.get(reverse("editorial:page", args=[page.pk])).content.decode()
    assert 'data-status="outdated"' in html
    assert "A corrected standfirst." in html  # the change since the last sync
