"""/api/v1/pages: items, translations, filters, search, pagination, detail and lookup."""

import pytest

from tests.support.api import ids

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "id", "type", "locale", "title", "subtitle", "url", "publication_date",
    "first_published_at", "last_published_at", "topics", "translations",
}  # fmt: skip


def test_items_carry_their_fields_and_live_translations(api, newsroom):
    english, arabic = newsroom["statement_en"], newsroom["statement_ar"]
    results = api.json("/api/v1/pages?limit=100")["results"]
    by_id = {item["id"]: item for item in results}
    item = by_id[arabic.pk]
    assert set(item) == ITEM_KEYS
    assert item["type"] == "statement"
    assert item["locale"] == "ar"
    assert item["url"] == "https://news.example.org/ar/statements/release-detained-journalists/"
    assert item["translations"] == [
        {
            "locale": "en",
            "id": english.pk,
            "url": "https://news.example.org/en/statements/release-detained-journalists/",
            "title": "Release the detained journalists",
        }
    ]
    # The Arabic page still points at the English topic; readers get the Arabic one.
    assert item["topics"] == [
        {"id": item["topics"][0]["id"], "slug": "detention", "name": "الاحتجاز"}
    ]
    assert by_id[english.pk]["translations"][0]["id"] == arabic.pk
    assert by_id[english.pk]["topics"][0]["name"] == "Detention"
    assert by_id[newsroom["news_en_only"].pk]["translations"] == []


def test_home_and_section_pages_are_not_items(api, newsroom):
    types = {item["type"] for item in api.json("/api/v1/pages?limit=100")["results"]}
    assert types == {"statement", "news", "report", "event", "invitation"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("locale=ar", {"statement_ar", "private_pair_ar", "event_upcoming_ar"}),
        ("type=report", {"report"}),
        ("section=events", {"event_upcoming", "event_upcoming_ar", "event_past", "invitation"}),
        ("type=event&locale=ar", {"event_upcoming_ar"}),
        ("type=news&section=statements", set()),
        (
            "topic=detention",
            {"statement_en", "statement_ar", "event_upcoming", "event_upcoming_ar"},
        ),
        ("topic=detention&locale=en&type=statement", {"statement_en"}),
        ("topic=no-such-topic", set()),
    ],
)
def test_filters(api, newsroom, query, expected):
    data = api.json(f"/api/v1/pages?limit=100&{query}")
    assert ids(data["results"]) == {newsroom[name].pk for name in expected}
    assert data["count"] == len(expected)


def test_published_between(api, newsroom):
    statement = newsroom["statement_en"]
    day = statement.first_published_at.date()
    data = api.json(f"/api/v1/pages?limit=100&published_before={day.isoformat()}T23:59:59Z")
    assert statement.pk in ids(data["results"])
    assert newsroom["news_en_only"].pk not in ids(data["results"])
    after = statement.first_published_at.isoformat().replace("+00:00", "Z")
    data = api.json(f"/api/v1/pages?limit=100&published_after={after}&locale=en&type=statement")
    assert statement.pk in ids(data["results"])
    data = api.json("/api/v1/pages?published_after=2999-01-01")
    assert data == {"count": 0, "page": 1, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    "query",
    [
        "الصحفيين المسئولين",  # hamza on a ya seat where the page has it on a waw
        "أطلقوا",
        "اطلقوا",  # no hamza
        "الصَّحفيين",  # with a diacritic
    ],
)
def test_search_is_arabic_normalised(api, newsroom, query):
    data = api.json(f"/api/v1/pages?locale=ar&q={query}")
    assert ids(data["results"]) == {newsroom["statement_ar"].pk}


def test_search_in_english_with_ordering(api, newsroom):
    data = api.json("/api/v1/pages?q=detained journalists&locale=en&ordering=-title")
    titles = [item["title"] for item in data["results"]]
    assert titles == sorted(titles, reverse=True)
    assert newsroom["statement_en"].pk in ids(data["results"])
    assert api.json("/api/v1/pages?q=  ")["count"] == api.json("/api/v1/pages")["count"]


def test_ordering_and_stable_pagination(api, newsroom):
    everything = api.json("/api/v1/pages?limit=100&ordering=title")["results"]
    titles = [item["title"] for item in everything]
    assert titles == sorted(titles) or len(set(titles)) < len(titles)
    seen, url = [], "/api/v1/pages?limit=3&ordering=title"
    while url:
        data = api.json(url.removeprefix("https://news.example.org"))
        assert data["count"] == len(everything)
        seen += [item["id"] for item in data["results"]]
        url = data["next"]
    assert seen == [item["id"] for item in everything]
    second = api.json("/api/v1/pages?limit=3&page=2&ordering=title")
    assert (
        second["previous"] == "https://news.example.org/api/v1/pages?limit=3&ordering=title&page=1"
    )


def test_default_order_is_newest_first(api, newsroom):
    stamps = [item["first_published_at"] for item in api.json("/api/v1/pages?limit=100")["results"]]
    assert stamps == sorted(stamps, reverse=True)


def test_detail_of_arabic_statement_with_its_english_pair(api, newsroom):
    arabic = newsroom["statement_ar"]
    data = api.json(f"/api/v1/pages/{arabic.pk}")
    assert data["locale"] == "ar"
    assert data["translations"][0]["id"] == newsroom["statement_en"].pk
    assert data["statement"]["issued_by"]["name"] == "تحالف الحقوق"
    document = data["document"]
    assert document["url"].startswith("https://news.example.org/documents/")
    assert document["url"].endswith(".pdf")
    assert document["content_type"] == "application/pdf"
    assert document["size"] > 0
    assert document["language"] == "ar"
    image = data["image"]
    assert [r["spec"] for r in image["renditions"]] == ["width-480", "width-800", "width-1200"]
    assert all(r["url"].startswith("https://news.example.org/media/") for r in image["renditions"])
    assert data["event"] is None and data["report"] is None


def test_body_as_blocks_and_sanitised_html(api, newsroom):
    data = api.json(f"/api/v1/pages/{newsroom['linking'].pk}")
    kinds = [block["type"] for block in data["body"]]
    assert kinds == ["paragraph", "image", "heading"]
    paragraph = data["body"][0]["value"]
    assert (
        'href="https://news.example.org/en/statements/release-detained-journalists/"' in paragraph
    )
    assert "linktype" not in paragraph
    image = data["body"][1]["value"]["image"]
    assert image["renditions"][0]["url"].startswith("https://news.example.org/media/")
    html = data["body_html"]
    assert "<script" not in html and "class=" not in html
    assert 'src="https://news.example.org/media/' in html
    assert "srcset=" in html and 'srcset="/' not in html
    assert 'href="https://news.example.org/en/statements/release-detained-journalists/"' in html


def test_lookup_by_locale_and_path(api, newsroom):
    arabic = newsroom["statement_ar"]
    for path in [
        "/statements/release-detained-journalists/",
        "statements/release-detained-journalists",
        "/ar/statements/release-detained-journalists/",
    ]:
        assert api.json(f"/api/v1/pages/lookup?locale=ar&path={path}")["id"] == arabic.pk
    english = api.json(
        "/api/v1/pages/lookup?locale=en&path=/statements/release-detained-journalists/"
    )
    assert english["id"] == newsroom["statement_en"].pk
    api.get("/api/v1/pages/lookup?locale=ar&path=/statements/", status=404)  # an index page


def test_report_and_invitation_details(api, newsroom):
    report = api.json(f"/api/v1/pages/{newsroom['report'].pk}")
    assert report["type"] == "report"
    assert report["report"]["key_findings_html"].startswith("<ul><li>Found")
    assert report["document"]["content_type"] == "application/pdf"
    invitation = api.json(f"/api/v1/pages/{newsroom['invitation'].pk}")
    assert invitation["invitation"]["event"]["id"] == newsroom["event_upcoming"].pk
    assert invitation["invitation"]["invitation_html"] == "<p>You are invited.</p>"
