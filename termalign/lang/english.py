"""English: inflection rules (in both directions), plurals, and the word lists every stage shares.

Each rule is written once here; the stages ask for the view they need:

* :func:`lemmas` — dictionary look-up candidates, most likely first ("studies" → study, "stopped" → stop):
  possessive, plural and third-person ``-s``, then ``-ed``/``-ing``. Conservative: used to find a headword.
* :func:`bases` — every base an inflection or Latin plural allows ("granulomas", "nuclei" → nucleus,
  "quickly" → quick): broad, for "is this a form of a known word?".
* :func:`inflections` — the forms a glossary form may appear in, by part of speech (nouns -s/-es/'s, verbs
  also -ed/-ing with consonant doubling).
* :func:`verb_forms` — the regular forms of a verb (third person; past and participles).
* :func:`singular` — the singular of a noun, irregular and Latin plurals included, by frequency where the
  regular rules are ambiguous ("lenses" → lens).

The rules they share: :func:`doubles_final_consonant` (stop → stopped) and its reverse :func:`undouble`,
and :func:`consonant_y` (carry → carries).
"""

from __future__ import annotations

from functools import lru_cache

from termalign.lang import wordlists
from termalign.lang.base import Language, SentenceRules, word_pattern

CODE = "en"
VOWELS = "aeiou"

#: Words of English text: letters and digits with inner hyphens and apostrophes ("anti-inflammatory",
#: "Alzheimer's", "COVID-19").
WORD = word_pattern(digits=True, joiners="-'’")



# -- word classes for reading a phrase without a tagger ------------------------------------------------------------

#: Words after which a verb form is read as a noun or a modifier: "a face mask", "the confirmed cases",
#: "with infected cells" (determiners and possessives, prepositions, numbers written as words).
DETERMINERS = frozenset(
    ("a", "an", "the", "this", "that", "these", "those", "each", "every", "no", "any", "some", "his", "her", "its",
     "their", "our", "your", "my", "another", "such", "both", "either", "neither", "all", "many", "several",
     "few", "more", "most", "other", "one", "two", "three", "four", "five")
)
PREPOSITIONS = frozenset(
    ("of", "in", "on", "at", "for", "with", "by", "from", "into", "onto", "about", "against", "between", "through",
     "during", "without", "within", "under", "over", "after", "before", "via", "per", "among", "across", "as")
)
#: Words after which a verb's base form is a verb ("can travel", "to test", "did spread"), never a noun.
AUXILIARIES = frozenset(
    ("to", "can", "could", "will", "would", "shall", "should", "may", "might", "must", "do", "does", "did",
     "not", "never", "also", "i", "we", "you", "they", "he", "she", "it", "who", "which", "that", "let")
)
#: Copulas: a bare word after one and before a preposition is an adjective ("stones are rare in children"); before
#: the end of the sentence it may be a noun ("the symptom is fatigue").
COPULAS = frozenset(
    ("is", "are", "was", "were", "be", "been", "being", "become", "becomes", "became", "seem", "seems", "remain",
     "remains")
)
#: Degree adverbs: a bare word after one is an adjective ("very common", "more severe").
DEGREE_ADVERBS = frozenset(
    ("very", "more", "most", "less", "least", "too", "so", "quite", "rather", "extremely", "fairly")
)
#: Lower-case words that may join the capitalised words of one name: "Ministry of Health", "Centers for
#: Disease Control and Prevention".
NAME_JOINERS = frozenset(("of", "for", "and", "on", "de"))


def is_acronym(word: str) -> bool:
    """An all-capital word of two letters or more ("WHO", "HIV", "URL"): a term even when its letters spell a
    common word."""
    return len(word) >= 2 and word.isupper() and word.isalpha()


def abbreviates(acronym: str, phrase: str) -> bool:
    """Whether ``acronym`` is an English abbreviation of the English ``phrase``: its letters, in order, are
    letters of the phrase, the first being the phrase's first letter ("MRI" of magnetic resonance imaging,
    "EEG" of electroencephalography, "TB" of tuberculosis; not "LED", Indonesian for erythrocyte sedimentation
    rate, laju endap darah)."""
    if not is_acronym(acronym):
        return False
    letters, rest = acronym.lower(), phrase.lower()
    if not rest.startswith(letters[0]):
        return False
    at = 1
    for letter in letters[1:]:
        at = rest.find(letter, at) + 1
        if not at:
            return False
    return True

# -- shared rules ----------------------------------------------------------------------------------------------


def doubles_final_consonant(word: str) -> bool:
    """Whether ``word`` doubles its final consonant before -ed/-ing: a consonant (not w, x, y) after a single
    vowel after a consonant ("stop" → stopped, "admit" → admitted; not "look", "fix")."""
    return len(word) >= 3 and word[-1] not in "aeiouwxy" and word[-2] in VOWELS and word[-3] not in VOWELS


def undouble(stem: str) -> str | None:
    """The stem without a doubled final consonant ("stopp" of "stopped" → "stop"), or None when it has none."""
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        return stem[:-1]
    return None


def consonant_y(word: str) -> bool:
    """Whether ``word`` ends in a consonant + y, which turns into -ies/-ied ("carry" → carries, carried)."""
    return word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS


# -- lemmas: inflected form → candidate dictionary forms --------------------------------------------------------


def lemmas(word: str) -> list[str]:
    """Candidate dictionary forms of an English ``word``, most likely first (the lower-cased word itself first).

    Light and rule-based on purpose: possessive, plural and third-person ``-s``, then ``-ed``/``-ing``.
    Callers try the candidates in order and keep the first one their lexicon knows.
    """
    w = word.lower().replace("’", "'")
    out = [w]
    if w.endswith("'s"):
        w = w[:-2]
        out.append(w)
    elif w.endswith("s'"):
        w = w[:-1]
        out.append(w)
    n = len(w)
    if n > 4 and w.endswith("ies"):
        out.append(w[:-3] + "y")
    if n > 3 and w.endswith("es") and w[-3] in "sxzh":
        out.append(w[:-2])
    if n > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        out.append(w[:-1])
    for suffix in ("ed", "ing"):
        stem = w[: -len(suffix)]
        if len(stem) >= 3 and w.endswith(suffix):
            if stem.endswith("i") and suffix == "ed":
                out.append(stem[:-1] + "y")  # studied → study
            out.append(stem)  # walked → walk
            out.append(stem + "e")  # caused → cause
            single = undouble(stem)
            if single is not None:
                out.append(single)  # stopped → stop
    return list(dict.fromkeys(out))


#: (ending, replacement) pairs :func:`bases` tries, in order.
BASE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("'s", ""),
    ("’s", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ata", "a"),  # carcinomata, sarcomata
    ("ae", "a"),  # vertebrae
    ("i", "us"),  # nuclei
    ("ly", ""),
)
_BASE_ENDS = tuple(suffix for suffix, _ in BASE_SUFFIXES)


def bases(word: str) -> list[str]:
    """``word`` and the bases its English inflection allows: "granulomas" → ["granulomas", "granuloma"].

    Every ending of :data:`BASE_SUFFIXES` that leaves three letters or more gives a base; -ed/-ing bases with
    a doubled final consonant also give the undoubled one ("stopped" → "stopp", "stop").
    """
    out = [word]
    if not word.endswith(_BASE_ENDS):
        return out
    for suffix, replacement in BASE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + replacement
            if base not in out:
                out.append(base)
            if suffix in ("ed", "ing"):
                single = undouble(base)
                if single is not None:
                    out.append(single)
    return out


# -- inflections: base form → inflected forms --------------------------------------------------------------------


@lru_cache(maxsize=4096)
def inflections(form: str, pos: str = "") -> frozenset[str]:
    """The inflected forms (lower case, whole tokens) an English form may appear in, by part of speech.

    Nouns (and forms without a part of speech): plural and possessive, -s/-es/'s/’s, -y → -ies.
    Verbs: -s/-es, -ed/-d, -ing, -y → -ies/-ied, a final -e dropped before -ing ("saving"), a final consonant
    doubled after a short vowel ("stopped", "logging"). Adjectives, adverbs and "other": none. Of a
    multi-word form, the last word inflects.
    """
    lowered = form.lower()
    if not lowered or not lowered[-1].isalpha():
        return frozenset()
    if pos in ("adjective", "adverb", "other"):
        return frozenset()
    out = {lowered + "s", lowered + "es"}
    last = lowered[-1]
    y_final = consonant_y(lowered)
    if y_final:
        out.add(lowered[:-1] + "ies")
    if pos != "verb":
        out.update((lowered + "'s", lowered + "’s"))
        return frozenset(out)
    out.update((lowered + "ed", lowered + "d", lowered + "ing"))
    if y_final:
        out.add(lowered[:-1] + "ied")
    if last == "e" and len(lowered) > 2:
        out.add(lowered[:-1] + "ing")
    if doubles_final_consonant(lowered.split()[-1]):
        out.update((lowered + last + "ed", lowered + last + "ing"))
    return frozenset(out)


def verb_forms(base: str) -> tuple[list[str], list[str]]:
    """(``-s`` forms, ``-ed``/``-ing`` forms) of a regular English verb: the precise forms, not the looser set
    :func:`inflections` accepts ("cause" → causes; caused, causing; "die" → dying; "agree" → agreeing)."""
    if consonant_y(base):
        third, past, ing = base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    elif base.endswith("ie"):
        third, past, ing = base + "s", base + "d", base[:-2] + "ying"  # die → dying
    elif base.endswith(("ee", "ye", "oe")):
        third, past, ing = base + "s", base + "d", base + "ing"  # agree → agreeing
    elif base.endswith("e"):
        third, past, ing = base + "s", base + "d", base[:-1] + "ing"
    elif base.endswith(("s", "sh", "ch", "x", "z", "o")):
        third, past, ing = base + "es", base + "ed", base + "ing"
    else:
        third, past, ing = base + "s", base + "ed", base + "ing"
    participles = [past, ing]
    if doubles_final_consonant(base):
        participles += [base + base[-1] + "ed", base + base[-1] + "ing"]
    return [third], participles


# -- singular ------------------------------------------------------------------------------------------------------

#: Nouns that end in -s in the singular (or have no singular).
INVARIANT = frozenset(
    ("species", "series", "diabetes", "herpes", "rabies", "measles", "mumps", "scabies", "news", "lens",
     "pancreas", "gas", "bias", "atlas", "iris", "pelvis", "biceps", "triceps", "forceps", "feces", "faeces",
     "means", "mathematics", "physics", "genetics", "ethics", "economics", "statistics", "aids", "arthritis")
)
#: Irregular and Latin/Greek plurals → singular.
IRREGULAR_PLURALS: dict[str, str] = {
    "children": "child", "feet": "foot", "teeth": "tooth", "men": "man", "women": "woman", "mice": "mouse",
    "geese": "goose", "lice": "louse", "oxen": "ox", "bacteria": "bacterium", "criteria": "criterion",
    "phenomena": "phenomenon", "vertebrae": "vertebra", "larvae": "larva", "fungi": "fungus", "nuclei": "nucleus",
    "bacilli": "bacillus", "stimuli": "stimulus", "emboli": "embolus", "thrombi": "thrombus", "calculi": "calculus",
    "alveoli": "alveolus", "bronchi": "bronchus", "appendices": "appendix", "indices": "index",
    "matrices": "matrix", "ova": "ovum", "foramina": "foramen", "lumina": "lumen", "stomata": "stoma",
    "carcinomata": "carcinoma", "ganglia": "ganglion", "mitochondria": "mitochondrion",
}


@lru_cache(maxsize=131072)
def singular(word: str) -> str:
    """The singular of an English noun (lower case): macrophages → macrophage, arteries → artery, metastases →
    metastasis, bacteria → bacterium. Words that are not plural come back lower-cased and unchanged.

    Regular rules propose candidates and the one more frequent in general English wins ("lenses" → "lens", not
    "lense"); rare words nobody counted (Zipf 0) fall back to the plainest rule ("phleboliths" → "phlebolith").
    """
    zipf = wordlists.zipf
    lowered = word.lower()
    if word.isupper() and len(word) > 1 and not word.endswith("S"):
        return lowered  # an acronym: "DNA", "MRI"
    if word.isupper() and len(word) > 2 and word.endswith("S") and word[:-1].isupper():
        return lowered  # "AIDS", "SARS": all-caps words ending in S are names, not plurals
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return lowered[:-1]  # "MRIs" → "mri"
    if lowered in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lowered]
    if (
        len(lowered) <= 3
        or lowered in INVARIANT
        or not lowered.endswith("s")
        or lowered.endswith(("ss", "us", "is", "ous", "'s", "’s"))
        or ("-" in lowered and lowered.rsplit("-", 1)[1] in INVARIANT)
    ):
        return lowered
    candidates: list[str] = []
    if lowered.endswith("ies") and len(lowered) > 4:
        candidates.append(lowered[:-3] + "y")
    if lowered.endswith(("ches", "shes", "sses", "xes", "zes")):
        candidates.append(lowered[:-2])
    if lowered.endswith("ses") and len(lowered) > 5:
        candidates.append(lowered[:-2] + "is")  # metastases → metastasis, diagnoses → diagnosis
    if lowered.endswith("ves"):
        candidates += [lowered[:-3] + "f", lowered[:-3] + "fe"]
    if lowered.endswith(("oes", "ses")):
        candidates.append(lowered[:-2])  # tomatoes → tomato, diseases → disease (by frequency below)
    candidates.append(lowered[:-1])
    best = max(candidates, key=lambda c: (zipf(c), -candidates.index(c)))
    if zipf(best) == 0.0:
        if lowered.endswith(("ans", "ens")):
            return lowered  # Latin participles: "(myositis) ossificans", "(thromboangiitis) obliterans"
        return lowered[:-1] if not lowered.endswith(("ches", "shes", "sses", "xes", "zes", "ies")) else candidates[0]
    if zipf(lowered) - zipf(best) > 1.5:
        return lowered  # "always", "news": far more common than the would-be singular, so not a plural
    return best


# -- sentence splitting -----------------------------------------------------------------------------------------

#: English abbreviations that may end a sentence (see :class:`termalign.lang.base.SentenceRules`): "etc." closes
#: a list and a unit a measurement ("3,000 ft. Imagine"); "a.m."/"p.m." and company suffixes end a sentence
#: when a function word follows ("at 4 a.m. The");
#: references, numbers and months abbreviate only before a number ("No. 5", "p. 12", "Jan. 3").
SENTENCE_RULES = SentenceRules(
    enders=frozenset({"etc", "hr", "hrs", "wk", "wks", "mo", "yr", "yrs", "mg", "ml", "oz", "lb", "lbs", "ft"}),
    final=frozenset({"a.m", "p.m", "et al", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr"}),
    before_number=frozenset({
        "No", "no", "Nos", "Vol", "vol", "Vols", "p", "pp", "Ch", "ch", "Sect", "Sec", "sec", "Art", "art",
        "Fig", "Figs", "fig", "Eq", "Eqs", "Tab", "Ref", "Refs", "Suppl",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    }),
)


# -- the language --------------------------------------------------------------------------------------------------


class English(Language):
    """English as the stages see it (see :class:`termalign.lang.base.Language`)."""

    code = CODE
    name = "English"
    word = WORD
    sentence_rules = SENTENCE_RULES

    def lemmas(self, word: str) -> list[str]:
        return lemmas(word)

    def inflections(self, form: str, pos: str = "") -> frozenset[str]:
        return inflections(form, pos)

    def is_form_of(self, word: str, base: str) -> bool:
        lowered = word.lower()
        return lowered == base.lower() or lowered in inflections(base)


LANGUAGE = English()
