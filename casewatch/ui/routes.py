"""HTTP answers beside Streamlit's own, served by ``app.py``.

Streamlit answers any unknown path with its index page, whose relative asset links then point
below that path: ``/pages/users.py`` (a page as the repository names its file) loaded nothing and
showed a blank page. A ``/pages/<name>`` path is sent to that page's own address instead (to the
home page when there is no such page); the page itself then decides what the viewer may see.

``PreloadHints`` adds to every HTML page an HTTP ``Link`` header naming the frontend chunks a first
visit loads late (casewatch.ui.first_paint), so the browser fetches and parses them while the page
loads.
"""

from __future__ import annotations

from pathlib import Path

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casewatch.ui import first_paint

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"


def page_address(name: str) -> str:
    """The url path of the page whose file is ``pages/<name>`` (``.py`` optional), else ""."""
    stem = name.removesuffix(".py")
    return stem if stem.isidentifier() and (PAGES_DIR / f"{stem}.py").is_file() else ""


async def page_file(request: Request) -> RedirectResponse:
    query = request.url.query
    # relative, so that the redirect holds under a server.baseUrlPath too
    target = "../" + page_address(request.path_params["name"]) + (f"?{query}" if query else "")
    return RedirectResponse(target, status_code=302)


ROUTES = [Route("/pages/{name}", page_file, methods=["GET", "HEAD"])]


def preload_link(files: tuple[str, ...]) -> bytes:
    """The ``Link`` header value: each chunk relative to the page, as the page's own index links its
    scripts (so it holds under a server.baseUrlPath too); a module preload fetches and parses a
    module without running it."""
    return ", ".join(f"<./static/js/{name}>; rel=modulepreload; crossorigin" for name in files).encode("ascii")


class PreloadHints:
    """ASGI middleware: a ``Link`` preload header on the app's HTML answers (Streamlit's index page,
    whatever the page path); other answers pass unchanged."""

    def __init__(self, app: ASGIApp, files: tuple[str, ...] | None = None) -> None:
        self.app = app
        chosen = first_paint.chart_files() if files is None else files
        self.link = preload_link(chosen) if chosen else b""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.link or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return

        async def send_with_link(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = next((value for key, value in headers if key.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    message = {**message, "headers": [*headers, (b"link", self.link)]}
            await send(message)

        await self.app(scope, receive, send_with_link)


MIDDLEWARE = [Middleware(PreloadHints)]
