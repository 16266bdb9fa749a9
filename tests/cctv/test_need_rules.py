"""The need score's rules on their own: what counts where, how recency weighs it, and how a score shows what made
it. No database."""
from datetime import date, timedelta

import pytest

from services.cctv.evidence import need_rules
from services.cctv.evidence.need_rules import Evidence, Place, Weights

TODAY = date(2026, 11, 28)
WEIGHTS = Weights(per_kind={"fpn": 1.0, "noise": 3.0, "police_crime": 0.5, "police_asb": 1.0}, half_life_days=90,
                  radius_metres=300, ward_share=0.2)
SITE = Place("Harlesden and Kensal Green", 51.5366, -0.2478)


def north_of(place: Place, metres: float) -> tuple[float, float]:
    return place.latitude + metres / 111_195, place.longitude


def test_distance_is_measured_on_the_ground():
    assert need_rules.distance_metres(51.5366, -0.2478, 51.5366, -0.2478) == 0
    assert need_rules.distance_metres(SITE.latitude, SITE.longitude, *north_of(SITE, 1000)) == pytest.approx(1000, rel=1e-3)
    # a degree of longitude is shorter than a degree of latitude this far north
    assert need_rules.distance_metres(51.5, -0.25, 51.5, -0.24) == pytest.approx(692.5, rel=1e-2)


@pytest.mark.parametrize("metres, counts", [(0, 1.0), (299, 1.0), (301, 0.0), (2000, 0.0)])
def test_a_record_counts_in_full_within_the_radius_and_not_beyond(metres, counts):
    lat, lon = north_of(SITE, metres)
    assert need_rules.reach(SITE, Evidence("fpn", TODAY, "Kilburn", lat, lon), WEIGHTS) == counts


def test_a_record_exactly_at_the_radius_counts():
    lat, lon = north_of(SITE, 250)
    exactly = Weights(per_kind={}, radius_metres=need_rules.distance_metres(SITE.latitude, SITE.longitude, lat, lon))
    assert need_rules.reach(SITE, Evidence("fpn", TODAY, None, lat, lon), exactly) == 1.0


def test_a_record_known_only_by_its_ward_counts_a_share_at_each_site_in_that_ward():
    assert need_rules.reach(SITE, Evidence("noise", TODAY, "Harlesden and Kensal Green"), WEIGHTS) == 0.2
    assert need_rules.reach(SITE, Evidence("noise", TODAY, "Kilburn"), WEIGHTS) == 0.0
    unplaced_site = Place("Kilburn")
    assert need_rules.reach(unplaced_site, Evidence("fpn", TODAY, "Kilburn", 51.54, -0.19), WEIGHTS) == 0.2
    assert need_rules.reach(unplaced_site, Evidence("police_crime", TODAY, None, 51.54, -0.19), WEIGHTS) == 0.0


@pytest.mark.parametrize("days_ago, share", [(0, 1.0), (90, 0.5), (180, 0.25), (360, 0.0625), (-5, 1.0)])
def test_evidence_loses_half_its_weight_every_half_life(days_ago, share):
    assert need_rules.recency(TODAY - timedelta(days=days_ago), TODAY, 90) == pytest.approx(share)


def test_a_score_adds_each_kind_by_its_weight_and_recency_and_shows_how():
    near = north_of(SITE, 100)
    evidence = [Evidence("fpn", TODAY, None, *near), Evidence("fpn", TODAY - timedelta(days=90), None, *near),
                Evidence("noise", TODAY - timedelta(days=10), "Harlesden and Kensal Green"),
                Evidence("police_asb", TODAY - timedelta(days=180), None, *near),
                Evidence("police_crime", TODAY, None, *north_of(SITE, 5000)),
                Evidence("unknown", TODAY, None, *near)]
    score = need_rules.score(SITE, evidence, WEIGHTS, TODAY)
    parts = {p.kind: p for p in score.parts}
    assert [p.kind for p in score.parts] == ["fpn", "noise", "police_crime", "police_asb"]
    assert (parts["fpn"].records, parts["fpn"].points, parts["fpn"].newest) == (2, 1.5, TODAY)
    assert parts["noise"].points == pytest.approx(3.0 * 0.2 * 0.5 ** (10 / 90), abs=0.01)
    assert (parts["police_crime"].records, parts["police_crime"].points, parts["police_crime"].newest) == (0, 0, None)
    assert (parts["police_asb"].records, parts["police_asb"].points) == (1, 0.25)
    assert [p.weight for p in score.parts] == [1.0, 3.0, 0.5, 1.0]
    assert score.total == pytest.approx(sum(p.points for p in score.parts))


def test_weights_are_the_groups_settings():
    evidence = [Evidence("noise", TODAY, None, *north_of(SITE, 10))]
    louder = Weights(per_kind={"noise": 10.0}, half_life_days=90, radius_metres=300)
    assert need_rules.score(SITE, evidence, louder, TODAY).total == 10.0
    assert need_rules.score(SITE, evidence, Weights(per_kind={}), TODAY).total == 0.0


def test_records_by_month_count_what_happened_near_the_site_in_each_month():
    near, far = north_of(SITE, 50), north_of(SITE, 3000)
    months = [date(2026, 9, 1), date(2026, 10, 1)]
    counted = need_rules.by_month(SITE, [Evidence("fpn", date(2026, 9, 3), None, *near),
                                         Evidence("fpn", date(2026, 9, 30), None, *near),
                                         Evidence("police_asb", date(2026, 10, 15), None, *near),
                                         Evidence("fpn", date(2026, 10, 2), None, *far),
                                         Evidence("fpn", date(2026, 8, 31), None, *near)], WEIGHTS, months)
    assert counted[date(2026, 9, 1)] == {"fpn": 2, "noise": 0, "police_crime": 0, "police_asb": 0}
    assert counted[date(2026, 10, 1)] == {"fpn": 0, "noise": 0, "police_crime": 0, "police_asb": 1}
