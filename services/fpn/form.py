"""The enforcement officers' mobile form for issuing notices, and the service worker that lets it open offline.

The page is public because it holds no data: it signs in and issues through the JSON API with a bearer token.
"""
import hashlib
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template

from shared.brent import WARDS

blp = Blueprint("form", __name__)


@blp.get("/")
def page():
    """The form: sign in, choose the prohibition, describe the offence and offender, issue."""
    return render_template("form.html", wards=WARDS)


@blp.get("/sw.js")
def service_worker():
    """The service worker, served from / so that its scope covers the page.

    It keeps the page and this version's static files (their URLs carry the version, shared.pages). Its cache name
    is a hash of that version and of the page's template, so any change to either makes the browser install it
    afresh and drop the old copy.
    """
    assets = current_app.extensions["sbo_assets"]
    digest = hashlib.sha256(assets.version.encode())
    for template in ("form.html", "base.html"):
        digest.update(Path(current_app.jinja_env.get_or_select_template(template).filename).read_bytes())
    body = render_template("sw.js", urls=assets.urls(), version=digest.hexdigest()[:16])
    return Response(body, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})
