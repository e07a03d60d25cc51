"""Pictures on pages are WebP renditions in several widths; the Open Graph image, which social
networks and mail clients fetch, stays in the original's format."""

import wagtail_factories
from bs4 import BeautifulSoup

from tests.factories import StatementPageFactory, publish


def images_of(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return html, html.select("main img")


def candidates(img):
    return [img["src"]] + [part.split()[0] for part in img["srcset"].split(",")]


def test_page_pictures_are_webp_in_several_widths(client, tree):
    image = wagtail_factories.ImageFactory(title="Courtroom", width=1800, height=1200)
    statement = publish(
        StatementPageFactory(
            parent=tree.statements_en,
            locale=tree.en,
            title="Trial observers barred",
            listing_image=image,
            body=[
                ("image", {"image": image, "alt_text": "A courtroom", "caption": "", "credit": ""})
            ],
        )
    )

    html, pictures = images_of(client.get(statement.url))
    assert len(pictures) == 2  # the lead picture and the body's
    for img in pictures:
        urls = candidates(img)
        assert len(set(urls)) >= 3, img
        assert all(url.endswith(".webp") for url in urls), urls
    og_image = html.select_one('meta[property="og:image"]')["content"]
    assert og_image.endswith((".png", ".jpg")), og_image

    _html, cards = images_of(client.get(tree.statements_en.url))
    assert cards and all(url.endswith(".webp") for img in cards for url in candidates(img))
