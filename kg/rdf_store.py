"""The RDF store: Oxigraph on disk, one named graph per source file.

Queries run over the union of all graphs, with their parameters bound as
RDF terms, never pasted into the query text as the caller gave them:

- identifiers (IRIs this project minted, checked against a strict pattern)
  and integers go into a ``VALUES`` block at the start of the pattern, where
  the engine joins from them. Oxigraph applies its substitutions only after
  evaluating the whole pattern (measured: 0.8 s against 0.01 s for one
  person's coauthors at 3,000 works), so they are no way to start a join;
- a list of identifiers (a set of people) becomes one ``VALUES`` row per
  identifier;
- free text goes in as an Oxigraph substitution of an ``ox.Literal``, which
  no character can break out of. Oxigraph substitutes only variables the
  query projects, so every parameterised query names its parameters in its
  SELECT clause.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from kg import ids
from kg.errors import QueryError, StoreBusyError, StoreError
from kg.forms import Question
from kg.ids import BASE
from kg.rdf import NT_ESCAPES, Triple, year_literal
from kg.vocab import KGO, PREFIXES, XSD

logger = logging.getLogger(__name__)

Param = str | int | URIRef | RdfLiteral | list[URIRef]
Row = dict[str, Any]

_STAGING = BASE + "staging/"
_COMMIT = "commit.json"
# Names a graph that a load is writing chunk by chunk, before its commit.
_WRITING = "writing.json"
_INTEGER_TYPES = {
    str(XSD.integer),
    str(XSD.int),
    str(XSD.long),
    str(XSD.positiveInteger),
    str(XSD.nonNegativeInteger),
    str(XSD.gYear),
}


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal:
    """Convert an rdflib IRI or literal to the Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store a {type(term).__name__} term: {term!r}")


def from_oxigraph(term: Any) -> Any:
    """A query result term as a plain Python value (IRIs as strings)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype.value in _INTEGER_TYPES:
            return int(term.value)
        return term.value
    return term.value


def _local(value: Any) -> Any:
    """The local id of a record's IRI; any other value as it is."""
    if isinstance(value, str) and value.startswith(BASE):
        return value.rpartition("/")[2]
    return value


_SAFE_IRI = re.compile(r"^[^\x00-\x20<>\"{}|^`\\]+$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _joinable(value: Param) -> bool:
    """Integers, years and this project's own IRIs can start a join safely."""
    if isinstance(value, bool):
        return False
    if isinstance(value, list):
        return all(_joinable(item) for item in value)
    if isinstance(value, int):
        return True
    if isinstance(value, RdfLiteral):
        return value.datatype == XSD.gYear
    return isinstance(value, URIRef) and str(value).startswith(BASE)


def _with_values(query: str, params: Mapping[str, Param]) -> str:
    """Put ``params`` in a VALUES block at the start of the query's pattern."""
    if not params:
        return query
    names = " ".join(f"?{name}" for name in params)
    choices = [v if isinstance(v, list) else [v] for v in params.values()]
    rows = " ".join(
        "(" + " ".join(_values_term(value) for value in row) + ")"
        for row in itertools.product(*choices)
    )
    match = _WHERE.search(query)
    if match is None:
        raise ValueError("a parameterised query needs a WHERE clause")
    block = f" VALUES ({names}) {{ {rows} }}"
    return query[: match.end()] + block + query[match.end() :]


def joined_first(
    question: Question, params: Mapping[str, Any]
) -> tuple[str, dict[str, Param]]:
    """A question's SPARQL with the parameters a join can start from in it.

    Ids, integers and years go into a ``VALUES`` block at the start of the
    first ``WHERE`` (in a sub-select too, where bindings from outside do
    not reach in every engine); the rest are returned, to be bound.
    """
    bound = {name: bound_value(question, name, value) for name, value in params.items()}
    return _joined_first(question.sparql, bound)


def _joined_first(
    query: str, params: Mapping[str, Param]
) -> tuple[str, dict[str, Param]]:
    """``query`` with the joinable ``params`` in it; the others, to be bound."""
    joined = {name: value for name, value in params.items() if _joinable(value)}
    rest = {name: value for name, value in params.items() if name not in joined}
    return _with_values(query, joined), rest


def _values_term(value: str | int | URIRef | RdfLiteral) -> str:
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, RdfLiteral):
        return ntriples_term(value)
    text = str(value)
    if not _SAFE_IRI.match(text):
        raise ValueError(f"not an IRI that can be written into a query: {text!r}")
    return f"<{text}>"


def _param_term(value: Param) -> ox.NamedNode | ox.Literal:
    if isinstance(value, list):
        raise TypeError("a list parameter holds identifiers, and nothing else")
    if isinstance(value, bool):
        raise TypeError("boolean query parameters are not supported")
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(str(XSD.integer)))
    if isinstance(value, str) and not isinstance(value, URIRef):
        return ox.Literal(value)
    return to_oxigraph(value)


def bound_value(question: Question, name: str, value: Any) -> Param:
    """A parameter as the RDF term the store holds: an IRI, a year, a value."""
    if name in question.ids:
        return _as_iris(question.ids[name], value)
    if name in question.years:
        # The literal kg.rdf writes, lexical form and all: "0987"^^xsd:gYear.
        year = year_literal(int(value))
        return RdfLiteral(year.text, datatype=URIRef(str(year.datatype)))
    return value


def _as_iris(kind: str, value: str | list[str]) -> URIRef | list[URIRef]:
    if isinstance(value, list):
        return [URIRef(ids.iri(kind, item)) for item in value]
    return URIRef(ids.iri(kind, value))


def ntriples_term(term: Node) -> str:
    """An rdflib IRI or literal as N-Triples, the same term ``to_oxigraph`` makes."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, RdfLiteral):
        text = str.translate(str(term), NT_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise TypeError(f"cannot store a {type(term).__name__} term: {term!r}")


class Spool:
    """Triples written to N-Triples files, for bulk loads into the store.

    Every IRI written here is minted by ``kg.ids`` or is a vocabulary term,
    and every literal is escaped, so the bulk loader never meets a line it
    refuses halfway through a graph.

    The lines go to chunk files of ``CHUNK`` lines each: Oxigraph's bulk
    loader holds a whole file's new quads in memory (2.7 GB for one 50M-line
    file), a chunk only its own. A full chunk is handed to the ``writer``,
    if there is one.
    """

    # A work repeats its venue's and its authors' triples; lines written
    # lately are skipped, which spares the bulk loader a third of its work.
    RECENT = 1 << 16
    # Loading 100k works' 3.4M lines in chunks of this size took no longer
    # than in one file; chunks of 50k lines took 1.5x as long.
    CHUNK = 1 << 19

    def __init__(self, folder: Path, writer: _GraphWriter | None = None) -> None:
        self._name = uuid.uuid4().hex
        self._folder = folder
        self.writer = writer
        self.chunks: list[Path] = []
        self._open_chunk()
        # Two generations of recent lines: the older is dropped whole when
        # the newer fills up, which keeps each step O(1).
        self._recent: set[str] = set()
        self._older: set[str] = set()

    @property
    def path(self) -> Path:
        """The chunk file being written."""
        return self.chunks[-1]

    def _open_chunk(self) -> None:
        path = self._folder / f"{self._name}-{len(self.chunks):06d}.nt"
        self.chunks.append(path)
        self._out = path.open("w", encoding="utf-8")
        self._room = self.CHUNK

    def add(self, triple: Triple) -> None:
        s, p, o = triple
        if not isinstance(s, URIRef) or not isinstance(p, URIRef):
            raise TypeError(f"subjects and predicates here are IRIs, not {triple!r}")
        self.add_line(f"<{s}> <{p}> {ntriples_term(o)} .\n")

    def add_line(self, line: str) -> None:
        """Write one N-Triples line (``kg.rdf.record_lines`` makes them)."""
        if line in self._recent or line in self._older:
            return
        if len(self._recent) >= self.RECENT:
            self._older, self._recent = self._recent, set()
        self._recent.add(line)
        self._out.write(line)
        self._room -= 1
        if not self._room:
            self.close()
            if self.writer is not None:
                self.writer.load(self.path)
            self._open_chunk()

    def close(self) -> None:
        if not self._out.closed:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()


class _GraphWriter:
    """Bulk-loads a spool's full chunks into a new graph while the spool fills.

    The loads run one at a time in a thread of their own: Oxigraph releases
    the GIL while it bulk-loads, so reading the next chunk's records goes on
    on the other core. A marker names the graph for as long as it is only
    partly written, so that a crash leaves no part of it after the next open.
    """

    def __init__(self, store: ox.Store, graph: URIRef, folder: Path) -> None:
        self._store = store
        self._graph = ox.NamedNode(str(graph))
        self.marker = folder / _WRITING
        _write_json(self.marker, {"graph": str(graph)})
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="kg-bulk-load")
        self._loads: list[Future[None]] = []

    def load(self, chunk: Path) -> None:
        self._loads.append(self._pool.submit(self._bulk_load, chunk))

    def _bulk_load(self, chunk: Path) -> None:
        self._store.bulk_load(
            path=str(chunk), format=ox.RdfFormat.N_TRIPLES, to_graph=self._graph
        )

    def wait(self) -> int:
        """Wait for the loads handed so far; how many chunks they loaded."""
        self._pool.shutdown()
        for load in self._loads:
            load.result()
        return len(self._loads)

    def undo(self) -> None:
        """Drop what the loads wrote, the file having failed."""
        self._pool.shutdown(cancel_futures=True)
        self._store.remove_graph(self._graph)
        self.marker.unlink(missing_ok=True)


def _write_json(path: Path, value: dict[str, Any]) -> None:
    """Write a marker whole or not at all (a rename is atomic)."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(value))
    part.replace(path)


class RdfStore:
    """An Oxigraph store, on disk at ``path`` or in memory when it is None.

    ``read_only`` opens an on-disk store beside a process that writes to it
    (a load still running), for reading only: nothing is recovered or
    dropped, and nothing can be written.
    """

    kind = "rdf"

    def __init__(self, path: Path | None = None, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only and path is not None
        if self.read_only:
            self._store = ox.Store.read_only(str(path))
            self._spool = None
            return
        self._store = self._open(path)
        # Spools live beside an on-disk store, so that a crash leaves them
        # where the next open finds them.
        self._spool = None if path is None else path.with_name(path.name + ".spool")
        self._recover()
        self._drop_staging_graphs()

    @staticmethod
    def _open(path: Path | None) -> ox.Store:
        if path is None:
            return ox.Store()
        try:
            path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"the data folder {path} is in use by another process "
                    f"(is 'kg serve' running on it?); stop that process, or "
                    f"use another --data-dir"
                ) from exc
            raise StoreError(f"cannot open the RDF store at {path}: {exc}") from exc

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store
        if self.path is None and self._spool is not None:
            shutil.rmtree(self._spool, ignore_errors=True)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying Oxigraph store, for the SPARQL endpoint."""
        return self._store

    # Writing ---------------------------------------------------------------

    @contextlib.contextmanager
    def spool(self, into: URIRef | None = None) -> Iterator[Spool]:
        """Files to write a graph's triples to before ``commit`` puts them in.

        With ``into``, a graph the store does not hold, each full chunk is
        bulk-loaded into that graph while the next one is written; for the
        caller's reads the graph is then partly there before the commit.
        If the block fails, the graph is dropped again. The files are
        deleted when the block ends, unless a commit needs them.
        """
        folder = self._spool_folder()
        writer = None if into is None else _GraphWriter(self._store, into, folder)
        spool = Spool(folder, writer)
        try:
            yield spool
        finally:
            spool.close()
            committing = (folder / _COMMIT).exists()
            if writer is not None and writer.marker.exists() and not committing:
                writer.undo()
            if not committing:
                for chunk in spool.chunks:
                    chunk.unlink(missing_ok=True)

    def commit(self, graph: URIRef, spool: Spool) -> int:
        """Replace ``graph`` with the spool's triples; return their count.

        Oxigraph's bulk loader writes far faster than a transaction, but not
        atomically. So a marker naming the graph and the spool's files is
        written first: a load cut short by a crash is finished from the
        files when the store is opened again, and no half-written graph
        stays.
        """
        spool.close()
        marker = spool.path.parent / _COMMIT
        chunks = [chunk.name for chunk in spool.chunks]
        _write_json(marker, {"graph": str(graph), "spools": chunks})
        try:
            loaded = 0 if spool.writer is None else spool.writer.wait()
            self._finish_commit(marker, loaded)
        except OSError as exc:
            raise StoreError(f"writing graph {graph} failed: {exc}") from exc
        return self.graph_size(graph)

    def _finish_commit(self, marker: Path, loaded: int = 0) -> None:
        """Put the graph a commit marker names in place, then drop the marker.

        ``loaded`` chunks are in the graph already (a writer loaded them); with
        none, the graph is emptied first, which a crash's rerun needs.
        """
        plan = json.loads(marker.read_text())
        target = ox.NamedNode(plan["graph"])
        spools = [marker.parent / name for name in plan["spools"]]
        if not loaded:
            self._store.remove_graph(target)
        for spool in spools[loaded:]:
            self._store.bulk_load(
                path=str(spool), format=ox.RdfFormat.N_TRIPLES, to_graph=target
            )
        self._store.flush()
        (marker.parent / _WRITING).unlink(missing_ok=True)
        marker.unlink()
        for spool in spools:
            spool.unlink(missing_ok=True)

    def graph_size(self, graph: URIRef) -> int:
        """How many triples one named graph holds."""
        rows = self._store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        )
        assert isinstance(rows, ox.QuerySolutions)
        return int(next(iter(rows))["n"].value)

    def holds_graphs_besides(self, *graphs: URIRef) -> bool:
        """True if some named graph other than ``graphs`` is in the store."""
        known = {ox.NamedNode(str(graph)) for graph in graphs}
        return any(g not in known for g in self._store.named_graphs())

    def _spool_folder(self) -> Path:
        if self._spool is None:
            self._spool = Path(tempfile.mkdtemp(prefix="kg-spool-"))
        self._spool.mkdir(parents=True, exist_ok=True)
        return self._spool

    def _recover(self) -> None:
        """Finish a commit a crash cut short, or drop a graph it left partial.

        Spools nothing committed are deleted.
        """
        if self._spool is None or not self._spool.exists():
            return
        marker = self._spool / _COMMIT
        writing = self._spool / _WRITING
        if marker.exists():
            logger.warning("finishing a load that was interrupted: %s", marker)
            self._finish_commit(marker)
        elif writing.exists():
            graph = json.loads(writing.read_text())["graph"]
            logger.warning("dropping %s, left partial by an interrupted load", graph)
            self._store.remove_graph(ox.NamedNode(graph))
            self._store.flush()
        for leftover in self._spool.iterdir():
            leftover.unlink()

    def _drop_staging_graphs(self) -> None:
        for graph in list(self._store.named_graphs()):
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(_STAGING):
                logger.warning("dropping %s, left by an interrupted load", graph.value)
                self._store.remove_graph(graph)

    # Reading ---------------------------------------------------------------

    def select(
        self, query: str, params: Mapping[str, Param] | None = None
    ) -> list[Row]:
        """Run a SELECT query with bound parameters; rows of Python values."""
        text, rest = _joined_first(query, params or {})
        substitutions: dict[
            ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
        ] = {ox.Variable(name): _param_term(value) for name, value in rest.items()}
        try:
            solutions = self._store.query(
                text,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions or None,
            )
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [
            {name: from_oxigraph(solution[name]) for name in names}
            for solution in solutions
        ]

    def ask(self, question: Question, params: Mapping[str, Any]) -> list[Row]:
        """Answer a question of ``kg.forms`` in its SPARQL form.

        Parameters named in ``question.ids`` are bound as IRIs, and IRIs of
        records in the answer come back as local ids.
        """
        bound: dict[str, Param] = {
            name: bound_value(question, name, value) for name, value in params.items()
        }
        rows = self.select(question.sparql, bound)
        return [{k: _local(v) for k, v in row.items()} for row in rows]

    def graph_value(self, graph: URIRef, predicate: URIRef) -> str | None:
        """One value stated in a graph about the graph itself, if any."""
        node = ox.NamedNode(str(graph))
        for quad in self._store.quads_for_pattern(
            node, ox.NamedNode(str(predicate)), None, node
        ):
            if isinstance(quad.object, ox.Literal | ox.NamedNode):
                return quad.object.value
        return None

    def union_graph(self) -> Graph:
        """Every triple of every source graph, as one rdflib graph.

        For checks and small exports; it holds the whole store in memory.
        """
        lines = (
            f"{q.subject} {q.predicate} {q.object} .\n"
            for q in self._store.quads_for_pattern(None, None, None, None)
            if not str(q.graph_name).startswith(f"<{_STAGING}")
        )
        return Graph().parse(data="".join(lines), format="nt")

    def count_of(self, cls: URIRef) -> int:
        rows = self.select(
            "SELECT ?cls (COUNT(DISTINCT ?node) AS ?count) "
            "WHERE { ?node a ?cls } GROUP BY ?cls",
            {"cls": cls},
        )
        return int(rows[0]["count"]) if rows else 0

    def summary(self) -> dict[str, int]:
        """How many works, people, venues and sources the store holds."""
        return {
            "works": self.count_of(KGO.Work),
            "people": self.count_of(KGO.Person),
            "venues": self.count_of(KGO.Venue),
            "sources": self.count_of(KGO.Source),
            "triples": len(self._store),
        }
