from django.db import models
from wagtail.models import Page


class PageFacts(models.Model):
    """What search filters, counts and ranks a matched page by, in one narrow row.

    Read for every match of a search (5,000 for a common word), so that takes one indexed
    join instead of a join per page type for the date and a union per page type for the
    topics; and for the results shown, so they need neither the specific pages nor their
    bodies. Kept by ``facts.record`` when a page is saved, filled by ``facts.fill`` for a page
    that has none (pages created before this table, or in bulk).
    """

    page = models.OneToOneField(
        Page, on_delete=models.CASCADE, primary_key=True, related_name="search_facts"
    )
    section = models.CharField(max_length=40)  # the section's key
    published = models.DateField()  # the date a reader sees on the page
    title_terms = models.TextField(blank=True)  # the title's search terms, space-separated
    topics = models.TextField(blank=True)  # topic slugs (shared by both languages)
    # The prose after the title, for the snippet under a result: read for one page of results,
    # where parsing ten bodies' blocks cost more than the rest of the search.
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = "search facts"
        verbose_name_plural = "search facts"

    def __str__(self):
        return f"Search facts of page {self.page_id}"
