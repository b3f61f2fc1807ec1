"""``fitcoach serve``: run the web app with uvicorn, or fetch one path in-process (``--get``) as a smoke test."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

APP_FACTORY = "fitcoach.web.app:create_app"


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (needs PostgreSQL to scale).")] = 1,
    reload: Annotated[bool, typer.Option("--reload", help="Restart on code changes (development, 1 worker).")] = False,
    warm_chat: Annotated[
        bool,
        typer.Option(
            "--warm-chat/--no-warm-chat",
            help="Load the chat's retrieval model at start-up, in the background (FITCOACH_WARM_CHAT).",
        ),
    ] = True,
    get: Annotated[
        str | None,
        typer.Option("--get", metavar="PATH", help="Fetch PATH in-process, print the body and exit (no server)."),
    ] = None,
) -> None:
    """Run the FitCoach web app and JSON API (/api/v1, docs at /docs). Settings: docs/settings.md."""
    import os

    from pydantic import ValidationError

    from fitcoach.config import get_settings

    # Through the environment, so that every uvicorn worker process sees it too.
    os.environ["FITCOACH_WARM_CHAT"] = "1" if warm_chat and get is None else "0"

    try:
        settings = get_settings()
    except ValidationError as exc:
        problems = "\n".join(f"  {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        typer.echo(f"error: invalid settings\n{problems}", err=True)
        raise typer.Exit(2) from None
    if get is not None:
        raise typer.Exit(_get(get))
    if reload and workers > 1:
        typer.echo("error: --reload runs one worker; drop --workers or --reload", err=True)
        raise typer.Exit(2)
    import uvicorn

    from fitcoach.store.db import database_url, migrate

    # Migrate once here, before any worker starts, so workers never race to create tables.
    migrate(database_url(settings))
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
        log_level="info",
    )


def _get(path: str) -> int:
    """Exit status 0 for a 2xx/3xx answer, 1 otherwise; the body goes to stdout."""
    from fastapi.testclient import TestClient

    from fitcoach.web.app import create_app

    with TestClient(create_app()) as client:
        response = client.get(path, follow_redirects=False)
    sys.stdout.write(response.text + ("" if response.text.endswith("\n") else "\n"))
    if response.status_code >= 400:
        typer.echo(f"HTTP {response.status_code}", err=True)
        return 1
    return 0
