"""Who may call each cctv route (shared.access enforces it). The Working Group manages the register, requests,
evidence and plans; the control room sees them all, and records cameras faulty or working again."""
from shared.access import PUBLIC

GROUP = ("cctv_working_group", "admin")
CONTROL_ROOM = ("control_room_manager", "control_room_officer")
SEES = (*GROUP, *CONTROL_ROOM)

ACCESS = {
    "pages.working_group": PUBLIC,  # the pages hold no data: they sign in and work through the API
    "pages.control_room": PUBLIC,
    "pages.rota": PUBLIC,
    "cameras.list_cameras": SEES,
    "cameras.get_camera": SEES,
    "cameras.add_camera": GROUP,
    "cameras.change_status": SEES,
    "cameras.import_fixed": GROUP,
    "sites.list_sites": SEES,
    "sites.get_site": SEES,
    "sites.add_site": GROUP,
    "sites.take_in_request": GROUP,
    "sites.list_requests": SEES,
    "sites.get_request": SEES,
    "sites.record_safeguards": GROUP,
    "sites.decide_request": GROUP,
    "need.need": SEES,
    "need.import_police_records": GROUP,
    "plans.ask_for_plan": GROUP,
    "plans.list_plans": SEES,
    "plans.get_plan": SEES,
    "working_group.open_meeting": GROUP,
    "working_group.list_meetings": SEES,
    "working_group.get_meeting": SEES,
    "working_group.decide_item": GROUP,
    "working_group.agree_minutes": GROUP,
    "working_group.minutes_document": SEES,
    "working_group.list_work_orders": SEES,
    "working_group.record_installed": GROUP,
    "working_group.record_failed": GROUP,
    "working_group.deployment_evidence": SEES,
    # Nuisance vehicles: the cameras' gateway sends reads; keepers' and drivers' details are for the control room.
    "anpr.take_read": ("anpr_intake", *CONTROL_ROOM, "admin"),
    "anpr.add_zone": ("control_room_manager", "admin"),
    **{f"anpr.{name}": (*CONTROL_ROOM, "admin") for name in (
        "list_zones", "list_reads", "list_breaches", "get_breach", "keeper_letter", "record_letter_sent",
        "record_driver")},
    # The rota: the manager (and admins) run it; every control-room member sees their own shifts and calendar
    # link; the feed itself is reached by its private link, which is its own key.
    **{f"rota.{name}": ("control_room_manager", "admin") for name in (
        "list_staff", "add_staff", "change_staff", "new_feed_link", "revoke_feed_link", "list_absences",
        "add_absence", "list_preferences", "add_preference", "remove_preference", "list_shifts", "set_shift",
        "get_demand", "set_demand", "list_events", "add_event", "import_events", "get_rules", "set_rules",
        "ask_for_rota", "list_rotas", "get_rota", "export_rota", "publish_rota", "resolve_rota", "change_rota",
        "list_changes")},
    "rota.my_shifts": CONTROL_ROOM,
    "rota.my_feed_link": CONTROL_ROOM,
    "rota.calendar_feed": PUBLIC,
    # The inbox holds requesters' names and contacts: the control room and admins only.
    **{f"inbox.{name}": (*CONTROL_ROOM, "admin") for name in (
        "log_request", "list_requests", "get_request", "hold_footage", "record_disclosure", "close_request", "report")},
}
