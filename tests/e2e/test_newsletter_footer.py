"""Signing up for the newsletter from an Arabic statement's footer, in Chromium: the form is
mirrored, the confirmation email reaches a real SMTP server, and the page says what happens next.
Screenshots in test-artifacts/newsletter/."""

import re

import pytest
from django.utils import translation

from newsletter.models import Subscriber
from tests.factories import StatementPageFactory, build_bilingual_tree, publish
from tests.support.browser import click_and_follow
from tests.support.waiting import wait_for

pytestmark = pytest.mark.browser

FOOTER = "footer.site-footer section.newsletter-short--footer"
LAYOUT = """(selector) => {
    const form = document.querySelector(selector);
    const box = (element) => element.getBoundingClientRect().toJSON();
    const email = form.querySelector('input[type="email"]');
    return {
        direction: getComputedStyle(form).direction,
        email_direction: getComputedStyle(email).direction,
        label: box(form.querySelector("label")),
        form: box(form),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
}"""


def test_an_arabic_reader_signs_up_from_a_statements_footer(
    transactional_db, live_server, smtp, in_chromium, artifacts
):
    tree = build_bilingual_tree()
    statement = publish(StatementPageFactory(parent=tree.statements_ar, title="أفرجوا عنهم"))
    english = publish(StatementPageFactory(parent=tree.statements_en, title="Free them"))
    directory = artifacts / "newsletter"
    directory.mkdir(exist_ok=True)

    async def scenario(browser):
        seen = {}
        for language, url in (("ar", statement.url), ("en", english.url)):
            wide = await browser.new_page(viewport={"width": 1366, "height": 900})
            await wide.goto(live_server.url + url)
            await wide.screenshot(path=directory / f"statement-{language}-1366.png", full_page=True)
            seen[f"box {language}"] = await wide.evaluate(LAYOUT, ".newsletter-short--statement")
            await wide.close()
        page = await browser.new_page(viewport={"width": 390, "height": 800})
        await page.goto(live_server.url + statement.url)
        footer = page.locator(FOOTER)
        await footer.scroll_into_view_if_needed()
        seen["layout"] = await page.evaluate(LAYOUT, FOOTER)
        await footer.screenshot(path=directory / "footer-ar-390.png")
        await footer.get_by_label("عنوان البريد الإلكتروني").fill("Reader@Example.org")
        await footer.locator("select").select_option("daily")
        await click_and_follow(page, footer.get_by_role("button"))
        seen["url"] = page.url
        seen["status heading"] = (await page.locator("main h1").inner_text()).strip()
        seen["lang"] = await page.evaluate("document.documentElement.lang")
        await page.screenshot(path=directory / "check-your-email-ar-390.png", full_page=True)
        return seen

    seen = in_chromium(scenario)

    # The box after the statement's text reads in the page's direction at a laptop's width.
    assert seen["box ar"]["direction"] == "rtl" and seen["box en"]["direction"] == "ltr"
    assert seen["box ar"]["label"]["right"] > seen["box en"]["label"]["right"]
    layout = seen["layout"]
    assert (layout["direction"], layout["email_direction"]) == ("rtl", "ltr")
    # Mirrored: the first label starts at the form's right edge; nothing scrolls sideways.
    assert abs(layout["label"]["right"] - layout["form"]["right"]) < 2, layout
    assert layout["overflow"] <= 0
    assert seen["url"] == live_server.url + "/ar/newsletter/check-your-email/"
    with translation.override("ar"):
        heading = translation.gettext("Check your inbox")
    assert heading != "Check your inbox"  # the Arabic catalogue is compiled
    assert (seen["lang"], seen["status heading"]) == ("ar", heading)

    [message] = wait_for(lambda: smtp.handler.to("reader@example.org"))
    assert message["Content-Language"] == "ar"
    link = re.search(r"/ar/newsletter/confirm/[^/\s]+/", message.get_body(("plain",)).get_content())
    assert link is not None
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("reader@example.org", "pending")
    assert (subscriber.language, subscriber.frequency) == ("ar", "daily")
