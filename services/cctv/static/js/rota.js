// The control room's rota page. The manager makes a rota (the server's solver runs with a progress bar), reads why
// shifts are uncovered, publishes it, re-solves it from a day, checks swaps and absences against the rules, sees
// each person's hours and share of nights and weekends, and keeps the staff, shifts and rules. Every member of
// the control room sees their own shifts and gets a calendar link. Everything comes from the cctv JSON API.
import {initAll} from "./../vendor/govuk-frontend/govuk-frontend.min.js";
import {barChart, clearMessages, done, download, el, officePage, readable, showProblem, showView, stackedTable, table,
  tag, whileBusy} from "./govuk_page.js";
import {dateInput, example, readDate, readDates} from "./dates.js";

const $ = (id) => document.getElementById(id);
const {session, api} = officePage("cctv.rota", show);
const MANAGERS = ["control_room_manager", "admin"];
const CONTROL_ROOM = [...MANAGERS, "control_room_officer"];
const VIEWS = ["rota", "fairness", "changes", "staff", "setup", "mine"];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const has = (roles) => (session()?.roles ?? []).some((r) => roles.includes(r));
let shown = null;  // the rota on screen
let polling = null;

function show() {
  $("not-for-you").hidden = !session() || has(CONTROL_ROOM);
  for (const name of VIEWS) $(`${name}-section`).hidden = true;
  if (session() && !has(CONTROL_ROOM)) {
    $("signin-section").hidden = true;
    $("menu").hidden = true;
    return;
  }
  document.querySelectorAll("[data-manager]").forEach((item) => { item.hidden = !has(MANAGERS); });
  showView(session, has(MANAGERS)
    ? {rota: showRota, fairness: showFairness, changes: showChanges, staff: showStaff, setup: showSetup, mine: showMine}
    : {mine: showMine});
}

// ---- small pieces

const number = (text) => (/^\s*\d+\s*$/.test(text) ? Number(text) : text.trim() || null);
const hours = (minutes) => (minutes === null || minutes === undefined ? "None" :
  `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`);
const dayName = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", {weekday: "short", day: "numeric", month: "short", timeZone: "UTC"});
const clock = (iso) => new Date(iso).toLocaleTimeString("en-GB", {hour: "2-digit", minute: "2-digit", timeZone: "Europe/London"});
const londonDay = (iso) => new Date(iso).toLocaleDateString("en-CA", {timeZone: "Europe/London"});
const points = (value) => Number(value).toLocaleString("en-GB", {maximumFractionDigits: 0});

function field(id, label, input, hint) {
  if (hint) input.setAttribute("aria-describedby", `${id}-hint`);
  return el("div", {class: "govuk-form-group"}, el("label", {class: "govuk-label", for: id}, label),
    hint ? el("div", {class: "govuk-hint", id: `${id}-hint`}, hint) : null, input);
}
const input = (id, name, attrs = {}) => el("input", {class: "govuk-input", id, type: "text", "data-field": name, ...attrs});
const select = (id, name, choices) => el("select", {class: "govuk-select", id, "data-field": name},
  el("option", {value: ""}, "Choose"), choices.map(([value, label]) => el("option", {value}, label)));

// A day, typed in GOV.UK's date input; `day(id)` reads it ("2026-12-01", or null when nothing is typed).
const dayInput = (id, name, label, hint, days = 7) => dateInput(id, label, {field: name, hint: `${hint ? `${hint}. ` : ""}`
  + `For example, ${example(days)}`});
const toMonday = () => (8 - new Date().getDay()) % 7 || 7;  // days from today to next Monday
const day = (id) => readDate(id).date;

// A form whose days that are not days are reported before anything is sent.
function form(fields, button, send, secondary = true) {
  const node = el("form", {novalidate: true}, ...fields, el("button", {type: "submit", "data-module": "govuk-button",
    class: `govuk-button${secondary ? " govuk-button--secondary" : ""}`}, button));
  node.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    const {errors} = readDates(node);
    if (errors.length) return showProblem({errors}, node);
    whileBusy(node, () => send(node));
  });
  return node;
}

async function staffList() {
  const answer = await api("GET", "/api/v1/rota/staff");
  return answer.ok ? answer.data : [];
}

function summaryList(rows) {
  return el("dl", {class: "govuk-summary-list"}, rows.map(([key, value]) => el("div", {class: "govuk-summary-list__row"},
    el("dt", {class: "govuk-summary-list__key"}, key), el("dd", {class: "govuk-summary-list__value"}, value))));
}

// ---- the rota: make one, follow it, read it, publish it

$("first-day-slot").replaceWith(dayInput("first-day", "first_day", "First day", "A Monday", toMonday()));
$("ask-form").addEventListener("submit", (event) => {
  event.preventDefault();
  clearMessages();
  const {errors} = readDates($("ask-form"));
  if (errors.length) return showProblem({errors}, $("ask-form"));
  whileBusy($("ask-form"), async () => {
    const answer = await api("POST", "/api/v1/rota/rotas", {first_day: day("first-day"),
      weeks: number($("weeks").value), time_limit_seconds: number($("seconds").value)});
    if (!answer.ok) return showProblem(answer.data, $("ask-form"));
    follow(answer.data.id);
  });
});

async function showRota() {
  if (!$("first-day").value) {
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7 || 7));
    $("first-day").value = monday.toISOString().slice(0, 10);
  }
  const list = await api("GET", "/api/v1/rota/rotas");
  if (!list.ok) return showProblem(list.data);
  drawList(list.data);
  const pick = shown ?? list.data.find((r) => r.status === "published") ?? list.data[0];
  if (pick) follow(pick.id);
  else $("rota-body").replaceChildren(el("p", {class: "govuk-body"}, "No rota has been made yet."));
}

const STATUS = {queued: ["Waiting", "grey"], solving: ["Being made", "blue"], finished: ["Draft", "yellow"],
  failed: ["Failed", "red"], published: ["Published", "green"], replaced: ["Replaced", "grey"]};

function drawList(rotas) {
  $("rota-list").replaceChildren(rotas.length ? table(["Rota", "From", "Weeks", "Status", "Made"], rotas.slice(0, 8).map((r) => [
    el("a", {class: "govuk-link", href: "#rota", "aria-current": shown?.id === r.id ? "true" : null,
      onclick: (e) => { e.preventDefault(); clearMessages(); follow(r.id, false, true); }}, `Rota ${r.id}`),
    readable(r.first_day), String(r.weeks), tag(...STATUS[r.status]), readable(r.requested_at)]), "Rotas") : "");
}

async function follow(id, announce = false, focus = false) {
  clearTimeout(polling);
  const answer = await api("GET", `/api/v1/rota/rotas/${id}`);
  if (!answer.ok) return showProblem(answer.data);
  const rota = answer.data;
  const solving = rota.status === "queued" || rota.status === "solving";
  $("rota-progress").hidden = !solving;
  $("ask-form").querySelector("button").disabled = solving;
  if (solving) {
    const best = rota.solutions.at(-1);
    const left = Math.max(0, Math.round(rota.time_limit_seconds * (1 - rota.progress)));
    $("rota-body").replaceChildren();
    $("rota-progress-bar").value = Math.round(rota.progress * 100);
    $("rota-progress-text").textContent = rota.status === "queued" ? "Waiting for the solver to start..."
      : `The solver is working: it stops within ${left} seconds.${best ? ` The best rota so far scores ${points(best.penalty)} `
        + `penalty points (${points(rota.problem.weights.uncovered_shift)} for each uncovered shift); none can score below `
        + `${points(Math.max(0, best.bound))}.` : ""}`;
    if (!$("rota-section").hidden) polling = setTimeout(() => follow(id, true), 1000);
    return;
  }
  shown = rota;
  drawRota(rota);
  const list = await api("GET", "/api/v1/rota/rotas");
  if (list.ok) drawList(list.data);
  if (announce) done("The rota is ready.", {focus: false});
  if (announce || focus) $("rota-title").focus();  // where the keyboard and the screen reader go on from
}

function outcome(rota) {
  if (rota.status === "failed") return rota.failure;
  if (rota.outcome === "optimal") return "This is the best rota the rules and weights allow: the solver proved it.";
  if (rota.outcome === "none") return "The solver found no rota in the time it had. Give it longer.";
  return `The time ran out before the solver could prove this rota the best: the best possible could score up to `
    + `${points(rota.penalty - Math.max(0, rota.bound))} points lower (${Math.round(rota.gap * 100)}% of this rota's `
    + `${points(rota.penalty)}).`;
}

function drawRota(rota) {
  const names = Object.fromEntries(rota.problem.staff.map((s) => [s.id, s.name]));
  const shiftNames = Object.fromEntries(rota.problem.shifts.map((s) => [s.code, s.name]));
  const last = new Date(`${rota.first_day}T12:00:00Z`);
  last.setUTCDate(last.getUTCDate() + 7 * rota.weeks - 1);
  const parts = [el("h2", {class: "govuk-heading-m", id: "rota-title", tabindex: "-1"},
    `Rota ${rota.id}: ${readable(rota.first_day)} to ${readable(last.toISOString().slice(0, 10))}`),
  el("p", {class: "govuk-body"}, tag(...STATUS[rota.status]), " ", outcome(rota))];
  if (rota.status === "failed" || rota.outcome === "none") return $("rota-body").replaceChildren(...parts);
  const actions = el("div", {class: "govuk-button-group"});
  if (rota.status === "finished") {
    actions.append(el("button", {type: "button", class: "govuk-button", "data-module": "govuk-button", onclick: (e) =>
      whileBusy(e.target.closest("div"), async () => {
        clearMessages();
        const answer = await api("POST", `/api/v1/rota/rotas/${rota.id}/publish`);
        if (!answer.ok) return showProblem(answer.data);
        await follow(rota.id);
        done("The rota is published. Staff can see their shifts, and each person with an e-mail address is sent them.");
      })}, "Publish this rota"));
  }
  actions.append(el("button", {type: "button", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button",
    onclick: () => download(`/api/v1/rota/rotas/${rota.id}/export`, `rota-${rota.first_day}.csv`)}, "Download as CSV"));
  parts.push(actions);
  if (rota.breaches.length) {
    parts.push(el("div", {class: "govuk-warning-text"}, el("span", {class: "govuk-warning-text__icon", "aria-hidden": "true"}, "!"),
      el("strong", {class: "govuk-warning-text__text"}, `This rota breaks ${rota.breaches.length} rules and cannot be published: `,
        rota.breaches.map((b) => b.message).join(" "))));
  }
  parts.push(...grid(rota, names, shiftNames), ...uncovered(rota, shiftNames));
  if (rota.compensations.length) {
    parts.push(el("h3", {class: "govuk-heading-s"}, "Compensatory rest (regulation 21)"),
      table(["Person", "Shortened rest", "Short by", "Made up by"], rota.compensations.map((c) => [
        names[c.person], `${c.rule === "daily_rest" ? "Daily rest" : "Weekly rest"} on ${dayName(c.day)}`,
        hours(c.short_by_minutes), c.made_up_by])));
  }
  parts.push(el("h3", {class: "govuk-heading-s"}, "How the rota scores"),
    el("p", {class: "govuk-body"}, "Penalty points by aim, as weighed under Shifts and rules. Lower is better."),
    table(["Aim", "Points"], Object.entries(rota.parts).map(([aim, value]) => [aim.charAt(0).toUpperCase() + aim.slice(1), points(value)]),
      null, "Penalty points by aim"));
  if (rota.status === "published") parts.push(resolveForm(rota));
  $("rota-body").replaceChildren(...parts);
  initAll({scope: $("rota-body")});
}

function grid(rota, names, shiftNames) {
  const cell = Object.fromEntries(rota.duties.map((d) => [`${d.staff_id} ${d.day}`, d.shift]));
  const away = new Set((rota.problem.away ?? []).map((a) => `${a.staff_id} ${a.day}`));
  const short = {};
  for (const s of rota.shortfalls) if (s.shift) short[s.day] = (short[s.day] ?? 0) + (s.needed - s.staffed);
  const out = [];
  for (let week = 0; week < rota.weeks; week++) {
    const days = [...Array(7).keys()].map((i) => {
      const day = new Date(`${rota.first_day}T12:00:00Z`);
      day.setUTCDate(day.getUTCDate() + 7 * week + i);
      return day.toISOString().slice(0, 10);
    });
    const role = {senior: " (senior)", manager: " (manager)"};
    const rows = rota.problem.staff.map((s) => [`${s.name}${role[s.role] ?? ""}`, ...days.map((d) => shiftNames[cell[`${s.id} ${d}`]]
      ?? (away.has(`${s.id} ${d}`) ? tag("Away", "grey") : ""))]);
    rows.push(["Shifts uncovered", ...days.map((d) => (short[d] ? tag(String(short[d]), "red") : "0"))]);
    out.push(table(["Name", ...days.map(dayName)], rows, `Week ${week + 1}: ${dayName(days[0])} to ${dayName(days[6])}`));
  }
  return out;
}

function uncovered(rota, shiftNames) {
  const shifts = rota.shortfalls.filter((s) => s.shift);
  const senior = rota.shortfalls.filter((s) => !s.shift);
  const out = [el("h3", {class: "govuk-heading-s", id: "uncovered"}, shifts.length || senior.length
    ? `Not covered: ${shifts.reduce((n, s) => n + s.needed - s.staffed, 0)} officer shifts, ${senior.length} days without full senior cover`
    : "Every shift is covered"), el("p", {class: "govuk-body"}, rota.capacity ?? "")];
  if (shifts.length) {
    out.push(stackedTable(["Day", "Shift", "Officers", "Why"], shifts.map((s) => [dayName(s.day), shiftNames[s.shift],
      `${s.staffed} of ${s.needed}`, el("details", {class: "govuk-details app-reasons"},
        el("summary", {class: "govuk-details__summary"}, el("span", {class: "govuk-details__summary-text"}, "Why each person could not")),
        el("div", {class: "govuk-details__text"}, el("ul", {class: "govuk-list govuk-list--bullet"},
          s.reasons.slice(1).map((r) => el("li", {}, r)))))]), null, "Uncovered shifts"));
  }
  if (senior.length) {
    out.push(stackedTable(["Day", "Senior cover", "Why"], senior.map((s) => [dayName(s.day), `${hours(s.staffed)} of ${hours(s.needed)}`,
      s.reasons.slice(1).join(" ")]), null, "Days without full senior cover"));
  }
  return out;
}

function resolveForm(rota) {
  return form([el("h3", {class: "govuk-heading-s"}, "Re-solve from a day"),
    el("p", {class: "govuk-body"}, "After sickness or leave, make the rest of the rota again: days before are kept, and "
      + "as few published shifts as possible are changed."),
    dayInput("from-day", "from_day", "Re-solve from")],
  "Re-solve", async (node) => {
    const answer = await api("POST", `/api/v1/rota/rotas/${rota.id}/resolve`, {from_day: day("from-day")});
    if (!answer.ok) return showProblem(answer.data, node);
    follow(answer.data.id);
  });
}

// ---- hours and fairness

async function latest() {
  if (shown) return shown;
  const list = await api("GET", "/api/v1/rota/rotas");
  const pick = list.ok ? list.data.find((r) => r.status === "published") ?? list.data.find((r) => r.status === "finished") : null;
  if (!pick) return null;
  const answer = await api("GET", `/api/v1/rota/rotas/${pick.id}`);
  return answer.ok ? (shown = answer.data) : null;
}

async function showFairness() {
  const rota = await latest();
  if (!rota) return $("fairness-body").replaceChildren(el("p", {class: "govuk-body"}, "Make a rota first."));
  const people = rota.figures;
  $("fairness-body").replaceChildren(
    el("p", {class: "govuk-body"}, `Rota ${rota.id} (${STATUS[rota.status][0].toLowerCase()}), from ${readable(rota.first_day)} for `
      + `${rota.weeks} weeks. Nights, weekend shifts (any shift with hours on a Saturday or Sunday, so Friday's Late and Night `
      + "count) and lates are shared among people of the same role; a backward change is to an earlier shift on the next "
      + "day (forward rotation, Early to Late to Night, is easier on sleep)."),
    table(["Name", "Hours (of contract)", "A week on average", "Shifts", "Nights", "Weekend shifts", "Lates", "Shortest rest", "Longest run",
      "Backward changes", "Requests met"], people.map((f) => [f.name, `${hours(f.minutes)} (of ${hours(f.contracted_minutes)})`,
      hours(Math.round(f.minutes / rota.weeks)),
      String(f.shifts), String(f.nights), String(f.weekends), String(f.unpopular), hours(f.shortest_rest_minutes),
      `${f.longest_run} days`, String(f.backward_rotations),
      f.requests_met + f.requests_not_met ? `${f.requests_met} of ${f.requests_met + f.requests_not_met}` : "No requests"]),
    "Each person's share"),
    el("h2", {class: "govuk-heading-m"}, "Nights"),
    barChart("Nights for each person: the same figures as the table's Nights column", people.map((f) => [f.name, f.nights])),
    el("h2", {class: "govuk-heading-m"}, "Weekend shifts"),
    barChart("Weekend shifts for each person: the same figures as the table's Weekend shifts column",
      people.map((f) => [f.name, f.weekends])),
    el("h2", {class: "govuk-heading-m"}, "Hours"),
    barChart("Hours for each person: the same figures as the table's Hours column",
      people.map((f) => [f.name, Math.round(f.minutes / 6) / 10])));
}

// ---- swaps, cover and absence on the published rota

async function showChanges() {
  const list = await api("GET", "/api/v1/rota/rotas");
  if (!list.ok) return showProblem(list.data);
  const published = list.data.filter((r) => r.status === "published");
  if (!published.length) return $("changes-body").replaceChildren(el("p", {class: "govuk-body"}, "No rota is published yet."));
  const rota = published[0];
  const people = (await staffList()).filter((s) => s.active).map((s) => [String(s.id), s.name]);
  const kinds = [["swap", "Swap shifts between two people"], ["cover", "Someone else covers a shift"],
    ["absence", "Sickness or leave"]];
  const changeForm = form([
    el("h2", {class: "govuk-heading-m"}, `Check a change to rota ${rota.id} (from ${readable(rota.first_day)})`),
    field("change-kind", "Change", select("change-kind", "kind", kinds)),
    field("change-person", "Whose shift", select("change-person", "staff_id", people)),
    dayInput("change-day", "day", "Day of their shift, or first day away"),
    field("change-other", "Swap with, or covered by", select("change-other", "with_staff_id", people), "Not needed for sickness or leave"),
    dayInput("change-with-day", "with_day", "Day of the other person's shift (swaps)", "Leave empty for the same day"),
    dayInput("change-last-day", "last_day", "Last day away (sickness or leave)", "Leave empty for one day"),
    field("change-absence", "Kind of absence", select("change-absence", "absence_kind", [["sickness", "Sickness"],
      ["annual_leave", "Annual leave"], ["training", "Training"], ["other", "Other"]]))],
  "Check and make the change", async (node) => {
    const value = (id) => $(id).value || null;
    const answer = await api("POST", `/api/v1/rota/rotas/${rota.id}/changes`, {kind: value("change-kind"),
      staff_id: number($("change-person").value), day: day("change-day"), with_staff_id: number($("change-other").value),
      with_day: day("change-with-day"), last_day: day("change-last-day"), absence_kind: value("change-absence")});
    if (!answer.ok) {
      showProblem(answer.data, node);
      return drawHistory();  // a refusal is recorded too
    }
    const short = answer.data.uncovered.filter((u) => u.shift);
    await showChanges();
    shown = null;
    done(`The change is made.${short.length ? ` It leaves ${short.length} ${short.length === 1 ? "shift" : "shifts"} short: ${short.map((u) => `${u.shift_name} on ${dayName(u.day)}`).join(", ")}. Re-solve the rota from that day to cover them.` : ""}`);
  }, false);
  const names = Object.fromEntries(people);
  async function drawHistory() {
    const history = await api("GET", `/api/v1/rota/rotas/${rota.id}/changes`);
    $("changes-history").replaceChildren(history.ok && history.data.length ? stackedTable(["When", "Change", "Decision", "Why"], history.data.map((c) => [
      readable(c.decided_at), `${c.kind === "absence" ? "Absence" : c.kind === "swap" ? "Swap" : "Cover"}: ${names[c.asked.staff_id] ?? ""}, ${dayName(c.asked.day)}`
        + (c.asked.with_staff_id ? ` ${c.kind === "swap" ? "with" : "by"} ${names[c.asked.with_staff_id] ?? ""}${c.asked.with_day && c.asked.with_day !== c.asked.day ? `, ${dayName(c.asked.with_day)}` : ""}` : ""),
      c.accepted ? tag("Made", "green") : tag("Refused", "red"),
      c.accepted ? (c.uncovered.length ? `Leaves ${c.uncovered.length} ${c.uncovered.length === 1 ? "shift" : "shifts"} short` : "") : el("ul", {class: "govuk-list govuk-list--bullet"},
        c.breaches.map((b) => el("li", {}, `${b.rule_name}: ${b.message}`)))]),  // each rule it would break
    null, "Changes checked") : el("p", {class: "govuk-body"}, "None yet."));
  }
  $("changes-body").replaceChildren(changeForm, el("h2", {class: "govuk-heading-m"}, "Changes checked"), el("div", {id: "changes-history"}));
  await drawHistory();
}

// ---- staff, absences, requests

async function showStaff() {
  const [staff, absences, requests, shifts] = await Promise.all([staffList(), api("GET", "/api/v1/rota/absences"),
    api("GET", "/api/v1/rota/preferences"), api("GET", "/api/v1/rota/shifts")]);
  const names = Object.fromEntries(staff.map((s) => [s.id, s.name]));
  const shiftChoices = shifts.ok ? shifts.data.map((s) => [s.code, s.name]) : [];
  const role = {officer: "Officer", senior: "Senior officer", manager: "Manager"};
  const linkButton = (s) => el("button", {type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0",
    "data-module": "govuk-button", onclick: async () => {
      clearMessages();
      const answer = await api("POST", `/api/v1/rota/staff/${s.id}/feed-link`);
      if (!answer.ok) return showProblem(answer.data);
      $("feed-link-slot").replaceChildren(el("div", {class: "govuk-inset-text"}, `${s.name}'s private calendar link (give it to them; it is not shown again, and any earlier link has stopped working): `,
        el("code", {class: "app-link-text"}, answer.data.url)));
      done(`A new calendar link is ready for ${s.name}.`);
    }}, s.has_feed ? "Replace calendar link" : "Make calendar link");
  const addStaff = form([el("h2", {class: "govuk-heading-m"}, "Add someone"),
    field("staff-name", "Full name", input("staff-name", "name", {autocomplete: "off"})),
    field("staff-role", "Role", select("staff-role", "role", Object.entries(role))),
    field("staff-hours", "Contracted hours a week", input("staff-hours", "contracted_hours", {inputmode: "decimal", class: "govuk-input govuk-input--width-4"})),
    el("div", {class: "govuk-form-group"}, el("fieldset", {class: "govuk-fieldset"},
      el("legend", {class: "govuk-fieldset__legend govuk-fieldset__legend--s"}, "Shifts they may work"),
      el("div", {class: "govuk-checkboxes govuk-checkboxes--small", "data-module": "govuk-checkboxes"},
        shiftChoices.map(([code, name], n) => el("div", {class: "govuk-checkboxes__item"},
          el("input", {class: "govuk-checkboxes__input", id: `staff-shift-${n}`, type: "checkbox", value: code,
            name: "staff-shifts", "data-field": n === 0 ? "shifts" : null}),
          el("label", {class: "govuk-label govuk-checkboxes__label", for: `staff-shift-${n}`}, name)))))),
    field("staff-username", "Sign-in name (optional)", input("staff-username", "username", {spellcheck: "false", autocapitalize: "none"}), "So they can see their own shifts"),
    field("staff-email", "Email address (optional)", input("staff-email", "email", {type: "email", spellcheck: "false"}), "Their shifts are e-mailed here when a rota is published")],
  "Add to the rota", async (node) => {
    const answer = await api("POST", "/api/v1/rota/staff", {name: $("staff-name").value.trim() || null,
      role: $("staff-role").value || null, contracted_hours: $("staff-hours").value.trim() || null,
      shifts: [...node.querySelectorAll("input[name=staff-shifts]:checked")].map((i) => i.value),
      username: $("staff-username").value.trim() || null, email: $("staff-email").value.trim() || null});
    if (!answer.ok) return showProblem(answer.data, node);
    await showStaff();
    done(`${answer.data.name} is on the rota.`);
  });
  const people = staff.filter((s) => s.active).map((s) => [String(s.id), s.name]);
  const addAbsence = form([el("h2", {class: "govuk-heading-m"}, "Record leave or other absence"),
    el("p", {class: "govuk-body"}, "For a published rota, use Swaps and absence instead: it also lists the shifts left short."),
    field("absence-person", "Person", select("absence-person", "staff_id", people)),
    dayInput("absence-first", "first_day", "First day away"),
    dayInput("absence-last", "last_day", "Last day away"),
    field("absence-kind", "Kind", select("absence-kind", "kind", [["annual_leave", "Annual leave"], ["sickness", "Sickness"],
      ["training", "Training"], ["other", "Other"]]))],
  "Record the absence", async (node) => {
    if (!$("absence-person").value) {  // the person is in the address, so the server cannot say it: tell all at once here
      const blanks = [["staff_id", "absence-person", "Select the person who is away"], ["first_day", "absence-first", "Enter the first day away"],
        ["last_day", "absence-last", "Enter the last day away"], ["kind", "absence-kind", "Select annual leave, sickness, training or other"]];
      const given = (id) => ($(id).classList.contains("govuk-date-input") ? day(id) : $(id).value);
      return showProblem({errors: blanks.filter(([, id], n) => n === 0 || !given(id)).map(([field, , message]) => ({field, message}))}, node);
    }
    const answer = await api("POST", `/api/v1/rota/staff/${$("absence-person").value}/absences`, {
      first_day: day("absence-first"), last_day: day("absence-last"), kind: $("absence-kind").value || null});
    if (!answer.ok) return showProblem(answer.data, node);
    await showStaff();
    done("The absence is recorded. The next rota made will keep them off those days.");
  });
  const shiftName = Object.fromEntries(shiftChoices);
  $("staff-body").replaceChildren(
    stackedTable(["Name", "Role", "Hours a week", "Shifts", "Sign-in", "Calendar"], staff.map((s) => [s.name,
      `${role[s.role]}${s.active ? "" : " (left)"}`, String(s.contracted_hours), s.shifts.map((c) => shiftName[c] ?? c).join(", "),
      s.username ?? "None", linkButton(s)]), "Staff"),
    el("div", {id: "feed-link-slot"}),
    absences.ok && absences.data.length ? table(["Name", "From", "To", "Kind"], absences.data.map((a) => [names[a.staff_id],
      readable(a.first_day), readable(a.last_day), a.kind.replace("_", " ")]), "Absences to come") : "",
    requests.ok && requests.data.length ? table(["Name", "Asks", "When"], requests.data.map((p) => [names[p.staff_id],
      `${p.wants ? "For" : "Against"} ${p.shift ? `the ${shiftName[p.shift] ?? p.shift}` : "working"}`,
      p.day ? readable(p.day) : `Every ${WEEKDAYS[p.weekday]}`]), "Requests for and against shifts") : "",
    addAbsence, addStaff);
  initAll({scope: $("staff-body")});
}

// ---- shifts, demand, events, rules

const RULES = {daily_rest_hours: "Rest between shifts (hours)", weekly_rest: "Weekly rest",
  max_average_weekly_hours: "Most hours a week, on average", overtime_hours_per_week: "Overtime allowed beyond contract (hours a week)",
  max_consecutive_shifts: "Most shifts in a row", max_consecutive_nights: "Most nights in a row",
  senior_hours_per_day: "Senior or manager on duty (hours a day)", exempt_daily_rest: "Regulation 21 exemption for daily rest",
  exempt_weekly_rest: "Regulation 21 exemption for weekly rest"};
const WEIGHTS = {uncovered_shift: "Each officer missing from a shift", senior_hour_short: "Each hour a day lacks senior cover",
  preference: "Each request not met", fairness: "Each shift between who works the most and the fewest nights, weekends or lates",
  backward_rotation: "Each change to an earlier shift the next day", change: "Each published shift changed when re-solving",
  hours_short: "Each hour the manager falls short of their contract"};
const ruleValue = (value) => (value === true ? "On" : value === false ? "Off" : value === "24_in_7" ? "24 hours in each 7 days"
  : value === "48_in_14" ? "48 hours in each 14 days" : String(value));

async function showSetup() {
  const [shifts, demand, rules, events] = await Promise.all([api("GET", "/api/v1/rota/shifts"), api("GET", "/api/v1/rota/demand"),
    api("GET", "/api/v1/rota/rules"), api("GET", "/api/v1/rota/events")]);
  if (!shifts.ok) return showProblem(shifts.data);
  const times = (t) => `${t.start.slice(0, 5)} to ${t.end.slice(0, 5)}${t.ends_next_day ? " (next day)" : ""}`;
  const needed = Object.fromEntries(demand.data.cells.map((c) => [`${c.weekday} ${c.shift}`, c.officers]));
  const importForm = form([el("h2", {class: "govuk-heading-m"}, "Import event days"),
    el("p", {class: "govuk-body"}, "An iCalendar file (.ics), such as Wembley Stadium's fixtures. Each event adds officers to the shifts it overlaps. Importing the same file again updates its events rather than adding them twice."),
    field("events-file", "Calendar file", el("input", {class: "govuk-file-upload", id: "events-file", type: "file", accept: ".ics,text/calendar", "data-field": "file"})),
    field("events-extra", "Extra officers on each shift an event overlaps", input("events-extra", "extra_officers", {value: "1", inputmode: "numeric", class: "govuk-input govuk-input--width-2"}))],
  "Import", async (node) => {
    const file = $("events-file").files[0];
    if (!file) return showProblem({errors: [{field: "file", message: "Select an iCalendar file (.ics)"}]}, node);
    const answer = await api("POST", `/api/v1/rota/events/import?extra_officers=${encodeURIComponent($("events-extra").value)}`,
      new Blob([await file.arrayBuffer()], {type: "text/calendar"}));
    if (!answer.ok) return showProblem(answer.data, node);
    await showSetup();
    done(`${answer.data.added} events added and ${answer.data.updated} updated.`);
  });
  const shiftForm = form([el("h2", {class: "govuk-heading-m"}, "Change a shift's times"),
    field("shift-code", "Shift", select("shift-code", "code", shifts.data.map((s) => [s.code, s.name]))),
    ...[["sunday_to_thursday", "Sunday to Thursday"], ["friday_saturday", "Friday and Saturday"]].flatMap(([kind, name]) => [
      field(`${kind}-start`, `${name}: starts`, input(`${kind}-start`, `${kind}.start`, {class: "govuk-input govuk-input--width-5"}), "24-hour clock, like 08:00"),
      field(`${kind}-end`, `${name}: ends`, input(`${kind}-end`, `${kind}.end`, {class: "govuk-input govuk-input--width-5"}), "24-hour clock, like 16:00"),
      el("div", {class: "govuk-form-group"}, el("div", {class: "govuk-checkboxes govuk-checkboxes--small"}, el("div", {class: "govuk-checkboxes__item"},
        el("input", {class: "govuk-checkboxes__input", id: `${kind}-next`, type: "checkbox"}),
        el("label", {class: "govuk-label govuk-checkboxes__label", for: `${kind}-next`}, `${name}: ends the next day`))))])],
  "Change the shift", async (node) => {
    const code = $("shift-code").value;
    if (!code) return showProblem({errors: [{field: "code", message: "Select the shift to change"}]}, node);
    const current = shifts.data.find((s) => s.code === code);
    const times = (kind) => ({start: $(`${kind}-start`).value || null, end: $(`${kind}-end`).value || null,
      ends_next_day: $(`${kind}-next`).checked});
    const answer = await api("PUT", `/api/v1/rota/shifts/${code}`, {name: current.name, unpopular: current.unpopular,
      sunday_to_thursday: times("sunday_to_thursday"), friday_saturday: times("friday_saturday")});
    if (!answer.ok) return showProblem(answer.data, node);
    await showSetup();
    done(`The ${current.name} shift's times are changed. Rotas made from now on use them.`);
  });
  shiftForm.querySelector("#shift-code").addEventListener("change", (event) => {
    const shift = shifts.data.find((s) => s.code === event.target.value);
    for (const kind of ["sunday_to_thursday", "friday_saturday"]) {
      $(`${kind}-start`).value = shift ? shift[kind].start.slice(0, 5) : "";
      $(`${kind}-end`).value = shift ? shift[kind].end.slice(0, 5) : "";
      $(`${kind}-next`).checked = Boolean(shift?.[kind].ends_next_day);
    }
  });
  const cells = demand.data.cells;
  const demandForm = form([
    el("p", {class: "govuk-body govuk-!-margin-top-6"}, "Officers needed on each shift of each day of the week, before event days add to them."),
    table(["Shift", ...WEEKDAYS], shifts.data.map((s) => [s.name, ...WEEKDAYS.map((day, w) => {
      const at = cells.findIndex((c) => c.weekday === w && c.shift === s.code);
      return el("div", {class: "govuk-form-group govuk-!-margin-bottom-0"},
        el("label", {class: "govuk-label govuk-visually-hidden", for: `demand-${at}`}, `${s.name} on ${day}`),
        input(`demand-${at}`, `cells.${at}.officers`, {value: String(cells[at]?.officers ?? 0), inputmode: "numeric", class: "govuk-input govuk-input--width-2"}));
    })]), "Officers needed", "Officers needed on each shift and day")],
  "Save the officers needed", async (node) => {
    const answer = await api("PUT", "/api/v1/rota/demand", {cells: cells.map((c, at) => ({weekday: c.weekday, shift: c.shift,
      officers: number($(`demand-${at}`).value)}))});
    if (!answer.ok) return showProblem(answer.data, node);
    await showSetup();
    done("The officers needed are saved. Rotas made from now on use them.");
  });
  const ruleInput = (group, key, value) => {
    const id = `${group}-${key}`;
    if (typeof value === "boolean") {
      return el("div", {class: "govuk-form-group"}, el("div", {class: "govuk-checkboxes govuk-checkboxes--small"},
        el("div", {class: "govuk-checkboxes__item"}, el("input", {class: "govuk-checkboxes__input", id, type: "checkbox",
          checked: value, "data-field": `${group}.${key}`}), el("label", {class: "govuk-label govuk-checkboxes__label", for: id}, RULES[key]))));
    }
    if (key === "weekly_rest") {
      return field(id, RULES[key], el("select", {class: "govuk-select", id, "data-field": `${group}.${key}`},
        ["24_in_7", "48_in_14"].map((v) => el("option", {value: v, selected: v === value}, ruleValue(v)))));
    }
    return field(id, (group === "rules" ? RULES : WEIGHTS)[key] ?? key,
      input(id, `${group}.${key}`, {value: String(value), inputmode: "decimal", class: "govuk-input govuk-input--width-5"}));
  };
  const rulesForm = form([el("h2", {class: "govuk-heading-m"}, "Rules and weights"),
    el("p", {class: "govuk-body"}, "Rules are never broken. Turn on a regulation 21 exemption only where the control room's work falls under it: a shortened rest is then made up by a longer one, and the rota lists each."),
    ...Object.entries(rules.data.rules).map(([k, v]) => ruleInput("rules", k, v)),
    el("h3", {class: "govuk-heading-s"}, "Penalty points for each aim the rota misses"),
    ...Object.entries(rules.data.weights).map(([k, v]) => ruleInput("weights", k, v))],
  "Save the rules and weights", async (node) => {
    const read = (group, values) => Object.fromEntries(Object.keys(values).map((k) => {  // the API reads "37.5" as 37.5
      const box = $(`${group}-${k}`);
      return [k, box.type === "checkbox" ? box.checked : box.value.trim() || null];
    }));
    const answer = await api("PUT", "/api/v1/rota/rules", {rules: read("rules", rules.data.rules), weights: read("weights", rules.data.weights)});
    if (!answer.ok) return showProblem(answer.data, node);
    await showSetup();
    done("The rules and weights are saved. Rotas made from now on use them.");
  });
  $("setup-body").replaceChildren(
    el("p", {class: "govuk-body"}, "Times are London times. A time in the hour the clocks skip in March is read as an hour later; one in the hour repeated in October is its first time. Hours are counted as really worked: a Night across the October change lasts 9 hours."),
    table(["Shift", "Sunday to Thursday", "Friday and Saturday"], shifts.data.map((s) => [s.name, times(s.sunday_to_thursday),
      times(s.friday_saturday)]), "Shifts"),
    shiftForm, demandForm,
    events.ok && events.data.length ? table(["Event", "From", "To", "Extra officers"], events.data.map((e) => [e.name,
      readable(e.starts_at), readable(e.ends_at), String(e.extra_officers)]), "Event days") : el("p", {class: "govuk-body"}, "No event days to come."),
    importForm, rulesForm);
  initAll({scope: $("setup-body")});
}

// ---- my shifts

async function showMine() {
  const answer = await api("GET", "/api/v1/rota/me/shifts");
  if (!answer.ok) {
    return $("mine-body").replaceChildren(el("p", {class: "govuk-body"}, answer.data.detail ?? "Your shifts could not be shown."));
  }
  const linkForm = form([el("h2", {class: "govuk-heading-m"}, "See your shifts in your phone's calendar"),
    el("p", {class: "govuk-body"}, "Get a private link and subscribe to it from your calendar app. Keep it to yourself: anyone with it sees your shifts. Getting a new link stops the old one working.")],
  "Get my calendar link", async () => {
    const link = await api("POST", "/api/v1/rota/me/feed-link");
    if (!link.ok) return showProblem(link.data);
    $("my-link").replaceChildren(el("div", {class: "govuk-inset-text"}, "Your calendar link: ", el("code", {class: "app-link-text"}, link.data.url)));
    done("Your calendar link is ready. Copy it into your calendar app as a subscription.");
  });
  $("mine-body").replaceChildren(answer.data.length ? table(["Day", "Shift", "Starts", "Ends"], answer.data.map((s) => [
    dayName(s.day), s.shift_name, clock(s.starts_at),
    `${clock(s.ends_at)}${londonDay(s.ends_at) !== s.day ? " next day" : ""}`]), "Your published shifts")
    : el("p", {class: "govuk-body"}, "You have no published shifts in the next 12 weeks."), linkForm, el("div", {id: "my-link"}));
}

initAll();
show();
