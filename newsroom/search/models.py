from django.db import models
from wagtail.models import Page


class PageFacts(models.Model):
    """What search filters, counts and ranks a matched page by, in one narrow row.

    Read for every match of a search (5,000 for a common word), so it holds nothing wide: the
    rows of 5,000 matches are read from a few hundred kilobytes. One indexed join instead of a
    join per page type for the date and a union per page type for the topics. Written with the
    page's ``PageDocument`` (``facts``): when a page is published, after ``migrate`` for live
    pages that have none, and all again by ``update_index``; removed when it stops being live.
    On PostgreSQL the row also holds the terms' tsvector, a column Django does not see, kept
    equal to the document's terms by triggers (migration ``search.0006``).
    """

    page = models.OneToOneField(
        Page, on_delete=models.CASCADE, primary_key=True, related_name="search_facts"
    )
    language = models.CharField(max_length=16)  # the page's locale's language code
    section = models.CharField(max_length=40)  # the section's key
    published = models.DateField()  # the date a reader sees on the page
    year = models.PositiveSmallIntegerField()  # of ``published``: every search groups by it
    # Terms and slugs are space-separated with a space at each end too, so a whole one is
    # found as " term " by one string search, nothing built per row (``padded``).
    title_terms = models.TextField(blank=True)  # the title's search terms
    topics = models.TextField(blank=True)  # topic slugs (shared by both languages)

    class Meta:
        verbose_name = "search facts"
        verbose_name_plural = "search facts"

    def __str__(self):
        return f"Search facts of page {self.page_id}"


def padded(words):
    """``words`` as ``PageFacts`` stores them: " one two " (" " for none)."""
    return " ".join(["", *words, ""])


class PageDocument(models.Model):
    """A page as search reads its words: the terms it is found by and the prose snippets are
    cut from. Wide, so kept out of ``PageFacts``; read for the ten results shown, and its terms
    through the database's full-text index of them (``term_index``), keyed by page id."""

    page = models.OneToOneField(
        Page, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    # Every search term of the title, standfirst and body (``analysis.terms``), space-separated.
    terms = models.TextField(blank=True)
    # The prose after the title, for the snippet under a result: parsing ten bodies' blocks
    # cost more than the rest of the search.
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = "search document"
        verbose_name_plural = "search documents"

    def __str__(self):
        return f"Search document of page {self.page_id}"
