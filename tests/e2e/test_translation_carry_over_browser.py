"""In Debian's Chromium: a translator syncs a changed statement and finds the changed standfirst
prefilled with its previous Arabic, flagged for review with the word diff; saving it in
wagtail-localize's editor clears the flag. Screenshots go to ``test-artifacts/carry-over/``.

The demo's outdated pair ("Forced returns at sea must stop") is the case: its English
standfirst was corrected (words added) after the Arabic version was published.
"""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation

from newsroom.content.models import StatementPage
from newsroom.editorial.models import CarriedOverTranslation
from newsroom.editorial.status import pairs_for_page
from tests.support.browser import log_in

pytestmark = pytest.mark.browser

ADDED = "and let independent monitors on board"
MORE = " وأن تسمح بصعود مراقبين مستقلين على متن السفن."


def test_translator_reviews_a_carried_over_segment(demo_site, in_chromium, artifacts):
    base = demo_site.url
    english = StatementPage.objects.get(
        locale__language_code="en", title="Forced returns at sea must stop"
    )
    arabic = english.get_translation(Locale.objects.get(language_code="ar")).specific
    previous = arabic.subtitle  # the Arabic of the standfirst before the correction
    edit_url = f"{base}/admin/pages/{arabic.pk}/edit/"
    shots = artifacts / "carry-over"
    shots.mkdir(parents=True, exist_ok=True)
    seen = {}

    async def scenario(browser):
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        await log_in(page, base, "translator")
        await page.goto(edit_url)
        await page.click("[data-editorial-sync]")  # "Sync now"; the job runs and reports
        await page.wait_for_selector("[data-editorial-job][data-status=done]")
        await page.goto(edit_url)
        await page.wait_for_selector(".js-translation-editor li.errored")
        await page.screenshot(path=shots / "1-synced.png", full_page=True)
        review = page.locator("[data-editorial-review]")
        seen["reviews"] = await review.count()
        seen["inserted"] = await review.locator("ins").all_inner_texts()
        flagged = page.locator(".js-translation-editor li.errored")
        seen["flagged"] = await flagged.count()
        seen["note"] = await flagged.inner_text()
        await flagged.get_by_role("button").last.click()  # Edit: the box opens prefilled
        box = flagged.locator("textarea")
        seen["prefilled"] = await box.input_value()
        await box.fill(seen["prefilled"].rstrip(".") + MORE)
        await flagged.screenshot(path=shots / "2-editing.png")
        await flagged.get_by_role("button").last.click()  # Save
        await page.wait_for_function(
            "() => !document.querySelector('.js-translation-editor li.errored')"
        )
        await page.reload()
        await page.wait_for_selector(".js-translation-editor li")
        seen["flagged_after"] = await page.locator(".js-translation-editor li.errored").count()
        seen["reviews_after"] = await page.locator("[data-editorial-review]").count()
        await page.screenshot(path=shots / "3-saved.png", full_page=True)

    in_chromium(scenario)

    assert seen["reviews"] == 1 and seen["flagged"] == 1
    assert any(ADDED in text for text in seen["inserted"]), seen["inserted"]
    assert "بحاجة إلى مراجعة" in seen["note"] and ADDED in seen["note"]
    assert seen["prefilled"] == previous
    assert (seen["flagged_after"], seen["reviews_after"]) == (0, 0)
    assert not CarriedOverTranslation.objects.exists()
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=arabic.locale
    )
    assert any(
        t.data.endswith(MORE.strip())
        for t in translation.source.stringsegment_set.get(
            context__path="subtitle"
        ).string.translations.filter(locale=arabic.locale)
    )
    (pair,) = [p for p in pairs_for_page(english) if p.target_locale.pk == arabic.locale_id]
    assert pair.to_review == 0
