"""How a person's topics moved over the years, and how fast.

Counting. Each work counts once, for its primary topic: the assignment with
the highest score, preferring a source's own (OpenAlex, Semantic Scholar)
over one computed from text. The topic is rolled up to the level asked
(topic, subfield, field or domain). A work without topics counts in the
number of works but in no share.

Smoothing. A window's shares are shrunk toward the person's career mix
(the unsmoothed shares over all their works in the range asked):
``p(t) = (n(t) + LAMBDA * career(t)) / (n + LAMBDA)`` with ``LAMBDA = 1``,
as if every window held one more work spread like the whole career. A year
with one work then moves the shares by half, not all the way, and every
share stays above zero where the career has the topic, so divergences are
finite. A window without works has no shares and says so.

Divergence. Between consecutive windows: the Jensen–Shannon divergence in
base 2 (the divergence, not its square root, the distance), from 0 for the
same mix to 1 for mixes with no topic in common.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from kg import forms
from kg.errors import ParameterError
from kg.queries import Backend, get_person
from kg.topics.phrases import KeyPhrase, key_phrases
from kg.topics.scheme import LEVELS, TopicScheme, topic_scheme

LAMBDA = 1.0
SOURCE_ORIGINS = ("openalex", "semantic-scholar")
DIVERGENCE = "Jensen-Shannon divergence, base 2 (0 = same mix, 1 = disjoint)"
SMOOTHING = (
    "shares shrunk toward the career mix: (n(t) + 1 * career(t)) / (n + 1); "
    "each work counts once, for its primary topic"
)
CHANGES_SHOWN = 3

Distribution = dict[str, float]


class TopicShare(BaseModel):
    id: str
    name: str
    share: float
    works: int


class TopicChange(BaseModel):
    id: str
    name: str
    before: float
    after: float
    change: float


class Period(BaseModel):
    """A year or a window of years, with its works and topic shares.

    ``primary`` is the largest share (ties: the first name). ``shares`` is
    empty, and ``primary`` null, when the period has no works.
    """

    start: int
    end: int
    work_count: int
    primary: TopicShare | None
    shares: list[TopicShare]


class Step(BaseModel):
    """From one window to the next: how far the mix moved, and how."""

    before: str
    after: str
    divergence: float | None
    primary_changed: bool
    rose: list[TopicChange]
    fell: list[TopicChange]


class PersonTopics(BaseModel):
    """A person's topic shares per year, and the key phrases of their titles.

    ``key_phrases`` come from the words of the titles, not from the scheme
    (``kg.topics.phrases``); they count works, not shares.
    """

    person: str
    level: str
    from_year: int | None
    to_year: int | None
    work_count: int
    smoothing: str
    career: list[TopicShare]
    years: list[Period]
    key_phrases: list[KeyPhrase]


class Drift(BaseModel):
    person: str
    level: str
    window: int
    divergence: str
    smoothing: str
    summary: str
    work_count: int
    total_drift: float | None
    path_length: float
    centroid_drift: float | None
    windows: list[Period]
    steps: list[Step]


# Rows to counts ----------------------------------------------------------------


def _primary_topics(
    rows: Sequence[Mapping[str, Any]],
) -> dict[str, tuple[int, str | None]]:
    """Each work's year and primary topic (None if it has no topic)."""
    works: dict[str, tuple[int, str | None]] = {}
    best: dict[str, tuple[bool, float, str]] = {}
    for row in rows:
        work = row["work"]
        works.setdefault(work, (row["year"], None))
        if row["topic"] is None:
            continue
        rank = (row["origin"] in SOURCE_ORIGINS, float(row["score"]), row["topic"])
        if work not in best or rank > best[work]:
            best[work] = rank
            works[work] = (row["year"], row["topic"])
    return works


def _lifted(
    works: Mapping[str, tuple[int, str | None]], scheme: TopicScheme, level: str
) -> dict[int, list[str | None]]:
    """Per year, the primary topic of each work at ``level``."""
    by_year: dict[int, list[str | None]] = defaultdict(list)
    for year, topic in works.values():
        by_year[year].append(None if topic is None else scheme.lift(topic, level))
    return dict(by_year)


def _counts(by_year: Mapping[int, list[str | None]], years: range) -> Counter[str]:
    return Counter(t for y in years for t in by_year.get(y, []) if t is not None)


def _share(counts: Counter[str]) -> Distribution:
    total = sum(counts.values())
    return {t: n / total for t, n in counts.items()} if total else {}


def smoothed(counts: Counter[str], career: Distribution) -> Distribution:
    """Shares shrunk toward the career mix (see the module's docstring)."""
    n = sum(counts.values())
    topics = set(career) | set(counts)
    return {
        t: (counts.get(t, 0) + LAMBDA * career.get(t, 0.0)) / (n + LAMBDA)
        for t in topics
    }


def jensen_shannon(p: Distribution, q: Distribution) -> float:
    """Jensen–Shannon divergence of two distributions, in bits (0 to 1)."""

    def kl(a: Distribution, m: Distribution) -> float:
        return sum(v * math.log2(v / m[t]) for t, v in a.items() if v > 0)

    m = {t: (p.get(t, 0.0) + q.get(t, 0.0)) / 2 for t in set(p) | set(q)}
    return max(0.0, 0.5 * kl(p, m) + 0.5 * kl(q, m))


# Shapes ----------------------------------------------------------------------


def _shares(
    dist: Distribution, counts: Counter[str], scheme: TopicScheme
) -> list[TopicShare]:
    shares = [
        TopicShare(
            id=t, name=scheme.label(t), share=round(v, 4), works=counts.get(t, 0)
        )
        for t, v in dist.items()
        if v > 0
    ]
    shares.sort(key=lambda s: (-s.share, -s.works, s.name, s.id))
    return shares


def _period(
    start: int,
    end: int,
    by_year: Mapping[int, list[str | None]],
    career: Distribution,
    scheme: TopicScheme,
) -> tuple[Period, Distribution]:
    years = range(start, end + 1)
    work_count = sum(len(by_year.get(y, [])) for y in years)
    counts = _counts(by_year, years)
    dist = smoothed(counts, career) if work_count else {}
    shares = _shares(dist, counts, scheme)
    return (
        Period(
            start=start,
            end=end,
            work_count=work_count,
            primary=shares[0] if shares else None,
            shares=shares,
        ),
        dist,
    )


def _primary(dist: Distribution, scheme: TopicScheme) -> str | None:
    """The topic with the largest share; ties go to the first name."""
    if not dist:
        return None
    return min(dist, key=lambda t: (-dist[t], scheme.label(t), t))


def _span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}\u2013{end}"


def _changes(
    before: Distribution, after: Distribution, scheme: TopicScheme
) -> tuple[list[TopicChange], list[TopicChange]]:
    changes = [
        TopicChange(
            id=t,
            name=scheme.label(t),
            before=round(before.get(t, 0.0), 4),
            after=round(after.get(t, 0.0), 4),
            change=round(after.get(t, 0.0) - before.get(t, 0.0), 4),
        )
        for t in sorted(set(before) | set(after))
    ]
    rose = sorted((c for c in changes if c.change > 0), key=lambda c: -c.change)
    fell = sorted((c for c in changes if c.change < 0), key=lambda c: c.change)
    return rose[:CHANGES_SHOWN], fell[:CHANGES_SHOWN]


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ParameterError(
            "level", f"is {level!r}; choose one of {', '.join(LEVELS)}"
        )


def _works(
    store: Backend, person_id: str, from_year: int | None, to_year: int | None
) -> dict[str, tuple[int, str | None]]:
    if from_year is not None and to_year is not None and from_year > to_year:
        raise ParameterError(
            "from_year",
            f"{from_year} is after to_year {to_year}; swap them or drop one",
        )
    get_person(store, person_id)
    works = _primary_topics(store.ask(forms.PERSON_TOPICS, {"person": person_id}))
    return {
        w: (year, topic)
        for w, (year, topic) in works.items()
        if (from_year is None or year >= from_year)
        and (to_year is None or year <= to_year)
    }


def _key_phrases(
    store: Backend, person_id: str, works: Mapping[str, object]
) -> list[KeyPhrase]:
    """The key phrases of the titles of ``works`` (ids of the person's works)."""
    rows = store.ask(forms.PERSON_WORKS, {"person": person_id})
    return key_phrases(
        (r["work"], r["year"], r["title"]) for r in rows if r["work"] in works
    )


# Answers ---------------------------------------------------------------------


def person_topics(
    store: Backend,
    person_id: str,
    level: str = "topic",
    from_year: int | None = None,
    to_year: int | None = None,
) -> PersonTopics:
    """A person's topic shares per year, and over the years asked.

    Every year from the first to the last (of the range, or of the works)
    is listed; a year without works has a work count of 0 and no shares.
    """
    _check_level(level)
    scheme = topic_scheme()
    works = _works(store, person_id, from_year, to_year)
    by_year = _lifted(works, scheme, level)
    counts = _counts(
        by_year, range(min(by_year, default=0), max(by_year, default=-1) + 1)
    )
    career = _share(counts)
    first = from_year if from_year is not None else min(by_year, default=None)
    last = to_year if to_year is not None else max(by_year, default=None)
    years = (
        []
        if first is None or last is None
        else [_period(y, y, by_year, career, scheme)[0] for y in range(first, last + 1)]
    )
    return PersonTopics(
        person=person_id,
        level=level,
        from_year=from_year,
        to_year=to_year,
        work_count=len(works),
        smoothing=SMOOTHING,
        career=_shares(career, counts, scheme),
        years=years,
        key_phrases=_key_phrases(store, person_id, works),
    )


def person_key_phrases(
    store: Backend,
    person_id: str,
    from_year: int | None = None,
    to_year: int | None = None,
) -> list[KeyPhrase]:
    """The key phrases of a person's titles in the years asked, most repeated first."""
    return _key_phrases(store, person_id, _works(store, person_id, from_year, to_year))


def topic_drift(
    store: Backend, person_id: str, window: int = 2, level: str = "topic"
) -> Drift:
    """How far and how fast a person's topics moved, window by window.

    Windows of ``window`` years slide one year at a time from the first year
    of the person's works to the last (one window if the career is shorter).
    """
    if not 1 <= window <= 50:
        raise ParameterError(
            "window", f"is {window}; give a number of years from 1 to 50"
        )
    _check_level(level)
    scheme = topic_scheme()
    works = _works(store, person_id, None, None)
    by_year = _lifted(works, scheme, level)
    if not by_year:
        return Drift(
            person=person_id, level=level, window=window, divergence=DIVERGENCE,
            smoothing=SMOOTHING, summary="has no works to measure",
            work_count=0, total_drift=None, path_length=0.0, centroid_drift=None,
            windows=[], steps=[],
        )  # fmt: skip
    first, last = min(by_year), max(by_year)
    career = _share(_counts(by_year, range(first, last + 1)))

    periods = [
        _period(start, min(start + window - 1, last), by_year, career, scheme)
        for start in range(first, max(first, last - window + 1) + 1)
    ]
    steps = [_step(a, b, scheme) for a, b in zip(periods, periods[1:], strict=False)]
    filled = [(p, d) for p, d in periods if p.work_count]
    total = jensen_shannon(filled[0][1], filled[-1][1]) if len(filled) > 1 else 0.0
    return Drift(
        person=person_id,
        level=level,
        window=window,
        divergence=DIVERGENCE,
        smoothing=SMOOTHING,
        summary=summary_line(by_year, career, scheme),
        work_count=len(works),
        total_drift=round(total, 4),
        path_length=round(sum(s.divergence or 0.0 for s in steps), 4),
        centroid_drift=None,
        windows=[p for p, _ in periods],
        steps=steps,
    )


def _step(
    a: tuple[Period, Distribution], b: tuple[Period, Distribution], scheme: TopicScheme
) -> Step:
    (before, p), (after, q) = a, b
    label_a, label_b = _span(before.start, before.end), _span(after.start, after.end)
    if not before.work_count or not after.work_count:
        return Step(
            before=label_a, after=label_b, divergence=None,
            primary_changed=False, rose=[], fell=[],
        )  # fmt: skip
    rose, fell = _changes(p, q, scheme)
    return Step(
        before=label_a,
        after=label_b,
        divergence=round(jensen_shannon(p, q), 4),
        primary_changed=(before.primary and before.primary.id)
        != (after.primary and after.primary.id),
        rose=rose,
        fell=fell,
    )


def summary_line(
    by_year: Mapping[int, list[str | None]], career: Distribution, scheme: TopicScheme
) -> str:
    """ "moved from X (2021–2023) to Y (2024–2025)", split where the mix changed most.

    The career is cut between two years with works at the point where the
    smoothed mixes before and after differ most (Jensen–Shannon); the
    earliest such cut wins a tie.
    """
    years = sorted(y for y, topics in by_year.items() if topics)
    best: tuple[float, int] | None = None
    for i in range(1, len(years)):
        before = smoothed(_counts(by_year, range(years[0], years[i])), career)
        after = smoothed(_counts(by_year, range(years[i], years[-1] + 1)), career)
        divergence = jensen_shannon(before, after)
        if best is None or divergence > best[0] + 1e-12:
            best = (divergence, i)
    whole = _primary(career, scheme)
    if best is None or whole is None:
        name = scheme.label(whole) if whole else "no topic"
        return f"worked on {name} ({_span(years[0], years[-1])})"
    cut = best[1]
    early = _primary(
        smoothed(_counts(by_year, range(years[0], years[cut])), career), scheme
    )
    late = _primary(
        smoothed(_counts(by_year, range(years[cut], years[-1] + 1)), career), scheme
    )
    first_span = _span(years[0], years[cut - 1])
    last_span = _span(years[cut], years[-1])
    if early == late or early is None or late is None:
        return f"stayed with {scheme.label(whole)} ({_span(years[0], years[-1])})"
    return (
        f"moved from {scheme.label(early)} ({first_span}) "
        f"to {scheme.label(late)} ({last_span})"
    )
