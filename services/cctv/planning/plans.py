"""Rotation plan use cases: ask for a plan (it is solved on cctv's worker), build the scenario from the register,
the approved requests and the sites' need, solve it while recording progress, and keep the moves with their
reasons beside the greedy plan's."""
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Callable

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit, outbox
from shared.contracts.tasks import TaskNames
from shared.settings import Settings
from services.cctv.cameras import camera_rules
from services.cctv.cameras.models import Camera
from services.cctv.evidence import scoring
from services.cctv.models import AuditEntry, OutboxMessage
from services.cctv.planning import greedy, optimiser
from services.cctv.planning.models import RotationPlan
from services.cctv.planning.plan_rules import Camera as PlanCamera
from services.cctv.planning.plan_rules import Plan, Rules, Scenario, Site as PlanSite, reasons
from services.cctv.sites import site_requests
from services.cctv import solving
from services.cctv.sites.models import Site
from services.cctv.working_group.models import WorkOrder


def first_of_next_month(today: date) -> date:
    return today.replace(day=1) + relativedelta(months=1)


def rules_from(settings: Settings) -> Rules:
    return Rules(months=settings.cctv_plan_months, included_moves=settings.cctv_included_moves,
                 extra_moves=settings.cctv_extra_moves, extra_move_penalty=settings.cctv_extra_move_penalty,
                 min_stay=settings.cctv_min_stay_months)


def ask(*, session: Session, settings: Settings, actor: str, today: date) -> tuple[RotationPlan, bool]:
    """Ask for a plan from next month; the plan already being made, if there is one (created=False)."""
    waiting = session.scalar(select(RotationPlan).where(RotationPlan.status.in_(("queued", "solving")))
                             .order_by(RotationPlan.id.desc()))
    if waiting is not None:
        return waiting, False
    rules = rules_from(settings)
    plan = RotationPlan(first_month=first_of_next_month(today), months=rules.months,
                        rules={**rules.__dict__, "need_weights": settings.cctv_need_weights,
                               "extra_move_cost_pounds": settings.cctv_extra_move_cost_pounds},
                        time_limit_seconds=settings.cctv_plan_seconds, requested_by=actor)
    session.add(plan)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="plan_requested", entity="rotation_plan",
                 entity_id=plan.id, data={"first_month": plan.first_month})
    outbox.emit(session, OutboxMessage, TaskNames.CCTV_SOLVE_PLAN, {"plan_id": plan.id})
    return plan, True


def scenario_for(session: Session, settings: Settings, first_month: date, today: date) -> tuple[Scenario, dict]:
    """The scenario a plan is made from: the working deployable cameras with no move on order, the sites with
    approved deployable requests no camera is on its way to, and those the cameras are at, each site's need as scored today (assumed to hold over the horizon);
    and each site's details as the plan keeps them."""
    rules = rules_from(settings)
    orders = session.scalars(select(WorkOrder).where(WorkOrder.status != "failed",
                                                     WorkOrder.month >= first_month)).all()
    rules = replace(rules, ordered=tuple(sum(1 for o in orders if o.month == first_month + relativedelta(months=m))
                                         for m in range(rules.months)))  # the allowance they have used
    on_order = [o for o in orders if o.status == "ordered"]
    approved = {site: anpr for site, anpr in site_requests.deployable_sites(session).items()
                if site not in {o.to_site_id for o in on_order}}  # a camera is already on its way there
    cameras = [c for c in session.scalars(select(Camera).where(Camera.kind.in_(("deployable", "deployable_anpr")),
                                                               Camera.status.in_(("deployed", "in_store")))
                                          .order_by(Camera.asset_id)) if c.id not in {o.camera_id for o in on_order}]
    site_ids = set(approved) | {c.site_id for c in cameras if c.site_id is not None}
    sites = session.scalars(select(Site).where(Site.id.in_(site_ids)).order_by(Site.id)).all() if site_ids else []
    scores = scoring.site_scores(session, sites, settings, today)
    plan_cameras = tuple(PlanCamera(c.asset_id, anpr=camera_rules.has_anpr(c.kind),
                                    site=c.site.reference if c.site else None,
                                    months_stayed=camera_rules.whole_months(c.deployed_on, first_month)
                                    if c.deployed_on else 0, stay_overridden=bool(c.stay_override))
                         for c in cameras)
    plan_sites = tuple(PlanSite(s.reference, (scores[s.id].total,) * rules.months, needs_anpr=approved.get(s.id, False),
                                deployable=s.id in approved) for s in sites)
    held = {c.site_id: c.asset_id for c in cameras if c.site_id is not None}
    details = {s.reference: {"reference": s.reference, "name": s.name, "ward": s.ward, "latitude": s.latitude,
                             "longitude": s.longitude, "need": scores[s.id].total,
                             "need_parts": [{**p.__dict__, "newest": p.newest and p.newest.isoformat()}
                                            for p in scores[s.id].parts],
                             "needs_anpr": approved.get(s.id, False), "deployable": s.id in approved,
                             "camera_now": held.get(s.id)} for s in sites}
    return Scenario(plan_cameras, plan_sites, rules), details


def solve(*, transaction: Callable, plan_id: int, settings: Settings, today: date) -> str:
    """Solve a plan, recording its progress as the solver improves on it, then its moves. `transaction()` gives a
    session in a transaction, committed when its block ends."""
    with transaction() as session:
        started = solving.begin(session, RotationPlan, plan_id)
        if started is None:
            return "nothing to do"
        plan = session.get(RotationPlan, plan_id)
        first_month, limit = plan.first_month, plan.time_limit_seconds
        scenario, details = scenario_for(session, settings, first_month, today)
    solution, found = solving.with_progress(transaction=transaction, model=RotationPlan, record_id=plan_id,
                                            limit=limit, started=started, run=lambda on_progress: optimiser.solve(
                                                scenario, time_limit=limit, on_progress=on_progress))
    baseline = greedy.plan(scenario)
    with transaction() as session:
        plan = solving.still_mine(session, RotationPlan, plan_id, started)
        if plan is None:
            return f"plan {plan_id} is no longer this run's (solved by a later run, or failed): left as it is"
        plan.status, plan.finished_at, plan.progress = "finished", datetime.now(timezone.utc), 1.0
        plan.solutions, plan.outcome = found, solution.status
        plan.need_covered, plan.greedy_need_covered = round(solution.value, 2), round(solution.greedy_value, 2)
        plan.bound = round(solution.bound, 2)
        plan.moves = _described(solution.plan, scenario, details, first_month)
        plan.greedy_moves = _described(baseline, scenario, details, first_month)
        plan.sites = list(details.values())
        audit.record(session, AuditEntry, actor="system", action="plan_solved", entity="rotation_plan",
                     entity_id=plan_id, data={"outcome": solution.status, "moves": len(plan.moves),
                                              "need_covered": plan.need_covered})
    return f"{solution.status}: {len(solution.plan.moves)} moves, need {solution.value:.1f}"


def _described(plan: Plan, scenario: Scenario, details: dict, first_month: date) -> list[dict]:
    """Each move as the Working Group reads it: when, which camera, from where to where, what it gains and gives
    up, and whether it is chargeable or early."""
    out = []
    for reason in reasons(plan, scenario):
        move = reason.move
        out.append({"month": (first_month + relativedelta(months=move.month)).isoformat(), "camera": move.camera,
                    "from_site": reason.from_site, "from_name": details.get(reason.from_site, {}).get("name"),
                    "to_site": move.to_site, "to_name": details[move.to_site]["name"],
                    "chargeable": move.chargeable, "early": move.early, "months_there": reason.months_there,
                    "gains": round(reason.gains, 2), "gives_up": round(reason.gives_up, 2),
                    "net": round(reason.net, 2)})
    return out


def fail(*, transaction: Callable, plan_id: int, why: str) -> None:
    """Record that a plan could not be made, and why."""
    with transaction() as session:
        solving.give_up(session, RotationPlan, plan_id, why)
