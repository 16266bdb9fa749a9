"""The nuisance officers' page. Public because it holds no data: it signs in and works through the JSON API."""
from flask import Blueprint, render_template

from shared.brent import WARDS
from services.noise import intake_rules, lifecycle

blp = Blueprint("pages", __name__)


@blp.get("/")
def officers():
    """The team's queue, each case's timeline and casework, and the reports."""
    return render_template("officers.html", categories=intake_rules.CATEGORIES, outcomes=lifecycle.CLOSING_OUTCOMES,
                           wards=WARDS)
