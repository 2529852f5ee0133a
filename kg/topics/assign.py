"""Topics for works that arrive without any, from their title, abstract and venue.

The default method (origin ``text-tfidf``) runs on the CPU with scikit-learn
and SciPy: each topic of the scheme is a TF-IDF vector of its label,
keywords, subfield, field and summary; a work is a vector of its title
(counted twice), abstract and venue; the cosine between them is the match.
Terms are unigrams and bigrams of crudely stemmed words ("models" and
"modeling" are both "model"), hashed so that the index has no vocabulary to
keep: the topic matrix and the IDF weights are all it needs, and both are
cached on disk beside the stores.

Two corrections keep matches in the right field:

- a synonym table spells out abbreviations before matching ("LLM" is
  "large language models", "KD" is "knowledge distillation");
- a field prior weighs each topic by how well its field fits the work's
  context: the venue (NeurIPS is computer science) and the other works of
  the same people in the same load. Without it, "distillation" of language
  models lands in chemical process engineering.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from kg.model import LoadedRecord, TopicAssignment, Work
from kg.topics.scheme import TopicScheme, topic_scheme

logger = logging.getLogger(__name__)

METHOD = "text-tfidf"
INDEX_VERSION = 3
MAX_TOPICS = 3
# A second or third topic is kept only if it scores at least this share of
# the first: a weak tail says nothing a reader would pick.
KEEP_SHARE = 0.6
# How much the field prior can move a score: a topic in a field that fits
# nothing in the context keeps (1 - PRIOR_WEIGHT) of its cosine.
PRIOR_WEIGHT = 0.5
N_FEATURES = 2**20

SYNONYMS: dict[str, str] = {
    "LLM": "large language models",
    "VLM": "vision language models",
    "MLLM": "multimodal large language models",
    "KD": "knowledge distillation",
    "RLHF": "reinforcement learning from human feedback",
    "DPO": "direct preference optimization",
    "NLP": "natural language processing",
    "GNN": "graph neural networks",
    "CNN": "convolutional neural networks",
    "GAN": "generative adversarial networks",
    "ViT": "vision transformers",
    "RL": "reinforcement learning",
}
# Case matters: "RL" is the abbreviation, "rl" may be part of a word.
_ABBREVIATION = re.compile(r"\b(" + "|".join(SYNONYMS) + r")s?\b")

# Wording the scheme lacks. Its keywords date from early 2024 and miss the
# names a field has since given its subjects (no topic mentions language
# models, contrastive or long-tailed learning); these phrases are matched as
# if they were keywords of the topic.
TOPIC_ALIASES: dict[str, tuple[str, ...]] = {
    "T10028": (
        "large language models", "pretrained language models",
        "instruction tuning", "instruction following", "text generation",
        "preference alignment", "reward model",
        "automatic evaluation of generated text",
    ),
    "T12535": ("label noise", "noisy labels", "label smoothing", "sample selection"),
    "T11652": (
        "long-tailed recognition", "long-tailed distribution", "class imbalance",
    ),
    "T11307": (
        "contrastive learning", "self-supervised learning",
        "supervised contrastive learning", "representation learning",
    ),
    "T11714": ("vision-language models", "multimodal models"),
    "T10036": (
        "model compression", "knowledge distillation", "network pruning",
        "quantization",
    ),
}  # fmt: skip

# Venues whose field is beyond doubt. Keys are folded acronyms or names.
CS = "field-17"
VENUE_FIELDS: dict[str, str] = {
    venue: CS
    for venue in (
        "neurips", "nips", "icml", "iclr", "aaai", "ijcai", "aistats", "uai",
        "colt", "jmlr", "tmlr", "acl", "emnlp", "naacl", "eacl", "coling",
        "cvpr", "iccv", "eccv", "kdd", "www", "sigir", "wsdm", "cikm",
        "icde", "vldb", "sigmod", "interspeech", "icassp", "colm",
    )
}  # fmt: skip

# Words of the summaries' boilerplate ("This cluster of papers focuses on")
# and of every abstract ("we propose a novel method"), which match anything.
_STOP = ENGLISH_STOP_WORDS | {
    "cluster", "papers", "paper", "focuses", "focus", "research", "study",
    "studies", "including", "covers", "explores", "topics", "various",
    "propose", "proposed", "novel", "approach", "method", "methods", "results",
    "based", "using", "use", "used", "new", "show", "demonstrate", "extensive",
    "experiments", "effective", "effectiveness", "performance", "existing",
    "address", "introduce", "present", "work", "significantly", "state", "art",
    "issues", "problem", "problems", "applications", "techniques", "analysis",
    "advances", "advanced", "advancements", "development",
}  # fmt: skip
_WORD = re.compile(r"[a-z][a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude suffix stripper: enough to make "models" and "modeling" meet."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)] + replacement
    return word


def _terms(text: str) -> list[str]:
    """Stemmed unigrams and bigrams of the words that carry meaning."""
    words = [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def expand_synonyms(text: str) -> str:
    """Spell out the abbreviations of ``SYNONYMS``, keeping the rest."""
    return _ABBREVIATION.sub(lambda m: SYNONYMS[m.group(1)], text)


_VECTORIZER = HashingVectorizer(
    analyzer=_terms, n_features=N_FEATURES, alternate_sign=False, norm=None
)


def _topic_text(scheme: TopicScheme, topic_id: str) -> str:
    topic = scheme.concepts[topic_id]
    subfield = scheme.concepts[topic.parent or ""]
    field = scheme.concepts[subfield.parent or ""]
    keywords = "; ".join(topic.keywords + TOPIC_ALIASES.get(topic_id, ()))
    return "\n".join(
        (topic.label, topic.label, keywords, keywords, subfield.label, field.label)
        + ((topic.summary,) if topic.summary else ())
    )


def _weighted(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear term frequency times IDF, scaled to unit length per row."""
    weighted = counts.astype(np.float32).tocsr(copy=True)
    weighted.data = 1.0 + np.log(weighted.data)
    weighted = weighted.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)


@dataclass(frozen=True)
class TopicIndex:
    """The scheme's topics as unit TF-IDF vectors, and the IDF to weigh works by."""

    topic_ids: tuple[str, ...]
    topic_fields: np.ndarray  # field id of each topic, as text
    idf: np.ndarray
    matrix: sp.csr_matrix

    def similarities(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine of each text (rows) with each topic (columns)."""
        return self.cosines(self.vectors(texts))

    def vectors(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The texts as unit TF-IDF vectors (rows), to take ``cosines`` of."""
        return _weighted(_VECTORIZER.transform(texts), self.idf)

    def cosines(self, vectors: sp.csr_matrix) -> np.ndarray:
        """Cosine of each vector (rows) with each topic (columns)."""
        return np.asarray((vectors @ self.matrix.T).todense())


def build_index(scheme: TopicScheme) -> TopicIndex:
    """Vectors of every topic of the scheme; a second or two on one core."""
    topics = scheme.topics()
    counts = _VECTORIZER.transform([_topic_text(scheme, t.id) for t in topics])
    document_frequency = np.bincount(counts.indices, minlength=N_FEATURES)
    idf = (np.log((1 + len(topics)) / (1 + document_frequency)) + 1).astype(np.float32)
    return TopicIndex(
        topic_ids=tuple(t.id for t in topics),
        topic_fields=np.array([scheme.lift(t.id, "field") for t in topics]),
        idf=idf,
        matrix=_weighted(counts, idf),
    )


def _cache_file(cache_dir: Path, scheme: TopicScheme) -> Path:
    return cache_dir / f"topic-index-v{INDEX_VERSION}-{scheme.sha256[:16]}.npz"


def _save(index: TopicIndex, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    m = index.matrix
    np.savez(
        partial,
        topic_ids=np.array(index.topic_ids),
        topic_fields=index.topic_fields,
        idf=index.idf,
        data=m.data,
        indices=m.indices,
        indptr=m.indptr,
        shape=np.array(m.shape),
    )
    partial.replace(path)


def _load(path: Path) -> TopicIndex:
    with np.load(path, allow_pickle=False) as saved:
        matrix = sp.csr_matrix(
            (saved["data"], saved["indices"], saved["indptr"]),
            shape=tuple(saved["shape"]),
        )
        return TopicIndex(
            topic_ids=tuple(str(t) for t in saved["topic_ids"]),
            topic_fields=saved["topic_fields"],
            idf=saved["idf"],
            matrix=matrix,
        )


_BUILT: dict[str, TopicIndex] = {}


def topic_index(cache_dir: Path | None = None) -> TopicIndex:
    """The index of the shipped scheme, built at most once per process.

    With a ``cache_dir``, the index is read from there if a file for this
    scheme version is there, and written there if not, so the next process
    skips the build.
    """
    scheme = topic_scheme()
    path = None if cache_dir is None else _cache_file(cache_dir, scheme)
    if scheme.sha256 in _BUILT:
        index = _BUILT[scheme.sha256]
    elif path is not None and path.exists():
        try:
            return _BUILT.setdefault(scheme.sha256, _load(path))
        except (OSError, ValueError, KeyError) as exc:
            logger.warning(
                "rebuilding the topic index: %s is unreadable (%s)", path, exc
            )
            index = _build_logged(scheme)
    else:
        index = _build_logged(scheme)
    _BUILT[scheme.sha256] = index
    if path is not None and not path.exists():
        try:
            _save(index, path)
        except OSError as exc:
            logger.warning("cannot cache the topic index at %s: %s", path, exc)
    return index


def _build_logged(scheme: TopicScheme) -> TopicIndex:
    started = time.perf_counter()
    index = build_index(scheme)
    logger.info(
        "built the topic index of %d topics in %.1f s",
        len(index.topic_ids),
        time.perf_counter() - started,
    )
    return index


def work_text(work: Work) -> str:
    """What a work says about its topic: the title thrice, abstract, venue.

    The title names the subject; an abstract also names everything around it.
    """
    venue = work.venue.name if work.venue and work.venue.name else ""
    parts = (work.title, work.title, work.title, work.abstract or "", venue)
    return expand_synonyms("\n".join(parts))


def _venue_field(work: Work) -> str | None:
    if work.venue is None:
        return None
    for key in (work.venue.acronym, work.venue.name):
        if key and key.casefold() in VENUE_FIELDS:
            return VENUE_FIELDS[key.casefold()]
    return None


# Works are scored this many at a time: a dense row of cosines per work
# (one per topic) is the large part of topic assignment's memory.
CHUNK = 1000


def _field_mass(sims: np.ndarray, field_of: np.ndarray, fields: int) -> np.ndarray:
    """Each work's ten best topics, weighted by cosine, summed by field."""
    n, top = len(sims), min(10, sims.shape[1])
    best = np.argpartition(-sims, top - 1, axis=1)[:, :top]
    mass = np.zeros((n, fields))
    rows = np.repeat(np.arange(n), top)
    np.add.at(
        mass, (rows, field_of[best].ravel()), np.take_along_axis(sims, best, 1).ravel()
    )
    mass /= np.maximum(mass.sum(axis=1, keepdims=True), 1e-12)
    return mass


def _priors(works: Sequence[Work], mass: np.ndarray, fields: np.ndarray) -> np.ndarray:
    """Each work's field prior (works × fields): its venue and its people.

    A work's people mass is the mean, over its authors, of the fields their
    works in this batch match best (``_field_mass``). With a known venue,
    the venue's field counts for half. Each row is scaled so that its
    best-fitting field has 1.
    """
    n = len(works)
    people: dict[str, int] = {}
    pairs = [
        (w, people.setdefault(a.person.id, len(people)))
        for w, work in enumerate(works)
        for a in work.authorships
    ]
    authored = sp.csr_matrix(
        (np.ones(len(pairs)), ([w for w, _ in pairs], [p for _, p in pairs])),
        shape=(n, len(people)),
    )
    per_person = authored.T @ mass
    per_person /= np.maximum(per_person.sum(axis=1, keepdims=True), 1e-12)
    authors = np.asarray(authored.sum(axis=1)).ravel()
    prior = (authored @ per_person) / np.maximum(authors, 1)[:, None]

    column = {str(f): i for i, f in enumerate(fields)}
    for w, work in enumerate(works):
        venue = _venue_field(work)
        if venue in column:
            prior[w] *= 0.5
            prior[w, column[venue]] += 0.5
    return np.asarray(prior / np.maximum(prior.max(axis=1, keepdims=True), 1e-12))


def assign_topics(
    works: Sequence[Work], index: TopicIndex | None = None
) -> list[tuple[TopicAssignment, ...]]:
    """Up to three topics for each work, best first, scored from 0 to 1.

    The cosines are taken twice, ``CHUNK`` works at a time (for the field
    priors, then for the scores), rather than held for the whole batch.
    """
    if not works:
        return []
    index = index or topic_index()
    vectors = index.vectors([work_text(w) for w in works])
    fields, field_of = np.unique(index.topic_fields, return_inverse=True)
    starts = range(0, len(works), CHUNK)
    mass = np.vstack(
        [
            _field_mass(index.cosines(vectors[i : i + CHUNK]), field_of, len(fields))
            for i in starts
        ]
    )
    priors = _priors(works, mass, fields)
    answer: list[tuple[TopicAssignment, ...]] = []
    for i in starts:
        sims = index.cosines(vectors[i : i + CHUNK])
        weights = 1 - PRIOR_WEIGHT + PRIOR_WEIGHT * priors[i : i + CHUNK][:, field_of]
        answer.extend(_best_topics(sims * weights, index.topic_ids))
    return answer


def _best_topics(
    all_scores: np.ndarray, topic_ids: tuple[str, ...]
) -> Iterator[tuple[TopicAssignment, ...]]:
    """Each row's best topics: the first, and those near it, up to three."""
    chosen = np.argpartition(-all_scores, MAX_TOPICS, axis=1)[:, :MAX_TOPICS]
    for scores, best in zip(all_scores, chosen, strict=True):
        best = best[np.argsort(-scores[best], kind="stable")]
        top = float(scores[best[0]])
        yield tuple(
            TopicAssignment(
                topic=topic_ids[i], score=round(float(scores[i]), 4), origin=METHOD
            )
            for i in best
            if top > 0 and scores[i] >= KEEP_SHARE * top
        )


def with_topics(
    records: Iterable[LoadedRecord], cache_dir: Path | None = None
) -> list[LoadedRecord]:
    """The records, with topics computed for the works that came without."""
    records = list(records)
    bare = [r for r in records if isinstance(r, Work) and not r.topics]
    if not bare:
        return records
    started = time.perf_counter()
    found = dict(
        zip(
            (w.id for w in bare),
            assign_topics(bare, topic_index(cache_dir)),
            strict=True,
        )
    )
    logger.info(
        "assigned topics to %d works in %.2f s (%s)",
        len(bare),
        time.perf_counter() - started,
        METHOD,
    )
    return [
        r.model_copy(update={"topics": found[r.id]})
        if isinstance(r, Work) and not r.topics
        else r
        for r in records
    ]
