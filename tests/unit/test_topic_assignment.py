"""The topic scheme, topic assignment from text, and the drift arithmetic."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kg.model import Authorship, Person, PublicationType, Venue, VenueKind, Work
from kg.topics import assign
from kg.topics.assign import assign_topics, expand_synonyms, topic_index
from kg.topics.drift import jensen_shannon, smoothed
from kg.topics.scheme import topic_scheme
from loaders import read_records

# What a reader picks from each sample work's title and abstract.
HAND_LABELLED = {
    "FINE Samples for Learning with Noisy Labels": "T12535",
    "Self-Contrastive Learning: Single-Viewed Supervised Contrastive Framework "
    "Using Sub-network": "T11307",
    "CUDA: Curriculum of Data Augmentation for Long-tailed Recognition": "T11652",
    "A Gift from Label Smoothing: Robust Training with Adaptive Label Smoothing "
    "via Auxiliary Classifier under Label Noise": "T12535",
    "Fine-tuning Pre-trained Models for Robustness under Noisy Labels": "T12535",
    "DistiLLM: Towards Streamlined Distillation for Large Language Models": "T10028",
    "SeRA: Self-Reviewing and Alignment of LLMs using Implicit Reward Margins": (
        "T10028"
    ),
    "DistiLLM-2: A Contrastive Approach Boosts the Distillation of LLMs": "T10028",
    "Flex-Judge: Text-Only Reasoning Unleashes Zero-Shot Multimodal Evaluators": (
        "T11714"
    ),
    "Beyond correlation: The impact of human uncertainty in measuring the "
    "effectiveness of automatic evaluation and LLM-as-a-judge": "T10028",
}


def _work(title: str, venue: str | None = None) -> Work:
    return Work(
        title=title,
        year=2024,
        publication_type=PublicationType.CONFERENCE_PAPER,
        venue=None
        if venue is None
        else Venue(acronym=venue, kind=VenueKind.CONFERENCE),
        authorships=(
            Authorship(position=1, person=Person(name="A B"), name_as_written="A B"),
        ),
    )


def test_scheme_has_every_openalex_topic_in_a_four_level_tree() -> None:
    scheme = topic_scheme()
    levels = [c.level for c in scheme.concepts.values()]
    assert (levels.count("topic"), levels.count("subfield")) == (4516, 252)
    assert (levels.count("field"), levels.count("domain")) == (26, 4)
    assert scheme.lift("T12535", "subfield") == "subfield-1702"
    assert scheme.lift("T12535", "field") == "field-17"
    assert scheme.lift("T12535", "domain") == "domain-3"
    assert scheme.lift("field-17", "topic") is None
    assert scheme.label("subfield-1702") == "Artificial Intelligence"


def test_synonyms_spell_out_llm_and_keep_the_rest() -> None:
    assert expand_synonyms("Alignment of LLMs and LLM-as-a-judge") == (
        "Alignment of large language models and large language models-as-a-judge"
    )
    assert expand_synonyms("ALLMOST") == "ALLMOST"


def test_sample_works_get_the_topic_a_reader_picks(sample_path: Path) -> None:
    works = [r for r in read_records(sample_path) if isinstance(r, Work)]
    found = assign_topics(works)
    assert {
        w.title: topics[0].topic for w, topics in zip(works, found, strict=True)
    } == (HAND_LABELLED)
    assert all(t.origin == "text-tfidf" for topics in found for t in topics)
    assert all(1 <= len(topics) <= 3 for topics in found)


def test_distillation_at_a_machine_learning_venue_stays_in_computer_science(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    title = "Efficient distillation with a skew divergence"
    scheme = topic_scheme()
    at_icml = assign_topics([_work(title, "ICML")])[0][0].topic
    monkeypatch.setattr(assign, "PRIOR_WEIGHT", 0.0)
    without_prior = assign_topics([_work(title, "ICML")])[0][0].topic
    assert scheme.lift(at_icml, "field") == "field-17"
    assert scheme.lift(without_prior, "field") != "field-17"


def test_distillation_of_ethanol_stays_in_engineering() -> None:
    found = assign_topics([_work("Distillation of ethanol and water mixtures")])
    assert topic_scheme().lift(found[0][0].topic, "field") == "field-22"


def test_topic_index_is_cached_on_disk_and_read_back(tmp_path: Path) -> None:
    built = topic_index(tmp_path)
    files = list(tmp_path.glob("topic-index-*.npz"))
    assert len(files) == 1
    read = assign._load(files[0])
    assert read.topic_ids == built.topic_ids
    assert (read.matrix != built.matrix).nnz == 0


def test_jensen_shannon_is_in_bits_from_zero_to_one() -> None:
    assert jensen_shannon({"a": 1.0}, {"b": 1.0}) == 1.0
    assert jensen_shannon({"a": 0.5, "b": 0.5}, {"a": 0.5, "b": 0.5}) == 0.0
    # P = (1, 0), Q = (1/2, 1/2): M = (3/4, 1/4).
    expected = 0.5 * math.log2(4 / 3) + 0.5 * (
        0.5 * math.log2(0.5 / 0.75) + 0.5 * math.log2(0.5 / 0.25)
    )
    assert jensen_shannon({"a": 1.0}, {"a": 0.5, "b": 0.5}) == pytest.approx(expected)


def test_smoothing_adds_one_work_spread_like_the_career() -> None:
    from collections import Counter

    shares = smoothed(Counter({"a": 1}), {"a": 0.25, "b": 0.75})
    assert shares == {"a": (1 + 0.25) / 2, "b": 0.75 / 2}
