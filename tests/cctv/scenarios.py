"""Generated rotation-plan scenarios, for the planner's tests and `make bench`: a borough's worth of sites whose need
rises, falls or flares up for a season, cameras that have stayed various lengths of time, some in store, some with
ANPR, and the group's rules varied (extra moves at a penalty, overrides, shorter stays)."""
import random

from services.cctv.planning.plan_rules import Camera, Rules, Scenario, Site


def generated(seed: int, cameras: int = 8, sites: int = 30, months: int = 12, vary_rules: bool = True) -> Scenario:
    """A reproducible scenario: the same seed gives the same scenario."""
    r = random.Random(seed)
    made_sites = []
    for n in range(sites):
        base, trend = r.expovariate(1 / 10), r.uniform(-1.5, 1.5)
        flare_from, flare_for, flare = r.randrange(months), r.randint(2, 6), r.choice([0, 0, 0, r.uniform(10, 40)])
        need = tuple(round(max(0.0, base + trend * m + r.gauss(0, 2)
                               + (flare if flare_from <= m < flare_from + flare_for else 0)), 2)
                     for m in range(months))
        made_sites.append(Site(f"S{n:04d}", need, needs_anpr=r.random() < 0.1, deployable=r.random() < 0.8))
    made_cameras = []
    for n in range(cameras):
        home = f"S{n:04d}" if r.random() < 0.85 and n < sites else None
        made_cameras.append(Camera(f"C{n:03d}", anpr=r.random() < 0.2, site=home,
                                   months_stayed=r.randint(0, 14) if home else 0,
                                   stay_overridden=vary_rules and home is not None and r.random() < 0.05))
    rules = Rules(months=months)
    if vary_rules:
        extra = r.choice([0, 0, 1, 2])
        rules = Rules(months=months, included_moves=r.choice([1, 2, 2, 3]), extra_moves=extra,
                      extra_move_penalty=round(r.uniform(5, 60), 2) if extra else 0.0, min_stay=r.choice([3, 6, 6]))
    return Scenario(tuple(made_cameras), tuple(made_sites), rules)
