"""Errors as JSON naming the parameter, HTTP validators and 304, caching, CORS, rate limit."""

import time

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("locale=fr", "locale"),
        ("published_after=2025-13-45", "published_after"),
        ("published_before=yesterday", "published_before"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("page=0", "page"),
        ("type=blog", "type"),
        ("ordering=random", "ordering"),
        ("topic=not a slug", "topic"),
        ("q=%00", "q"),
        ("lcoale=ar", "lcoale"),
    ],
)
def test_bad_parameters_answer_400_naming_them(api, tree, query, parameter):
    body = api.json(f"/api/v1/pages?{query}", status=400)
    assert body["status"] == 400 and body["error"] == "invalid_parameter"
    assert [p["parameter"] for p in body["problems"]] == [parameter]


def test_unknown_locale_lists_the_valid_ones(api, tree):
    for url in ("/api/v1/pages?locale=fr", "/api/v1/events?locale=fr", "/api/v1/topics?locale=fr"):
        problem = api.json(url, status=400)["problems"][0]
        assert problem["parameter"] == "locale"
        assert problem["allowed"] == ["en", "ar"]


def test_not_found_is_json_and_never_redirects(api, tree):
    for url in (
        "/api/v1/pages/999999",
        "/api/v1/nothing",
        "/api/v1/pages/",
        "/api/v1/pages?page=9",
    ):
        response = api.get(url, status=404)
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["status"] == 404


def test_write_methods_are_refused(client, tree):
    response = client.post("/api/v1/pages")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["error"] == "method_not_allowed"


def test_validators_and_conditional_get(api, newsroom):
    response = api.get("/api/v1/pages")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert api.get("/api/v1/pages", status=304, if_none_match=etag).content == b""
    api.get("/api/v1/pages", status=304, if_modified_since=modified)
    api.get("/api/v1/pages", status=200, if_none_match='"other"')
    detail = api.get(f"/api/v1/pages/{newsroom['statement_en'].pk}")
    api.get(
        f"/api/v1/pages/{newsroom['statement_en'].pk}", status=304, if_none_match=detail["ETag"]
    )


def test_a_change_invalidates_validators_and_cached_answers(api, newsroom):
    from tests.factories import NewsPageFactory, publish

    first = api.get("/api/v1/pages?type=news")
    time.sleep(1.1)  # Last-Modified counts whole seconds
    publish(NewsPageFactory(parent=newsroom.tree.news_en, locale=newsroom.tree.en, title="Fresh"))
    second = api.get("/api/v1/pages?type=news", if_none_match=first["ETag"])
    assert second.json()["count"] == first.json()["count"] + 1
    api.get("/api/v1/pages?type=news", status=200, if_modified_since=first["Last-Modified"])


def test_cors_and_preflight(client, tree):
    response = client.get("/api/v1/locales", headers={"origin": "https://partner.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/pages",
        headers={
            "origin": "https://partner.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Headers"] == "if-none-match"


def test_head_answers_like_get(client, tree):
    response = client.head("/api/v1/locales")
    assert response.status_code == 200 and response["ETag"]


def test_rate_limit(client, tree, settings):
    settings.NEWSROOM_API_RATE_LIMIT = 3
    statuses = [client.get("/api/v1/locales").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/locales")
    assert limited.json()["error"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= settings.NEWSROOM_API_RATE_PERIOD
    assert limited["Access-Control-Allow-Origin"] == "*"
    # Another address has its own allowance (nginx passes the client's in X-Forwarded-For).
    other = client.get("/api/v1/locales", headers={"x-forwarded-for": "203.0.113.9"})
    assert other.status_code == 200
