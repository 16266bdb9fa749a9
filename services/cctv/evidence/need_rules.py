"""How pressing a site's need for a camera is: a score built from the evidence near it, as plain rules.

- **What counts.** Each piece of evidence has a kind: an FPN or warning issued (`fpn`), a noise case that qualified
  (`noise`), a police crime record (`police_crime`) or anti-social behaviour record (`police_asb`). Each kind has a
  weight, a setting the Working Group can see.
- **Where.** Evidence counts at a site when it is within `radius_metres` of it (300 m unless configured). Evidence
  with no location counts at every site in its ward, at `ward_share` (a fifth) of its weight: it happened somewhere
  there. A site with no location gets only its ward's evidence, in the same way.
- **How recent.** Evidence loses half its weight every `half_life_days` (90 unless configured): a record from a year
  ago counts for about a sixteenth of one from today.
- The score is the sum, and each score keeps how it was made: per kind, how many records, their weight, and the
  points they gave.
"""
import math
from dataclasses import dataclass
from datetime import date

KINDS = {"fpn": "FPNs and warnings issued", "noise": "Noise cases that qualified",
         "police_crime": "Police crime records", "police_asb": "Police anti-social behaviour records"}
EARTH_RADIUS_METRES = 6_371_000


@dataclass(frozen=True)
class Weights:
    """The settings a score is made with."""

    per_kind: dict  # kind: weight (shared.settings cctv_need_weights)
    half_life_days: float = 90.0
    radius_metres: float = 300.0
    ward_share: float = 0.2


@dataclass(frozen=True)
class Place:
    """A site, as scoring sees it."""

    ward: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Evidence:
    """One record of something that happened: its kind, when, and where (a point, or only a ward)."""

    kind: str
    on: date
    ward: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Part:
    """What one kind of evidence added to a score."""

    kind: str
    records: int
    weight: float
    points: float
    newest: date | None


@dataclass(frozen=True)
class Score:
    """A site's need, and how it was made."""

    total: float
    parts: tuple[Part, ...]


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def reach(place: Place, evidence: Evidence, weights: Weights) -> float:
    """How much of a record's weight counts at a place: all of it nearby, a share of it for the same ward, none
    otherwise."""
    if None not in (place.latitude, place.longitude, evidence.latitude, evidence.longitude):
        near = distance_metres(place.latitude, place.longitude, evidence.latitude, evidence.longitude)
        return 1.0 if near <= weights.radius_metres else 0.0
    return weights.ward_share if evidence.ward == place.ward else 0.0


def recency(on: date, today: date, half_life_days: float) -> float:
    """The share of its weight a record from `on` still has on `today` (all of it if it is dated ahead)."""
    return 0.5 ** (max(0, (today - on).days) / half_life_days)


def score(place: Place, evidence: list[Evidence], weights: Weights, today: date) -> Score:
    """A place's need score from the evidence, with what each kind added."""
    parts = []
    for kind in KINDS:
        weight = weights.per_kind.get(kind, 0.0)
        counted = [(e, reach(place, e, weights)) for e in evidence if e.kind == kind]
        counted = [(e, share) for e, share in counted if share > 0]
        points = sum(weight * share * recency(e.on, today, weights.half_life_days) for e, share in counted)
        parts.append(Part(kind, len(counted), weight, round(points, 2),
                          max((e.on for e, _ in counted), default=None)))
    return Score(round(sum(p.points for p in parts), 2), tuple(parts))


def by_month(place: Place, evidence: list[Evidence], weights: Weights, months: list[date]) -> dict[date, dict]:
    """Records counted at a place in each month (the first of each month given), by kind, without weighting: what
    the Working Group compares before, during and after a camera was there."""
    out = {m: {kind: 0 for kind in KINDS} for m in months}
    for e in evidence:
        first = e.on.replace(day=1)
        if first in out and e.kind in KINDS and reach(place, e, weights) > 0:
            out[first][e.kind] += 1
    return out
