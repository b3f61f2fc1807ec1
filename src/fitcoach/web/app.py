"""The FastAPI application: ``create_app(settings)`` wires store, generator, middleware, errors and routers.

To add an area: write ``api/routes/<area>.py`` and/or ``pages/<area>.py`` each exposing ``router`` and
append the module path to ``API_ROUTERS`` or ``PAGE_ROUTERS`` below.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from fitcoach import __version__
from fitcoach.coach.generator import EngineGenerator, PlanGenerator
from fitcoach.config import Settings, get_settings
from fitcoach.store.db import database_url, make_engine, make_session_factory, migrate
from fitcoach.web import errors
from fitcoach.web.csrf import csrf_protect
from fitcoach.web.security import BodySizeLimitMiddleware, SecurityHeadersMiddleware, load_secret_key
from fitcoach.web.templating import STATIC_DIR

API_PREFIX = "/api/v1"

# Modules exposing ``router``; API routers are mounted under /api/v1, page routers at the root with CSRF checks.
API_ROUTERS: list[str] = [
    "fitcoach.web.api.routes.auth",
    "fitcoach.web.api.routes.me",
    "fitcoach.web.api.routes.tokens",
    "fitcoach.web.api.routes.profile",
    "fitcoach.web.api.routes.plans",
    "fitcoach.web.api.routes.sessions",
    "fitcoach.web.api.routes.nutrition",
    "fitcoach.web.api.routes.body_weights",
    "fitcoach.web.api.routes.game",
    "fitcoach.web.api.routes.dashboard",
    "fitcoach.web.api.routes.chat",
]
PAGE_ROUTERS: list[str] = [
    "fitcoach.web.pages.home",
    "fitcoach.web.pages.accounts",
    "fitcoach.web.pages.dashboard",
    "fitcoach.web.pages.onboarding",
    "fitcoach.web.pages.plans",
    "fitcoach.web.pages.training",
    "fitcoach.web.pages.nutrition",
    "fitcoach.web.pages.chat",
]


def make_plan_generator(settings: Settings) -> PlanGenerator:
    """The configured backend via ``coach.factory`` when it is present, else the rule engine."""
    try:
        factory = importlib.import_module("fitcoach.coach.factory")
    except ModuleNotFoundError:
        return EngineGenerator()
    generator: PlanGenerator = factory.make_generator(settings)
    return generator


def _router(module_path: str) -> APIRouter:
    router: APIRouter = importlib.import_module(module_path).router
    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    url = database_url(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        migrate(url)
        engine = make_engine(url)
        app.state.engine = engine
        app.state.session_factory = make_session_factory(engine)
        app.state.generator = make_plan_generator(settings)
        if settings.warm_chat:
            from fitcoach.web.chat_coach import warm_coach

            # In the background: the app answers pages at once; chat waits only if asked within the warm-up.
            threading.Thread(target=warm_coach, args=(app.state,), name="warm-chat", daemon=True).start()
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="FitCoach",
        version=__version__,
        description="Safe, personalised training plans, nutrition and coaching. JSON API under /api/v1.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    # Added last = outermost: headers go on every response, including 413 and errors.
    app.add_middleware(
        SessionMiddleware,
        secret_key=load_secret_key(settings),
        session_cookie=settings.session_cookie_name,
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.session_cookie_secure,
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.session_cookie_secure)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module_path in API_ROUTERS:
        app.include_router(_router(module_path), prefix=API_PREFIX)
    for module_path in PAGE_ROUTERS:
        app.include_router(_router(module_path), dependencies=[Depends(csrf_protect)], include_in_schema=False)
    return app
