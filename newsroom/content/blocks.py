"""StreamField blocks for article bodies."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTable, TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor
from wagtail_localize.segments.ingest import StreamFieldSegmentsWriter

from newsroom.core.sanitise import rich_text_html

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


# The small blocks an article has many of (headings, quotes, paragraphs) are drawn without a
# template: through Django's template engine a heading took 40 µs and a quote 53, drawn here
# 12 and 29, on every page nobody has read recently.


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Text"))
    # Not searchable: its labels ("Section") would be indexed as words of every page with a
    # heading, in English whatever the page's language, and shown in its search snippet.
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
        label=_("Level"),
        search_index=False,
    )

    class Meta:
        icon = "title"

    def render_basic(self, value, context=None):
        if not value.get("text"):
            return ""
        level = "h3" if value.get("level") == "h3" else "h2"
        return format_html('<{0} class="block-heading">{1}</{0}>', level, value["text"])


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Attribution"))

    class Meta:
        icon = "openquote"

    def render_basic(self, value, context=None):
        if not value.get("text"):
            return ""
        attribution = value.get("attribution")
        return format_html(
            '<figure class="block-quote"><blockquote><p>{}</p></blockquote>{}</figure>',
            linebreaksbr(value["text"], autoescape=True),
            format_html("<figcaption>{}</figcaption>", attribution) if attribution else "",
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it; leave empty if decorative."),
    )
    caption = blocks.CharBlock(required=False, max_length=300, label=_("Caption"))
    credit = blocks.CharBlock(required=False, max_length=150, label=_("Credit"))

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=30, label=_("Figure"), help_text=_("e.g. 1,200 or 43%"))
    label = blocks.CharBlock(max_length=160, label=_("What it counts"))


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120, label=_("Title"))
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, max_num=6, label=_("Figures"))
    source = blocks.CharBlock(required=False, max_length=250, label=_("Source"))

    class Meta:
        icon = "order"
        template = "components/blocks/key_figures.html"


class TranslatableTableBlock(TypedTableBlock):
    """A TypedTableBlock whose column headings and text cells wagtail-localize translates.

    wagtail-localize extracts nothing from TypedTableBlock by itself, so a translation (and
    every sync) would copy the source language's table. It asks a block for its segments
    through these two methods: headings are ``heading-<column>``, cells ``cell-<row>-<column>``
    (each cell's own segments below that, as wagtail-localize makes them for its block type;
    numbers have none and stay as they are).
    """

    def get_translatable_segments(self, value):
        if value is None:
            return []
        extractor = StreamFieldSegmentExtractor(None)
        segments = [
            StringSegmentValue(f"heading-{index}", column["heading"])
            for index, column in enumerate(value.columns)
            if column["heading"]
        ]
        for row_index, row in enumerate(value.row_data):
            for column_index, (column, cell) in enumerate(
                zip(value.columns, row["values"], strict=True)
            ):
                if cell in (None, ""):
                    continue
                segments += [
                    segment.wrap(f"cell-{row_index}-{column_index}")
                    for segment in extractor.handle_block(column["block"], cell)
                ]
        return segments

    def restore_translated_segments(self, value, segments):
        grouped = {}
        for segment in segments:
            name, inner = segment.unwrap()
            grouped.setdefault(name, []).append(inner)
        # Text and rich text need no locales (only chooser blocks would, and cells hold none).
        writer = StreamFieldSegmentsWriter(None, None, None)
        columns = [
            {
                **column,
                "heading": grouped[f"heading-{index}"][0].render_text()
                if f"heading-{index}" in grouped
                else column["heading"],
            }
            for index, column in enumerate(value.columns)
        ]
        rows = []
        for row_index, row in enumerate(value.row_data):
            cells = []
            for column_index, (column, cell) in enumerate(
                zip(value.columns, row["values"], strict=True)
            ):
                cell_segments = grouped.get(f"cell-{row_index}-{column_index}")
                if cell_segments:
                    cell = writer.handle_block(column["block"], cell, cell_segments)
                cells.append(cell)
            rows.append({**row, "values": cells})
        return TypedTable(columns=columns, row_data=rows, caption=value.caption)


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))
    table = TranslatableTableBlock(
        [
            ("text", blocks.CharBlock()),
            ("number", blocks.DecimalBlock()),
            ("rich_text", blocks.RichTextBlock(features=["bold", "italic", "link"])),
        ],
        label=_("Table"),
    )

    class Meta:
        icon = "table"
        template = "components/blocks/table.html"


class EmbedWithCaptionBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Media URL"), help_text=_("A video or post URL, e.g. on YouTube"))
    caption = blocks.CharBlock(required=False, max_length=300, label=_("Caption"))

    class Meta:
        icon = "media"
        template = "components/blocks/embed.html"


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text, expanded and sanitised (newsroom.core.sanitise) when drawn. No template: one
    would only pass the value to the sanitiser, and rendering it took ten times as long as the
    cleaning."""

    def render_basic(self, value, context=None):
        return rich_text_html(value)


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    heading = HeadingBlock(label=_("Heading"))
    quote = QuoteBlock(label=_("Quote"))
    image = ImageBlock(label=_("Image"))
    table = TableBlock(label=_("Table"))
    key_figures = KeyFiguresBlock(label=_("Key figures"))
    embed = EmbedWithCaptionBlock(label=_("Embed"))
