"""Quality assurance: each month's random sample of officers' notices for review, the reviews' outcomes, and each
officer's mix of notices against the rest of the team's (supervisors and admins)."""
from datetime import datetime, timezone

from flask import current_app
from flask_smorest import Blueprint

from shared.auth import current_caller
from shared.report_tables import in_order
from shared.sessions import db_session
from services.fpn import quality
from services.fpn.schemas import (MixQuerySchema, OfficerMixSchema, ReviewOutcomeSchema, ReviewQuerySchema,
                                  ReviewSchema, SampleRequestSchema)

blp = Blueprint("quality", __name__, url_prefix="/api/v1", description="Quality assurance")


@blp.post("/reviews/samples")
@blp.arguments(SampleRequestSchema())
@blp.response(201, ReviewSchema(many=True))
def draw_sample(body):
    """Draw a month's random sample of each officer's notices (SBO_FPN_REVIEW_SHARE of them, at least one each);
    the scheduler draws last month's on the 1st. Drawing a month again returns its sample, unchanged."""
    session = db_session()
    drawn = quality.draw_sample(session=session, month=body["month"],
                                share=current_app.config["SETTINGS"].fpn_review_share,
                                actor=current_caller().username, now=datetime.now(timezone.utc))
    session.commit()
    return drawn


@blp.get("/reviews")
@blp.arguments(ReviewQuerySchema(), location="query")
@blp.response(200, ReviewSchema(many=True))
def list_reviews(query):
    """The sampled notices, those still to review first."""
    return quality.reviews(session=db_session(), month=query.get("month"), waiting=query["waiting"])


@blp.post("/reviews/<int:review_id>")
@blp.arguments(ReviewOutcomeSchema())
@blp.response(200, ReviewSchema)
def record_review(body, review_id):
    """Record a review's outcome: correct, or a problem with its reason."""
    session = db_session()
    review = quality.record_review(session=session, review_id=review_id, outcome=body["outcome"],
                                   reason=body["reason"], actor=current_caller().username,
                                   now=datetime.now(timezone.utc))
    session.commit()
    return review


@blp.get("/reports/officer-mix")
@blp.arguments(MixQuerySchema(), location="query")
@blp.response(200, OfficerMixSchema)
def officer_mix(query):
    """Each officer's notices in the period by notice type and outcome, cancellations, representations upheld and
    review problems, against the rest of the team's mix; a notice type far above the team's share is flagged."""
    in_order(query["from_"], query["to"])
    mix = quality.officer_mix(session=db_session(), start=query["from_"], end=query["to"])
    return {**mix, "from_": mix["from"]}
