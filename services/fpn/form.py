"""The enforcement officers' mobile form for issuing notices, and the service worker that lets it open offline.

The page is public because it holds no data: it signs in and issues through the JSON API with a bearer token.
"""
import hashlib
from pathlib import Path

from flask import Blueprint, Response, render_template

from shared.brent import WARDS

STATIC = Path(__file__).parent / "static"

blp = Blueprint("form", __name__)


@blp.get("/")
def page():
    """The form: sign in, choose the prohibition, describe the offence and offender, issue."""
    return render_template("form.html", wards=WARDS)


@blp.get("/sw.js")
def service_worker():
    """The service worker, served from / so that its scope covers the page.

    Its cache name is a hash of the files it caches, so any change to them makes the browser install it afresh.
    """
    files = [f for f in sorted(STATIC.rglob("*")) if f.is_file() and f.suffix != ".txt"]
    urls = ["/"] + ["/static/" + f.relative_to(STATIC).as_posix() for f in files]
    digest = hashlib.sha256()
    for f in [*files, Path(blp.root_path) / "templates" / "form.html"]:
        digest.update(f.read_bytes())
    body = render_template("sw.js", urls=urls, version=digest.hexdigest()[:16])
    return Response(body, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})

