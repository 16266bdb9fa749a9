"""Shapes of cameras and their deployments in the cctv API (also its OpenAPI document)."""
import marshmallow as ma
from marshmallow import validate

from shared.schema_fields import needed, required_text
from services.cctv.cameras import camera_rules


class CameraCreateSchema(ma.Schema):
    """A camera to add to the register."""

    asset_id = required_text(1, 40, enter="Enter the camera's asset id", what="The asset id")
    kind = needed(ma.fields.String, "Select the kind of camera: fixed, deployable or deployable with ANPR",
                  validate=validate.OneOf(list(camera_rules.KINDS), error="Select the kind of camera: fixed, "
                                          "deployable or deployable with ANPR"),
                  metadata={"description": "one of: " + ", ".join(camera_rules.KINDS)})
    status = needed(ma.fields.String, "Select the camera's status",
                    validate=validate.OneOf(list(camera_rules.STATUSES), error="Select the camera's status"),
                    metadata={"description": "one of: " + ", ".join(camera_rules.STATUSES)})
    site = ma.fields.String(allow_none=True, validate=validate.Length(max=20),
                            metadata={"description": "the reference of the site it is at (CS-0001), if deployed"})
    deployed_on = ma.fields.Date(allow_none=True, error_messages={"invalid": "Enter the date it was deployed as a "
                                                                             "real date"})
    notes = ma.fields.String(allow_none=True, validate=validate.Length(max=2000))


class StatusChangeSchema(ma.Schema):
    status = needed(ma.fields.String, "Select faulty, deployed (working at its site) or in store",
                    validate=validate.OneOf(["faulty", "deployed", "in_store"],
                                            error="Select faulty, deployed (working at its site) or in store"))
    note = ma.fields.String(allow_none=True, validate=validate.Length(max=2000))


class SiteBriefSchema(ma.Schema):
    reference = ma.fields.String()
    name = ma.fields.String()
    ward = ma.fields.String()
    latitude = ma.fields.Float(allow_none=True)
    longitude = ma.fields.Float(allow_none=True)


class DeploymentSchema(ma.Schema):
    id = ma.fields.Integer(metadata={"description": "its evidence before, during and after: "
                                                    "/api/v1/deployments/{id}/evidence"})
    site = ma.fields.Nested(SiteBriefSchema)
    installed_on = ma.fields.Date()
    review_due_on = ma.fields.Date(allow_none=True)
    removed_on = ma.fields.Date(allow_none=True)
    evaluation_due_on = ma.fields.Date(allow_none=True)


class CameraSchema(ma.Schema):
    asset_id = ma.fields.String()
    kind = ma.fields.String()
    status = ma.fields.String()
    site = ma.fields.Nested(SiteBriefSchema, allow_none=True)
    deployed_on = ma.fields.Date(allow_none=True)
    stay_override = ma.fields.String(allow_none=True)
    notes = ma.fields.String(allow_none=True)
    deployments = ma.fields.List(ma.fields.Nested(DeploymentSchema), metadata={"description": "its full history"})


class CameraQuerySchema(ma.Schema):
    kind = ma.fields.String(validate=validate.OneOf(list(camera_rules.KINDS), error="Choose fixed, deployable or "
                                                                                     "deployable_anpr"))
    status = ma.fields.String(validate=validate.OneOf(list(camera_rules.STATUSES),
                                                      error="Choose deployed, in_store, faulty or awaiting_install"))


class ImportResultSchema(ma.Schema):
    added = ma.fields.Integer()
    already_there = ma.fields.Integer()
