"""What the API tests read from answers: the ids listed, and the pages readers must never see."""


def ids(results):
    return {item["id"] for item in results}


def hidden(newsroom):
    return {page.pk for name, page in newsroom.pages.items() if name.startswith("hidden")}
