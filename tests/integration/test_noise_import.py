"""A Noise App export uploaded through the API is imported by a real worker, its progress and report readable as
it goes; the command imports a file with a progress bar."""
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.noise.models import Incident
from tests.conftest import bearer
from tests.integration.conftest import relay_until
from tests.noise.test_imports import export, row

pytestmark = pytest.mark.integration


def test_an_uploaded_export_is_imported_in_the_background_with_its_report(apps, start_worker, committed, tmp_path,
                                                                          monkeypatch):
    from services.noise import imports

    noise = apps["noise"]
    start_worker("noise", SBO_VAR_DIR=str(tmp_path))  # the web app and the worker share the uploads' folder
    monkeypatch.setattr(imports, "VAR_DIR", tmp_path)
    tag = uuid.uuid4().hex[:6]
    data = export([row(f"{tag}-1", 9), row(f"{tag}-2", 5, Ward="Nowhere"), row(f"{tag}-3", 2)])
    headers = bearer("nuisance.adeyemi", "nuisance_officer")
    started = noise.test_client().post("/api/v1/imports?filename=october.csv", data=data,
                                       headers={**headers, "Content-Type": "text/csv"})
    assert started.status_code == 202, started.json
    assert started.json["status"] == "queued" and started.headers["Location"].endswith(str(started.json["id"]))

    def finished():
        answer = noise.test_client().get(started.headers["Location"], headers=headers).json
        return answer if answer["status"] == "finished" else None

    report = relay_until(noise, finished, 60, "the import to finish")
    assert (report["progress"], report["rows_added"], report["rows_rejected"]) == (100, 2, 1)
    assert report["rejections"] == [{"row_number": 3, "errors": [
        {"field": "source.ward", "message": "Choose one of Brent's 22 wards"}]}]
    assert not list(tmp_path.glob("imports/*.csv"))  # the upload, with reporters' details, is gone


def test_the_command_imports_a_file_with_a_progress_bar(apps, committed, tmp_path):
    tag = uuid.uuid4().hex[:6]
    source = tmp_path / "export.csv"
    source.write_bytes(export([row(f"{tag}-{n}", 2 + n, address=f"{n} Tubbs Road, London NW10 4RE")
                               for n in range(5)]))
    result = apps["noise"].test_cli_runner().invoke(args=["noise", "import", str(source), "--by", "nuisance.adeyemi"])
    assert result.exit_code == 0, result.output
    assert "Importing export.csv" in result.output and "5 rows read, 5 added, 0 already there, 0 rejected" in \
        result.output
    assert source.exists()  # the officer's own file is kept
    with Session(committed) as session:
        assert session.scalar(select(func.count()).select_from(Incident).where(
            Incident.external_reference.like(f"{tag}-%"))) == 5
    again = apps["noise"].test_cli_runner().invoke(args=["noise", "import", str(source)])
    assert "0 added, 5 already there" in again.output
