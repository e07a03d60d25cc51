"""The OpenAPI schema, the docs page, and schemathesis against the live schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db


def test_openapi_schema(api, tree):
    schema = api.json("/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/pages", "/api/v1/pages/{page_id}", "/api/v1/events"} <= set(schema["paths"])
    locale = next(
        p for p in schema["paths"]["/api/v1/pages"]["get"]["parameters"] if p["name"] == "locale"
    )
    assert "ar" in str(locale["schema"])


def test_docs_page_renders_with_local_assets(client, tree):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="swagger-ui"' in html and "/api/v1/openapi.json" in html
    assert "cdn." not in html
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"):
        assert f"/api/v1/docs/assets/{asset}" in html
        response = client.get(f"/api/v1/docs/assets/{asset}")
        assert response.status_code == 200
        assert b"".join(response.streaming_content)


# Loading the schema reads /api/v1/openapi.json, which needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def wsgi_keeps_connection():
    """Django's test client keeps the test's database connection open across requests; a
    bare WSGI call would close it at the end of each request, as a server does."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, newsroom, wsgi_keeps_connection):
    """No server error for any generated request, in either language; every response
    matches the schema."""
    case.call_and_validate()
