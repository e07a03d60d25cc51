"""Helpers shared by the API tests."""


def ids(results):
    return {item["id"] for item in results}


def hidden(newsroom):
    return {page.pk for name, page in newsroom.pages.items() if name.startswith("hidden")}
