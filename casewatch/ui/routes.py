"""HTTP answers beside Streamlit's own, served by ``app.py``.

Streamlit answers any unknown path with its index page, whose relative asset links then point
below that path: ``/pages/users.py`` (a page as the repository names its file) loaded nothing and
showed a blank page. A ``/pages/<name>`` path is sent to that page's own address instead (to the
home page when there is no such page); the page itself then decides what the viewer may see.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

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
