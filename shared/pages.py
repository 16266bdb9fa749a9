"""How every service serves its pages: one base template with GOV.UK Frontend, and static files that are cheap on a
poor mobile signal.

- Static files (the service's own `static/` folder merged with `shared/static/`, which holds GOV.UK Frontend) are
  served by WhiteNoise under `/static/<version>/`, where the version is a hash of every file's content. A release
  that changes any file changes every URL, so the browser fetches it once and never uses a stale copy; the files
  are sent with `Cache-Control: max-age=31536000, immutable`, and as brotli or gzip, compressed once when the
  service starts (`var/static/<service>/<version>/`, shared by its processes).
- Pages and API answers are compressed by Flask-Compress where it pays (500 bytes or more), except sign-in and
  token answers, which carry secrets (so that no one can learn them from compressed sizes, as in BREACH).
- A page template extends `base.html` and links its files with `asset_url('css/form.css')`.

`register_pages(app, pages)` does all of this; `pages` lists each page's path, name and the selector of the element
that shows it is ready to use, for `make bench` to measure.
"""
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, request
from flask_compress import Compress
from swagger_ui_bundle import swagger_ui_path
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from shared.settings import VAR_DIR

SHARED_STATIC = Path(__file__).parent / "static"
SWAGGER_UI_FILES = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js")  # what the API
# documentation page loads (flask-smorest's template), from the swagger-ui-bundle package: no internet needed
YEAR = 365 * 24 * 3600
NOT_COMPRESSED = ("/api/v1/auth/", "/api/v1/integration-tokens",  # answers that carry tokens
                  "/follow/", "/api/v1/follow/")  # a reporter's private link, in its page's forms
COMPRESSED_TYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                    "application/problem+json", "text/csv"]


@dataclass(frozen=True)
class Page:
    """A page a service serves: where, what it is, and the selector of an element that is there once it is usable."""

    path: str
    name: str
    ready: str


class Assets:
    """A service's static files, built into one folder per version: copied, then compressed with brotli and gzip."""

    def __init__(self, service: str, sources: list[Path], build_root: Path, compress: bool = True,
                 only: tuple[str, ...] | None = None):
        self.service, self.sources, self.build_root, self.compress = service, sources, build_root, compress
        self.only, self.version, self.folder = only, "", None

    def files(self) -> dict[str, Path]:
        """Every file by its path under /static/<version>/; a service's own file wins over a shared one."""
        found = {}
        for source in self.sources:
            for path in sorted(source.rglob("*")):
                name = path.relative_to(source).as_posix()
                if path.is_file() and path.suffix != ".txt" and (self.only is None or name in self.only):
                    found.setdefault(name, path)
        return found

    def build(self) -> str:
        """Build the current files (unless this version is built already); return the version."""
        files = self.files()
        digest = hashlib.sha256()
        for name, path in sorted(files.items()):
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        version = digest.hexdigest()[:12] + ("" if self.compress else "-plain")
        folder = self.build_root / self.service / version
        if not folder.exists():
            self.build_root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{self.service}-", dir=self.build_root))
            compressor = Compressor(quiet=True)
            for name, path in files.items():
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                if self.compress and compressor.should_compress(name):
                    for _ in compressor.compress(str(target)):
                        pass
            (self.build_root / self.service).mkdir(exist_ok=True)
            try:
                os.rename(staging, folder)  # whole or not at all: another process may be building it too
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
        self.version, self.folder = version, folder
        return version

    def url(self, name: str) -> str:
        """The URL of a static file, carrying the version."""
        return f"/static/{self.version}/{name}"

    def urls(self) -> list[str]:
        """The URL of every static file of this version (for the service worker to keep)."""
        return [self.url(name) for name in sorted(self.files())]


def _long_lived(headers, path, url):
    headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"


def _not_cached(headers, path, url):
    headers["Cache-Control"] = "no-cache"


def register_pages(app: Flask, pages: list[Page], static_folder: Path | None = None) -> Assets:
    """Serve the app's pages and static files as the module says; `app.config["PAGES_PLAIN"]` (for the benchmark's
    baseline only) serves them uncompressed and with `Cache-Control: no-cache` instead."""
    plain = app.config.get("PAGES_PLAIN", False)
    sources = [s for s in (static_folder, SHARED_STATIC) if s is not None]
    assets = Assets(app.config["SERVICE"], sources, VAR_DIR / "static", compress=not plain)
    assets.build()
    docs = Assets("swagger-ui", [Path(swagger_ui_path)], VAR_DIR / "static", compress=not plain,
                  only=SWAGGER_UI_FILES)
    docs.build()
    app.wsgi_app = WhiteNoise(app.wsgi_app, max_age=None,
                              add_headers_function=_not_cached if plain else _long_lived)
    for built in (assets, docs):
        _serve(app, built)
    app.config["OPENAPI_SWAGGER_UI_URL"] = docs.url("")
    app.extensions["sbo_assets"], app.extensions["sbo_pages"] = assets, pages
    app.jinja_env.globals["asset_url"] = assets.url
    app.register_blueprint(Blueprint("shared_pages", __name__, template_folder="templates"))
    @app.after_request
    def pages_are_checked_every_time(response):
        if response.mimetype == "text/html" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"  # a page names this version's files: never keep it stale
        return response

    if not plain:
        app.config.update(COMPRESS_REGISTER=False, COMPRESS_MIMETYPES=COMPRESSED_TYPES)
        compress = Compress(app)

        @app.after_request
        def compress_where_it_pays(response):
            if request.path.startswith(NOT_COMPRESSED):
                return response
            return compress.after_request(response)
    return assets


def _serve(app: Flask, built: Assets) -> None:
    """Let WhiteNoise (the app's outermost layer) serve one built version under its URLs."""
    app.wsgi_app.add_files(str(built.folder), prefix=f"/static/{built.version}/")


def release(app: Flask) -> str:
    """Build the static files again after they changed (a new release, without a restart); return the version."""
    assets = app.extensions["sbo_assets"]
    assets.build()
    _serve(app, assets)
    return assets.version
