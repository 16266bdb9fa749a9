// The nuisance officers' page: the team's queue, each case's timeline and casework, and the reports. Everything
// comes from the noise JSON API with the officer's sign-in (signin.js); the page itself holds no data.
import {initAll} from "./../vendor/govuk-frontend/govuk-frontend.min.js";
import {barChart, clearMessages, detail, done, download, el, officePage, readable, sentence, showProblem, table, tag, when,
  words}
  from "./govuk_page.js";

const SESSION = "noise.session"; // this tab only: the office's shared computers
const REFERENCE = JSON.parse(document.getElementById("reference").textContent);
const $ = (id) => document.getElementById(id);

const {session, api} = officePage(SESSION, show);

// ---- views

function show() {
  const signedIn = session();
  const view = signedIn ? (location.hash.startsWith("#case/") ? "case" : location.hash === "#reports" ? "reports" : "queue")
    : "signin";
  for (const name of ["signin", "queue", "case", "reports"]) $(`${name}-section`).hidden = name !== view;
  $("menu").hidden = !signedIn;
  document.querySelectorAll("[data-view]").forEach((item) => {
    const active = item.dataset.view === view || (view === "case" && item.dataset.view === "queue");
    item.classList.toggle("govuk-service-navigation__item--active", active);
  });
  if (signedIn) $("signed-in-as").textContent = `Signed in as ${signedIn.displayName ?? signedIn.username}`;
  if (view === "queue") showQueue();
  if (view === "case") showCase(decodeURIComponent(location.hash.slice("#case/".length)));
  if (view === "reports") showReports();
}

async function showQueue() {
  const answer = await api("GET", "/api/v1/queue");
  if (!answer.ok) return showProblem(answer.data);
  if (!answer.data.length) {
    return $("queue-table").replaceChildren(el("p", {class: "govuk-body"}, "No flagged cases are open."));
  }
  $("queue-table").replaceChildren(table(["Case", "Source", "Flagged", "Why", "Officer", "Evidence"],
    answer.data.map((entry) => [
      el("a", {class: "govuk-link", href: `#case/${entry.case.reference}`}, entry.case.reference),
      `${entry.case.address} (${entry.case.ward})`, when(entry.flagged_at), entry.decision.explanation,
      entry.assigned_to ?? "Not assigned",
      entry.evidence_overdue ? tag("Waiting too long", "red")
        : entry.oldest_unreviewed_evidence_at ? tag("To assess", "yellow") : tag("Assessed", "green")])));
}

async function showCase(reference) {
  const answer = await api("GET", `/api/v1/cases/${encodeURIComponent(reference)}`);
  if (!answer.ok) {
    for (const id of ["case-summary", "case-decisions", "case-timeline", "case-actions", "case-notices", "case-forms"]) {
      $(id).replaceChildren();
    }
    $("case-title").textContent = "Case not found";
    return showProblem(answer.data);
  }
  const c = answer.data;
  $("case-title").textContent = `Case ${c.reference}`;
  const row = (key, value) => el("div", {class: "govuk-summary-list__row"},
    el("dt", {class: "govuk-summary-list__key"}, key), el("dd", {class: "govuk-summary-list__value"}, value));
  $("case-summary").replaceChildren(row("Status", tag(sentence(words(c.status)), c.status === "closed" ? "grey" : "blue")),
    row("Noise from", `${c.address} (${c.ward})${c.uprn ? `, UPRN ${c.uprn}` : ""}`),
    row("Opened", when(c.opened_at)), row("Passed to the team", c.qualified_at
      ? `${when(c.qualified_at)} (${c.qualified_because === "significant" ? "marked significant"
        : "enough separate incidents"})` : "Not yet"),
    row("Officer", c.assigned_to ?? "Not assigned"), row("Landlord", c.landlord_name ?? "None recorded"),
    ...(c.outcome ? [row("Outcome", c.outcome)] : []));
  const changes = c.decisions.filter((d, i) => i === 0 || d.explanation !== c.decisions[i - 1].explanation);
  $("case-decisions").replaceChildren(...changes.slice().reverse().slice(0, 5).map((d) =>
    el("li", {}, `${when(d.decided_at)}: ${d.explanation}`)));
  $("case-timeline").replaceChildren(...c.occasions.slice().reverse().map((o) => el("div",
    {class: `app-occasion${o.nuisance ? " app-occasion--nuisance" : ""}`},
    el("h3", {class: "govuk-heading-s"}, `${when(o.started_at)} to ${when(o.ended_at)} `,
      o.nuisance ? tag("Nuisance", "red") : tag("Not assessed as a nuisance", "grey")),
    table(["Report", "Reported", "Category", "By", "Evidence", "Assessment"], o.incidents.map((i) => [
      `#${i.id} (${words(i.channel)})`, when(i.started_at), REFERENCE.categories[i.category] ?? i.category,
      [i.reporter?.name, i.reporter?.phone, i.reporter?.email].filter(Boolean).join(", ") || "Not given",
      i.evidence.map((e) => `${e.kind} ${e.reference}`).join(", ") || "None",
      assessment(i, c.reference)]), null, `Reports of the occasion from ${when(o.started_at)}`))));
  $("case-actions").replaceChildren(c.actions.length ? table(["When", "Step", "By", "Details"],
    c.actions.map((a) => [when(a.at), sentence(words(a.action)), a.by,
      Object.entries(a.details).filter(([k]) => k !== "abatement_notice").map(detail).join("; ")]))
    : el("p", {class: "govuk-body"}, "No casework yet."));
  $("case-notices").replaceChildren(
    ...(c.abatement_notices.length ? [table(["Notice", "Served on", "Requirements", "Comply by"],
      c.abatement_notices.map((n) => [`Version ${n.version}${superseded(c, n) ? " (corrected by a later one)" : ""}`,
        `${n.served_on_name}, ${when(n.served_at)}`, n.requirements, n.compliance_date]), "Abatement notices")] : []),
    ...(c.breaches.length ? [table(["Breach", "When", "Fixed penalty notice"], c.breaches.map((b) => [
      b.notice_reference, when(b.occurred_at), b.notice?.state === "issued"
        ? `${b.notice.notice_number}: £${b.notice.amount}, pay by ${readable(b.notice.pay_by)}`
        : b.notice?.state === "refused" ? `Not issued: ${b.notice.refusal_title}. ${b.notice.refusal_detail}`
          : "Fixed penalty notice requested: reload in a moment to see its number"]), "Breaches")] : []));
  $("case-forms").replaceChildren(...c.possible_actions.map((name) => actionForm(name, c)));
}

function assessment(incident, reference) {
  const mark = (value) => el("button", {type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-1",
    onclick: async () => {
      clearMessages();
      const answer = await api("POST", `/api/v1/incidents/${incident.id}/assessment`, {assessment: value});
      if (!answer.ok) return showProblem(answer.data);
      done(`Report #${incident.id} assessed as ${words(value)}.`);
      showCase(reference);
    }}, value === "nuisance" ? "Nuisance" : "Not a nuisance");
  return el("span", {}, `${sentence(words(incident.assessment))} `, incident.assessment === "unassessed"
    ? [mark("nuisance"), " ", mark("not_nuisance")] : null);
}

// ---- casework forms: one per step the case can take now (the server says which)

function field(action, spec, c) {
  const id = `${action}-${spec.name}`;
  const common = {id, name: spec.name, "data-field": spec.name};
  if (spec.type === "radios") {
    return el("div", {class: "govuk-form-group"}, el("fieldset", {class: "govuk-fieldset"},
      el("legend", {class: "govuk-fieldset__legend govuk-fieldset__legend--s"}, spec.label),
      el("div", {class: "govuk-radios govuk-radios--inline", "data-module": "govuk-radios"},
        spec.options.map(([value, text], n) => el("div", {class: "govuk-radios__item"},
          el("input", {class: "govuk-radios__input", type: "radio", name: spec.name, value,
            id: n ? `${id}-${n}` : id, "data-field": n ? null : spec.name}),
          el("label", {class: "govuk-label govuk-radios__label", for: n ? `${id}-${n}` : id}, text))))));
  }
  const label = el("label", {class: "govuk-label", for: id}, spec.label);
  let input;
  if (spec.type === "textarea") input = el("textarea", {class: "govuk-textarea", rows: 3, ...common});
  else if (spec.type === "select") {
    const options = spec.options(c);
    input = el("select", {class: "govuk-select", ...common}, el("option", {value: ""}, spec.empty ?? "Choose"),
      options.map(([value, text]) => el("option", {value}, text)));
  } else input = el("input", {class: "govuk-input", type: spec.type ?? "text", ...common});
  return el("div", {class: "govuk-form-group"}, label, spec.hint ? el("div", {class: "govuk-hint"}, spec.hint) : null,
    input);
}

const superseded = (c, n) => c.abatement_notices.some((other) => other.corrects_id === n.id);
const NOTICES = (c) => c.abatement_notices.filter((n) => !superseded(c, n))
  .map((n) => [String(n.id), `Version ${n.version}, served ${when(n.served_at)}`]);
const FORMS = {
  assign: {title: "Assign an officer", fields: [{name: "officer", label: "Officer's username"}]},
  record_visit: {title: "Record a visit", fields: [
    {name: "visited_at", label: "When", type: "datetime-local"},
    {name: "witnessed", label: "Was a statutory nuisance witnessed?", type: "radios",
      options: [["true", "Yes"], ["false", "No"]]},
    {name: "notes", label: "Notes", type: "textarea"}]},
  record_landlord: {title: "Record the registered social landlord", fields: [
    {name: "name", label: "Landlord"}, {name: "email", label: "Landlord's email address", type: "email"}]},
  serve_abatement_notice: {title: "Serve an abatement notice", fields: [
    {name: "served_on_name", label: "Served on (name)"}, {name: "served_on_address", label: "Served at (address)"},
    {name: "responsible", label: "Who is responsible?", type: "radios",
      options: [["resident", "A resident"], ["business", "A business"]]},
    {name: "requirements", label: "Requirements, as served", type: "textarea"},
    {name: "compliance_date", label: "Comply by", type: "date"},
    {name: "corrects", label: "Corrects an earlier version (optional)", type: "select", options: NOTICES,
      empty: "No: a first notice"}]},
  record_breach: {title: "Record a breach", hint: "A fixed penalty notice is then issued for it.", fields: [
    {name: "abatement_notice_id", label: "Notice breached", type: "select", options: NOTICES},
    {name: "occurred_at", label: "When", type: "datetime-local"},
    {name: "details", label: "What was witnessed or recorded", type: "textarea"}]},
  mark_for_prosecution: {title: "Mark for prosecution", fields: [{name: "reason", label: "Why", type: "textarea"}]},
  close: {title: "Close the case", fields: [{name: "outcome", label: "Outcome", type: "select",
    options: () => REFERENCE.outcomes.map((o) => [o, sentence(o)])}]},
};

function actionForm(name, c) {
  const spec = FORMS[name];
  const form = el("form", {class: "app-action-form", novalidate: true},
    el("h3", {class: "govuk-heading-s"}, spec.title),
    spec.hint ? el("p", {class: "govuk-body"}, spec.hint) : null, spec.fields.map((f) => field(name, f, c)),
    el("button", {type: "submit", class: "govuk-button", "data-module": "govuk-button"}, spec.title));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearMessages();
    const body = {};
    for (const f of spec.fields) {
      const value = f.type === "radios" ? form.querySelector(`[name="${f.name}"]:checked`)?.value
        : form.querySelector(`[name="${f.name}"]`).value.trim();
      if (!value) continue;
      if (f.type === "datetime-local") body[f.name] = new Date(value).toISOString();
      else if (f.name === "witnessed") body[f.name] = value === "true";
      else if (f.name === "corrects" || f.name === "abatement_notice_id") body[f.name] = Number(value);
      else body[f.name] = value;
    }
    const answer = await api("POST", `/api/v1/cases/${encodeURIComponent(c.reference)}/${name.replaceAll("_", "-")}`, body);
    if (!answer.ok) return showProblem(answer.data, form);
    done(`${spec.title}: done.`);
    showCase(c.reference);
  });
  return form;
}

// ---- reports: a table and a chart for each

function chart(report) {
  const rows = report.rows.filter((r) => r[0] !== "Total");
  const at = report.columns.includes("Total") ? report.columns.indexOf("Total")
    : report.columns.includes("Median") ? report.columns.indexOf("Median") : 1;
  return barChart(`${report.title}: ${report.columns[at]} by ${report.columns[0].toLowerCase()}, as in the table below`,
    rows.map((r) => [r[0], Number(r[at]) || 0]));
}

function downloadReport(name, query) {
  return download(`/api/v1/reports/${name}?${query}&format=csv`, `noise-${name}.csv`);
}

async function showReports(event) {
  event?.preventDefault();
  clearMessages();
  const query = new URLSearchParams();
  if ($("report-from").value) query.set("from", $("report-from").value);
  if ($("report-to").value) query.set("to", $("report-to").value);
  const parts = [];
  for (const name of ["demand", "cases", "response", "fpns"]) {
    const answer = await api("GET", `/api/v1/reports/${name}?${query}`);
    if (!answer.ok) {
      $("reports-body").replaceChildren();
      return showProblem(answer.data, $("reports-form"));
    }
    parts.push(el("h2", {class: "govuk-heading-m"}, answer.data.title), chart(answer.data),
      el("p", {class: "govuk-body"}, el("a", {class: "govuk-link", href: "#reports",
        onclick: (e) => { e.preventDefault(); downloadReport(name, query.toString()); }}, `Download ${answer.data.title.toLowerCase()} (CSV)`)),
      table(answer.data.columns, answer.data.rows, null, answer.data.title));
  }
  $("reports-body").replaceChildren(...parts);
}

$("reports-form").addEventListener("submit", showReports);
initAll();
show();
