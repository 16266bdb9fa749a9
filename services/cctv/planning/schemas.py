"""Shapes of rotation plans in the cctv API."""
import marshmallow as ma


class MoveSchema(ma.Schema):
    month = ma.fields.String(metadata={"description": "the first day of the month of the move"})
    camera = ma.fields.String()
    from_site = ma.fields.String(allow_none=True)
    from_name = ma.fields.String(allow_none=True)
    to_site = ma.fields.String()
    to_name = ma.fields.String()
    chargeable = ma.fields.Boolean(metadata={"description": "beyond the month's included moves: the contractor "
                                                            "charges for it"})
    early = ma.fields.Boolean(metadata={"description": "before the camera's minimum stay, by the group's override"})
    months_there = ma.fields.Integer()
    gains = ma.fields.Float(metadata={"description": "need covered at the new site while the camera is there"})
    gives_up = ma.fields.Float(metadata={"description": "need left uncovered at the site it leaves, meanwhile"})
    net = ma.fields.Float()


class ProgressSchema(ma.Schema):
    seconds = ma.fields.Float()
    solutions = ma.fields.Integer()
    value = ma.fields.Float()
    bound = ma.fields.Float()


class PlanSummarySchema(ma.Schema):
    id = ma.fields.Integer()
    first_month = ma.fields.Date()
    requested_by = ma.fields.String()
    requested_at = ma.fields.AwareDateTime()
    status = ma.fields.String(metadata={"description": "queued, solving, finished or failed"})
    progress = ma.fields.Float(metadata={"description": "0 to 1"})
    outcome = ma.fields.String(allow_none=True, metadata={"description": "optimal, feasible (the time ran out) or "
                                                                         "greedy (no better plan was found)"})
    need_covered = ma.fields.Float(allow_none=True)
    greedy_need_covered = ma.fields.Float(allow_none=True)


class PlanSchema(PlanSummarySchema):
    months = ma.fields.Integer()
    rules = ma.fields.Dict(metadata={"description": "the rules and need weights it was made with"})
    time_limit_seconds = ma.fields.Float()
    solutions = ma.fields.List(ma.fields.Nested(ProgressSchema), metadata={"description": "each better plan as "
                                                                                          "the solver found it"})
    bound = ma.fields.Float(allow_none=True, metadata={"description": "no plan can cover more need than this"})
    moves = ma.fields.List(ma.fields.Nested(MoveSchema))
    greedy_moves = ma.fields.List(ma.fields.Nested(MoveSchema))
    sites = ma.fields.List(ma.fields.Dict(), metadata={"description": "the sites and need it was made from"})
    failure = ma.fields.String(allow_none=True)
    started_at = ma.fields.AwareDateTime(allow_none=True)
    finished_at = ma.fields.AwareDateTime(allow_none=True)
