"""A person's own fine-grained topics, from the phrases of their titles."""

from __future__ import annotations

from pathlib import Path

from kg.model import Work
from kg.topics.phrases import key_phrases
from loaders import read_records


def test_sample_titles_give_repeated_phrases_words_and_coined_names(
    sample_path: Path,
) -> None:
    # By hand from the ten titles: "LLMs" twice (2025) and "Large Language
    # Models" once (2024); "Noisy Labels" in 2021 and 2024; "Contrastive" in
    # 2023 and 2025; "Distillation" in the two DistiLLM titles (2024, 2025).
    # No title says "knowledge distillation" (one abstract does), so the
    # phrase is not there. "Models" and "Learning" repeat but are too broad.
    works = [r for r in read_records(sample_path) if isinstance(r, Work)]
    found = key_phrases((w.id, w.year, w.title) for w in works)
    assert [(p.phrase, p.works, p.years) for p in found] == [
        ("large language models", 3, [2024, 2025]),
        ("noisy labels", 2, [2021, 2024]),
        ("contrastive", 2, [2023, 2025]),
        ("distillation", 2, [2024, 2025]),
        ("llm-as-a-judge", 1, [2025]),
    ]


def test_a_phrase_is_not_split_across_a_stop_word_or_a_colon() -> None:
    found = key_phrases(
        [
            ("a", 2020, "Graph learning: for noisy labels"),
            ("b", 2021, "Graph learning of noisy labels"),
        ]
    )
    assert [p.phrase for p in found] == ["graph learning", "noisy labels"]


def test_a_lone_word_held_by_a_repeated_phrase_is_left_out() -> None:
    found = key_phrases(
        [
            ("a", 2020, "Noisy labels in vision"),
            ("b", 2021, "Noisy labels in speech"),
            ("c", 2022, "Partial labels"),
        ]
    )
    assert [(p.phrase, p.works) for p in found] == [("noisy labels", 2)]


def test_a_work_given_twice_counts_once() -> None:
    found = key_phrases(
        [
            ("a", 2020, "Knowledge Distillation"),
            ("a", 2020, "Knowledge distillation"),
            ("b", 2021, "Knowledge distillation again"),
        ]
    )
    assert [(p.phrase, p.works, p.years) for p in found] == [
        ("knowledge distillation", 2, [2020, 2021])
    ]
