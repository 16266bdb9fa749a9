"""Who may call each fpn route (shared.access enforces it; officers see only their own notices: services.fpn.notices)."""
from shared.access import PUBLIC
from shared.auth import ROLES
from services.fpn.lifecycle import ACTIONS, people_who_may
from services.fpn.notices import VIEW_ALL

OFFICERS_AND_SUPERVISORS = ("enforcement_officer", *VIEW_ALL)

ACCESS = {
    "form.page": PUBLIC,  # the page holds no data: it signs in and issues through the API
    "form.service_worker": PUBLIC,
    "office.page": PUBLIC,
    # Open data: counts only, nothing about a person, under the Open Government Licence.
    "open_data.page": PUBLIC,
    "open_data.monthly_csv": PUBLIC,
    "open_data.monthly_json": PUBLIC,  # the back office page holds no data either: it works through the API
    "register.list_orders": ROLES,
    "register.add_order": ("admin",),
    "register.add_variation": ("admin",),
    "register.add_term": ("admin",),
    "register.add_cap": ("admin",),
    "notices.issue_notice": ("enforcement_officer",),
    "notices.list_notices": OFFICERS_AND_SUPERVISORS,
    "notices.get_notice": OFFICERS_AND_SUPERVISORS,
    "notices.get_notice_pdf": OFFICERS_AND_SUPERVISORS,
    "notices.get_history": OFFICERS_AND_SUPERVISORS,
    "reports.outcomes": VIEW_ALL,
    "register.add_policy": ("admin",),
    "policy.earlier": OFFICERS_AND_SUPERVISORS,
    **{f"quality.{name}": VIEW_ALL for name in ("draw_sample", "list_reviews", "record_review", "officer_mix")},
    # Evidence packs and footage requests: the back office's (the footage is kept and released there).
    **{f"evidence.{name}": VIEW_ALL for name in ("get_pack", "request_footage", "waiting_requests",
                                                 "release_footage", "due_for_deletion", "record_deletion")},
    "officers.list_officers": OFFICERS_AND_SUPERVISORS,
    "officers.my_profile": ROLES,
    "officers.set_profile": ("admin",),
    "officers.give_block": ("enforcement_officer",),
    "officers.list_blocks": OFFICERS_AND_SUPERVISORS,
    "officers.return_block": OFFICERS_AND_SUPERVISORS,
    # One route per lifecycle action, open to the roles the lifecycle table gives it.
    **{f"notices.{name}": people_who_may(action) for name, action in ACTIONS.items()},
}
