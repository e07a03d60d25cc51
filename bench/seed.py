"""The bilingual archive the benchmarks measure against: statements and news items in English,
each with its Arabic translation, a topic and a short body (tests.factories.bulk_pages: live
pages in a handful of queries, without revisions or search index entries)."""

PAIRS = 5_000  # English pages, each with its Arabic translation: 10,000 pages in all


def bilingual_archive(pairs=PAIRS):
    """PAIRS statements and news items in each language under a fresh bilingual tree (which
    replaces whatever the database's default site served). Returns the tree."""
    from wagtail.rich_text import RichText

    from newsroom.content.models import NewsPage, StatementPage
    from newsroom.core import query_planner
    from tests.factories import TopicFactory, build_bilingual_tree, bulk_pages

    tree = build_bilingual_tree()
    topic_en = TopicFactory(slug="bench-api-detention", name="Detention", locale=tree.en)
    topic_ar = topic_en.copy_for_translation(tree.ar)
    topic_ar.name = "الاحتجاز"
    topic_ar.save()
    body = [
        ("heading", {"text": "What we found", "level": "h2"}),
        ("paragraph", RichText("<p>" + "Detention without trial must end. " * 12 + "</p>")),
        ("quote", {"text": "Every week in a cell is a week of silence.", "attribution": "A"}),
    ]
    per_type = pairs // 2
    for model, parent_en, parent_ar in [
        (StatementPage, tree.statements_en, tree.statements_ar),
        (NewsPage, tree.news_en, tree.news_ar),
    ]:
        english = bulk_pages(
            parent_en, model, per_type, locale=tree.en, topics=[topic_en], body=body
        )
        bulk_pages(
            parent_ar,
            model,
            per_type,
            locale=tree.ar,
            translation_keys=[page.translation_key for page in english],
            topics=[topic_ar],
            body=body,
        )
    query_planner.refresh_statistics()  # as after any bulk load
    return tree
