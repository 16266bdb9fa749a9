"""Command-line tools every service offers under `flask --app services.<name>.app sbo ...`."""
import sys
from datetime import datetime, timezone

import click
from flask import current_app
from flask.cli import AppGroup

from shared.accounts.service import create_or_update_user, deactivate_user
from shared.accounts.tokens import create_integration_token, revoke_integration_token
from shared import jobs
from shared.audit import read_checkpoints, verify_chain
from shared.brent import london_date
from shared.auth import ROLES, issue_token

sbo = AppGroup("sbo", help="Safer Brent Operations commands.")


@sbo.command("token")
@click.option("--name", required=True, help="the integration it speaks for, e.g. anpr-gateway")
@click.option("--role", "roles", required=True, multiple=True, type=click.Choice(ROLES), help="repeat for more roles")
@click.option("--days", required=True, type=click.IntRange(1, 366), help="how many days it is valid (1 to 366)")
@click.option("--by", "created_by", default="command line", show_default=True, help="who is asking for it")
def token(name, roles, days, created_by):
    """Print a bearer token for an integration; it is listed (GET /api/v1/integration-tokens) and can be revoked."""
    now = datetime.now(timezone.utc)
    with current_app.extensions["sbo_db"].transaction() as session:
        row = create_integration_token(session=session, name=name, roles=roles, days=days, created_by=created_by,
                                       now=now)
    click.echo(issue_token(current_app.config["SECRET_KEY"], name, roles, days * 24 * 60, token_id=row.id))
    click.echo(f"token id {row.id}, valid until {row.expires_at:%Y-%m-%d %H:%M} UTC", err=True)


@sbo.command("revoke-token")
@click.argument("token_id")
def revoke_token(token_id):
    """Revoke an integration token by its id: it stops working at once."""
    with current_app.extensions["sbo_db"].transaction() as session:
        revoke_integration_token(session=session, token_id=token_id, revoked_by="command line",
                                 now=datetime.now(timezone.utc))
    click.echo(f"token {token_id} revoked")


@sbo.command("deactivate-user")
@click.option("--user", required=True)
def deactivate(user):
    """Stop an account signing in; its tokens stop working at once."""
    with current_app.extensions["sbo_db"].transaction() as session:
        deactivate_user(session=session, username=user)
    click.echo(f"{user} can no longer sign in")


@sbo.command("create-user")
@click.option("--user", required=True)
@click.option("--name", default="")
@click.option("--role", "roles", required=True, multiple=True, type=click.Choice(ROLES))
@click.password_option()
def create_user(user, name, roles, password):
    """Create an account that signs in to the pages with a password (or reset one)."""
    with current_app.extensions["sbo_db"].transaction() as session:
        create_or_update_user(session=session, username=user, password=password, roles=roles, display_name=name)
    click.echo(f"{user} can now sign in with roles: {', '.join(roles)}")


@sbo.command("run-job")
@click.argument("job_id")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="the London day to run it for (default today)")
def run_job(job_id, as_of):
    """Run one of this service's scheduled jobs now, here, for today or another day (e.g. to catch up a night)."""
    try:
        job = jobs.find(current_app, job_id)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="JOB_ID") from None
    day = as_of.date() if as_of else london_date(datetime.now(timezone.utc))
    outcome = (job.get("run_now") or job["func"])(day)
    click.echo(outcome or f"{job_id} ran for {day}")


@sbo.command("verify-audit")
def verify_audit():
    """Check this service's sealed audit chain against its checkpoints; exit 1 if any row was altered, re-sealed or
    removed."""
    with current_app.extensions["sbo_db"].transaction() as session:
        intact, _count, message = verify_chain(session, current_app.extensions["sbo_tables"].audit,
                                               read_checkpoints(jobs.checkpoint_path(current_app)))
    click.echo(message)
    sys.exit(0 if intact else 1)
