"""How long topic assignment takes, and what of it is the field prior.

    python -m bench.topics --works 1000 --repeat 3

The works are the sample page's ten (titles, abstracts, venues), repeated
with numbered titles, so each has a real abstract's length. Prints one row
per step, median of the runs, in seconds: building the topic index from
the scheme (once per scheme version), reading it from the disk cache, and
assigning topics to all the works; the baseline row is the TF-IDF cosine
alone (no synonyms, no field prior, no choosing), measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kg.model import Work
from kg.topics import assign
from kg.topics.scheme import topic_scheme
from loaders import read_records

SAMPLE = Path(__file__).parents[1] / "tests" / "data" / "author-cluster-jongwoo-ko.txt"


def _works(count: int) -> list[Work]:
    sample = [r for r in read_records(SAMPLE) if isinstance(r, Work)]
    return [
        sample[i % len(sample)].model_copy(
            update={"title": f"{sample[i % len(sample)].title} ({i})"}
        )
        for i in range(count)
    ]


def _median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=1000, help="works to assign")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step")
    args = parser.parse_args()

    works = _works(args.works)
    scheme = topic_scheme()
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        build = _median(lambda: assign.build_index(scheme), args.repeat)
        index = assign.build_index(scheme)
        assign._save(index, assign._cache_file(cache, scheme))
        read = _median(
            lambda: assign._load(assign._cache_file(cache, scheme)), args.repeat
        )
    texts = [f"{w.title}\n{w.abstract or ''}" for w in works]
    baseline = _median(lambda: index.similarities(texts), args.repeat)
    full = _median(lambda: assign.assign_topics(works, index), args.repeat)

    print(f"{args.works} works, {len(index.topic_ids)} topics, median of {args.repeat}")
    print(f"{'step':<40} {'seconds':>8}")
    for step, seconds in (
        ("build the topic index", build),
        ("read the index from the disk cache", read),
        (f"baseline: cosine only, {args.works} works", baseline),
        (f"assign topics to {args.works} works", full),
    ):
        print(f"{step:<40} {seconds:>8.3f}")


if __name__ == "__main__":
    main()
