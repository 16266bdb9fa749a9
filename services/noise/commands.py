"""noise's commands: `flask --app services.noise.app noise import FILE [--mapping M] [--by USER]`, and
`... noise follow-link EMAIL-OR-PHONE` (a reporter's private link, to give them again)."""
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click
from sqlalchemy import select
from flask import current_app
from flask.cli import AppGroup

from shared.errors import Problem
from services.noise import imports, reporter_rules, reporters
from services.noise.models import Import, Reporter

noise = AppGroup("noise", help="The noise service's commands.")


@noise.command("import")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSON of the report's fields to the file's column headings (default: the Noise App's)")
@click.option("--by", "imported_by", default="command line", help="who is importing, for the record")
def import_export(export: Path, mapping: Path | None, imported_by: str):
    """Import a Noise App export (CSV), showing a progress bar, then print what became of its rows. The file is
    read where it is, and kept."""
    db, settings = current_app.extensions["sbo_db"], current_app.config["SETTINGS"]
    chosen = json.loads(mapping.read_text()) if mapping else None
    with db.transaction() as session:
        record = Import(filename=export.name, imported_by=imported_by, mapping=chosen)
        session.add(record)
        session.flush()
        import_id = record.id
    copy = imports.upload_path(import_id)  # the import deletes what it read: work on a copy
    copy.parent.mkdir(parents=True, exist_ok=True)
    with export.open("rb") as source, copy.open("wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)
    with click.progressbar(length=copy.stat().st_size, label=f"Importing {export.name}") as bar:
        done = {"bytes": 0}

        def progress(read: int, total: int) -> None:
            bar.update(read - done["bytes"])
            done["bytes"] = read

        try:
            counts = imports.run(transaction=db.transaction, import_id=import_id, path=copy, mapping=chosen,
                                 now=lambda: datetime.now(timezone.utc), needed=settings.noise_qualifying_occasions,
                                 gap=timedelta(hours=settings.noise_occasion_gap_hours), progress=progress)
        except Problem as refused:
            copy.unlink(missing_ok=True)
            raise click.ClickException(refused.detail)
    click.echo(f"Import {import_id}: {counts['read']} rows read, {counts['added']} added, "
               f"{counts['already_there']} already there, {counts['rejected']} rejected.")
    if counts["rejected"]:
        click.echo(f"Rejected rows and why: GET /api/v1/imports/{import_id}")



@noise.command("follow-link")
@click.argument("contact")
def follow_link(contact: str):
    """Print the private link of the reporter with this e-mail address or phone number (to give it to them again,
    say when they phone for it)."""
    key = reporter_rules.contact_key({"email": contact} if "@" in contact else {"phone": contact})
    with current_app.extensions["sbo_db"].transaction() as session:
        reporter = session.scalar(select(Reporter).where(Reporter.contact_key == key)) if key else None
        if reporter is None:
            raise click.ClickException("No reporter has that e-mail address or phone number.")
        click.echo(reporters.follow_link(reporters.Reach.from_settings(current_app.config["SETTINGS"]), reporter))
