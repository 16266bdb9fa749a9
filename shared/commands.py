"""Command-line tools every service offers under `flask --app services.<name>.app sbo ...`."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from shared.accounts.service import create_or_update_user
from shared.audit import verify_chain
from shared.auth import ROLES, issue_token

sbo = AppGroup("sbo", help="Safer Brent Operations commands.")


@sbo.command("token")
@click.option("--user", required=True, help="who the token speaks for, e.g. anpr-gateway")
@click.option("--role", "roles", required=True, multiple=True, type=click.Choice(ROLES), help="repeat for more roles")
@click.option("--minutes", default=60 * 24 * 30, show_default=True, help="how long the token is valid")
def token(user, roles, minutes):
    """Print a signed bearer token for a user and role(s), for scripts and integrations."""
    click.echo(issue_token(current_app.config["SECRET_KEY"], user, roles, minutes))


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


@sbo.command("verify-audit")
def verify_audit():
    """Check this service's audit log hash chain; exit 1 if any row was altered or removed."""
    with current_app.extensions["sbo_db"].transaction() as session:
        intact, _count, message = verify_chain(session, current_app.extensions["sbo_tables"].audit)
    click.echo(message)
    sys.exit(0 if intact else 1)
