"""Images and PDFs for the demo, generated on this machine (no downloads, nothing committed).

Images are abstract compositions drawn with Pillow from a fixed seed, so every run draws the
same picture. PDFs are the full texts of statements and reports, written with fpdf2; Arabic
needs a TrueType font with Arabic glyphs and HarfBuzz shaping, English uses a PDF core font.
"""

import io
import logging
import math
import random
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFilter

SIZE = (1600, 900)
# fontTools logs every glyph subset at INFO; the loader's output should stay readable.
logging.getLogger("fontTools").setLevel(logging.WARNING)
ARABIC_FONT = Path(settings.BASE_DIR) / "site" / "fonts" / "NotoNaskhArabic-Regular.ttf"


@dataclass(frozen=True)
class ImageSpec:
    key: str
    title: str
    description: str
    style: str
    palette: tuple
    seed: int


# Titles are the idempotency keys: a rerun finds the image by its title and reuses it.
IMAGES = [
    ImageSpec(
        "circles-dusk",
        "Abstract: circles at dusk",
        "Abstract composition of overlapping translucent circles in dusk blue and sand.",
        "circles",
        ("#1f3b57", "#c9a97a", "#f2e3c9", "#5d8aa8", "#e8b79a"),
        11,
    ),
    ImageSpec(
        "sea-horizon",
        "Abstract: sea horizon",
        "Abstract seascape: soft horizontal bands of teal and pale gold under a low sun.",
        "horizon",
        ("#0f4c5c", "#f6d8ae", "#2e8b8b", "#f4a261", "#e9f1ef"),
        23,
    ),
    ImageSpec(
        "signal-lines",
        "Abstract: signal lines",
        "Abstract pattern of fine diagonal lines crossing a pale violet gradient.",
        "lines",
        ("#2b2d42", "#8d99ae", "#edf2f4", "#a78bfa", "#ef8354"),
        37,
    ),
    ImageSpec(
        "rose-arcs",
        "Abstract: rose arcs",
        "Abstract composition of concentric arcs in rose, plum and cream.",
        "arcs",
        ("#5b2a49", "#f3d1dc", "#c06c84", "#f8b195", "#fdf0e6"),
        41,
    ),
    ImageSpec(
        "lanterns",
        "Abstract: lanterns",
        "Abstract composition of glowing rounded shapes in amber on a deep indigo ground.",
        "lanterns",
        ("#1b1f3b", "#3d3a6b", "#ffcf70", "#ff9f5a", "#fbe7c6"),
        53,
    ),
    ImageSpec(
        "columns",
        "Abstract: columns of light",
        "Abstract composition of soft vertical columns of light on a sage-green gradient.",
        "columns",
        ("#2f4f4f", "#a3b18a", "#dad7cd", "#588157", "#f1faee"),
        67,
    ),
    ImageSpec(
        "departure",
        "Abstract: departure",
        "Abstract composition of diagonal bands and small circles in sky blue and coral.",
        "departure",
        ("#22577a", "#c7f9cc", "#57cc99", "#ff8c61", "#f7f7f2"),
        71,
    ),
    ImageSpec(
        "threshold",
        "Abstract: threshold",
        "Abstract composition of a tall rectangle of warm light in a dark slate field.",
        "threshold",
        ("#1d2630", "#34495e", "#f7c59f", "#efefd0", "#ff6b6b"),
        89,
    ),
]
IMAGES_BY_KEY = {spec.key: spec for spec in IMAGES}


def rgb(colour, alpha=255):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4)) + (alpha,)


def gradient(start, end, angle):
    """A full-size two-colour gradient rotated by ``angle`` degrees."""
    # Rotate a square as wide as the diagonal, so no corner of the crop is left unfilled.
    side = math.ceil(math.hypot(*SIZE)) + 2
    mask = Image.linear_gradient("L").resize((side, side), Image.BICUBIC)
    mask = mask.rotate(angle, resample=Image.BICUBIC)
    left, top = (side - SIZE[0]) // 2, (side - SIZE[1]) // 2
    mask = mask.crop((left, top, left + SIZE[0], top + SIZE[1]))
    return Image.composite(
        Image.new("RGBA", SIZE, rgb(end)), Image.new("RGBA", SIZE, rgb(start)), mask
    )


def soft(layer, radius):
    return layer.filter(ImageFilter.GaussianBlur(radius))


def draw_circles(rng, palette, canvas):
    layer = Image.new("RGBA", SIZE)
    draw = ImageDraw.Draw(layer)
    for _ in range(9):
        r = rng.randint(120, 420)
        x, y = rng.randint(-100, SIZE[0] + 100), rng.randint(-100, SIZE[1] + 100)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rgb(rng.choice(palette[1:]), 90))
    canvas.alpha_composite(soft(layer, 6))


def draw_horizon(rng, palette, canvas):
    layer = Image.new("RGBA", SIZE)
    draw = ImageDraw.Draw(layer)
    sun_x, sun_r = rng.randint(400, 1200), 150
    draw.ellipse(
        (sun_x - sun_r, 330 - sun_r, sun_x + sun_r, 330 + sun_r), fill=rgb(palette[3], 200)
    )
    canvas.alpha_composite(soft(layer, 30))
    bands = Image.new("RGBA", SIZE)
    draw = ImageDraw.Draw(bands)
    y = 470
    while y < SIZE[1]:
        height = rng.randint(18, 60)
        colour = palette[0] if rng.random() < 0.5 else palette[2]
        draw.rectangle((0, y, SIZE[0], y + height), fill=rgb(colour, rng.randint(120, 220)))
        y += height + rng.randint(4, 16)
    canvas.alpha_composite(soft(bands, 3))


def draw_lines(rng, palette, canvas):
    layer = Image.new("RGBA", SIZE)
    draw = ImageDraw.Draw(layer)
    for offset in range(-SIZE[1], SIZE[0], 22):
        alpha = rng.randint(30, 140)
        draw.line((offset, SIZE[1], offset + SIZE[1], 0), fill=rgb(palette[0], alpha), width=2)
    for _ in range(5):
        x = rng.randint(0, SIZE[0])
        draw.line((x, SIZE[1], x + SIZE[1], 0), fill=rgb(palette[4], 200), width=6)
    canvas.alpha_composite(soft(layer, 1))
    glow = Image.new("RGBA", SIZE)
    ImageDraw.Draw(glow).ellipse((1000, 150, 1500, 650), fill=rgb(palette[3], 150))
    canvas.alpha_composite(soft(glow, 40))


def draw_arcs(rng, palette, canvas):
    layer = Image.new("RGBA", SIZE)
    draw = ImageDraw.Draw(layer)
    cx, cy = rng.choice([(0, SIZE[1]), (SIZE[0], SIZE[1]), (SIZE[0], 0)])
    for index, radius in enumerate(range(1500, 100, -110)):
        colour = palette[1 + index % (len(palette) - 1)]
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            outline=rgb(colour, 170),
            width=rng.randint(18, 48),
        )
    canvas.alpha_composite(soft(layer, 4))


def draw_lanterns(rng, palette, canvas):
    glow = Image.new("RGBA", SIZE)
    shapes = Image.new("RGBA", SIZE)
    for _ in range(11):
        w, h = rng.randint(60, 130), rng.randint(110, 240)
        x, y = rng.randint(40, SIZE[0] - 200), rng.randint(60, SIZE[1] - 260)
        colour = rng.choice(palette[2:])
        box = (x, y, x + w, y + h)
        ImageDraw.Draw(glow).rounded_rectangle(box, radius=w // 2, fill=rgb(colour, 200))
        ImageDraw.Draw(shapes).rounded_rectangle(box, radius=w // 2, fill=rgb(colour, 235))
    canvas.alpha_composite(soft(glow, 45))
    canvas.alpha_composite(soft(shapes, 2))


def draw_columns(rng, palette, canvas):
    layer = Image.new("RGBA", SIZE)
    draw = ImageDraw.Draw(layer)
    x = rng.randint(20, 80)
    while x < SIZE[0]:
        width = rng.randint(40, 140)
        top = rng.randint(0, 300)
        draw.rectangle((x, top, x + width, SIZE[1]), fill=rgb(rng.choice(palette[1:]), 110))
        x += width + rng.randint(30, 120)
    canvas.alpha_composite(soft(layer, 18))


def draw_departure(rng, palette, canvas):
    layer = Image.new("RGBA", SIZE)
    draw = ImageDraw.Draw(layer)
    for index in range(6):
        start = -400 + index * 330
        colour = palette[1 + index % (len(palette) - 1)]
        draw.polygon(
            [(start, SIZE[1]), (start + 260, SIZE[1]), (start + 900, 0), (start + 640, 0)],
            fill=rgb(colour, 90),
        )
    for _ in range(14):
        r = rng.randint(8, 26)
        x, y = rng.randint(0, SIZE[0]), rng.randint(0, SIZE[1])
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rgb(palette[4], 220))
    canvas.alpha_composite(soft(layer, 3))


def draw_threshold(rng, palette, canvas):
    glow = Image.new("RGBA", SIZE)
    left = rng.randint(600, 900)
    door = (left, 160, left + 260, SIZE[1])
    ImageDraw.Draw(glow).rectangle(door, fill=rgb(palette[2], 230))
    canvas.alpha_composite(soft(glow, 60))
    shape = Image.new("RGBA", SIZE)
    draw = ImageDraw.Draw(shape)
    draw.rectangle(door, fill=rgb(palette[3], 235))
    draw.polygon(
        [
            (left, SIZE[1]),
            (left + 260, SIZE[1]),
            (left + 700, SIZE[1] + 400),
            (left - 300, SIZE[1]),
        ],
        fill=rgb(palette[2], 120),
    )
    canvas.alpha_composite(soft(shape, 2))


STYLES = {
    "circles": draw_circles,
    "horizon": draw_horizon,
    "lines": draw_lines,
    "arcs": draw_arcs,
    "lanterns": draw_lanterns,
    "columns": draw_columns,
    "departure": draw_departure,
    "threshold": draw_threshold,
}


def render_image(spec):
    """JPEG bytes of the composition described by ``spec``."""
    rng = random.Random(spec.seed)
    canvas = gradient(spec.palette[0], spec.palette[1], rng.choice([0, 30, 60, 90, 120]))
    STYLES[spec.style](rng, spec.palette, canvas)
    # A little film grain keeps large gradients from banding in the JPEG.
    grain = Image.effect_noise(SIZE, 18).convert("RGBA")
    grain.putalpha(14)
    canvas.alpha_composite(grain)
    output = io.BytesIO()
    canvas.convert("RGB").save(output, "JPEG", quality=86, optimize=True, progressive=True)
    return output.getvalue()


def render_logo(colour, size=192):
    """PNG bytes of the demo organisation's mark: two white arcs meeting in a rounded square
    of ``colour`` (two hands, or two voices; it is only a demo)."""
    scale = 4  # drawn large and scaled down, for smooth edges
    side = size * scale
    canvas = Image.new("RGBA", (side, side))
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle((0, 0, side - 1, side - 1), radius=side // 8, fill=rgb(colour))
    width = side // 11
    inset = side // 5
    draw.arc((inset, inset, side - inset, side - inset), 110, 250, fill=rgb("#ffffff"), width=width)
    draw.arc((inset, inset, side - inset, side - inset), 290, 70, fill=rgb("#ffffff"), width=width)
    dot = side // 10
    centre = side // 2
    draw.ellipse((centre - dot, centre - dot, centre + dot, centre + dot), fill=rgb("#ffffff"))
    output = io.BytesIO()
    canvas.resize((size, size), Image.LANCZOS).save(output, "PNG", optimize=True)
    return output.getvalue()


# --- PDFs.

_TAG = re.compile(r"<[^>]+>")
# PDF core fonts only know Latin-1; fold the typographic characters of the English texts.
_LATIN1 = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_LATIN1_WORDS = {"\u2013": "-", "\u2014": "-", "\u2026": "...", "\u2022": "-"}


def plain(html):
    """The visible text of a rich-text fragment."""
    return unescape(_TAG.sub("", html)).strip()


def paragraphs(html):
    return [plain(part) for part in re.split(r"</p>|</li>", html) if plain(part)]


def latin1(text):
    text = text.translate(_LATIN1)
    for char, replacement in _LATIN1_WORDS.items():
        text = text.replace(char, replacement)
    return text.encode("latin-1", "replace").decode("latin-1")


class DocumentPDF(FPDF):
    """An A4 full-text document in one language, right-to-left for Arabic."""

    def __init__(self, language, organisation):
        super().__init__(format="A4")
        self.language = language
        self.organisation = organisation
        self.rtl = language == "ar"
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(True, margin=20)
        if self.rtl:
            self.add_font("Naskh", "", str(ARABIC_FONT))
            self.set_text_shaping(True, direction="rtl", script="arab", language="ara")
            self.family = "Naskh"
        else:
            self.family = "Helvetica"
        self.set_lang(language)
        self.set_creator("Newsroom demo content")

    def text_of(self, text):
        return text if self.rtl else latin1(text)

    def style(self, size, bold=False, italic=False):
        # The Arabic font has a single weight; size and colour carry the hierarchy instead.
        if self.rtl:
            self.set_font(self.family, "", size)
        else:
            self.set_font(self.family, ("B" if bold else "") + ("I" if italic else ""), size)

    def header(self):
        self.style(9)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, self.text_of(self.organisation), align="R" if self.rtl else "L")
        self.ln(10)
        self.set_text_color(20, 20, 20)

    def footer(self):
        self.set_y(-14)
        self.style(8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, str(self.page_no()), align="C")

    def block(self, text, size=11, height=6.2, bold=False, italic=False, colour=(20, 20, 20)):
        self.style(size, bold=bold, italic=italic)
        self.set_text_color(*colour)
        self.multi_cell(
            0,
            height,
            self.text_of(text),
            align="R" if self.rtl else "L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(2.5)

    def table_rows(self, headings, rows):
        self.style(10, bold=True)
        widths = [(self.epw) / len(headings)] * len(headings)
        # Right-to-left tables start with their first column on the right.
        order = list(reversed(range(len(headings)))) if self.rtl else list(range(len(headings)))
        align = "R" if self.rtl else "L"
        for index in order:
            self.cell(widths[index], 8, self.text_of(headings[index]), border="B", align=align)
        self.ln(8)
        self.style(10)
        for row in rows:
            for index in order:
                self.cell(widths[index], 7, self.text_of(str(row[index])), border="B", align=align)
            self.ln(7)
        self.ln(4)


GREY = (110, 110, 110)


def _paragraph(pdf, text):
    pdf.block(text)


def _heading(pdf, text):
    pdf.ln(2)
    pdf.block(text, size=14, height=7.5, bold=True)


def _quote(pdf, text, attribution):
    pdf.block(text, size=12, height=7, italic=True, colour=(60, 60, 60))
    if attribution:
        pdf.block(attribution, size=9.5, height=5, colour=GREY)


def _figures(pdf, title, figures, source):
    if title:
        pdf.block(title, size=12, height=7, bold=True)
    for figure, label in figures:
        pdf.block(f"{figure}: {label}")
    if source:
        pdf.block(source, size=9, height=5, colour=GREY)


def _table(pdf, caption, headings, rows):
    if caption:
        pdf.block(caption, size=10, height=6, bold=True)
    pdf.table_rows(headings, rows)


# How each kind of block of an outline is written: (kind, *content) → writer(pdf, *content).
BLOCK_WRITERS = {
    "paragraph": _paragraph,
    "heading": _heading,
    "quote": _quote,
    "figures": _figures,
    "table": _table,
}


def render_pdf(language, outline):
    """PDF bytes for ``outline``: a dict made by ``loader.pdf_outline``."""
    pdf = DocumentPDF(language, outline["organisation"])
    pdf.set_title(outline["title"])
    pdf.add_page()
    pdf.block(outline["title"], size=19, height=9, bold=True)
    if outline.get("subtitle"):
        pdf.block(outline["subtitle"], size=12, height=7, colour=(70, 70, 70))
    pdf.block(outline["dateline"], size=9, height=5, colour=GREY)
    pdf.ln(2)
    for kind, *content in outline["blocks"]:
        BLOCK_WRITERS[kind](pdf, *content)
    return bytes(pdf.output())
