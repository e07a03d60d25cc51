"""The OpenSearch analyzer generated from analysis's word lists makes the same terms as
``analysis.terms``. No server here: the generated settings are run by a small interpreter of
the char filter, tokenizer and token filters they use, on every word of the demo content."""

import ast
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import snowballstemmer

from newsroom.search import analysis
from newsroom.search.opensearch import ANALYZER, analysis_settings, search_backends
from tests.search.word_forms import ARABIC, ENGLISH, MUST_NOT_CONFLATE

DEMO = Path(analysis.__file__).resolve().parent.parent / "demo"
EDGE_CASES = [
    "journalists/detention",
    "human-rights",
    "O'Brien",
    "journalist's/detention",
    "covid-19",
    "café résumé",
    "٢٠٢٤ ١٠٪",
    "أإآٱ ى ة ؤ ئ",
    "الصَّحَفِيِّين",
    "مـــحـامـون",
    "ﻻ ﷲ",
    "للجنة وللجنة فللجنة",
    "الله",
    "صحفيان",
    "Women's women",
    "authorities' authorities",
]
_english = snowballstemmer.stemmer("english")


def demo_words():
    """Every word of every string in the demo content's source."""
    words = set()
    for path in DEMO.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words.update(node.value.split())
    return sorted(words)


def relevance_set_words():
    groups = [*ARABIC.values(), *ENGLISH.values()]
    groups += [" ".join(pair[1:]) for pair in MUST_NOT_CONFLATE]
    return sorted({word for group in groups for word in group.split()})


class Analyzer:
    """Runs an OpenSearch ``custom`` analyzer, for the filter types the settings use."""

    def __init__(self, settings, name):
        self.settings = settings
        self.analyzer = settings["analyzer"][name]

    def analyse(self, text):
        for name in self.analyzer["char_filter"]:
            text = self.char_filter(self.settings["char_filter"][name], text)
        tokens = [(token, False) for token in self.tokenize(text)]
        for name in self.analyzer["filter"]:
            spec = self.settings["filter"].get(name, {"type": name})
            tokens = [out for token in tokens for out in self.token_filter(spec, *token)]
        return [token for token, _keyword in tokens if token]

    def char_filter(self, spec, text):
        assert spec["type"] == "mapping"
        table = {}
        for rule in spec["mappings"]:
            source, target = (side.strip() for side in rule.split("=>"))
            table[_unescape(source)] = _unescape(target)
        assert all(len(source) == 1 for source in table)
        return "".join(table.get(char, char) for char in text)

    def tokenize(self, text):
        spec = self.settings["tokenizer"][self.analyzer["tokenizer"]]
        assert spec["type"] == "pattern" and spec["group"] == 0
        pattern = spec["pattern"].replace(r"[\p{L}\p{N}]", r"[^\W_]")
        pattern = re.sub(r"\\u([0-9A-F]{4})", lambda match: chr(int(match[1], 16)), pattern)
        return re.findall(pattern, text)

    def token_filter(self, spec, token, keyword):
        kind = spec["type"]
        if kind == "lowercase":
            return [(token.lower(), keyword)]
        if kind == "asciifolding":
            return [("".join(_fold(char) for char in token), keyword)]
        if kind == "word_delimiter_graph":
            return [(part, keyword) for part in _delimited(spec, token)]
        if kind == "stemmer_override":
            rules = dict((side.strip() for side in rule.split("=>")) for rule in spec["rules"])
            return [(rules[token], True)] if token in rules else [(token, keyword)]
        if kind == "snowball":
            assert spec["language"] == "English"
            return [(token if keyword else _english.stemWord(token), keyword)]
        if kind == "pattern_replace":
            replacement = spec["replacement"].replace("$1", r"\1")
            return [(re.sub(spec["pattern"], replacement, token), keyword)]
        raise AssertionError(f"no interpreter for the {kind} filter")


def _unescape(text):
    return re.sub(r"\\u([0-9A-F]{4})", lambda match: chr(int(match[1], 16)), text)


def _fold(char):
    if ord(char) >= 0x250:
        return char
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def _delimited(spec, token):
    assert spec["catenate_all"] and not spec["preserve_original"]
    assert not spec["split_on_case_change"] and not spec["split_on_numerics"]
    if spec["stem_english_possessive"]:
        token = re.sub(r"'s(?=[\W_]|$)", "", token)
    parts = [part for part in re.split(r"[\W_]+", token) if part]
    return ["".join(parts), *parts] if len(parts) > 1 else parts


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(analysis_settings(), ANALYZER)


@pytest.mark.parametrize(
    "words", [demo_words(), relevance_set_words(), EDGE_CASES], ids=["demo", "test-set", "edge"]
)
def test_the_generated_analyzer_makes_the_terms_of_analysis(analyzer, words):
    different = {
        word: (analysis.terms(word, "ar"), analyzer.analyse(word))
        for word in words
        if Counter(analysis.terms(word, "ar")) != Counter(analyzer.analyse(word))
    }
    assert not different
    assert len(words) > 10


def test_opensearch_is_chosen_by_its_url_and_the_database_backend_otherwise():
    database = search_backends("")["default"]
    assert database["BACKEND"] == "wagtail.search.backends.database"
    assert database["SEARCH_CONFIG"] == "simple"
    opensearch = search_backends("https://search.example.org:9200")["default"]
    assert opensearch["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert opensearch["URLS"] == ["https://search.example.org:9200"]
    settings = opensearch["INDEX_SETTINGS"]["settings"]["analysis"]
    assert settings["analyzer"][ANALYZER]["tokenizer"] == "newsroom_words"
