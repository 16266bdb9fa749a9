"""Serves Swagger UI's files from the swagger-ui-bundle package, so the API pages work with no internet access."""
from flask import Blueprint
from swagger_ui_bundle import swagger_ui_path

ASSETS_URL = "/api/v1/docs-assets/"

blp = Blueprint("api_docs_assets", __name__, static_folder=swagger_ui_path, static_url_path=ASSETS_URL.rstrip("/"))
