"""The network view: the page built from ``api/ui`` with npm, served at /ui.

The built files are not kept in git; ``make run`` builds them when they are
missing or older than their sources. Without them /ui says how to build.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from kg.errors import NotFoundError

UI_SOURCE = Path(__file__).parents[1] / "ui"
UI_BUILT = UI_SOURCE / "dist"

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/ui/")


def mount(app: FastAPI, built: Path = UI_BUILT) -> None:
    """Serve the built page at /ui, or a 404 that says how to build it."""
    app.include_router(router)
    if (built / "index.html").is_file():
        app.mount("/ui", StaticFiles(directory=built, html=True), name="ui")
        return

    @app.get("/ui", include_in_schema=False)
    @app.get("/ui/{path:path}", include_in_schema=False)
    def not_built(path: str = "") -> None:
        raise NotFoundError(
            f"the network view is not built ({built} has no index.html); "
            f"run 'make ui', or 'npm ci && npm run build' in {UI_SOURCE}"
        )
