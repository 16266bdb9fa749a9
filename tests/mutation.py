"""`make mutate`: mutation testing of the rule modules and of the mechanisms that keep records honest.

mutmut (configured in pyproject.toml, [tool.mutmut]) makes small deliberate changes to the code, one at a time, and
runs the fast tests that exercise each changed function; a change no test notices "survives", and is a bug no test
would catch. Which modules: every services/<name>/*_rules.py, each service's lifecycle.py, shared/audit.py and
shared/outbox.py (ARCHITECTURE.md); a new rule module joins by its name. It uses its own database
(MUTATION_DATABASE_URL, default .../sbo_mutate) and Redis database (MUTATION_REDIS_URL, default 13), so it never
touches the tests' or the benchmark's.

It prints, for each module, the mutants made, killed and surviving, split into logic mutants and wording mutants
(a change only inside a string: a message's words, which the tests check by kind and status, not by wording), the
share of logic mutants killed against the aim of 95 %, and every survivor with its change. Not part of `make test`.

    python -m tests.mutation [--max-children 2]
"""
import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tokenize
from collections import defaultdict

from shared.settings import PROJECT_ROOT

AIM = 0.95
KILLED, SURVIVED = {1, 3}, {0}  # mutmut's exit codes: tests failed (or crashed) / tests passed
NAMES = {33: "no tests", 34: "skipped", 35: "suspicious", 36: "timeout", 24: "timeout", 152: "timeout",
         -24: "timeout", 255: "timeout"}
WORD = re.compile(r"""^[rbu]*(["'])[\w.\-/:]*\1$""", re.IGNORECASE)  # a string that is a name, not words
DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sbo_mutate"


def _code(line: str) -> list[str]:
    """A line's tokens without its strings and comments: what is left is its logic. A line may be part of a longer
    statement, so tokenizing stops quietly where the line ends."""
    kept = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline):
            if token.type == tokenize.STRING and not WORD.match(token.string):
                continue  # words for people (they have spaces); a name, key, state or kind is logic
            if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER,
                                  tokenize.INDENT, tokenize.DEDENT):
                kept.append(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # the statement goes on, or a string does: what was read so far is what counts
    return kept


def change_of(mutant: str) -> tuple[str, bool]:
    """The mutant's diff (from `mutmut show`) and whether it only changes the words of a string."""
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", mutant], cwd=PROJECT_ROOT,
                           capture_output=True, text=True).stdout
    removed = [line[1:] for line in shown.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in shown.splitlines() if line.startswith("+") and not line.startswith("+++")]
    wording = bool(removed) and len(removed) == len(added) and all(
        _code(a) == _code(b) for a, b in zip(removed, added))
    change = " | ".join(f"{a.strip()}  ->  {b.strip()}" for a, b in zip(removed, added)) or shown.strip()[-300:]
    return change, wording


def results() -> dict[str, dict[str, int]]:
    """Every mutant's exit code, by source module, from mutmut's records in mutants/."""
    found = {}
    for meta in sorted((PROJECT_ROOT / "mutants").rglob("*.py.meta")):
        module = meta.relative_to(PROJECT_ROOT / "mutants").as_posix()[:-len(".meta")]
        found[module] = json.loads(meta.read_text()).get("exit_code_by_key", {})
    return found


def excluded() -> list[str]:
    """Every line a module under test keeps out of mutation (`# pragma: no mutate`), with where it is: each must say
    why (speed or timing only), and the report lists them so none goes unnoticed."""
    import tomllib

    patterns = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]["only_mutate"]
    found = []
    for path in sorted({p for pattern in patterns for p in PROJECT_ROOT.glob(pattern)}):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "pragma: no mutate" in line:
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{number}  {line.strip()}")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-children", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args(argv)
    env = {**os.environ, "TEST_DATABASE_URL": os.environ.get("MUTATION_DATABASE_URL", DEFAULT_DATABASE_URL),
           "TEST_REDIS_URL": os.environ.get("MUTATION_REDIS_URL", "redis://127.0.0.1:6379/13"),
           "SBO_TEST_KEEP_DATABASE": "1"}
    shutil.rmtree(PROJECT_ROOT / "mutants", ignore_errors=True)  # every run from scratch: no stale results
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)],
                         cwd=PROJECT_ROOT, env=env)
    minutes = (time.monotonic() - started) / 60
    if run.returncode != 0:
        print(f"mutmut stopped with exit status {run.returncode}", file=sys.stderr)
        return run.returncode

    print()
    print(f"{'module':<34}{'mutants':>8}{'killed':>8}{'survived':>9}{'other':>7}"
          f"{'logic killed':>14}{'wording survived':>18}")
    failed, survivors = [], []
    for module, codes in results().items():
        counts = defaultdict(int)
        logic_total = logic_killed = wording_survived = 0
        for mutant, code in codes.items():
            outcome = "killed" if code in KILLED else "survived" if code in SURVIVED else NAMES.get(code, str(code))
            counts[outcome] += 1
            if outcome == "killed":
                logic_total += 1
                logic_killed += 1  # a killed wording mutant counts as logic: a test read its words
            elif outcome == "survived":
                change, wording = change_of(mutant)
                survivors.append((mutant, "wording" if wording else "LOGIC", change))
                if wording:
                    wording_survived += 1
                else:
                    logic_total += 1
            else:
                logic_total += 1  # a timeout or a mutant no test reaches is not a kill
                survivors.append((mutant, outcome.upper(), ""))
        share = logic_killed / logic_total if logic_total else 1.0
        if share < AIM:
            failed.append(module)
        other = len(codes) - counts["killed"] - counts["survived"]
        print(f"{module:<34}{len(codes):>8}{counts['killed']:>8}{counts['survived']:>9}{other:>7}"
              f"{share:>13.0%} {wording_survived:>17}")
    print()
    print(f"aim: at least {AIM:.0%} of logic mutants killed in every module; "
          + ("MET" if not failed else f"NOT MET in {', '.join(failed)}") + f" ({minutes:.1f} minutes)")
    kept_out = excluded()
    if kept_out:
        print("\nlines kept out of mutation (pragma: no mutate), each with its reason on it or just above it:")
        for line in kept_out:
            print(f"  {line}")
    if survivors:
        print("\nsurvivors (mutmut show NAME for the whole change):")
        for mutant, kind, change in survivors:
            print(f"  {kind:<8} {mutant}  {change}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
