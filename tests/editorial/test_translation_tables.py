"""Tables are translated like the rest of a page: headings and text cells are wagtail-localize
segments, numbers are kept, and a sync of a changed source keeps the translated strings."""

import json
from decimal import Decimal

from bs4 import BeautifulSoup
from wagtail_localize.models import TranslationSource

from newsroom.content.models import StatementPage
from tests.factories import StatementPageFactory, localize, publish

ARABIC = {
    "Where people are held": "مكان الاحتجاز",
    "Detainees": "المحتجزون",
    "Police stations": "مراكز الشرطة",
    "Detention by region": "الاحتجاز حسب المنطقة",
}


def table_body(detainees):
    return [
        (
            "table",
            {
                "caption": "Detention by region",
                "table": {
                    "columns": [
                        {"type": "text", "heading": "Where people are held"},
                        {"type": "number", "heading": "Detainees"},
                        {"type": "rich_text", "heading": ""},
                    ],
                    "rows": [
                        {
                            "values": [
                                "Police stations",
                                detainees,
                                "<p>Held <b>without</b> charge</p>",
                            ]
                        },
                        {"values": ["Prisons, central region", 212, ""]},
                    ],
                },
            },
        )
    ]


def table_of(page):
    (block,) = [b for b in StatementPage.objects.get(pk=page.pk).body if b.block_type == "table"]
    return block.value


def test_headings_and_text_cells_are_translated_and_numbers_kept(tree):
    english = publish(StatementPageFactory(parent=tree.statements_en, body=table_body(35)))
    arabic = localize(english, tree.ar, ARABIC)
    value = table_of(arabic)
    assert value["caption"] == "الاحتجاز حسب المنطقة"
    table = value["table"]
    assert [column["heading"] for column in table.columns] == ["مكان الاحتجاز", "المحتجزون", ""]
    (first, note), (second, _empty) = [
        (row["values"][:2], row["values"][2]) for row in table.row_data
    ]
    assert first == ["مراكز الشرطة", Decimal(35)]
    assert second == ["ترجمة: Prisons, central region", Decimal(212)]
    # Rich text keeps its markup around the translated words.
    assert note.source == "<p>ترجمة: Held <b>without</b> charge</p>"


def test_a_sync_keeps_the_translated_table_and_brings_new_numbers(tree):
    english = publish(StatementPageFactory(parent=tree.statements_en, body=table_body(35)))
    arabic = localize(english, tree.ar, ARABIC)

    # The editor changes one number (same block: its id, and so the strings' paths, stay).
    raw = [dict(block) for block in english.body.raw_data]
    raw[0]["value"]["table"]["rows"][0]["values"][1] = 41
    english.body = raw
    publish(english)
    TranslationSource.update_or_create_from_instance(english)
    # Syncing writes the target again from the updated source and the existing translations.
    source = TranslationSource.objects.get(object_id=english.translation_key)
    source.translations.get(target_locale=tree.ar).save_target(publish=True)

    table = table_of(arabic)["table"]
    assert [column["heading"] for column in table.columns] == ["مكان الاحتجاز", "المحتجزون", ""]
    assert table.row_data[0]["values"][:2] == ["مراكز الشرطة", Decimal(41)]


def test_the_translation_editor_lists_the_table_strings(tree, admin_client):
    english = publish(StatementPageFactory(parent=tree.statements_en, body=table_body(35)))
    arabic = localize(english, tree.ar, ARABIC)
    response = admin_client.get(f"/admin/pages/{arabic.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    props = json.loads(soup.select_one(".js-translation-editor")["data-props"])
    sources = {segment["source"] for segment in props["segments"] if "source" in segment}
    assert {"Where people are held", "Police stations", "Detention by region"} <= sources
