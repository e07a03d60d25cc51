"""The editors' journeys, walked in Debian's Chromium through the admin screens people use.

Each journey keeps a screenshot per step under ``test-artifacts/journeys/<journey>/``. No step
under test takes a shortcut through the ORM; the ORM is only read to check what happened.
"""

import datetime
import json
import urllib.request

import feedparser
import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from newsroom.content.models import StatementIndexPage, StatementPage
from tests.support.browser import click_and_follow, log_in
from tests.support.scheduler import start_scheduler, stop_scheduler
from tests.support.waiting import wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def pdf(tmp_path):
    """A one-page PDF, as an editor would have it on their disk."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Full text of the statement.")
    path = tmp_path / "statement.pdf"
    document.output(str(path))
    return path


class Steps:
    """Screenshots of one journey, numbered in the order they were taken."""

    def __init__(self, page, directory):
        self.page = page
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = 0

    async def shot(self, name):
        self.count += 1
        await self.page.screenshot(
            path=self.directory / f"{self.count:02d}-{name}.png", full_page=True
        )


async def add_paragraph(page, text):
    """Appends a paragraph block to the body StreamField and types ``text`` into it."""
    insert = page.locator("#panel-child-content-body-content button[title='Insert a block']").last
    try:
        await insert.wait_for(timeout=60_000)
    except PlaywrightTimeoutError:
        # Say what the editor was shown: form ids made in another language hid it once.
        headings = await page.locator("h1").all_inner_texts()
        panels = await page.locator("[id^=panel-child]").evaluate_all("els => els.map(e => e.id)")
        raise AssertionError(
            f"no 'Insert a block' button on {page.url} ({await page.title()!r}, {headings!r});"
            f" panels: {panels}; script errors: {page.script_errors}"
        ) from None
    editors = page.locator("#panel-child-content-body-content .public-DraftEditor-content")
    before = await editors.count()
    await insert.click()
    await page.locator(".w-combobox [role=option]", has_text="Paragraph").first.click()
    # The new block's editor appears a moment after the click: until it does, "the last editor"
    # is the previous block's, and the text once went into the middle of that one.
    editor = editors.nth(before)
    await editor.wait_for()
    await editor.click()
    await page.keyboard.type(text)


async def choose_in(page, field, label):
    """Ticks ``label`` in a page-locale checkbox list, or selects it in a plain select."""
    boxes = page.locator(f"input[name={field}][type=checkbox]")
    if await boxes.count():
        await page.locator(f"label:has(input[name={field}])", has_text=label).first.click()
    else:
        select = page.locator(f"select[name={field}]")
        values = await select.evaluate(
            "(el, label) => [...el.options].filter(o => o.text.includes(label)).map(o => o.value)",
            label,
        )
        chosen = await select.evaluate("el => [...el.selectedOptions].map(o => o.value)")
        await select.select_option(chosen + values[:1])


async def upload_document(page, field, path, title):
    """Opens the document chooser of ``field``, uploads ``path`` in its Upload tab, chooses it."""
    await page.locator(f"#{field}-chooser .chooser__choose-button").click()
    modal = page.locator(".modal-dialog")
    await modal.get_by_role("tab", name="Upload").click()
    await modal.locator("input[type=file]").set_input_files(str(path))
    await modal.locator("input[name='document-chooser-upload-title']").fill(title)
    await modal.locator("form[data-chooser-modal-creation-form] button[type=submit]").click()
    await modal.wait_for(state="detached")


async def publish(page):
    """The page editor's footer: open the actions menu, then Publish."""
    await page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target=toggle]"
    ).first.click()
    await click_and_follow(page, page.locator("footer button[name='action-publish']"))


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.read()


def test_editor_writes_and_publishes_a_statement(demo_site, in_chromium, artifacts, pdf):
    base = demo_site.url
    title = "Authorities must free the eleven detained reporters"
    index = StatementIndexPage.objects.get(locale__language_code="en")

    async def scenario(browser):
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps = Steps(page, artifacts / "journeys" / "1-editor-publishes")
        await log_in(page, base, "editor")
        await steps.shot("dashboard")

        await page.goto(f"{base}/admin/pages/{index.pk}/")
        await steps.shot("statements-listing")
        await page.get_by_role("link", name="Add child page").first.click()
        await page.wait_for_selector("input[name=title]")
        await steps.shot("create-form")

        # Typed, not pasted: the slug is derived from the title as the editor types.
        await page.locator("input[name=title]").press_sequentially(title)
        await page.fill(
            "textarea[name=subtitle]", "Eleven reporters have been held without charge."
        )
        await add_paragraph(page, "We call for the immediate release of every reporter.")
        await add_paragraph(page, "Their families have not been allowed to visit them.")
        await page.fill("input[name=dateline_place]", "Geneva")
        await choose_in(page, "co_signatories", "Press Freedom Observatory")
        await choose_in(page, "topics", "Freedom of expression")
        await upload_document(page, "id_full_document", pdf, "Full statement (PDF)")
        await steps.shot("filled-in")

        await publish(page)
        await steps.shot("published")
        # What the editor was told: the success banner, or the form's errors where it failed.
        statement = await page.locator(
            ".messages, .error-message, .w-field__errors"
        ).all_inner_texts()
        statement.append(page.url)

        await page.goto(base + "/en/statements/")
        await steps.shot("section-index")
        listed = await page.locator("main").inner_text()

        # A reader finds it by another form of a word, narrowed to its topic and year.
        await page.goto(base + "/en/search/?q=reporter")
        await click_and_follow(page, page.locator(".search-facet__option", has_text="Freedom of"))
        year = str(datetime.date.today().year)
        await click_and_follow(page, page.locator(".search-facet__option", has_text=year))
        await steps.shot("found-by-search")
        found = await page.locator(".search-hit__title").all_inner_texts()
        chosen = await page.locator(".search-facet__option[aria-current]").all_inner_texts()
        return statement, listed, found, chosen, page.url

    message, listed, found, chosen, search_url = in_chromium(scenario)
    page = StatementPage.objects.filter(title=title).first()
    assert page is not None, message  # what the editor was told instead
    assert page.live, (message, page.go_live_at, page.has_unpublished_changes, page.status_string)
    assert page.locale.language_code == "en"
    assert [b.block_type for b in page.body] == ["paragraph", "paragraph"]
    assert page.full_document is not None and page.full_document.file.name.endswith(".pdf")
    assert [t.name for t in page.topics.all()] == ["Freedom of expression"]
    assert page.co_signatories.count() == 1
    assert title in listed
    assert "topic=freedom-of-expression" in search_url and "year=" in search_url
    assert len(chosen) == 2, chosen
    assert found[0] == title, found  # the word is in its title, and it is the newest

    feed = feedparser.parse(fetch(base + "/en/feeds/statements.rss"))
    assert title in [entry.title for entry in feed.entries]
    api = json.loads(fetch(base + "/api/v1/pages?locale=en&type=statement&limit=5"))
    assert title in [item["title"] for item in api["results"]]


async def translate_every_segment(page, write):
    """In wagtail-localize's editor, opens each untranslated segment, types ``write(source)``
    and saves it; returns the direction each translation box had."""
    directions = []
    segments = page.locator(".js-translation-editor li.incomplete")
    while await segments.count():
        segment = segments.first
        source = (await segment.locator("p").first.inner_text()).strip()
        # The segment's one button opens its box; the box's last button saves it.
        await segment.locator("button").last.click()
        box = page.locator(".js-translation-editor li:has(textarea)").first
        textarea = box.locator("textarea")
        directions.append(await textarea.evaluate("el => getComputedStyle(el).direction"))
        await textarea.fill(write(source))
        await box.locator("button").last.click()
        await box.locator("textarea").wait_for(state="detached")
    return directions


async def approve_from_dashboard(page, base_url, title):
    """The reviewer's dashboard lists what awaits their review; its actions menu approves."""
    await page.goto(base_url + "/admin/")
    row = page.locator("#awaiting-review-section tr", has_text=title)
    await row.locator("[data-w-dropdown-target=toggle]").click()
    await click_and_follow(
        page,
        row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"),
    )


def english_statement(title, words):
    """A published English statement: the journey starts after the editor wrote it."""
    index = StatementIndexPage.objects.get(locale__language_code="en")
    page = StatementPage(
        title=title,
        subtitle=words[0],
        body=[{"type": "paragraph", "value": f"<p>{text}</p>"} for text in words[1:]],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def arabic_for(text):
    return "ترجمة: " + " ".join(str(len(word)) for word in text.split())


def test_statement_is_translated_reviewed_and_in_sync(demo_site, in_chromium, artifacts):
    from wagtail.models import Locale

    base = demo_site.url
    title = "Stop the prosecution of the river valley lawyers"
    english = english_statement(
        title,
        [
            "Four lawyers face trial for defending protesters.",
            "The charges must be dropped today.",
            "We will observe every hearing.",
        ],
    )
    arabic_locale = Locale.objects.get(language_code="ar")

    seen = {}

    async def full(browser):
        nonlocal seen
        editor = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps = Steps(editor, artifacts / "journeys" / "2-translate-review")
        await log_in(editor, base, "editor")
        await editor.goto(f"{base}/admin/editorial/translations/page/{english.pk}/")
        await steps.shot("editor-translation-status")
        await editor.locator(f"a[href*='/admin/localize/submit/page/{english.pk}/']").first.click()
        await click_and_follow(
            editor, editor.locator("form:has(input[name=locales]) input[type=submit]")
        )
        await steps.shot("editor-submitted-for-translation")
        arabic_edit_url = editor.url
        await editor.close()

        translator = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps.page = translator
        await log_in(translator, base, "translator")
        await steps.shot("translator-dashboard")
        await translator.goto(arabic_edit_url)
        await translator.wait_for_selector(".js-translation-editor li")
        await steps.shot("translator-opens-editor")
        seen["directions"] = await translate_every_segment(translator, arabic_for)
        await steps.shot("translator-filled-segments")
        await click_and_follow(translator, translator.locator("[data-editorial-submit]"))
        await steps.shot("translator-submitted")
        seen["translator footer"] = await translator.locator("footer").first.inner_html()
        await translator.close()

        reviewer = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps.page = reviewer
        await log_in(reviewer, base, "reviewer")
        await steps.shot("reviewer-dashboard")
        await approve_from_dashboard(reviewer, base, arabic_for(title))
        await steps.shot("reviewer-approved")
        await reviewer.goto(f"{base}/admin/editorial/translations/page/{english.pk}/")
        await steps.shot("pair-status")
        seen["status"] = await reviewer.locator("main").inner_text()
        await reviewer.close()

        reader = await browser.new_page(viewport={"width": 1280, "height": 900})
        steps.page = reader
        await reader.goto(base + english.url)
        seen["english alternates"] = await reader.eval_on_selector_all(
            "link[rel=alternate][hreflang]", "els => els.map(e => e.hreflang)"
        )
        await click_and_follow(reader, reader.locator('[data-language-switcher] a[hreflang="ar"]'))
        await steps.shot("reader-arabic")
        seen["arabic url"] = reader.url
        seen["arabic dir"] = await reader.evaluate("document.documentElement.dir")
        seen["arabic headline"] = (await reader.locator("main h1").inner_text()).strip()
        seen["arabic alternates"] = await reader.eval_on_selector_all(
            "link[rel=alternate][hreflang]", "els => els.map(e => e.hreflang)"
        )
        seen["switcher"] = await reader.get_attribute(
            '[data-language-switcher] a[hreflang="en"]', "href"
        )
        return seen

    in_chromium(full)
    arabic = english.get_translation(arabic_locale)
    assert arabic.live and arabic.title == arabic_for(title)
    assert seen["directions"] and set(seen["directions"]) == {"rtl"}
    assert "action-publish" not in seen["translator footer"]
    assert "In sync" in seen["status"], seen["status"]
    assert seen["arabic url"] == base + arabic.url
    assert seen["arabic dir"] == "rtl"
    assert seen["arabic headline"] == arabic.title
    assert {"en", "ar", "x-default"} <= set(seen["english alternates"])
    assert {"en", "ar", "x-default"} <= set(seen["arabic alternates"])
    assert seen["switcher"] == english.url


def test_translator_can_neither_publish_nor_see_attendees(demo_site, in_chromium, artifacts):
    from wagtail_localize.models import TranslationSource

    from newsroom.events.models import EventPage

    base = demo_site.url
    arabic_statement = StatementPage.objects.filter(locale__language_code="ar").first()
    english_statement = arabic_statement.get_translation(arabic_statement.locale.get_default())
    source = TranslationSource.objects.get_for_instance(english_statement)
    arabic_index = arabic_statement.get_parent()
    arabic_event = EventPage.objects.filter(locale__language_code="ar").first()
    attendee_urls = [
        f"/admin/registrations/{event.pk}/{suffix}"
        for event in (arabic_event, arabic_event.get_translation(arabic_event.locale.get_default()))
        for suffix in ("", "registrations.csv", "registrations.xlsx")
    ]

    async def scenario(browser):
        seen = {}
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps = Steps(page, artifacts / "journeys" / "5-translator-limits")
        await log_in(page, base, "translator")
        await steps.shot("dashboard")
        seen["menu"] = await page.locator("#wagtail-sidebar, aside").first.inner_html()

        await page.goto(f"{base}/admin/pages/{arabic_statement.pk}/edit/")
        await page.wait_for_selector(".js-translation-editor li")
        await steps.shot("translation-editor")
        seen["editor footer"] = await page.locator("footer").first.inner_html()
        seen["visible convert"] = (
            await page.locator("footer a[href*='/convert_to_alias/']").filter(visible=True).count()
        )

        await page.goto(f"{base}/admin/localize/update/{source.pk}/")
        await steps.shot("update-translations")
        publish_now = page.locator("input[name=publish_translations]")
        seen["publish now enabled"] = [await box.is_enabled() for box in await publish_now.all()]

        await page.goto(f"{base}/admin/pages/{arabic_index.pk}/")
        await steps.shot("arabic-listing")
        seen["listing"] = await page.locator("main").inner_html()

        seen["attendees"] = {}
        for url in attendee_urls:
            response = await page.goto(base + url)
            seen["attendees"][url] = response.status
        await steps.shot("attendee-list-refused")
        return seen

    seen = in_chromium(scenario)
    assert "/admin/registrations/" not in seen["menu"]
    assert "action-publish" not in seen["editor footer"]
    # Hidden from translators (and refused by the server, tests/editorial/).
    assert seen["visible convert"] == 0
    assert True not in seen["publish now enabled"]
    assert "bulk_actions/page/publish" not in seen["listing"]
    assert set(seen["attendees"].values()) == {403}, seen["attendees"]


async def schedule_and_publish(page, go_live):
    """The page editor's status panel: set a go-live time, save the schedule, then Publish."""
    await page.locator("[data-side-panel-toggle=status]").click()
    await page.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").click()
    await page.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
    # The date picker opens a moment after the field takes focus; once it is open, clicking
    # the dialog's text closes it, as a person would.
    picker = page.locator(".xdsoft_datetimepicker").filter(visible=True)
    await picker.first.wait_for()
    await page.locator("#subtitle-schedule-publishing-dialog").click()
    await picker.first.wait_for(state="detached")
    await click_and_follow(page, page.locator("#schedule-publishing-dialog button[type=submit]"))
    await publish(page)


@pytest.fixture(params=["embedded", "beat on redis"])
def scheduler(request):
    """What runs scheduled publishing: ``make run``'s scheduler, or beat and a worker."""
    if request.param == "embedded":
        process = start_scheduler()
        yield process
        stop_scheduler(process)
    else:
        yield request.getfixturevalue("celery_beat")()


def test_editor_schedules_a_page_and_the_scheduler_publishes_it(
    demo_site, scheduler, in_chromium, artifacts
):
    from django.utils import timezone

    from newsroom.content.models import NewsIndexPage, NewsPage

    base = demo_site.url
    title = "Hearing on the coastal detention case moves to next week"
    index = NewsIndexPage.objects.get(locale__language_code="en")
    # The admin schedules to the minute: the next minute but one is always in the future.
    go_live = (timezone.now() + datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)

    async def scenario(browser):
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps = Steps(page, artifacts / "journeys" / "4-scheduled-publishing")
        await log_in(page, base, "editor")
        await page.goto(f"{base}/admin/pages/{index.pk}/")
        await page.get_by_role("link", name="Add child page").first.click()
        await page.wait_for_selector("input[name=title]")
        await page.locator("input[name=title]").press_sequentially(title)
        await add_paragraph(page, "The court set a new date for the hearing.")
        await steps.shot("create-form")
        await schedule_and_publish(page, go_live)
        await steps.shot("scheduled")
        return await page.locator(".messages").all_inner_texts()

    messages = in_chromium(scenario)
    news = NewsPage.objects.get(title=title)
    assert not news.live, messages
    assert news.go_live_at == go_live
    published = wait_for(
        lambda: NewsPage.objects.filter(pk=news.pk, live=True).exists(),
        timeout=(go_live - timezone.now()).total_seconds() + 60,
        interval=1,
    )
    assert published, "the scheduler did not publish the page within a minute of its time"
    assert go_live <= NewsPage.objects.get(pk=news.pk).last_published_at
    with urllib.request.urlopen(base + news.url) as response:
        assert title in response.read().decode()


def test_changed_source_is_retranslated_from_the_previous_translation(
    demo_site, in_chromium, artifacts
):
    from wagtail.models import Locale

    from newsroom.editorial.status import pairs_for_page

    base = demo_site.url
    english = StatementPage.objects.get(
        locale__language_code="en", slug="release-detained-journalists"
    )
    arabic = english.get_translation(Locale.objects.get(language_code="ar")).specific
    previous = arabic.subtitle
    # Three words of the standfirst change: "vague security charges" becomes
    # "broad terrorism charges" and "press" becomes "media".
    changed = english.subtitle.replace("vague security", "broad terrorism").replace(
        "the press.", "the media."
    )
    assert changed != english.subtitle
    edited = previous.replace("أمنية فضفاضة", "إرهاب فضفاضة")

    async def scenario(browser):
        seen = {}
        editor = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps = Steps(editor, artifacts / "journeys" / "3-source-changes")
        await log_in(editor, base, "editor")
        await editor.goto(f"{base}/admin/pages/{english.pk}/edit/")
        await editor.fill("textarea[name=subtitle]", changed)
        await steps.shot("editor-changes-source")
        await publish(editor)
        await steps.shot("editor-published")
        await editor.close()

        translator = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps.page = translator
        await log_in(translator, base, "translator")
        link = f"a[href$='/pages/{arabic.pk}/edit/']"
        row = translator.locator("tr", has=translator.locator(link))
        seen["dashboard row"] = await row.first.inner_text()
        await steps.shot("translator-dashboard")
        await row.first.locator(link).last.click()
        await translator.click("[data-editorial-sync]")
        # As the translator does: wait for the job to show it is done (with a Celery worker
        # it runs a moment after the click).
        await translator.wait_for_selector("[data-editorial-job][data-status=done]")
        await translator.goto(f"{base}/admin/pages/{arabic.pk}/edit/")
        flagged = translator.locator(".js-translation-editor li.errored")
        await flagged.first.wait_for()
        seen["flagged"] = await flagged.count()
        seen["diff"] = await translator.locator("[data-editorial-review] ins").all_inner_texts()
        await steps.shot("translator-sees-previous-translation")
        await flagged.get_by_role("button").last.click()
        box = flagged.locator("textarea")
        seen["prefilled"] = await box.input_value()
        await box.fill(edited)
        await flagged.get_by_role("button").last.click()
        await translator.wait_for_function(
            "() => !document.querySelector('.js-translation-editor li.errored')"
        )
        await translator.reload()
        await click_and_follow(translator, translator.locator("[data-editorial-submit]"))
        await steps.shot("translator-submitted")
        await translator.close()

        reviewer = await browser.new_page(viewport={"width": 1400, "height": 1000})
        steps.page = reviewer
        await log_in(reviewer, base, "reviewer")
        await approve_from_dashboard(reviewer, base, arabic.title)
        await steps.shot("reviewer-approved")
        await reviewer.goto(base + arabic.url)
        await steps.shot("reader-arabic")
        seen["public"] = await reviewer.locator("main").inner_text()
        return seen

    seen = in_chromium(scenario)
    assert seen["flagged"] == 1
    assert seen["prefilled"] == previous
    assert "broad terrorism" in " ".join(seen["diff"]), seen["diff"]
    assert edited in seen["public"]
    arabic.refresh_from_db()
    assert arabic.live and arabic.subtitle == edited
    (pair,) = [p for p in pairs_for_page(english) if p.target_locale.pk == arabic.locale_id]
    assert pair.to_review == 0
    assert pair.status == "in_sync", pair.status
