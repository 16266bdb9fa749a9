"""`make bench`: the camera rotation plan, optimiser (CP-SAT) against the greedy baseline in the same run, at two
sizes: 25 cameras, 200 candidate sites and 12 months (aim: under 5 s), and 250 cameras and 2,000 sites (aim: under
60 s, with the optimality gap). Scenarios are generated (tests/cctv/scenarios.py) with the contract's rules: two
moves a month, a six-month stay, no extra moves.

A benchmark, not a test: it prints the figures. The gap is measured against the best bound the solver proved for
the cameras and sites it modelled (see services/cctv/planning/optimiser.py for which those are).

    python -m benchmarks.rotation_plan [--seeds 3]
"""
import argparse
import statistics
import sys
import time

from services.cctv.planning import greedy, optimiser
from services.cctv.planning.plan_rules import check, value
from tests.cctv.scenarios import generated

SIZES = ((25, 200, 4.0, 5.0), (250, 2000, 50.0, 60.0))  # cameras, sites, solver's time limit, aim in seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="scenarios of each size")
    args = parser.parse_args(argv)
    for cameras, sites, limit, aim in SIZES:
        rows = []
        for seed in range(args.seeds):
            scenario = generated(seed, cameras=cameras, sites=sites, vary_rules=False)
            began = time.perf_counter()
            baseline = greedy.plan(scenario)
            greedy_seconds = time.perf_counter() - began
            solution = optimiser.solve(scenario, time_limit=limit)
            seconds = time.perf_counter() - began - greedy_seconds
            broken = check(solution.plan, scenario)
            if broken:
                raise RuntimeError(f"the optimiser's plan breaks the rules: {broken[0]}")
            rows.append((seconds, solution, value(baseline, scenario), greedy_seconds))
            print(f"  {cameras} cameras, {sites} sites, seed {seed}: optimiser {solution.value:,.1f} need in "
                  f"{seconds:.2f} s ({solution.status}, gap {solution.gap:.2%}, modelled {solution.cameras_modelled} "
                  f"cameras and {solution.sites_modelled} sites); greedy {rows[-1][2]:,.1f} in "
                  f"{greedy_seconds * 1000:.0f} ms; {len(solution.plan.moves)} moves")
        worst = max(r[0] for r in rows)
        ratio = statistics.mean(r[1].value / r[2] for r in rows)
        print(f"cctv plan: {cameras} cameras, {sites} sites, 12 months: slowest solve {worst:.2f} s (aim under "
              f"{aim:.0f} s: {'MET' if worst < aim else 'NOT MET'}); need covered, optimiser / greedy = {ratio:.4f}; "
              f"largest gap {max(r[1].gap for r in rows):.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
