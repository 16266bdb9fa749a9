"""The greedy baseline: month by month, make the move that gains most over the camera's minimum stay, while the
allowance lasts. It looks no further ahead than that stay, which is what a group deciding by hand tends to do; the
optimiser's plan is measured against it."""
from collections import Counter

from services.cctv.planning.plan_rules import Move, Plan, Scenario, release_month


def plan(scenario: Scenario) -> Plan:
    """The greedy plan for a scenario (it obeys every rule in plan_rules)."""
    rules = scenario.rules
    months = rules.months
    sites = {s.id: s for s in scenario.sites}
    at = {c.id: c.site for c in scenario.cameras}
    free_from = {c.id: release_month(c, rules) for c in scenario.cameras}
    early = {c.id: c.site is not None and c.stay_overridden and c.months_stayed < rules.min_stay
             for c in scenario.cameras}
    anpr = {c.id: c.anpr for c in scenario.cameras}
    moves: list[Move] = []
    for month in range(months):
        window = range(month, min(month + rules.min_stay, months))

        def worth(site_id):
            site = sites.get(site_id)
            return 0.0 if site is None else sum(site.need[m] for m in window)

        made, (included, extra) = 0, rules.free(month)
        while made < included + extra:
            occupied = Counter(at.values())
            targets = sorted((worth(s.id), s.id) for s in scenario.sites
                             if s.deployable and occupied[s.id] == 0)
            best = None
            for camera, site in at.items():
                if free_from[camera] > month:
                    continue
                loss = worth(site) if site is not None and occupied[site] == 1 else 0.0
                target = next(((w, s) for w, s in reversed(targets) if anpr[camera] or not sites[s].needs_anpr),
                              None)
                if target is not None and (best is None or target[0] - loss > best[0]):
                    best = (target[0] - loss, camera, target[1])
            threshold = rules.extra_move_penalty if made >= included else 0.0
            if best is None or best[0] <= threshold:
                break
            _gain, camera, site = best
            moves.append(Move(month, camera, site, chargeable=made >= included,
                              early=early[camera] and month < free_from_natural(scenario, camera)))
            at[camera], free_from[camera], early[camera] = site, month + rules.min_stay, False
            made += 1
    return Plan(tuple(moves), method="greedy")


def free_from_natural(scenario: Scenario, camera_id: str) -> int:
    """The month a camera's minimum stay at its current site ends, without any override."""
    camera = next(c for c in scenario.cameras if c.id == camera_id)
    return max(0, scenario.rules.min_stay - camera.months_stayed)

