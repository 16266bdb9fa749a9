"""The outbox relay job: hand a service's waiting events to the broker."""
import logging

from shared import outbox

log = logging.getLogger(__name__)


def relay_job(app):
    """A scheduler job that relays the service's waiting events; the broker being down just means next time."""
    outbox_model = app.extensions["sbo_tables"].outbox

    def run(as_of=None):
        database, celery = app.extensions["sbo_db"], app.extensions["celery"]
        with database.transaction() as session:
            sent = outbox.relay(session, outbox_model, celery)
        if sent:
            log.info("outbox relayed", extra={"service": app.config["SERVICE"], "events": sent})

    # Every half second by default (SBO_RELAY_INTERVAL_SECONDS): an event waits at most that long for the broker,
    # so a qualifying noise case reaches the team's queue within a second. A pass finding nothing is one indexed read.
    return {"func": run, "trigger": "interval", "seconds": app.config["SETTINGS"].relay_interval_seconds,
            "id": f"{app.config['SERVICE']}.relay_outbox",
            "name": f"relay the {app.config['SERVICE']} outbox"}
