"""The DVLA keeper-at-date-of-event adapter: a registration mark and the date of the event in; the registered
keeper's name and address, or "not found", out. Thin on purpose, so that the real client can replace it.

The DVLA's service is out of reach here and its interface is not public, so the interface is ours, documented here
and spoken by the fake server in deploy/fake_dvla.py (which `make run` starts, and the tests use):

    POST {SBO_DVLA_URL}/v1/keeper-at-date
    X-Api-Key: {SBO_DVLA_API_KEY}
    {"registration_mark": "AB12CDE", "date_of_event": "2026-11-20", "reference": "NV-0001",
     "purpose": "Enforcement of the Nuisance Vehicles PSPO (ASBCPA 2014 s.59)", "requested_by": "cr.patel"}

    200 {"registration_mark": "AB12CDE", "keeper": {"name": "...", "address": "..."}}
    404 {"error": "not_found"}                       no keeper on record at that date
    429 {"error": "rate_limited"} + Retry-After      too many look-ups: try again after it
    503 {"error": "unavailable"}                     the service is down: try again later
    400 {"error": "bad_request", "detail": "..."}    our request is wrong (a bug: not retried)

Every look-up carries its purpose and who asked, as the DVLA's terms and the national ANPR standards expect; the
caller keeps them too (services.cctv.anpr.models.KeeperLookup).
"""
from dataclasses import dataclass
from datetime import date

import requests

TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Keeper:
    name: str
    address: str


class KeeperServiceAway(Exception):
    """The service could not answer now (down, rate limited, unreachable): ask again later, nothing is lost."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


class KeeperServiceRefused(Exception):
    """The service said our request was wrong: a bug to fix, not something to retry."""


class KeeperClient:
    """Asks the keeper-at-date-of-event service over HTTP."""

    def __init__(self, base_url: str, api_key: str, session: requests.Session | None = None):
        self.base_url, self.api_key = base_url.rstrip("/"), api_key
        self.http = session or requests.Session()

    def keeper_at(self, *, registration_mark: str, date_of_event: date, reference: str, purpose: str,
                  requested_by: str) -> Keeper | None:
        """The registered keeper on `date_of_event`, or None when there is none on record."""
        try:
            answer = self.http.post(f"{self.base_url}/v1/keeper-at-date", timeout=TIMEOUT_SECONDS,
                                    headers={"X-Api-Key": self.api_key}, json={
                                        "registration_mark": registration_mark,
                                        "date_of_event": date_of_event.isoformat(), "reference": reference,
                                        "purpose": purpose, "requested_by": requested_by})
        except requests.RequestException as away:
            raise KeeperServiceAway(f"unreachable ({type(away).__name__})") from None
        if answer.status_code == 200:
            keeper = answer.json()["keeper"]
            return Keeper(keeper["name"], keeper["address"])
        if answer.status_code == 404:
            return None
        if answer.status_code in (429, 503) or answer.status_code >= 500:
            after = answer.headers.get("Retry-After")
            raise KeeperServiceAway("rate limited" if answer.status_code == 429 else f"unavailable "
                                    f"({answer.status_code})", float(after) if after and after.isdigit() else None)
        raise KeeperServiceRefused(f"the keeper service refused the request ({answer.status_code})")
