"""Settings, read once from the environment (prefix ``KG_``) or a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
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
    log_level: LogLevel = "INFO"
    page_size: int = Field(default=20, ge=1, le=1000)
    max_page_size: int = Field(default=200, ge=1, le=10_000)
