// The CCTV Working Group's page: the meeting's agenda and a decision on each item, the proposed plan (solved on the
// server, with its progress), the map, the camera register with each deployment's evidence, and the need at each
// site. Everything comes from the cctv JSON API with the member's sign-in; the page itself holds no data.
import {initAll} from "./../vendor/govuk-frontend/govuk-frontend.min.js";
import {barChart, clearMessages, done, download, el, officePage, readable, sentence, showProblem, showView,
  stackedTable, table, tag, whileBusy} from "./govuk_page.js";
import {dateInput, example, readDate} from "./dates.js";

const REFERENCE = JSON.parse(document.getElementById("reference").textContent);
const $ = (id) => document.getElementById(id);
const {session, api} = officePage("cctv.session", show);
const decides = () => (session()?.roles ?? []).some((r) => r === "cctv_working_group" || r === "admin");
const pounds = (n) => `£${Number(n).toLocaleString("en-GB")}`;
const need = (n) => Number(n ?? 0).toLocaleString("en-GB", {maximumFractionDigits: 1});

function show() {
  showView(session, {agenda: showAgenda, plan: showPlan, map: showMap, register: showRegister, need: showNeed});
}

// ---- the agenda

async function showAgenda() {
  $("agenda-items").replaceChildren();  // never act on what was drawn before: it may be out of date
  $("minutes-form-slot").replaceChildren();
  const list = await api("GET", "/api/v1/meetings");
  if (!list.ok) return showProblem(list.data);
  $("open-meeting-slot").hidden = !decides() || list.data.some((m) => m.status === "open");
  if (!list.data.length) {
    $("agenda-title").textContent = "Agenda";
    $("meeting-summary").replaceChildren(el("p", {class: "govuk-body"}, "No meeting has been recorded yet."));
    return $("agenda-items").replaceChildren();
  }
  const current = list.data.find((m) => m.status === "open") ?? list.data[0];
  const answer = await api("GET", `/api/v1/meetings/${current.id}`);
  if (!answer.ok) return showProblem(answer.data);
  drawMeeting(answer.data);
  const earlier = list.data.filter((m) => m.id !== current.id);
  $("minutes-form-slot").append(...(earlier.length ? [el("h2", {class: "govuk-heading-m"}, "Earlier meetings"),
    el("ul", {class: "govuk-list"}, earlier.map((m) => el("li", {}, el("a", {class: "govuk-link", href: "#agenda",
      onclick: (e) => {
        e.preventDefault();
        download(`/api/v1/meetings/${m.id}/minutes.pdf`, `cctv-working-group-${m.held_on}.pdf`);
      }}, `Minutes of ${readable(m.held_on)} (PDF)`))))] : []));
}

function summaryRow(key, value) {
  return el("div", {class: "govuk-summary-list__row"}, el("dt", {class: "govuk-summary-list__key"}, key),
    el("dd", {class: "govuk-summary-list__value"}, value));
}

function drawMeeting(meeting) {
  const open = meeting.status === "open";
  $("agenda-title").textContent = `Meeting on ${readable(meeting.held_on)}`;
  $("meeting-summary").replaceChildren(el("dl", {class: "govuk-summary-list"},
    summaryRow("Status", open ? tag("Open", "blue") : tag("Minutes agreed", "green")),
    summaryRow("Attending", meeting.attendees.length ? meeting.attendees.join(", ") : "Not recorded yet"),
    summaryRow("Minutes", el("a", {class: "govuk-link", href: "#agenda", onclick: (e) => {
      e.preventDefault();
      download(`/api/v1/meetings/${meeting.id}/minutes.pdf`, `cctv-working-group-${meeting.held_on}.pdf`);
    }}, open ? "Download the draft minutes (PDF)" : "Download the minutes (PDF)"))));
  const overview = el("ol", {class: "govuk-list govuk-list--number"}, meeting.items.map((item) => el("li", {},
    el("a", {class: "govuk-link", href: `#item-${item.id}`, onclick: (e) => {
      e.preventDefault();
      $(`item-${item.id}`).scrollIntoView();
      $(`item-${item.id}`).focus();
    }}, item.title), " ", item.decision ? tag({approve: "Approved", reject: "Rejected", defer: "Deferred"}[item.decision],
      {approve: "green", reject: "red", defer: "yellow"}[item.decision])
      : open ? tag("To decide", "blue") : tag("Not decided", "grey"))));
  $("agenda-items").replaceChildren(...(meeting.items.length
    ? [el("h2", {class: "govuk-heading-m"}, `Agenda: ${meeting.items.length} items`), overview,
      ...meeting.items.map((item) => drawItem(meeting, item))]
    : [el("p", {class: "govuk-body"}, "There is nothing on the agenda.")]));
  $("minutes-form-slot").replaceChildren(open && decides() ? minutesForm(meeting) : el("div"));
}

function moveFacts(move) {
  const facts = [`Covers ${need(move.gains)} need points over ${move.months_there} months at ${move.to_name}`,
    move.from_name ? `leaves ${need(move.gives_up)} uncovered at ${move.from_name}` : "the camera comes out of the store"];
  return el("p", {class: "govuk-body"}, `${facts.join("; ")}.`,
    move.chargeable ? [" ", tag(`Chargeable: ${pounds(REFERENCE.extra_move_cost)}`, "orange")] : null,
    move.early ? [" ", tag("Before its minimum stay", "red")] : null);
}

function requestFacts(meeting, item) {
  const holder = el("div", {}, el("p", {class: "govuk-body"}, "Loading the request..."));
  api("GET", `/api/v1/requests/${item.request}`).then((answer) => {
    if (!answer.ok) return holder.replaceChildren();
    const r = answer.data;
    const row = (key, value) => el("div", {class: "govuk-summary-list__row"},
      el("dt", {class: "govuk-summary-list__key"}, key), el("dd", {class: "govuk-summary-list__value"}, value));
    const ready = r.dpia_completed_on && r.signage_plan;
    holder.replaceChildren(el("dl", {class: "govuk-summary-list"},
      row("Problem", `${REFERENCE.problems[r.problem]}: ${r.problem_detail}`), row("What the camera should achieve", r.aim),
      row("Privacy assessment (DPIA)", r.dpia_completed_on ? `${r.dpia_reference}, completed ${readable(r.dpia_completed_on)}`
        : tag("Not recorded: needed before approval", "red")),
      row("Signage plan", r.signage_plan ?? tag("Not recorded: needed before approval", "red"))),
    ready || meeting.status !== "open" || !decides() ? el("div") : safeguardsForm(meeting, item));
  });
  return holder;
}

function safeguardsForm(meeting, item) {
  const id = (name) => `${name}-${item.id}`;
  const form = el("form", {class: "app-action-form", novalidate: true},
    el("h3", {class: "govuk-heading-s"}, "Record the privacy assessment and signage plan"),
    el("div", {class: "govuk-form-group"}, el("label", {class: "govuk-label", for: id("dpia-ref")}, "DPIA reference"),
      el("input", {class: "govuk-input govuk-input--width-20", id: id("dpia-ref"), type: "text", "data-field": "dpia_reference"})),
    dateInput(id("dpia-on"), "Date the DPIA was completed", {hint: `For example, ${example(-7)}`,
      field: "dpia_completed_on", named: "The DPIA's completion date"}),
    textarea(id("signage"), "signage_plan", "Signage plan", "Where the signs go and what they say"),
    el("button", {type: "submit", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button"},
      "Record them"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    const completed = readDate(id("dpia-on"));
    if (completed.errors.length) return showProblem({errors: completed.errors}, form);
    whileBusy(form, async () => {
      const answer = await api("POST", `/api/v1/requests/${item.request}/safeguards`, {
        dpia_reference: $(id("dpia-ref")).value.trim() || undefined,
        dpia_completed_on: completed.date ?? undefined, signage_plan: $(id("signage")).value.trim() || undefined});
      if (!answer.ok) return showProblem(answer.data, form);
      await refresh(meeting, item);
      done(`Request ${item.request}: its safeguards are recorded.`, {focus: false});
    });
  });
  return form;
}

async function refresh(meeting, item) {
  const answer = await api("GET", `/api/v1/meetings/${meeting.id}`);
  if (answer.ok) drawMeeting(answer.data);
  $(`item-${item.id}`)?.focus();
}

function drawItem(meeting, item) {
  const decided = item.decision && item.decision !== "defer";
  const parts = [el("h2", {class: "govuk-heading-m"}, `${item.position}. ${item.title}`),
    el("p", {class: "govuk-body"}, tag(item.kind_label, "grey"))];
  if (item.kind === "proposed_move") parts.push(moveFacts(item.details));
  if (item.kind === "new_request" && item.request) parts.push(requestFacts(meeting, item));
  if (item.kind === "stay_review" || item.kind === "evaluation") {
    parts.push(el("p", {class: "govuk-body"}, el("a", {class: "govuk-link", href: "#register", onclick: (e) => {
      e.preventDefault();
      location.hash = "#register";
      setTimeout(() => showEvidence(item.deployment_id), 0);
    }}, "See the evidence before, during and after")));
  }
  if (item.decision) {
    const colour = {approve: "green", reject: "red", defer: "yellow"}[item.decision];
    parts.push(el("p", {class: "govuk-body"}, tag({approve: "Approved", reject: "Rejected", defer: "Deferred"}[item.decision], colour),
      item.chargeable ? [" ", tag("Chargeable extra", "orange")] : null,
      item.reason ? ` ${item.reason}` : "", item.decided_by ? ` (recorded by ${item.decided_by})` : ""));
  }
  if (!decided && meeting.status === "open" && decides()) parts.push(decisionForm(meeting, item));
  return el("div", {class: `app-item${decided ? " app-item--decided" : ""}`, id: `item-${item.id}`, tabindex: "-1"}, parts);
}

function radios(name, legend, choices) {
  return el("div", {class: "govuk-form-group"}, el("fieldset", {class: "govuk-fieldset"},
    el("legend", {class: "govuk-fieldset__legend govuk-fieldset__legend--s"}, legend),
    el("div", {class: "govuk-radios", "data-module": "govuk-radios"}, choices.map(([value, label, hint], n) => {
      const id = `${name}-${n}`;
      return el("div", {class: "govuk-radios__item"},
        el("input", {class: "govuk-radios__input", id, name, type: "radio", value, "data-field": n === 0 ? "decision" : null,
          "aria-describedby": hint ? `${id}-hint` : null}),
        el("label", {class: "govuk-label govuk-radios__label", for: id}, label),
        hint ? el("div", {class: "govuk-hint govuk-radios__hint", id: `${id}-hint`}, hint) : null);
    }))));
}

function textarea(id, field, label, hint) {
  return el("div", {class: "govuk-form-group"}, el("label", {class: "govuk-label", for: id}, label),
    hint ? el("div", {class: "govuk-hint", id: `${id}-hint`}, hint) : null,
    el("textarea", {class: "govuk-textarea", id, rows: "3", "data-field": field,
      "aria-describedby": hint ? `${id}-hint` : null}));
}

function decisionForm(meeting, item) {
  const name = `decision-${item.id}`;
  const move = item.kind === "proposed_move";
  const form = el("form", {novalidate: true},
    radios(name, ["What did the group decide", el("span", {class: "govuk-visually-hidden"}, ` on item ${item.position}`), "?"], [["approve", LABELS[item.kind][0], item.if_approved],
      ["reject", LABELS[item.kind][1], item.if_rejected], ["defer", "Defer to the next meeting"]]),
    textarea(`reason-${item.id}`, "reason", ["Reason", el("span", {class: "govuk-visually-hidden"}, ` for item ${item.position}`)],
      "Needed when the group rejects it"),
    move ? el("div", {class: "govuk-form-group"}, el("div", {class: "govuk-checkboxes govuk-checkboxes--small"},
      el("div", {class: "govuk-checkboxes__item"},
        el("input", {class: "govuk-checkboxes__input", id: `chargeable-${item.id}`, type: "checkbox", "data-field": "chargeable"}),
        el("label", {class: "govuk-label govuk-checkboxes__label", for: `chargeable-${item.id}`},
          `Approve as a chargeable extra move (${pounds(REFERENCE.extra_move_cost)}) if the month's
          ${REFERENCE.included_moves} included moves are used`)))) : null,
    move ? textarea(`override-${item.id}`, "override", "Reason to move it before its minimum stay (if it has one)",
      `A camera normally stays ${REFERENCE.min_stay} months`) : null,
    el("button", {type: "submit", class: "govuk-button", "data-module": "govuk-button"}, "Record the decision"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    const chosen = form.querySelector(`input[name="${name}"]:checked`);
    const body = {decision: chosen?.value ?? "", reason: $(`reason-${item.id}`).value.trim() || null};
    if (move) Object.assign(body, {chargeable: $(`chargeable-${item.id}`).checked,
      override: $(`override-${item.id}`).value.trim() || null});
    if (!chosen) return showProblem({errors: [{field: "decision", message: "Select what the group decided"}]}, form);
    whileBusy(form, async () => {
      const answer = await api("POST", `/api/v1/meetings/${meeting.id}/items/${item.id}/decision`, body);
      if (answer.status === 409) {  // decided meanwhile, perhaps in another tab: show the agenda as it is now
        await refresh(meeting, item);
        return showProblem(answer.data);
      }
      if (!answer.ok) return showProblem(answer.data, form);
      drawMeeting(answer.data);
      done(`Item ${item.position}: ${{approve: "approved", reject: "rejected", defer: "deferred"}[body.decision]}.`,
        {focus: false});
      const next = answer.data.items.find((i) => !i.decision && i.position > item.position);
      $(`item-${(next ?? item).id}`)?.focus();  // on to the next item, where the group is
    });
  });
  return form;
}

function minutesForm(meeting) {
  const undecided = meeting.items.filter((i) => !i.decision).map((i) => i.position);
  const form = el("form", {novalidate: true},
    el("h2", {class: "govuk-heading-m"}, "Agree the minutes"),
    el("p", {class: "govuk-body"}, "Once the minutes are agreed, the meeting's decisions are final."),
    textarea("attending-final", "attendees", "Who attended", "One person a line, with their role"),
    textarea("minutes", "minutes", "Minutes"),
    undecided.length ? el("div", {class: "govuk-form-group"},
      el("div", {class: "govuk-warning-text"}, el("span", {class: "govuk-warning-text__icon", "aria-hidden": "true"}, "!"),
        el("strong", {class: "govuk-warning-text__text"}, el("span", {class: "govuk-visually-hidden"}, "Warning"),
          `Item${undecided.length > 1 ? "s" : ""} ${undecided.join(", ")} ${undecided.length > 1 ? "have" : "has"} no decision.`)),
      el("div", {class: "govuk-checkboxes govuk-checkboxes--small"}, el("div", {class: "govuk-checkboxes__item"},
        el("input", {class: "govuk-checkboxes__input", id: "confirm-undecided", type: "checkbox", "data-field": "undecided_confirmed"}),
        el("label", {class: "govuk-label govuk-checkboxes__label", for: "confirm-undecided"},
          "Record them in the minutes as not decided")))) : null,
    el("button", {type: "submit", class: "govuk-button", "data-module": "govuk-button"}, "Agree the minutes"));
  form.querySelector("#attending-final").value = meeting.attendees.join("\n");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    whileBusy(form, async () => {
      const answer = await api("POST", `/api/v1/meetings/${meeting.id}/minutes`, {minutes: $("minutes").value.trim() || null,
        attendees: lines($("attending-final").value), undecided_confirmed: $("confirm-undecided")?.checked ?? false});
      if (!answer.ok) return showProblem(answer.data, form);
      drawMeeting(answer.data);
      $("open-meeting-slot").hidden = !decides();
      done("The minutes are agreed.");
    });
  });
  return form;
}

const LABELS = {proposed_move: ["Approve the move", "Reject the move"],
  new_request: ["Approve the request", "Refuse the request"], stay_review: ["Keep the camera there", "Free it to move"],
  evaluation: ["Accept the evaluation", "Ask for it again"]};

const lines = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);

function openMeeting(event) {
  event.preventDefault();
  clearMessages();
  whileBusy($("open-meeting-form"), sendMeeting);
}

async function sendMeeting() {
  const held = readDate("held-on");
  if (held.errors.length) return showProblem({errors: held.errors}, $("open-meeting-form"));
  const answer = await api("POST", "/api/v1/meetings", {held_on: held.date,
    attendees: lines($("attendees").value)});
  if (!answer.ok) return showProblem(answer.data, $("open-meeting-form"));
  $("open-meeting-slot").hidden = true;
  drawMeeting(answer.data);
  done(`The meeting on ${readable(answer.data.held_on)} is open, with ${answer.data.items.length} items on its agenda.`);
}


// ---- the plan, with its progress while the server solves it

let polling = null;

async function showPlan() {
  $("ask-plan").hidden = !decides();
  const list = await api("GET", "/api/v1/plans");
  if (!list.ok) return showProblem(list.data);
  if (!list.data.length) return $("plan-body").replaceChildren(el("p", {class: "govuk-body"}, "No plan has been proposed yet."));
  follow(list.data[0].id);
}

async function askForPlan() {
  clearMessages();
  const answer = await api("POST", "/api/v1/plans");
  if (!answer.ok) return showProblem(answer.data);
  follow(answer.data.id);
}

async function follow(id, announce = false) {
  clearTimeout(polling);
  const answer = await api("GET", `/api/v1/plans/${id}`);
  if (!answer.ok) return showProblem(answer.data);
  const plan = answer.data;
  const solving = plan.status === "queued" || plan.status === "solving";
  $("plan-progress").hidden = !solving;
  $("ask-plan").disabled = solving;
  if (solving) {
    const best = plan.solutions.at(-1);
    const left = Math.max(0, Math.round(plan.time_limit_seconds * (1 - plan.progress)));
    $("plan-body").replaceChildren();  // the last plan is out of date: the new one replaces it
    $("plan-progress-bar").value = Math.round(plan.progress * 100);
    $("plan-progress-text").textContent = plan.status === "queued" ? "Waiting for the optimiser to start..."
      : `The optimiser is working: it stops within ${left} seconds.${best
        ? ` The best plan so far covers ${need(best.value)} need points; no plan could cover more than ${need(best.bound)}.` : ""}`;
    if (!$("plan-section").hidden) polling = setTimeout(() => follow(id, true), 1000);
    return;
  }
  drawPlan(plan);
  if (announce) done("The new plan is ready.", {focus: false});
}

function movesTable(moves, caption) {
  return stackedTable(["Month", "Camera", "From", "To", "Need covered", "Need left uncovered", "Notes"], moves.map((m) => [
    readable(m.month.slice(0, 7)), m.camera, m.from_name ?? "Store", m.to_name, need(m.gains), need(m.gives_up),
    [m.chargeable ? tag("Chargeable", "orange") : null, m.early ? tag("Early", "red") : null]]), caption);
}

function drawPlan(plan) {
  if (plan.status === "failed") {
    return $("plan-body").replaceChildren(el("p", {class: "govuk-body"}, plan.failure));
  }
  const gain = plan.greedy_need_covered ? (plan.need_covered / plan.greedy_need_covered - 1) * 100 : 0;
  const outcome = {optimal: "the best possible plan", feasible: "the best plan found in the time allowed",
    greedy: "the simple plan: the optimiser found nothing better in time"}[plan.outcome];
  $("plan-body").replaceChildren(
    el("h2", {class: "govuk-heading-m"}, `Plan from ${readable(plan.first_month.slice(0, 7))}`),
    el("p", {class: "govuk-body-s"}, `Proposed ${readable(plan.requested_at)} by ${plan.requested_by}, from the register,
      requests and need as they were then. Propose a new plan after the register changes.`),
    el("p", {class: "govuk-body"}, `This is ${outcome}. It covers ${need(plan.need_covered)} need points over ${plan.months}
      months (each site's need a month, for each month a camera covers it): ${gain >= 0.05 ? `${gain.toFixed(1)}% more
      than` : "as much as"} the simple plan of moving, each month, whichever camera adds most need straight away
      (${need(plan.greedy_need_covered)}).`),
    barChart(`Need points covered over the next ${plan.months} months: optimiser ${need(plan.need_covered)}, simple plan
      ${need(plan.greedy_need_covered)}`, [["Proposed plan", plan.need_covered],
      ["Simple plan", plan.greedy_need_covered, "second"]]),
    plan.moves.length ? movesTable(plan.moves, "Proposed moves") : el("p", {class: "govuk-body"},
      "The plan moves no camera: none would cover more need."),
    el("details", {class: "govuk-details"}, el("summary", {class: "govuk-details__summary"},
      el("span", {class: "govuk-details__summary-text"}, "The simple plan's moves, for comparison")),
    el("div", {class: "govuk-details__text"}, movesTable(plan.greedy_moves, "Simple plan"))));
}

// ---- the map

let map = null;

async function showMap() {
  const [cameras, needs] = await Promise.all([api("GET", "/api/v1/cameras"), api("GET", "/api/v1/need"),
  ]);
  if (!cameras.ok) return showProblem(cameras.data);
  if (!needs.ok) return showProblem(needs.data);
  if (!window.L) return showProblem({detail: "The map could not be loaded. The same sites are listed under Need."});
  if (!map) {
    map = window.L.map("map").setView([51.5588, -0.2817], 12);
    window.L.tileLayer(REFERENCE.tiles, {maxZoom: 18,
      attribution: "&copy; OpenStreetMap contributors"}).addTo(map);
  }
  map.invalidateSize();
  map.eachLayer((layer) => { if (layer instanceof window.L.CircleMarker) layer.remove(); });
  const top = Math.max(1, ...needs.data.sites.map((s) => s.need));
  const requested = await api("GET", "/api/v1/requests?status=approved");
  const candidates = new Set((requested.data ?? []).filter((r) => r.deployable).map((r) => r.site.reference));
  for (const site of needs.data.sites) {
    if (!candidates.has(site.site.reference) || site.site.latitude === null) continue;
    window.L.circleMarker([site.site.latitude, site.site.longitude], {radius: 6 + 14 * (site.need / top),
      color: "#d4351c", fill: false, weight: 3}).bindPopup(`${site.site.name}: need ${need(site.need)}`).addTo(map);
  }
  for (const camera of cameras.data) {
    if (camera.kind === "fixed" || !camera.site || camera.site.latitude === null) continue;
    window.L.circleMarker([camera.site.latitude, camera.site.longitude], {radius: 7, color: "#1d70b8",
      fillOpacity: 0.9}).bindPopup(`${camera.asset_id} (${REFERENCE.kinds[camera.kind]}) at ${camera.site.name}`).addTo(map);
  }
}

// ---- the register, work orders and each deployment's evidence

async function showRegister() {
  const [cameras, orders] = await Promise.all([api("GET", "/api/v1/cameras"), api("GET", "/api/v1/work-orders")]);
  if (!cameras.ok) return showProblem(cameras.data);
  const deployable = cameras.data.filter((c) => c.kind !== "fixed");
  $("register-body").replaceChildren(
    el("p", {class: "govuk-body"}, `${deployable.length} deployable cameras and ${cameras.data.length - deployable.length}
      fixed cameras.`),
    stackedTable(["Camera", "Kind", "Status", "Site", "Since", "Review due", "Evidence"], deployable.map((c) => {
      const last = c.deployments.at(-1);
      return [c.asset_id, REFERENCE.kinds[c.kind], REFERENCE.statuses[c.status], c.site?.name ?? "Store",
        c.deployed_on ?? "", last?.review_due_on ?? "", last ? el("a", {class: "govuk-link", href: "#register",
          onclick: (e) => { e.preventDefault(); showEvidence(last.id); }}, "Before, during and after",
        el("span", {class: "govuk-visually-hidden"}, ` at ${last.site.name}`)) : ""];
    }), "Deployable cameras"));
  if (orders.ok) drawOrders(orders.data);
}

function drawOrders(orders) {
  if (!orders.length) return $("orders-body").replaceChildren(el("p", {class: "govuk-body"}, "No moves are on order."));
  $("orders-body").replaceChildren(stackedTable(["Order", "Camera", "From", "To", "Month", "Status", "Installed"], orders.map((o) => [
    o.reference, o.camera, o.from_site?.name ?? "Store", o.to_site.name, readable(o.month.slice(0, 7)),
    tag(sentence(o.status), {ordered: "blue", installed: "green", failed: "red"}[o.status]),
    o.status === "ordered" && decides() ? installForm(o) : (o.installed_on ? readable(o.installed_on) : o.failure ?? "")]),
  "Work orders: moves ordered from the contractor"));
}

function installForm(order) {
  const id = `installed-${order.reference}`;
  const form = el("form", {class: "app-inline-form", novalidate: true},
    dateInput(id, "Installed on", {hint: `For example, ${example()}`, field: "installed_on", named: "The date installed",
      hidden: ` (${order.reference})`}),
    el("div", {class: "govuk-form-group"}, el("div", {class: "govuk-checkboxes govuk-checkboxes--small"},
      el("div", {class: "govuk-checkboxes__item"}, el("input", {class: "govuk-checkboxes__input", id: `${id}-charge`,
        type: "checkbox", "data-field": "chargeable"}), el("label", {class: "govuk-label govuk-checkboxes__label",
        for: `${id}-charge`}, "A chargeable extra, if the month's included moves are used")))),
    el("button", {type: "submit", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button"},
      `Record ${order.reference} installed`));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearMessages();
    const installed = readDate(id);
    if (installed.errors.length) return showProblem({errors: installed.errors}, form);
    const answer = await api("POST", `/api/v1/work-orders/${order.reference}/installed`,
      {installed_on: installed.date, chargeable: $(`${id}-charge`).checked});
    if (!answer.ok) return showProblem(answer.data, form);
    await showRegister();
    done(`${order.camera} is now at ${order.to_site.name}.`);
  });
  return form;
}

async function showEvidence(deploymentId) {
  const answer = await api("GET", `/api/v1/deployments/${deploymentId}/evidence`);
  if (!answer.ok) return showProblem(answer.data);
  const e = answer.data;
  const average = (period) => {
    const months = e.months.filter((m) => m.period === period);
    return months.length ? Math.round(10 * months.reduce((sum, m) => sum + m.total, 0) / months.length) / 10 : 0;
  };
  $("evidence-body").replaceChildren(
    el("h2", {class: "govuk-heading-m", id: "evidence-title", tabindex: "-1"}, `${e.camera} at ${e.site.name}`),
    el("p", {class: "govuk-body"}, `Records within 300 metres of the site each month: six months before the camera went up
      (${readable(e.installed_on)}), while it was there${e.removed_on ? `, and after it came down (${readable(e.removed_on)})` : ""}.`),
    barChart(`Average records a month near ${e.site.name}: before ${average("before")}, during ${average("during")}, after
      ${average("after")}`, [["Before", average("before"), "second"], ["During", average("during")],
      ...(e.removed_on ? [["After", average("after"), "second"]] : [])]),
    table(["Month", "Period", "FPNs", "Noise cases", "Crime", "Anti-social behaviour", "Total"], e.months.map((m) => [
      readable(m.month.slice(0, 7)), sentence(m.period), m.fpn, m.noise, m.police_crime, m.police_asb, m.total]),
    "Records each month"));
  $("evidence-title").focus();
}

// ---- need

async function showNeed() {
  const answer = await api("GET", "/api/v1/need");
  if (!answer.ok) return showProblem(answer.data);
  const n = answer.data;
  $("need-weights").replaceChildren(el("p", {class: "govuk-body"}, `A site's need is in points: each record within
    ${n.radius_metres} metres of it adds its weight below, and a record loses half its weight every ${n.half_life_days}
    days. A record known only by its ward adds ${Math.round(n.ward_share * 100)}% of its weight at each site in the ward.
    The plan counts a site's need for each month a camera covers it: 14 points covered for 12 months is 168.`),
  table(["Evidence", "Weight"], n.weights.map((w) => [w.label, w.weight]), "Weights"));
  const sites = n.sites.filter((s) => s.need > 0);
  const count = (s, kind) => s.parts.find((p) => p.kind === kind)?.records ?? 0;
  $("need-body").replaceChildren(
    sites.length ? barChart("Need at the ten sites with most, as in the table below",
      sites.slice(0, 10).map((s) => [s.site.name, s.need])) : el("p", {class: "govuk-body"}, "No site has any need recorded yet."),
    table(["Site", "Ward", "Need", "FPNs", "Noise cases", "Crime", "Anti-social behaviour"], n.sites.map((s) => [
      s.site.name, s.site.ward, need(s.need), count(s, "fpn"), count(s, "noise"), count(s, "police_crime"),
      count(s, "police_asb")]), "Need at each site"));
}

$("held-on-slot").replaceWith(dateInput("held-on", "Date of the meeting", {hint: `For example, ${example()}`,
  field: "held_on"}));
$("open-meeting-form").addEventListener("submit", openMeeting);
$("ask-plan").addEventListener("click", askForPlan);
initAll();
show();
