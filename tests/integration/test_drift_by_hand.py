"""The sample's drift, against numbers worked out by hand from its topics.

The hand-labelled primary topics (tests/unit/test_topic_assignment.py):
2021 T12535; 2023 T12535, T11307, T11652; 2024 T12535, T10028;
2025 T10028 (three works), T11714. Career mix over the ten works:
T12535 3/10, T10028 4/10, T11307, T11652 and T11714 1/10 each.
"""

from __future__ import annotations

from math import log2

from kg.rdf_store import RdfStore
from kg.topics.drift import topic_drift

# Window 2021-2022: one work (T12535), plus one work spread like the career.
FIRST = {
    "T12535": (1 + 0.3) / 2,
    "T10028": 0.4 / 2,
    "T11307": 0.1 / 2,
    "T11652": 0.1 / 2,
    "T11714": 0.1 / 2,
}
# Window 2024-2025: six works (T10028 x4, T12535, T11714), plus one.
LAST = {
    "T10028": (4 + 0.4) / 7,
    "T12535": (1 + 0.3) / 7,
    "T11714": (1 + 0.1) / 7,
    "T11307": 0.1 / 7,
    "T11652": 0.1 / 7,
}


def _jsd_by_hand(p: dict[str, float], q: dict[str, float]) -> float:
    total = 0.0
    for topic in p:
        m = (p[topic] + q[topic]) / 2
        total += 0.5 * p[topic] * log2(p[topic] / m)
        total += 0.5 * q[topic] * log2(q[topic] / m)
    return total


def test_first_and_last_windows_have_the_shares_worked_out_by_hand(
    sample_store: RdfStore,
) -> None:
    drift = topic_drift(sample_store, "jongwoo_ko", window=2)
    first, last = drift.windows[0], drift.windows[-1]
    assert {s.id: s.share for s in first.shares} == {
        t: round(v, 4) for t, v in FIRST.items()
    }
    assert {s.id: s.share for s in last.shares} == {
        t: round(v, 4) for t, v in LAST.items()
    }


def test_total_drift_is_the_jensen_shannon_divergence_worked_out_by_hand(
    sample_store: RdfStore,
) -> None:
    drift = topic_drift(sample_store, "jongwoo_ko", window=2)
    assert drift.total_drift == round(_jsd_by_hand(FIRST, LAST), 4) == 0.2186
    assert drift.path_length == round(sum(s.divergence for s in drift.steps), 4)
