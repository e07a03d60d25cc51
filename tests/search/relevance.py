"""Measure search on the demo content: recall of every form of a word, precision of words that
must not be conflated. ``measure(search)`` takes the search to judge, so the same measure can
be run on another implementation (e.g. the one before this analysis) for comparison."""

import re
from dataclasses import dataclass, field
from statistics import mean

from wagtail.models import Page

from newsroom.search.analysis import normalise
from tests.search.word_forms import ARABIC, ENGLISH, MUST_NOT_CONFLATE

_WORD = re.compile(r"[^\W_]+")
# The key of the report a test attaches to its result for the terminal summary.
REPORT_KEY = "search relevance"


def documents():
    """{page id: (language, set of normalised words)} of the live pages search can find."""
    found = {}
    for page in Page.objects.live().specific():
        if hasattr(page, "search_text_parts"):
            text = " ".join(part for part in page.search_text_parts() if part)
            found[page.pk] = (page.locale.language_code, set(_WORD.findall(normalise(text))))
    return found


def holding(docs, language, forms):
    """The pages in ``language`` that hold one of ``forms`` as a word."""
    wanted = {normalise(form) for form in forms.split()}
    return {pk for pk, (lang, words) in docs.items() if lang == language and words & wanted}


@dataclass
class Measure:
    recall: dict = field(default_factory=dict)  # (language, group, form) -> recall
    precision: dict = field(default_factory=dict)  # (language, word) -> precision
    empty_groups: list = field(default_factory=list)

    @property
    def mean_recall(self):
        return mean(self.recall.values())

    @property
    def mean_precision(self):
        return mean(self.precision.values())

    def report(self, title):
        lines = [title]
        for (language, group, form), value in sorted(self.recall.items()):
            if value < 1:
                lines.append(f"  recall {value:.2f}  {language} {group}: {form}")
        for (language, word), value in sorted(self.precision.items()):
            if value < 1:
                lines.append(f"  precision {value:.2f}  {language} {word}")
        groups = {(language, group) for language, group, _form in self.recall}
        lines.append(
            f"  {len(groups)} groups, {len(self.recall)} forms: mean recall "
            f"{self.mean_recall:.3f}, min {min(self.recall.values()):.2f}; "
            f"{len(self.precision)} must-not-conflate words: mean precision "
            f"{self.mean_precision:.3f}"
        )
        return "\n".join(lines)


def measure(search):
    """``search(text, language) -> set of page ids`` judged on the demo content."""
    docs = documents()
    result = Measure()
    for language, groups in (("ar", ARABIC), ("en", ENGLISH)):
        for group, forms in groups.items():
            relevant = holding(docs, language, forms)
            if not relevant:
                result.empty_groups.append((language, group))
                continue
            for form in forms.split():
                found = search(form, language) & docs.keys()
                result.recall[(language, group, form)] = len(found & relevant) / len(relevant)
    for language, word, own, other in MUST_NOT_CONFLATE:
        others = holding(docs, language, other) - holding(docs, language, own)
        found = search(word, language) & docs.keys()
        if others:
            result.precision[(language, word)] = 1 - len(found & others) / len(found or others)
    return result
