"""`make bench`: the control-room rota, CP-SAT against the greedy method in the same run, at two sizes: the seed's
seven staff over 4 weeks (aim: proven optimal within 10 s), and 60 staff over 12 weeks (aim: within 60 s, with the
optimality gap). The 4-week rotas start on the Mondays before both clock changes and on an ordinary one; the big
ones are generated (tests/cctv/rota_scenarios.py) with part-timers, leave and requests.

A benchmark, not a test: it prints the figures. Every rota is checked by rota_rules (not the solver) before its
figures count. The penalty is in points as the manager's weights count them (1,000 an uncovered shift); the gap is
how much lower the best possible penalty might be, from the bound the solver proved.

    python -m benchmarks.rota [--seeds 2]
"""
import argparse
import sys
import time
from datetime import date

from services.cctv.rota import greedy, solver
from services.cctv.rota.rota_rules import check, shortfalls
from tests.cctv.rota_scenarios import control_room, generated


def run(label: str, problem, limit: float) -> tuple[float, solver.Solution]:
    began = time.perf_counter()
    solution = solver.solve(problem, time_limit=limit)
    seconds = time.perf_counter() - began
    broken, _ = check(solution.duties, problem)
    if broken:
        raise RuntimeError(f"the solver's rota breaks a rule: {broken[0].message}")
    began = time.perf_counter()
    baseline = greedy.rota(problem)
    greedy_seconds = time.perf_counter() - began
    print(f"  {label}: {seconds:.2f} s, {solution.status}, penalty {solution.penalty:,.0f} (bound "
          f"{solution.bound:,.0f}, gap {solution.gap:.1%}), {len(shortfalls(solution.duties, problem))} shortfalls; "
          f"greedy {len(shortfalls(baseline, problem))} shortfalls in {greedy_seconds:.2f} s")
    return seconds, solution


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=2, help="generated 60-staff control rooms")
    args = parser.parse_args(argv)
    small = [run(f"7 staff, 4 weeks from {first}", control_room(first, 4), 10.0)
             for first in (date(2026, 3, 23), date(2026, 10, 19), date(2026, 11, 30))]
    slowest = max(s for s, _ in small)
    proven = all(sol.status == "optimal" for _, sol in small)
    print(f"cctv rota: 7 staff, 4 weeks: slowest {slowest:.2f} s, {'all proven optimal' if proven else 'NOT all proven optimal'}"
          f" (aim proven optimal within 10 s: {'MET' if proven and slowest < 10 else 'NOT MET'})")
    big = [run(f"60 staff, 12 weeks, seed {seed}", generated(seed, staff=60, weeks=12), 50.0)
           for seed in range(args.seeds)]
    slowest = max(s for s, _ in big)
    print(f"cctv rota: 60 staff, 12 weeks: slowest {slowest:.2f} s (aim within 60 s: "
          f"{'MET' if slowest < 60 else 'NOT MET'}); largest gap {max(sol.gap for _, sol in big):.1%} (penalty "
          f"{max(sol.penalty for _, sol in big):,.0f} against a bound of {min(sol.bound for _, sol in big):,.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
