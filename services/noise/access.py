"""Who may call each noise route (shared.access enforces it). Reporters' details are personal data: only nuisance
officers and admins see them; a reporting system (noise_intake: the Noise App's integration, the contact centre)
may only send reports and is answered with a receipt."""
from shared.access import API_KEY, PUBLIC
from services.noise.lifecycle import ACTIONS

SEES_PEOPLE = ("nuisance_officer", "admin")

ACCESS = {
    "pages.officers": PUBLIC,  # the page holds no data: it signs in and works through the API
    "incidents.report_incident": ("noise_intake", *SEES_PEOPLE),
    "incidents.get_incident": SEES_PEOPLE,
    "incidents.assess_incident": ("nuisance_officer",),
    "cases.queue": SEES_PEOPLE,
    "cases.list_cases": SEES_PEOPLE,
    "cases.get_case": SEES_PEOPLE,
    "cases.merge": ("nuisance_officer",),
    "reporters.get_reporter": SEES_PEOPLE,
    "reporters.restrict": ("nuisance_officer",),
    "reporters.lift": ("nuisance_officer",),
    "reporters.letters_to_post": SEES_PEOPLE,
    "reporters.letter_pdf": SEES_PEOPLE,
    "reporters.letter_posted": ("nuisance_officer",),
    "team.list_officers": SEES_PEOPLE,
    "team.save_officer": SEES_PEOPLE,  # the team keeps its own cover; every change is audited
    # A reporter's private link is the key: the route checks it (an HMAC no one can make without the secret key),
    # and shows only that reporter's own reports and messages.
    "follow.follow_cases": PUBLIC,
    "follow.log_recurrence": PUBLIC,
    "follow.follow_letter": PUBLIC,
    "follow_pages.follow_page": PUBLIC,
    "follow_pages.report_again": PUBLIC,
    "follow_pages.find_reports": PUBLIC,  # asking for one's link again: the answer never says who reported
    "follow_pages.send_link": PUBLIC,
    "follow_pages.link_sent": PUBLIC,
    # Open311 GeoReport v2: reading is public (statuses only, nothing about anyone: services.noise.open311);
    # posting needs an api_key, checked by the route.
    "open311.discovery": PUBLIC,
    "open311.service_list": PUBLIC,
    "open311.service_definition": PUBLIC,
    "open311.get_requests": PUBLIC,
    "open311.get_request": PUBLIC,
    "open311.post_request": API_KEY,
    "noise_reports.report": SEES_PEOPLE,
    "imports.start_import": SEES_PEOPLE,
    "imports.get_import": SEES_PEOPLE,
    # One route per casework action, open to the roles the lifecycle table gives it.
    **{f"cases.{name}": action.roles for name, action in ACTIONS.items()},
}
