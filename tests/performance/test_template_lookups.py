"""No public page's template asks a page (or any model object) for an attribute it lacks.

Django's template engine answers such a lookup with "nothing", but first lists every attribute
of the object to tell a missing one from a property that raised: 0.17 ms for a page, and the
home page made three of them on every request (a fifth of its time). Each one is logged by the
engine (logger ``django.template``, DEBUG), which is what this test reads.
"""

import logging

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.template.base import VariableDoesNotExist
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def failed_lookups_on_models(records):
    found = set()
    for record in records:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, VariableDoesNotExist) and len(error.params) == 2:
            attribute, owner = error.params
            if isinstance(owner, Model):
                found.add((type(owner).__name__, attribute, record.args[1]))
    return found


def test_no_public_page_looks_up_an_attribute_its_objects_lack(client, caplog):
    call_command("load_demo_content", verbosity=0)
    pages = list(Page.objects.live().filter(depth__gt=1).specific())
    urls = {page.url for page in pages}
    for language in ("en", "ar"):
        urls |= {f"/{language}/search/?q=statement", f"/{language}/feeds/"}
    kinds = {type(page).__name__ for page in pages}
    # Every kind of public page is among them, so a template none of them draws is not missed.
    assert kinds >= {
        "HomePage",
        "StatementIndexPage",
        "StatementPage",
        "NewsIndexPage",
        "NewsPage",
        "ReportIndexPage",
        "ReportPage",
        "EventIndexPage",
        "EventPage",
        "InvitationPage",
    }

    with caplog.at_level(logging.DEBUG, logger="django.template"):
        for url in sorted(urls):
            assert client.get(url).status_code == 200, url

    assert failed_lookups_on_models(caplog.records) == set()
