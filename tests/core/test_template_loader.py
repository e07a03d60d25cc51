"""The template loader remembers where a compiled layout's blocks are (core.template_loader)."""

import pytest
from bs4 import BeautifulSoup
from django.template import Node

from tests.factories import StatementPageFactory, publish


@pytest.fixture
def walks(monkeypatch):
    """Every node asked for the nodes of a type below it: how Django finds a layout's blocks."""
    asked = []
    original = Node.get_nodes_by_type

    def counted(node, nodetype):
        asked.append(node)
        return original(node, nodetype)

    monkeypatch.setattr(Node, "get_nodes_by_type", counted)
    return asked


@pytest.mark.django_db
def test_a_page_does_not_walk_its_layout_again_for_its_blocks(client, tree, walks):
    page = publish(StatementPageFactory(parent=tree.statements_en, title="Blocks found once"))
    first = client.get(page.url)
    walks.clear()
    second = client.get(page.url)
    assert first.status_code == second.status_code == 200
    assert walks == []
    # The blocks the page fills still land in the layout, the first time and after.
    for response in (first, second):
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.title.get_text().startswith("Blocks found once")
        assert soup.select_one("main h1").get_text(strip=True) == "Blocks found once"
        assert soup.select_one("footer.site-footer")
