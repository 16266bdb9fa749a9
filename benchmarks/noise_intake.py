"""`make bench`: what filing a noise report costs as the incidents stored grow, and how fast an export imports.

1. The threshold check's cost: the time to file one report under an existing case (its occasion found, the
   threshold checked over that case's weeks, the decision kept, committed), with 10,000 incidents stored and then
   with 1,000,000, side by side (aim: the second no more than 1.2 times the first). The stored incidents are
   written with COPY: 10 per case, on 10 nights over two years.
2. The import rate: a Noise App export of 1,000,000 reports imported through the import path (every row checked
   as the API checks a report, then filed under its case and occasion, the threshold decided), next to a plain COPY
   of the same rows into the incidents table, in the same run, as a ratio (aim: at least 0.3). The export is like
   the app's: four reports a source over a few days, one in ten assessed a nuisance (the app sends reports; officers
   assess them), and one source in 200 all four, which qualify. A COPY of the file into a scratch table with no indexes is
   printed too: it is what the disk can take, not what storing an incident costs (the incidents table has its keys,
   indexes and references to check).

A benchmark, not a test: it prints figures, and fails only when the run itself is invalid. It resets its own
database, BENCH_DATABASE_URL (default .../sbo_bench).

    python -m benchmarks.noise_intake [--samples 300] [--import-rows 1000000]
"""
import argparse
import csv
import io
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from itertools import islice
from pathlib import Path

import psycopg
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.issue_notices import DEFAULT_DATABASE_URL, prepare_database
from shared.db import make_engine
from services.noise import cases, imports
from services.noise.intake_rules import normalised_address
from services.noise.models import ThresholdDecision
from services.noise.schemas import IncidentRequestSchema

WARD = "Harlesden and Kensal Green"
GAP = timedelta(hours=3)
COST_AIM, IMPORT_AIM = 1.2, 0.3
NOW = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def store(url: str, first_case: int, count_cases: int, per_case: int = 10) -> None:
    """COPY `count_cases` cases of `per_case` incidents each (one occasion a night, over two years)."""
    with psycopg.connect(_plain(url)) as conn, conn.cursor() as cur:
        with cur.copy("COPY noise.cases (id, reference, address, address_key, ward, status, opened_at, "
                      "last_occasion_started_at) FROM STDIN") as copy:
            for n in range(first_case, first_case + count_cases):
                address = f"{n} Bench Road, London NW10 {n % 9}AA"
                copy.write_row((n, f"NC-{n:06d}", address, normalised_address(address), WARD, "monitoring",
                                NOW - timedelta(days=800), NOW - timedelta(days=31)))
        with cur.copy("COPY noise.occasions (id, case_id, started_at, ended_at, nuisance) FROM STDIN") as copy:
            for n in range(first_case, first_case + count_cases):
                for k in range(per_case):
                    started = NOW - timedelta(days=31 + 70 * k, hours=n % 5)
                    copy.write_row((n * per_case + k, n, started, started + timedelta(hours=1), k % 3 == 0))
        with cur.copy("COPY noise.incidents (id, case_id, occasion_id, channel, category, started_at, ended_at, "
                      "ended_given, description, reporter, evidence, assessment, significant, received_by, "
                      "received_at, idempotency_key, request_hash) FROM STDIN") as copy:
            for n in range(first_case, first_case + count_cases):
                for k in range(per_case):
                    started = NOW - timedelta(days=31 + 70 * k, hours=n % 5)
                    copy.write_row((n * per_case + k, n, n * per_case + k, "noise_app", "music", started,
                                    started + timedelta(hours=1), True, "", "{}", "[]",
                                    "nuisance" if k % 3 == 0 else "unassessed", False, "bench",
                                    started, f"bench-{n}-{k}", "0" * 64))
        last = first_case + count_cases
        cur.execute(f"SELECT setval('noise.cases_id_seq', {last}), setval('noise.occasions_id_seq', "
                    f"{last * per_case}), setval('noise.incidents_id_seq', {last * per_case})")
        cur.execute("ANALYZE noise.cases; ANALYZE noise.occasions; ANALYZE noise.incidents")


def file_reports(url: str, stored: list[range], samples: int) -> list[float]:
    """Seconds to file (and commit) one new report under a random stored case, `samples` times."""
    engine = make_engine(url)
    schema, times = IncidentRequestSchema(), []
    rng = random.Random(7)
    for _ in range(samples):
        n = rng.choice(rng.choice(stored))
        started = NOW - timedelta(days=rng.randrange(1, 25), hours=rng.randrange(0, 20))
        body = schema.load({"source": {"address": f"{n} Bench Road, London NW10 {n % 9}AA", "ward": WARD},
                            "category": "music", "channel": "phone", "started_at": started.isoformat(),
                            "ended_at": (started + timedelta(hours=1)).isoformat(), "assessment": "nuisance"})
        began = time.perf_counter()
        with Session(engine) as session:
            cases.take_in(session=session, received_by="bench", key=uuid.uuid4().hex, body=body,
                          now=datetime.now(timezone.utc), needed=3, gap=GAP)
            session.commit()
        times.append(time.perf_counter() - began)
    engine.dispose()
    return times


def export_file(rows: int, folder: Path) -> Path:
    """A Noise App export of `rows` reports about `rows // 4` sources on four nights running, one in ten assessed a
    nuisance, and all four for one source in 200 (which qualify)."""
    path = folder / "export.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        columns = [imports.DEFAULT_MAPPING[k] for k in ("external_reference", "started_at", "ended_at", "category",
                                                        "source.address", "source.ward", "reporter.name",
                                                        "evidence.recording", "assessment")]
        writer.writerow(columns)
        for n in range(rows):
            started = NOW - timedelta(days=1 + n % 60, hours=n % 7)
            writer.writerow([f"IMP-{n}", started.isoformat(), (started + timedelta(hours=1)).isoformat(), "Music",
                             f"{n // 4} Import Street, London NW10 {n // 4 % 9}BB", WARD, "A Reporter",
                             f"REC-{n}", "Nuisance" if n % 10 == 0 or n // 4 % 200 == 0 else "Unassessed"])
    return path


def incident_rows(path: Path) -> bytes:
    """The export's rows as rows of the incidents table (CSV), all under one case and occasion: what a plain COPY
    of them into the table takes, made before the clock starts."""
    out = io.StringIO()
    writer = csv.writer(out)
    with path.open(newline="") as export:
        for reference, started, ended, category, _address, _ward, reporter, recording, assessment in islice(
                csv.reader(export), 1, None):
            writer.writerow([0, 0, "noise_app", category.lower(), started, ended, "t", "", json.dumps(
                {"name": reporter}), json.dumps([{"kind": "recording", "reference": recording}]), assessment.lower(),
                "f", "bench-copy", started, f"copy:{reference}", "0" * 64, reference])
    return out.getvalue().encode()


def copy_rate(url: str, path: Path, rows: int) -> tuple[float, float]:
    """Rows a second through a plain COPY of the export's rows into the incidents table (removed again after), and
    of the file into a scratch table with no indexes."""
    incidents = incident_rows(path)
    with psycopg.connect(_plain(url)) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO noise.cases (reference, address, address_key, ward, status, opened_at) VALUES "
                    "('NC-COPY', 'COPY baseline', 'COPY BASELINE', %s, 'closed', now()) RETURNING id", (WARD,))
        case_id = cur.fetchone()[0]
        cur.execute("INSERT INTO noise.occasions (case_id, started_at, ended_at, nuisance) VALUES (%s, now(), "
                    "now(), false) RETURNING id", (case_id,))
        occasion_id = cur.fetchone()[0]
        conn.commit()
        incidents = incidents.replace(b"0,0,noise_app", f"{case_id},{occasion_id},noise_app".encode())
        began = time.perf_counter()
        with cur.copy("COPY noise.incidents (case_id, occasion_id, channel, category, started_at, ended_at, "
                      "ended_given, description, reporter, evidence, assessment, significant, received_by, "
                      "received_at, idempotency_key, request_hash, external_reference) FROM STDIN (FORMAT csv, "
                      "FORCE_NOT_NULL (description))") as copy:
            copy.write(incidents)
        conn.commit()
        into_incidents = rows / (time.perf_counter() - began)
        cur.execute("DELETE FROM noise.incidents WHERE case_id = %s", (case_id,))
        cur.execute("DELETE FROM noise.occasions WHERE case_id = %s", (case_id,))
        cur.execute("DELETE FROM noise.cases WHERE id = %s", (case_id,))
        conn.commit()
        cur.execute("CREATE UNLOGGED TABLE IF NOT EXISTS bench.export_rows (reference text, started text, "
                    "ended text, category text, address text, ward text, reporter text, recording text, "
                    "assessment text)")
        began = time.perf_counter()
        with cur.copy("COPY bench.export_rows FROM STDIN (FORMAT csv, HEADER true)") as copy:
            copy.write(path.read_bytes())
        conn.commit()
        scratch = rows / (time.perf_counter() - began)
    with psycopg.connect(_plain(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE noise.incidents")
    return into_incidents, scratch


def import_rate(url: str, rows: int) -> tuple[float, float, float, dict]:
    """Rows a second through the import path, through a plain COPY of the same rows into the incidents table, and
    into a scratch table, in the same run; and what the import did."""
    engine = make_engine(url)

    @contextmanager
    def transaction():
        with Session(engine) as session, session.begin():
            yield session

    with tempfile.TemporaryDirectory() as folder:
        path = export_file(rows, Path(folder))
        into_incidents, scratch = copy_rate(url, path, rows)
        from services.noise.models import Import
        with transaction() as session:
            record = Import(filename="bench.csv", imported_by="bench")
            session.add(record)
            session.flush()
            import_id = record.id
        began = time.perf_counter()
        counts = imports.run(transaction=transaction, import_id=import_id, path=path, mapping=None,
                             now=lambda: datetime.now(timezone.utc), needed=3, gap=GAP)
        import_rate_ = rows / (time.perf_counter() - began)
    with transaction() as session:
        counts["cases qualified"] = session.scalar(select(func.count()).select_from(ThresholdDecision).where(
            ThresholdDecision.prompted_by == "import", ThresholdDecision.qualifies.is_(True)))
    engine.dispose()
    if counts["added"] != rows:
        sys.exit(f"the import added {counts['added']} of {rows} rows ({counts['rejected']} rejected): invalid run")
    return import_rate_, into_incidents, scratch, counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--large", type=int, default=1_000_000, help="incidents stored for the second measure")
    args = parser.parse_args(argv)
    import os

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    prepare_database(url)
    print("noise: filing a report as the incidents stored grow")
    first = range(1, 1_001)
    store(url, first.start, len(first))
    small = file_reports(url, [first], args.samples)
    began = time.perf_counter()
    more = range(1_000_000, 1_000_000 + args.large // 10 - len(first))  # ids clear of the reports filed since
    store(url, more.start, len(more))
    print(f"  (stored {args.large - 10_000:,} more incidents with COPY in {time.perf_counter() - began:.0f} s)")
    large = file_reports(url, [first, more], args.samples)

    def line(label, times):
        ordered = sorted(times)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return f"  {label:<34} p50 {statistics.median(times) * 1000:6.1f} ms   p99 {p99 * 1000:6.1f} ms"

    print(line("with 10,000 incidents stored", small))
    print(line(f"with {args.large:,} incidents stored", large))
    ratio = statistics.median(large) / statistics.median(small)
    print(f"  cost ratio (p50, large / small): {ratio:.2f}  aim: at most {COST_AIM}: "
          f"{'MET' if ratio <= COST_AIM else 'NOT MET'}")

    print(f"noise: importing a Noise App export of {args.import_rows:,} rows")
    through_import, through_copy, scratch, counts = import_rate(url, args.import_rows)
    share = through_import / through_copy
    print(f"  import path {through_import:9,.0f} rows/s   plain COPY into the incidents table {through_copy:9,.0f} "
          f"rows/s   ratio {share:.3f}  aim: at least {IMPORT_AIM}: {'MET' if share >= IMPORT_AIM else 'NOT MET'}")
    print(f"  (a COPY of the file into a scratch table with no indexes: {scratch:,.0f} rows/s, ratio "
          f"{through_import / scratch:.3f}; the import {counts['added']:,} added, {counts['cases qualified']:,} cases "
          f"qualified)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
