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
from collections import defaultdict
from collections.abc import Iterable, Sequence
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

SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), expansion)
    for pattern, expansion in (
        (r"\bLLMs?\b", "large language models"),
        (r"\bVLMs?\b", "vision language models"),
        (r"\bMLLMs?\b", "multimodal large language models"),
        (r"\bKD\b", "knowledge distillation"),
        (r"\bRLHF\b", "reinforcement learning from human feedback"),
        (r"\bDPO\b", "direct preference optimization"),
        (r"\bNLP\b", "natural language processing"),
        (r"\bGNNs?\b", "graph neural networks"),
        (r"\bCNNs?\b", "convolutional neural networks"),
        (r"\bGANs?\b", "generative adversarial networks"),
        (r"\bViTs?\b", "vision transformers"),
        (r"\bRL\b", "reinforcement learning"),
    )
)

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
    for pattern, expansion in SYNONYMS:
        text = pattern.sub(expansion, text)
    return text


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
        vectors = _weighted(_VECTORIZER.transform(texts), self.idf)
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
    np.savez_compressed(
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


@lru_cache(maxsize=4)
def topic_index(cache_dir: Path | None = None) -> TopicIndex:
    """The index of the shipped scheme: from the cache if there, else built.

    Built once per process; with a ``cache_dir``, once per scheme version.
    """
    scheme = topic_scheme()
    path = None if cache_dir is None else _cache_file(cache_dir, scheme)
    if path is not None and path.exists():
        try:
            return _load(path)
        except (OSError, ValueError, KeyError) as exc:
            logger.warning(
                "rebuilding the topic index: %s is unreadable (%s)", path, exc
            )
    started = time.perf_counter()
    index = build_index(scheme)
    logger.info(
        "built the topic index of %d topics in %.1f s",
        len(index.topic_ids),
        time.perf_counter() - started,
    )
    if path is not None:
        try:
            _save(index, path)
        except OSError as exc:
            logger.warning("cannot cache the topic index at %s: %s", path, exc)
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


def _field_mass(row: np.ndarray, fields: np.ndarray, top: int = 10) -> dict[str, float]:
    """Which fields a work's best matches fall in, as shares of one."""
    best = np.argsort(-row)[:top]
    mass: dict[str, float] = defaultdict(float)
    for i in best:
        mass[str(fields[i])] += float(row[i])
    total = sum(mass.values()) or 1.0
    return {field: value / total for field, value in mass.items()}


def _priors(
    works: Sequence[Work], sims: np.ndarray, index: TopicIndex
) -> list[dict[str, float]]:
    """Each work's field prior: its venue's field and its authors' other works.

    Scaled so that the best-fitting field has 1.
    """
    masses = [_field_mass(row, index.topic_fields) for row in sims]
    by_person: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for work, mass in zip(works, masses, strict=True):
        for authorship in work.authorships:
            for field, value in mass.items():
                by_person[authorship.person.id][field] += value

    priors = []
    for work in works:
        people: dict[str, float] = defaultdict(float)
        for authorship in work.authorships:
            person = by_person[authorship.person.id]
            total = sum(person.values()) or 1.0
            for field, value in person.items():
                people[field] += value / total / len(work.authorships)
        venue = _venue_field(work)
        prior = {f: 0.5 * v for f, v in people.items()} if venue else dict(people)
        if venue:
            prior[venue] = prior.get(venue, 0.0) + 0.5
        top = max(prior.values(), default=1.0) or 1.0
        priors.append({f: v / top for f, v in prior.items()})
    return priors


def assign_topics(
    works: Sequence[Work], index: TopicIndex | None = None
) -> list[tuple[TopicAssignment, ...]]:
    """Up to three topics for each work, best first, scored from 0 to 1."""
    if not works:
        return []
    index = index or topic_index()
    sims = index.similarities([work_text(w) for w in works])
    priors = _priors(works, sims, index)

    answer = []
    for row, prior in zip(sims, priors, strict=True):
        weights = np.array([prior.get(str(f), 0.0) for f in index.topic_fields])
        scores = row * (1 - PRIOR_WEIGHT + PRIOR_WEIGHT * weights)
        best = np.argsort(-scores)[:MAX_TOPICS]
        top = float(scores[best[0]])
        answer.append(
            tuple(
                TopicAssignment(
                    topic=index.topic_ids[i],
                    score=round(float(scores[i]), 4),
                    origin=METHOD,
                )
                for i in best
                if top > 0 and scores[i] >= KEEP_SHARE * top
            )
        )
    return answer


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
