"""Who may call each noise route (shared.access enforces it). Reporters' details are personal data: only nuisance
officers and admins see them; a reporting system (noise_intake: the Noise App's integration, the contact centre)
may only send reports and is answered with a receipt."""
SEES_PEOPLE = ("nuisance_officer", "admin")

ACCESS = {
    "incidents.report_incident": ("noise_intake", *SEES_PEOPLE),
    "incidents.get_incident": SEES_PEOPLE,
    "incidents.assess_incident": ("nuisance_officer",),
    "cases.queue": SEES_PEOPLE,
    "cases.list_cases": SEES_PEOPLE,
    "cases.get_case": SEES_PEOPLE,
}
