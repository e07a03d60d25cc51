"""Site search: analysis of words in both languages, matching, results (layer above events)."""
