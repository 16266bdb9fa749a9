"""Shapes of need scores and police imports in the cctv API."""
import marshmallow as ma

from services.cctv.cameras.schemas import SiteBriefSchema


class PartSchema(ma.Schema):
    kind = ma.fields.String()
    records = ma.fields.Integer()
    weight = ma.fields.Float()
    points = ma.fields.Float()
    newest = ma.fields.Date(allow_none=True)


class SiteNeedSchema(ma.Schema):
    site = ma.fields.Nested(SiteBriefSchema)
    need = ma.fields.Float()
    parts = ma.fields.List(ma.fields.Nested(PartSchema), metadata={"description": "how the score was made"})


class WeightSchema(ma.Schema):
    kind = ma.fields.String()
    label = ma.fields.String()
    weight = ma.fields.Float()


class NeedSchema(ma.Schema):
    weights = ma.fields.List(ma.fields.Nested(WeightSchema))
    half_life_days = ma.fields.Float()
    radius_metres = ma.fields.Float()
    ward_share = ma.fields.Float(metadata={"description": "the share of its weight a record known only by its ward "
                                                          "gives each site in that ward"})
    sites = ma.fields.List(ma.fields.Nested(SiteNeedSchema))


class PoliceImportSchema(ma.Schema):
    id = ma.fields.Integer()
    filename = ma.fields.String()
    imported_at = ma.fields.AwareDateTime()
    rows_added = ma.fields.Integer()
    rows_already_there = ma.fields.Integer()
