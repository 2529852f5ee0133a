"""Name clusters: the works under one name, split by evidence into people."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from kg.clusters import NameClusterAnswer, name_cluster

router = APIRouter(prefix="/clusters", tags=["clusters"])


@router.get("/{cluster_id}", response_model=NameClusterAnswer)
def read_cluster(store: StoreDep, cluster_id: str) -> NameClusterAnswer:
    """How the works under a name cluster (or a person's name) split.

    Works that share a coauthor form one group; each group and each pair of
    groups comes with its evidence and a confidence. Nothing is merged.
    """
    return name_cluster(store, cluster_id)
