"""The CCTV Working Group's page, the control room's, and the rota's. Public because they hold no data: they sign in and work
through the JSON API."""
from flask import Blueprint, current_app, render_template

from services.cctv.cameras import camera_rules
from services.cctv.inbox import inbox_rules
from services.cctv.sites import request_rules
from services.cctv.working_group import group_rules

blp = Blueprint("pages", __name__)


@blp.get("/")
def working_group():
    """The agenda and its decisions, the proposed plan, the map, the register and the need at each site."""
    settings = current_app.config["SETTINGS"]
    return render_template("working_group.html", reference={
        "tiles": settings.cctv_map_tiles, "kinds": camera_rules.KINDS, "statuses": camera_rules.STATUSES,
        "problems": request_rules.PROBLEMS, "requesters": request_rules.REQUESTERS,
        "item_kinds": group_rules.ITEM_KINDS, "included_moves": settings.cctv_included_moves,
        "extra_move_cost": settings.cctv_extra_move_cost_pounds, "min_stay": settings.cctv_min_stay_months})


@blp.get("/control-room")
def control_room():
    """The inbox with due dates and overwrite warnings, nuisance-vehicle letters to send and replies awaited, and
    the requests report."""
    return render_template("control_room.html", reference={"categories": inbox_rules.CATEGORIES,
                                                           "kinds": inbox_rules.KINDS})


@blp.get("/rota")
def rota():
    """The control room's rota: for the manager, making, publishing and changing it; for everyone in the control
    room, their own shifts and calendar link."""
    return render_template("rota.html")
