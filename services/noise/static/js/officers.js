// The nuisance officers' page: the team's queue, each case's timeline and casework, its reporters, the letters to
// post, the team's wards, and the reports. Everything comes from the noise JSON API with the officer's sign-in
// (signin.js); the page itself holds no data.
import {initAll} from "./../vendor/govuk-frontend/govuk-frontend.min.js";
import {dateInput, dateTimeInput, example, readDates} from "./dates.js";
import {barChart, clearMessages, detail, done, download, el, officePage, readable, sentence, showProblem, showView,
  stackedTable, table, tag, when, whileBusy, words} from "./govuk_page.js";

const SESSION = "noise.session"; // this tab only: the office's shared computers
const REFERENCE = JSON.parse(document.getElementById("reference").textContent);
const PAGE_TITLE = document.title;
const $ = (id) => document.getElementById(id);

const {session, api} = officePage(SESSION, show);

// ---- views: #queue, #case/NC-000123, #reporter/7, #letters, #team, #reports, #imports, #imports/12

function show() {
  showView(session, {queue: showQueue, case: showCase, reporter: showReporter, letters: showLetters, team: showTeam,
    reports: showReports, imports: showImport});
}

// A view whose heading comes from the API: the tab's title says where the officer now is.
function titled(heading) {
  document.title = `${heading} - ${PAGE_TITLE}`;
}

const row = (key, value) => el("div", {class: "govuk-summary-list__row"},
  el("dt", {class: "govuk-summary-list__key"}, key), el("dd", {class: "govuk-summary-list__value"}, value));
const hidden = (text) => el("span", {class: "govuk-visually-hidden"}, text);

// ---- the team's officers: the only ones a case can be given to, and the names the page calls officers by

let team = [];

async function readTeam() {
  const officers = await api("GET", "/api/v1/nuisance-officers");
  if (officers.ok) team = officers.data;
}

// An officer by their name in the team, or by their username when they are not in it (the system, an admin).
const officerName = (username) => team.find((o) => o.username === username)?.name ?? username;

// ---- the queue

async function showQueue() {
  const [answer] = await Promise.all([api("GET", `/api/v1/queue?sort=${encodeURIComponent($("queue-sort").value)}`),
    readTeam()]);
  if (!answer.ok) return showProblem(answer.data, $("queue-form"));
  if (!answer.data.length) {
    return $("queue-table").replaceChildren(el("p", {class: "govuk-body"}, "No flagged cases are open."));
  }
  $("queue-table").replaceChildren(stackedTable(["Case", "Source", "Flagged", "Why", "Officer", "Oldest recording to assess"],
    answer.data.map((entry) => [
      el("a", {class: "govuk-link app-nowrap", href: `#case/${entry.case.reference}`}, entry.case.reference),
      `${entry.case.address} (${entry.case.ward})`, when(entry.flagged_at), entry.decision.explanation,
      entry.assigned_to ? officerName(entry.assigned_to) : "Not assigned",
      entry.oldest_unreviewed_evidence_at ? [when(entry.oldest_unreviewed_evidence_at), " ",
        entry.evidence_overdue ? tag("Waiting too long", "red") : tag("To assess", "yellow")]
        : "None waiting"]), null, "Flagged cases"));
}

$("queue-form").addEventListener("submit", (event) => {
  event.preventDefault();
  clearMessages();
  showQueue();
});

// ---- a case

let lastCase = null; // the case the officer came from, for the reporter view's back link

const PROMPTS = {report: "after a report", assessment: "after an assessment", sweep: "at the nightly check",
  merge: "after a merge", restriction: "after a reporter was restricted",
  "restriction lifted": "after a reporter's restriction was lifted",
  "restriction lapsed": "after a reporter's restriction reached its review date"};
const LEVELS = {officer: "Officer", team_leader: "Team leader (escalated)"};

async function showCase(reference) {
  const [answer] = await Promise.all([api("GET", `/api/v1/cases/${encodeURIComponent(reference)}`), readTeam()]);
  if (!answer.ok) {
    for (const id of ["case-summary", "case-decisions", "case-alerts", "case-timeline", "case-actions", "case-notices",
      "case-forms"]) {
      $(id).replaceChildren();
    }
    $("case-title").textContent = "Case not found";
    titled("Case not found");
    return showProblem(answer.data);
  }
  const c = answer.data;
  lastCase = c.reference;
  $("case-title").textContent = `Case ${c.reference}`;
  titled(`Case ${c.reference}`);
  $("case-summary").replaceChildren(row("Status", tag(sentence(words(c.status)), c.status === "closed" ? "grey" : "blue")),
    row("Noise from", c.source_known ? `${c.address} (${c.ward})${c.uprn ? `, UPRN ${c.uprn}` : ""}`
      : [tag("Source not yet known", "yellow"), ` Reported in ${c.ward}. Merge this case into the case about the `
        + "right address (below) once it is known."]),
    ...(c.merged_into ? [row("Merged into", el("a", {class: "govuk-link", href: `#case/${c.merged_into}`},
      `Case ${c.merged_into}`))] : []),
    row("Opened", when(c.opened_at)), row("Passed to the team", c.qualified_at
      ? `${when(c.qualified_at)} (${c.qualified_because === "significant" ? "marked significant"
        : "enough separate incidents"})` : "Not yet"),
    row("Officer", c.assigned_to ? officerName(c.assigned_to) : "Not assigned"), row("Landlord", c.landlord_name ?? "None recorded"),
    ...(c.outcome ? [row("Outcome", c.outcome)] : []));
  const key = (d) => `${d.explanation}|${d.prompted_by}`;
  const changes = c.decisions.filter((d, i) => i === 0 || key(d) !== key(c.decisions[i - 1]));
  $("case-decisions").replaceChildren(...changes.slice().reverse().slice(0, 5).map((d) =>
    el("li", {}, `${when(d.decided_at)}${PROMPTS[d.prompted_by] ? ` (${PROMPTS[d.prompted_by]})` : ""}: `
      + d.explanation)));
  $("case-alerts").replaceChildren(...(c.evidence_alerts.length ? [
    el("h2", {class: "govuk-heading-m"}, "Alerts: recordings not assessed in time"),
    table(["Alerted", "Report", "Who was alerted", "Level"], c.evidence_alerts.map((a) => [when(a.raised_at),
      `#${a.incident_id}`, a.sent_to, LEVELS[a.level] ?? sentence(words(a.level))]), null,
    "Alerts about recordings not assessed in time")] : []));
  $("case-timeline").replaceChildren(...c.occasions.slice().reverse().map((o) => el("div",
    {class: `app-occasion${o.nuisance ? " app-occasion--nuisance" : ""}`},
    el("h3", {class: "govuk-heading-s"}, `${when(o.started_at)} to ${when(o.ended_at)} `,
      o.nuisance ? tag("Nuisance", "red") : tag("Not assessed as a nuisance", "grey")),
    stackedTable(["Report", "Reported", "Category", "By", "Evidence", "Assessment"], o.incidents.map((i) => [
      `#${i.id} (${words(i.channel)})`, when(i.started_at), REFERENCE.categories[i.category] ?? i.category,
      reportedBy(i), i.evidence.map((e) => `${e.kind} ${e.reference}`).join(", ") || "None",
      assessment(i, c.reference)]), null, `Reports of the occasion from ${when(o.started_at)}`))));
  $("case-actions").replaceChildren(c.actions.length ? stackedTable(["When", "Step", "By", "Details"],
    c.actions.map((a) => [when(a.at), sentence(words(a.action)), officerName(a.by), stepDetails(a.details)]))
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
  const steps = [...c.possible_actions, ...(c.status === "closed" ? [] : ["merge"])];
  $("case-forms").replaceChildren(...(steps.length ? steps.map((name) => actionForm(name, c))
    : [el("p", {class: "govuk-body"}, "None: the case is closed.")]));
}

// A step's details as people read them: officers by name, and nothing said of what was left blank (a visit's notes).
function stepDetails(details) {
  const blank = (value) => value === "" || value === null || (Array.isArray(value) && !value.length);
  return Object.entries(details).filter(([key, value]) => key !== "abatement_notice" && !blank(value))
    .map(([key, value]) => detail([key, key === "officer" ? officerName(value) : value])).join("; ");
}

// Who reported it, as they gave their details, and a link to everything about that reporter.
function reportedBy(incident) {
  const given = [incident.reporter?.name, incident.reporter?.phone, incident.reporter?.email].filter(Boolean).join(", ");
  return [given || "Not given", incident.reporter_id ? [" ", el("a", {class: "govuk-link app-nowrap",
    href: `#reporter/${incident.reporter_id}`}, "Reporter", hidden(` of report #${incident.id}`))] : null];
}

function assessment(incident, reference) {
  const mark = (value) => el("button", {type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-1",
    onclick: async () => {
      clearMessages();
      const answer = await api("POST", `/api/v1/incidents/${incident.id}/assessment`, {assessment: value});
      if (!answer.ok) return showProblem(answer.data);
      done(`Report #${incident.id} assessed as ${value === "nuisance" ? "a nuisance" : "not a nuisance"}`);
      showCase(reference);
    }}, value === "nuisance" ? "Nuisance" : "Not a nuisance");
  return el("span", {}, `${sentence(words(incident.assessment))} `, incident.assessment === "unassessed"
    ? [mark("nuisance"), " ", mark("not_nuisance")] : null);
}

// ---- forms: each field from a spec {name, label, type, hint, options} (a date and time: {name, of, type}); every
// problem at once, by its field

function field(prefix, spec, c) {
  const id = `${prefix}-${spec.name}`;
  const hint = spec.hint ? el("div", {class: "govuk-hint", id: `${id}-hint`}, spec.hint) : null;
  const described = spec.hint ? `${id}-hint` : null;
  if (spec.type === "radios" || spec.type === "checkboxes") {
    const kind = spec.type === "radios" ? "radios" : "checkboxes";
    const options = typeof spec.options === "function" ? spec.options(c) : spec.options;
    return el("div", {class: "govuk-form-group"}, el("fieldset", {class: "govuk-fieldset", "aria-describedby": described},
      el("legend", {class: "govuk-fieldset__legend govuk-fieldset__legend--s"}, spec.label), hint,
      el("div", {class: `govuk-${kind}${kind === "radios" ? " govuk-radios--inline" : " govuk-checkboxes--small"}`
        + (spec.columns ? " app-columns" : ""), "data-module": `govuk-${kind}`},
      options.map(([value, text, note], n) => {
        const itemId = n ? `${id}-${n}` : id;
        return el("div", {class: `govuk-${kind}__item`},
          el("input", {class: `govuk-${kind}__input`, type: kind === "radios" ? "radio" : "checkbox", name: spec.name, value,
            id: itemId, "data-field": n ? null : spec.name, "aria-describedby": note ? `${itemId}-hint` : null}),
          el("label", {class: `govuk-label govuk-${kind}__label`, for: itemId}, text),
          note ? el("div", {class: `govuk-hint govuk-${kind}__hint`, id: `${itemId}-hint`}, note) : null);
      }))));
  }
  if (spec.type === "date") return dateInput(id, spec.label, {field: spec.name, named: spec.named, hint: `${spec.hint
    ? `${spec.hint} ` : ""}For example, ${example(30)}`});
  if (spec.type === "date and time") return dateTimeInput(id, spec.of, {field: spec.name});
  const label = el("label", {class: "govuk-label", for: id}, spec.label);
  const common = {id, name: spec.name, "data-field": spec.name, "aria-describedby": described, ...spec.attributes};
  let input;
  if (spec.type === "textarea") input = el("textarea", {class: "govuk-textarea", rows: 3, ...common});
  else if (spec.type === "select") {
    const options = spec.options(c);
    input = el("select", {class: "govuk-select", ...common}, el("option", {value: ""}, spec.empty ?? "Choose"),
      options.map(([value, text]) => el("option", {value}, text)));
  } else {
    input = el("input", {class: `govuk-input${spec.width ? ` govuk-input--width-${spec.width}` : ""}`,
      type: spec.type ?? "text", ...common});
  }
  return el("div", {class: "govuk-form-group"}, label, hint, input);
}

// What a form's fields say, as the API takes it: blank fields left out, checkboxes as a list; and the problems with
// dates and times typed that are not dates or times (the API is not asked then).
function values(form, fields) {
  const {body, errors: problems} = readDates(form);
  for (const f of fields) {
    if (f.type === "checkboxes") {
      body[f.name] = [...form.querySelectorAll(`[name="${f.name}"]:checked`)].map((box) => box.value);
      continue;
    }
    if (f.type === "date" || f.type === "date and time") continue;  // read above
    const value = f.type === "radios" ? form.querySelector(`[name="${f.name}"]:checked`)?.value
      : form.querySelector(`[name="${f.name}"]`).value.trim();
    if (!value) continue;
    if (f.name === "witnessed") body[f.name] = value === "true";
    else if (f.name === "corrects" || f.name === "abatement_notice_id") body[f.name] = Number(value);
    else body[f.name] = value;
  }
  return {body, problems};
}

// A boxed form for one step: its heading, fields and button; `send(body, form)` runs with the button disabled
// until the API has answered, so a second click sends nothing twice.
function boxedForm(prefix, spec, c, send) {
  const form = el("form", {class: "app-action-form", novalidate: true, id: `${prefix}-form`},
    el("h3", {class: "govuk-heading-s"}, spec.title),
    spec.intro ? el("p", {class: "govuk-body"}, spec.intro) : null, spec.fields.map((f) => field(prefix, f, c)),
    el("button", {type: "submit", class: "govuk-button", "data-module": "govuk-button"}, spec.button ?? spec.title));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    const {body, problems} = values(form, spec.fields);
    if (problems.length) return showProblem({errors: problems}, form);
    whileBusy(form, () => send(body, form));
  });
  return form;
}

// ---- casework forms: one per step the case can take now (the server says which), and merging

const superseded = (c, n) => c.abatement_notices.some((other) => other.corrects_id === n.id);
const NOTICES = (c) => c.abatement_notices.filter((n) => !superseded(c, n))
  .map((n) => [String(n.id), `Version ${n.version}, served ${when(n.served_at)}`]);
// Each step's form, and what the officer is told once it is taken (`done(c, body)`).
const FORMS = {
  assign: {title: "Assign an officer", fields: [{name: "officer", label: "Officer", type: "select",
    empty: "Choose an officer", hint: "Only officers in the team are listed. Add someone under Team and wards",
    options: () => team.map((o) => [o.username, `${o.name} (${o.username})`])}],
    done: (c, body) => `Case ${c.reference} assigned to ${officerName(body.officer)}`},
  record_visit: {title: "Record a visit", fields: [
    {name: "visited_at", of: "the visit", type: "date and time"},
    {name: "witnessed", label: "Was a statutory nuisance witnessed?", type: "radios",
      options: [["true", "Yes"], ["false", "No"]]},
    {name: "notes", label: "Notes", type: "textarea"}],
    done: () => "Visit recorded"},
  record_landlord: {title: "Record the registered social landlord", fields: [
    {name: "name", label: "Landlord"}, {name: "email", label: "Landlord's email address", type: "email"}],
    done: (c, body) => `${body.name} recorded as the landlord`},
  serve_abatement_notice: {title: "Serve an abatement notice", fields: [
    {name: "served_on_name", label: "Served on (name)"}, {name: "served_on_address", label: "Served at (address)"},
    {name: "responsible", label: "Who is responsible?", type: "radios",
      options: [["resident", "A resident"], ["business", "A business"]]},
    {name: "requirements", label: "Requirements, as served", type: "textarea"},
    {name: "compliance_date", label: "Comply by", type: "date", named: "The compliance date"},
    {name: "corrects", label: "Corrects an earlier version (optional)", type: "select", options: NOTICES,
      empty: "No: a first notice"}],
    done: (c, body) => (body.corrects ? "Corrected abatement notice served" : "Abatement notice served")},
  record_breach: {title: "Record a breach", intro: "A fixed penalty notice is then issued for it.", fields: [
    {name: "abatement_notice_id", label: "Notice breached", type: "select", options: NOTICES},
    {name: "occurred_at", of: "the breach", type: "date and time"},
    {name: "details", label: "What was witnessed or recorded", type: "textarea"}],
    done: () => "Breach recorded: a fixed penalty notice has been requested"},
  mark_for_prosecution: {title: "Mark for prosecution", fields: [{name: "reason", label: "Why", type: "textarea"}],
    done: (c) => `Case ${c.reference} marked for prosecution`},
  close: {title: "Close the case", fields: [{name: "outcome", label: "Outcome", type: "select",
    options: () => REFERENCE.outcomes.map((o) => [o, sentence(o)])}],
    done: (c, body) => `Case ${c.reference} closed: ${body.outcome}`},
  merge: {title: "Merge this case into another", button: "Merge this case",
    intro: "When two cases are about the same source. Every report moves, with its assessment, to the other case and "
      + "is counted there again; this case is closed as merged, and its reporters are told where their reports are.",
    fields: [
      {name: "into", label: "Reference of the case to merge this one into", hint: "For example, NC-000123",
        width: 10, attributes: {spellcheck: "false", autocomplete: "off"}},
      {name: "reason", label: "Why they are about the same source", type: "textarea"}],
    // The merged case is where the reports now are: show it, and what the threshold says of it now.
    after(c, answer) {
      const into = answer.data.case.reference;
      history.pushState(null, "", `#case/${encodeURIComponent(into)}`);
      show();
      done(`Case ${c.reference} is merged into case ${into}.${answer.data.decision
        ? ` ${answer.data.decision.explanation}` : ""}`);
    }},
};

function actionForm(name, c) {
  const spec = FORMS[name];
  return boxedForm(name, spec, c, async (body, form) => {
    const answer = await api("POST", `/api/v1/cases/${encodeURIComponent(c.reference)}/${name.replaceAll("_", "-")}`,
      body);
    if (!answer.ok) return showProblem(answer.data, form);
    if (spec.after) return spec.after(c, answer);
    done(spec.done(c, body));
    showCase(c.reference);
  });
}

// ---- a reporter: their details, restrictions, reports and what they were told (personal data)

const RESTRICT = {title: "Restrict this reporter", fields: [
  {name: "reason", label: "Why they are restricted", type: "textarea",
    hint: "Why you judge their reports malicious or vexatious. It is kept in the audit log and read at the review."},
  {name: "review_on", label: "Review date", type: "date", width: 10,
    hint: "Within a year from today. From this date their reports count again, unless they are restricted afresh."}]};
const LIFT = {title: "Lift the restriction", fields: [
  {name: "reason", label: "Why the restriction is lifted", type: "textarea"}]};

async function showReporter(id) {
  $("reporter-back").href = lastCase ? `#case/${lastCase}` : "#queue";
  $("reporter-back").textContent = lastCase ? `Back to case ${lastCase}` : "Back to the queue";
  const [answer] = await Promise.all([api("GET", `/api/v1/reporters/${encodeURIComponent(id)}`), readTeam()]);
  if (!answer.ok) {
    for (const part of ["summary", "restrictions", "forms", "reports", "messages"]) $(`reporter-${part}`).replaceChildren();
    $("reporter-title").textContent = "Reporter not found";
    titled("Reporter not found");
    return showProblem(answer.data);
  }
  const r = answer.data;
  const name = r.name ?? `Reporter ${r.id}`;
  $("reporter-title").textContent = name;
  titled(`${name} (reporter)`);
  const current = r.restricted ? r.restrictions.filter((x) => !x.lifted_at).at(-1) : null;
  $("reporter-summary").replaceChildren(row("Name", r.name ?? "Not given"), row("Email", r.email ?? "Not given"),
    row("Phone", r.phone ?? "Not given"), row("Postal address", r.address ?? "Not given"),
    row("Their reports", current ? [tag("Restricted", "red"), ` Not counted until ${readable(current.review_on)}`]
      : [tag("Counted", "green"), " Not restricted"]));
  $("reporter-restrictions").replaceChildren(r.restrictions.length ? table(["Restricted", "Reason", "Review date", "Ended"],
    r.restrictions.slice().reverse().map((x) => [`${when(x.restricted_at)} by ${officerName(x.restricted_by)}`,
      x.reason, readable(x.review_on), x.lifted_at ? `Lifted ${when(x.lifted_at)} by ${officerName(x.lifted_by)}: ${x.lift_reason}`
        : x === current ? "In force" : "Reached its review date"]), null, "Restrictions")
    : el("p", {class: "govuk-body"}, "They have never been restricted."));
  const after = async (message) => {
    await showReporter(id);
    done(message);
  };
  $("reporter-forms").replaceChildren(...(current ? [boxedForm("lift", LIFT, null, async (body, form) => {
    const reply = await api("POST", `/api/v1/reporters/${r.id}/restriction/lift`, body);
    if (!reply.ok) return showProblem(reply.data, form);
    await after(`${name}'s restriction is lifted: their reports count towards the threshold again`);
  })] : []), boxedForm("restrict", current ? {...RESTRICT, intro: "This replaces the restriction in force."} : RESTRICT,
    null, async (body, form) => {
      const reply = await api("POST", `/api/v1/reporters/${r.id}/restriction`, body);
      if (!reply.ok) return showProblem(reply.data, form);
      await after(`${name} is restricted until ${readable(reply.data.review_on)}: their reports are kept but do not `
        + "count towards the threshold");
    }));
  const caseLink = (reference) => el("a", {class: "govuk-link", href: `#case/${reference}`}, reference);
  $("reporter-reports").replaceChildren(r.reports.length ? stackedTable(["Report", "Case", "Reported", "Category", "Assessment"],
    r.reports.map((i) => [`#${i.id} (${words(i.channel)})`, caseLink(i.case_reference), when(i.started_at),
      REFERENCE.categories[i.category] ?? i.category, sentence(words(i.assessment))]), null, "Their reports")
    : el("p", {class: "govuk-body"}, "None."));
  $("reporter-messages").replaceChildren(r.messages.length ? stackedTable(["Subject", "Case", "Written", "How", "Sent"],
    r.messages.map((m) => [m.subject, caseLink(m.case_reference), when(m.created_at),
      m.channel === "letter" ? "Letter" : "Email", m.channel === "letter"
        ? (m.posted_at ? `Posted ${when(m.posted_at)}` : "Waiting to be posted")
        : (m.email_sent_at ? `Sent ${when(m.email_sent_at)}` : "Waiting to be sent")]), null, "What they were told")
    : el("p", {class: "govuk-body"}, "Nothing yet."));
}

// ---- letters to post: a card each, which reads as well on a phone as at a desk

// A GOV.UK summary card: its title, its actions (links), and its rows.
function card(title, actions, rows, ...after) {
  return el("div", {class: "govuk-summary-card"},
    el("div", {class: "govuk-summary-card__title-wrapper"}, el("h2", {class: "govuk-summary-card__title"}, title),
      actions.length ? el("ul", {class: "govuk-summary-card__actions"},
        actions.map((a) => el("li", {class: "govuk-summary-card__action"}, a))) : null),
    el("div", {class: "govuk-summary-card__content"}, el("dl", {class: "govuk-summary-list"}, rows), after));
}

async function showLetters() {
  const answer = await api("GET", "/api/v1/letters");
  if (!answer.ok) return showProblem(answer.data);
  if (!answer.data.length) {
    return $("letters-body").replaceChildren(el("p", {class: "govuk-body"}, "No letters are waiting to be posted."));
  }
  $("letters-body").replaceChildren(...answer.data.map((m) => {
    const what = ` for case ${m.case_reference}: ${m.subject}`;
    return card(`Case ${m.case_reference}`, [el("a", {class: "govuk-link", href: `#case/${m.case_reference}`},
      "View case", hidden(` ${m.case_reference}`))], [
      row("Subject", m.subject), row("Written", when(m.created_at)),
      row("Letter", el("a", {class: "govuk-link", href: `/api/v1/letters/${m.id}.pdf`, onclick: (e) => {
        e.preventDefault();
        clearMessages();
        download(`/api/v1/letters/${m.id}.pdf`, `${m.case_reference}-letter-${m.id}.pdf`);
      }}, "Download (PDF)", hidden(what)))],
    el("button", {type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0",
      "data-module": "govuk-button", onclick: (e) => {
        clearMessages();
        whileBusy(e.currentTarget.parentElement, async () => {
          const reply = await api("POST", `/api/v1/letters/${m.id}/posted`);
          if (!reply.ok) return showProblem(reply.data);
          await showLetters();
          done(`The letter for case ${m.case_reference} (${m.subject}) is marked as posted`);
        });
      }}, "Mark as posted", hidden(what)));
  }));
}

// ---- the team and the wards they cover

async function showTeam() {
  const answer = await api("GET", "/api/v1/nuisance-officers");
  if (!answer.ok) return showProblem(answer.data);
  const officers = answer.data;
  const cover = Object.fromEntries(officers.flatMap((o) => o.wards.map((w) => [w, o.name])));
  const form = officerForm(REFERENCE.wards, cover);
  $("team-body").replaceChildren(...(officers.length ? officers.map((o) => card(o.name, [el("a", {class: "govuk-link",
    href: "#officer-form", onclick: (e) => {
      e.preventDefault();  // the form, not another view
      clearMessages();
      fill(form, o);
      $("officer-username").focus();
    }}, "Change", hidden(` ${o.name}`))], [row("Username", o.username), row("Email", o.email),
    row("Wards", o.wards.join(", ") || "None")]))
    : [el("p", {class: "govuk-body"}, "No officers are recorded yet: every qualifying case goes to the team's queue.")]));
  $("team-form").replaceChildren(form);
}

const OFFICER = {title: "Save an officer", button: "Save officer", fields: [
  {name: "username", label: "Username", hint: "The name they sign in with", width: 20,
    attributes: {spellcheck: "false", autocapitalize: "none", autocomplete: "off"}},
  {name: "name", label: "Full name", attributes: {autocomplete: "off"}},
  {name: "email", label: "Email address", type: "email", hint: "Alerts and newly qualifying cases are sent here",
    attributes: {spellcheck: "false", autocomplete: "off"}},
  {name: "wards", label: "Wards they cover", type: "checkboxes", columns: true,
    hint: "Select all that apply. A ward covered by someone else must be taken off their wards first."}]};

function officerForm(brent, cover) {
  const spec = {...OFFICER, fields: OFFICER.fields.map((f) => (f.name === "wards"
    ? {...f, options: brent.map((w) => [w, w, cover[w] ? `Covered by ${cover[w]}` : null])} : f))};
  return boxedForm("officer", spec, null, async (body, form) => {
    if (!body.username) {  // the username is in the address, so the server cannot say it: tell all at once here
      return showProblem({errors: [{field: "username", message: "Enter the officer's username"},
        ...(body.name ? [] : [{field: "name", message: "Enter the officer's name"}]),
        ...(body.email ? [] : [{field: "email", message: "Enter the officer's email address"}])]}, form);
    }
    const {username, ...details} = body;
    const reply = await api("PUT", `/api/v1/nuisance-officers/${encodeURIComponent(username)}`, details);
    if (!reply.ok) return showProblem(reply.data, form);
    await showTeam();
    done(`${reply.data.name} is saved, covering ${reply.data.wards.length === 1 ? "1 ward"
      : `${reply.data.wards.length} wards`}${reply.data.wards.length ? `: ${reply.data.wards.join(", ")}` : ""}`);
  });
}

function fill(form, officer) {
  form.querySelector("[name=username]").value = officer.username;
  form.querySelector("[name=name]").value = officer.name;
  form.querySelector("[name=email]").value = officer.email;
  form.querySelectorAll("[name=wards]").forEach((box) => { box.checked = officer.wards.includes(box.value); });
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
  const range = readDates($("reports-form"));
  if (range.errors.length) {
    $("reports-body").replaceChildren();  // not the last period's figures under the problem, as if they were these
    return showProblem({errors: range.errors}, $("reports-form"));
  }
  const query = new URLSearchParams(range.body);
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

// ---- imports: upload a Noise App export, then follow it until it has finished (it runs in the background)

const UPLOAD_MS = 10 * 60 * 1000;  // a large export over the office's connection
const count = (n) => n.toLocaleString("en-GB");
const IMPORT_STAGES = {queued: "Waiting to start", running: "Reading and checking the rows",
  filing: "Filing the rows under their cases", finished: "Finished", failed: "Could not be imported"};

async function startImport(event) {
  event.preventDefault();
  await whileBusy($("import-form"), async () => {
    clearMessages();
    const file = $("import-file").files[0];
    if (!file) return showProblem({errors: [{field: "file", message: "Select the export to import"}]}, $("import-form"));
    const answer = await api("POST", `/api/v1/imports?filename=${encodeURIComponent(file.name)}`,
      new Blob([file], {type: "text/csv"}), {timeout: UPLOAD_MS});
    if (!answer.ok) return showProblem(answer.data, $("import-form"));
    $("import-form").reset();
    location.hash = `#imports/${answer.data.id}`;
  });
}

// The import the address names, drawn again every second until it has finished or failed (or the officer has
// gone to another view).
async function showImport(id) {
  if (!id) return $("import-status").replaceChildren();
  const answer = await api("GET", `/api/v1/imports/${encodeURIComponent(id)}`);
  if (!answer.ok) return showProblem(answer.data);
  const record = answer.data;
  const ended = ["finished", "failed"].includes(record.status);
  const stage = `${IMPORT_STAGES[record.status] ?? record.status}${ended ? "" : `: ${record.progress}%`}`;
  const parts = [el("h2", {class: "govuk-heading-m"}, `Importing ${record.filename}`),
    el("p", {class: "govuk-body", id: "import-stage", role: "status"}, stage)];
  if (!ended) {
    parts.push(el("progress", {class: "app-progress", max: "100", value: String(record.progress),
      "aria-labelledby": "import-stage"}));
  }
  if (record.status === "failed") parts.push(el("p", {class: "govuk-body"}, record.failure ?? ""));
  parts.push(el("dl", {class: "govuk-summary-list"}, row("Rows read", count(record.rows_read)),
    row("Added", count(record.rows_added)), row("Already imported before", count(record.rows_duplicate)),
    row("Rejected", count(record.rows_rejected))));
  if (record.rejections.length) {
    parts.push(el("h2", {class: "govuk-heading-m"}, "Rows that were not imported"),
      table(["Row", "What is wrong"], record.rejections.map((r) => [String(r.row_number),
        el("ul", {class: "govuk-list"}, ...r.errors.map((e) => el("li", {}, e.message)))]),
      null, "Rows that were not imported"));
  }
  $("import-status").replaceChildren(...parts);
  if (!ended) setTimeout(() => { if (location.hash === `#imports/${id}`) showImport(id); }, 1000);
}

$("import-form").addEventListener("submit", startImport);
for (const [id, legend] of [["report-from", "From"], ["report-to", "To"]]) {
  $(`${id}-slot`).replaceWith(dateInput(id, legend, {field: id.slice(7), hint: `For example, ${example(-30)}`,
    named: id.endsWith("-from") ? "The start date" : "The end date"}));
}
$("reports-form").addEventListener("submit", showReports);
initAll();
show();
