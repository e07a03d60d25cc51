"""The text a page gives its search index entry.

The page models (``content``, ``events``) cannot import ``newsroom.search``, the layer above
them that owns word analysis, so search registers its analysis here when Django is ready and
the models call ``index_text``. One analysis for the index and for queries is then the search
package's business alone.
"""

_analysis = []


def register(analysis):
    """``analysis(text, language) -> str``: called once, from the search app's ``ready()``."""
    if _analysis:
        raise ValueError("A search analysis is registered already")
    _analysis.append(analysis)


def index_text(text, language):
    """What the search index holds for ``text`` written in ``language``."""
    if not _analysis:
        raise LookupError("No search analysis is registered: is newsroom.search installed?")
    return _analysis[0](text, language)
