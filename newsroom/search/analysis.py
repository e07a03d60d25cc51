"""The terms search matches on: one analysis for the index and for queries, in both languages.

A text is normalised (Arabic spelling variants, diacritics, case), cut into words, and each
word becomes a term:

- Arabic script: the definite article with the conjunctions and prepositions attached to it
  (ال، وال، بال، كال، فال، لل …) is removed, then an attached pronoun (ها، هم، هن، نا), plural
  and feminine endings (ات، ون، ين، ة, the dual ان after an adjective's ي), then a lone
  conjunction or preposition (و، ف، ب، ل) where what is left is still long enough to be a word
  and the word is not one whose first letter is its own (وزارة، فريق، بيان، لجنة …). The
  ending ي of an adjective stays, so صحفي (journalist) is not صحف (newspapers) and إنساني
  (humanitarian) is not إنسان (human being).
- Latin script: English Snowball (Porter2) stemming, possessives removed, with a few overrides
  (irregular plurals; authorities is not authors).
- Words joined by a hyphen, a slash or an apostrophe give the whole (written together) and
  each part, so "journalists/detention" is found by either word and "e-mail" by "email".

The analysis depends on each word's script, not on the page's language, so an English name in
an Arabic page and an API query without a language behave the same. The word lists below are
the only place the rules live: the OpenSearch settings are generated from them.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from newsroom.core.i18n import normalise_arabic

# The article with what may be written before it, longest first (لل is ل + ال, its alef
# dropped). What is left must have at least ARTICLE_REST letters.
ARTICLES = ("وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
ARTICLE_REST = 2
# Attached pronouns "her", "their" and "our" (اعتقالهم: their arrest); removed once, first.
# Before one, a plural's ون is written و (محامونا: our lawyers), removed with it.
PRONOUN_SUFFIXES = ("ها", "هم", "هن", "نا")
CONSTRUCT_PLURAL = "و"
# Plural and feminine endings (ة is written ه after normalisation), removed up to
# ENDING_ROUNDS times (منظمات → منظم; مسجونين → مسجون → مسج). The dual ان only after the ي of
# an adjective (صحفيان → صحفي): elsewhere it is part of too many words (إنسان، لبنان، بيان).
ENDINGS = ("ات", "ون", "ين", "ه")
ADJECTIVE_DUAL = ("ي", "ان")
ENDING_ROUNDS = 4
# Letters a stem keeps after any ending is removed.
STEM_MIN = 3
# Nouns whose last letter ي is dropped when they have no article or ending (محامٍ، المحامي،
# محامية: a lawyer): their stems lose it in every form.
FINAL_YA_DROPS = ("محامي", "ناجي", "قاضي", "جاني", "معتدي", "ماضي", "مدعي", "منفي")
# A conjunction, then a preposition, written joined to the next word (وبتهمة، فلحقوق), removed
# where at least PROCLITIC_REST letters are left.
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل")
PROCLITIC_REST = 3
# Common words whose first letter is one of the clitics above but belongs to the word: a
# lone clitic is never removed from their stems, nor from a longer stem that starts with one
# of PROTECTED_PREFIX letters or more (فلسطيني from فلسطين).
OWN_FIRST_LETTER = tuple(
    """
وزارة وزير وزراء وطن وطني وقت وقف وقائع واقع وضع وفد وفاة وثيقة وثائق وسيلة وسائل وصول
وكالة ولاية ولايات وحدة ورقة وعد وجود وجه وظيفة وزن وسط ولد والد والدة وحيد وراء وادي
فريق فرصة فترة فكرة فصل فرع فرنسا فلسطين فيلم فيديو فيروس فئة فساد فقر فقير فعل فوز فندق
بيان بلد بلاد بحث باحث برنامج بيت بنك برلمان بريطانيا بداية بطل بعثة بند بيئة بطاقة بيروت
لجنة لبنان ليبيا لقاء لغة لائحة لحظة لاجئ لاجئين لواء
بحر بحري فوري وارد ورد وردي فعال فعالية ليل ليلي
""".split()  # noqa: SIM905 - a word list, one line a letter
)
PROTECTED_PREFIX = 4
# Never analysed: the article is part of the name.
KEPT_WORDS = ("الله",)

# English words Porter2 gets wrong for this archive: irregular plurals, and words it would
# merge with another word (authorities/authors, relatives/related, international/internal,
# executive/execution, university/universe). {term: its forms}.
ENGLISH_OVERRIDES = {
    "woman": ("woman", "women"),
    "man": ("man", "men"),
    "child": ("child", "children"),
    "person": ("person", "people"),
    "authority": ("authority", "authorities"),
    "relative": ("relative", "relatives"),
    "international": ("international", "internationally"),
    "executive": ("executive", "executives"),
    "university": ("university", "universities"),
}

# A word: letters and digits. Words joined by these characters make one compound.
JOINERS = "-/_\u2010\u2011'\u2019\u02bc"
_APOSTROPHES = "'\u2019\u02bc"
_WORD = r"[^\W_]+"
_COMPOUND = re.compile(rf"{_WORD}(?:[{re.escape(JOINERS)}]+{_WORD})*")
_PART = re.compile(_WORD)
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s(?=[{re.escape(JOINERS)}]|$)")

_english = snowballstemmer.stemmer("english")


def normalise(text):
    """Arabic spelling variants folded, case folded, Latin diacritics removed."""
    text = normalise_arabic(text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _is_arabic(word):
    return any("\u0600" <= char <= "\u06ff" for char in word)


def _strip_article(word):
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= ARTICLE_REST:
            rest = word[len(article) :]
            # ل + اللجنة is written للجنة: the word's own ل went with the article's.
            if article.endswith("لل") and rest.startswith(own_lam_rests()):
                return "ل" + rest
            return rest
    return word


def _strip_pronoun(word):
    for suffix in PRONOUN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= STEM_MIN:
            word = word[: -len(suffix)]
            if word.endswith(CONSTRUCT_PLURAL) and len(word) - 1 >= STEM_MIN:
                word = word[:-1]
            return word
    return word


def _strip_ending(word):
    before, dual = ADJECTIVE_DUAL
    if word.endswith(before + dual) and len(word) - len(dual) > STEM_MIN:
        return word[: -len(dual)]
    for suffix in ENDINGS:
        if word.endswith(suffix) and len(word) - len(suffix) >= STEM_MIN:
            return word[: -len(suffix)]
    return word


def _strip_endings(word):
    word = _strip_pronoun(word)
    for _round in range(ENDING_ROUNDS):
        word = _strip_ending(word)
    return word


@lru_cache(maxsize=1)
def protected_stems():
    """The stems of OWN_FIRST_LETTER: a lone clitic is not removed from these."""
    return frozenset(_strip_endings(normalise(word)) for word in OWN_FIRST_LETTER)


@lru_cache(maxsize=1)
def own_lam_rests():
    """What follows a protected stem's own ل (جن of لجنة), to recognise it after لل."""
    return tuple(sorted(stem[1:] for stem in protected_stems() if stem.startswith("ل")))


def _protected(stem):
    stems = protected_stems()
    return stem in stems or any(
        stem[:length] in stems for length in range(PROTECTED_PREFIX, len(stem))
    )


def _strip_proclitic(stem, letters):
    if stem[:1] in letters and len(stem) - 1 >= PROCLITIC_REST and not _protected(stem):
        return stem[1:]
    return stem


def arabic_term(word):
    """The term of one normalised Arabic word."""
    if word in KEPT_WORDS:
        return word
    stem = _strip_endings(_strip_article(word))
    # Also after an article, so that برنامج and البرنامج give the same term.
    stem = _strip_proclitic(stem, CONJUNCTIONS)
    stem = _strip_proclitic(stem, PREPOSITIONS)
    return stem[:-1] if stem in FINAL_YA_DROPS else stem


@lru_cache(maxsize=1)
def _english_overrides():
    """{form: term} of ENGLISH_OVERRIDES (possessives are removed before a word is looked up)."""
    return {form: term for term, forms in ENGLISH_OVERRIDES.items() for form in forms}


@lru_cache(maxsize=65536)
def _word_term(word):
    if _is_arabic(word):
        return arabic_term(word)
    if word.isdigit():
        return word
    return _english_overrides().get(word) or _english.stemWord(word)


def _compound_terms(compound):
    """The whole (written together) first, then each part: phrases of parts stay adjacent."""
    compound = _POSSESSIVE.sub("", compound)
    parts = _PART.findall(compound)
    if len(parts) == 1:
        return [_word_term(parts[0])]
    return [_word_term("".join(parts))] + [_word_term(part) for part in parts]


def compounds(text):
    """The words of ``text``, normalised, with joined words kept together."""
    return _COMPOUND.findall(normalise(text or ""))


def compound_parts(compound):
    """The terms of a compound's parts alone (a query needs the parts, not the whole)."""
    terms_ = _compound_terms(compound)
    return terms_[1:] if len(terms_) > 1 else terms_


def terms(text, language):
    """The index and query terms of ``text``, in order.

    ``language`` is the page's or query's language; the analysis of a word follows its script
    (see the module's docstring), so both languages give the same terms for the same words.
    """
    return [term_ for compound in compounds(text) for term_ in _compound_terms(compound) if term_]


def term(word, language):
    """The term of one written word ("" when it has none): what highlighting compares."""
    found = terms(word, language)
    return found[0] if found else ""
