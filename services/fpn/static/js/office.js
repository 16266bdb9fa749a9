// The supervisors' back office: find notices (by number, offender, vehicle, ward, officer, state, order, dates),
// each notice's details, printed notice, evidence, history and lifecycle actions, the approval queue, and the
// outcomes report with charts and downloads. Everything comes from the fpn JSON API with the supervisor's sign-in;
// the page itself holds no data.
import {initAll} from "./../vendor/govuk-frontend/govuk-frontend.min.js";
import {barChart, clearMessages, done, download, el, officePage, readable, sentence, showProblem, showView,
  stackedTable, table, tag, turns, when, whileBusy, words} from "./govuk_page.js";
import {blank, dateInput, example, readDate, readDates, setDate} from "./dates.js";

const REFERENCE = JSON.parse(document.getElementById("reference").textContent);
const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 25;
const SUPERVISORS = ["enforcement_supervisor", "admin"];
const {session, api} = officePage("fpn.office", show);
const allowed = () => (session()?.roles ?? []).some((r) => SUPERVISORS.includes(r));
let search = {query: new URLSearchParams(), page: 1};

function show() {
  $("not-for-you").hidden = !session() || allowed();
  if (session() && !allowed()) {  // an officer, the control room...: nothing here is theirs to see
    for (const name of ["signin", "search", "notice", "approvals", "evidence", "quality", "report", "officers"]) {
      $(`${name}-section`).hidden = true;
    }
    $("menu").hidden = true;
    $("signed-in-as").textContent = "";
    return;
  }
  showView(session, {search: showSearch, notice: openNotice, approvals: showApprovals, evidence: showEvidence,
    quality: showQuality, report: showReport, officers: showOfficers});
  if (session()) loadOfficers();
}

// ---- notice numbers: the check digit (Damm's algorithm, as printed numbers carry it), checked as it is typed

const DAMM = ["0317598642", "7092154863", "4206871359", "1750983426", "6123045978", "3674209581", "5869720134",
  "8945362017", "9438617205", "2581436790"].map((row) => [...row].map(Number));

function numberProblem(text) {
  const cleaned = text.replace(/[\s-]/g, "").toUpperCase();
  if (!cleaned) return null;
  const match = /^(FPN|WN)?(\d*)$/.exec(cleaned);
  if (!match || match[2].length > 9) return "Enter the notice number as it is printed, like FPN 1000 0042 3";
  if (match[2].length < 9) return null;  // still typing
  const interim = [...match[2]].reduce((carry, digit) => DAMM[carry][Number(digit)], 0);
  return interim === 0 ? null : "The notice number is not right: check each digit against the notice";
}

function checkNumberAsTyped() {
  const input = $("s-number");
  const problem = numberProblem(input.value);
  const group = input.closest(".govuk-form-group");
  group.querySelector(".govuk-error-message")?.remove();
  group.classList.toggle("govuk-form-group--error", Boolean(problem));
  input.classList.toggle("govuk-input--error", Boolean(problem));
  input.setAttribute("aria-describedby", problem ? "s-number-hint s-number-error" : "s-number-hint");
  if (problem) {
    $("s-number-hint").after(el("p", {class: "govuk-error-message", id: "s-number-error"},
      el("span", {class: "govuk-visually-hidden"}, "Error: "), problem));
  }
  return problem;
}

// ---- finding notices

const stateTag = (state) => tag(REFERENCE.states[state] ?? sentence(words(state)), {
  issued: "blue", pending_approval: "yellow", representation_received: "orange", paid: "green", warning: "grey",
  cancelled: "grey", referred_to_legal: "red", prosecution_concluded: "purple"}[state]);
const offenderName = (n) => n.offender.name ?? n.offender.registration_mark ?? "Not recorded";
const noticeLink = (n) => el("a", {class: "govuk-link", href: `#notice/${n.number.replaceAll(" ", "")}`}, n.number);

async function loadOfficers() {
  const select = $("s-officer");
  if (select.options.length > 1) return;
  const answer = await api("GET", "/api/v1/officers");
  if (!answer.ok) return;
  for (const officer of answer.data) {
    select.append(el("option", {value: officer.username}, `${officer.full_name} (${officer.authorisation_number})`));
  }
}

// The search as a query, and the problems with dates typed that are not dates.
function searchQuery() {
  const {body, errors} = readDates($("search-form"));
  const query = new URLSearchParams();
  for (const input of $("search-form").querySelectorAll("input, select")) {
    const value = input.value.trim();
    if (input.closest(".govuk-date-input")) continue;
    if (value && !(input.name === "sort" && value === "-issued_at")) query.set(input.name, value);
  }
  for (const [field, date] of Object.entries(body)) query.set(field.replace("query.", ""), date);
  return {query, errors};
}

async function onSearch(event) {
  event.preventDefault();
  clearMessages();
  const problem = checkNumberAsTyped();
  const {query, errors} = searchQuery();
  if (problem) errors.push({field: "query.number", message: problem});
  if (errors.length) return showProblem({errors}, $("search-form"));
  search = {query, page: 1};
  await whileBusy($("search-form"), drawResults);
}

async function drawResults() {
  const query = new URLSearchParams(search.query);
  query.set("page", search.page);
  query.set("page_size", PAGE_SIZE);
  const answer = await api("GET", `/api/v1/notices?${query}`);
  if (!answer.ok) {
    $("search-results").replaceChildren();
    return showProblem(answer.data, $("search-form"));
  }
  const paging = JSON.parse(answer.headers?.get("X-Pagination") ?? "{}");
  const total = paging.total ?? answer.data.length;
  if (!answer.data.length) {
    return $("search-results").replaceChildren(el("p", {class: "govuk-body"},
      search.query.toString() ? "No notices match. Check the spelling, or search with fewer details." : "No notices yet."));
  }
  const first = (search.page - 1) * PAGE_SIZE + 1;
  const pager = el("nav", {class: "app-pager", "aria-label": "Pages of notices"},
    search.page > 1 ? el("a", {class: "govuk-link", href: "#search", onclick: (e) => turn(e, -1)}, "Previous page") : null,
    el("span", {class: "govuk-body govuk-!-margin-bottom-0"}, `Page ${search.page} of ${paging.total_pages ?? 1}`),
    paging.next_page ? el("a", {class: "govuk-link", href: "#search", onclick: (e) => turn(e, 1)}, "Next page") : null);
  $("search-results").replaceChildren(
    el("h2", {class: "govuk-heading-m"}, `${total} ${total === 1 ? "notice" : "notices"} found`),
    el("p", {class: "govuk-body"}, `Showing ${first} to ${first + answer.data.length - 1}.`),
    stackedTable(["Number", "Issued", "Offender", "Ward", "Notice type", "Officer", "State"], answer.data.map((n) => [
      noticeLink(n), when(n.issued_at), offenderName(n), n.ward, n.notice_type, n.officer_name ?? n.issued_by,
      stateTag(n.state)]), null, "Notices found"),
    pager);
}

function turn(event, by) {
  event.preventDefault();
  search.page += by;
  drawResults();
}

function showSearch() {
  if (!$("search-results").childElementCount) drawResults();
}

// ---- one notice: its details, the printed notice, evidence, history, and what can be done with it now

const row = (key, ...value) => el("div", {class: "govuk-summary-list__row"},
  el("dt", {class: "govuk-summary-list__key"}, key), el("dd", {class: "govuk-summary-list__value"}, ...value));
const money = (amount) => (amount === null || amount === undefined ? "" : `£${amount}`);
const lines = (...parts) => parts.filter(Boolean).flatMap((p, i) => (i ? [el("br"), p] : [p]));
const WITHHELD = {refused: "The person refused to give them", believed_false: "The details given are believed false"};

function details(n) {
  const o = n.offender;
  const person = o.registration_mark
    ? lines(`Vehicle ${o.registration_mark}`, o.keeper_name && `Keeper: ${o.keeper_name}`, o.keeper_address)
    : lines(o.name, o.date_of_birth && `Born ${readable(o.date_of_birth)}`, o.address);
  return el("dl", {class: "govuk-summary-list"},
    row("State", stateTag(n.state)),
    row("Issued as", n.outcome === "warning" ? "A written warning" : "A fixed penalty notice"),
    row("Offence", `${n.notice_type} (${n.order_code})`),
    row("When", when(n.occurred_at)),
    row("Where", ...lines(n.street_address, `${n.ward} ward`)),
    row("What the officer saw", n.observed),
    row(o.registration_mark ? "Vehicle" : "Given to", ...person),
    n.details_withheld ? row("Details missing", WITHHELD[n.details_withheld] ?? n.details_withheld) : null,
    n.amount ? row("Amount", `${money(n.amount)}${n.discount_amount ? `, or ${money(n.discount_amount)} if paid by ${
      readable(n.discount_until)}` : ""}; last date to pay ${readable(n.pay_by)}`) : null,
    n.paid_amount ? row("Paid", `${money(n.paid_amount)} on ${readable(n.paid_on)} by ${words(n.payment_method ?? "")}` +
      (n.payment_reference ? `, reference ${n.payment_reference}` : "")) : null,
    n.closing_reason ? row("Reason recorded", n.closing_reason) : null,
    n.policy_override ? row("Fixed penalty instead of a first warning", n.policy_override) : null,
    n.prosecution_outcome ? row("Prosecution", sentence(n.prosecution_outcome)) : null,
    row("Issued by", n.officer_name ? `${n.officer_name} (authorisation ${n.officer_number})` : n.issued_by,
      el("br"), when(n.issued_at)),
    n.approved_by ? row("Approved by", n.approved_by) : null,
    row("Evidence", n.evidence.length ? el("ul", {class: "govuk-list"}, n.evidence.map((e) =>
      el("li", {}, `${sentence(words(e.kind))}: ${e.reference}`))) : "None recorded"));
}

// What a small form holds: each filled field (the chosen radio) by its name, trimmed.
// What a form says, as the API takes it (blank fields left out), and the problems with dates typed that are not
// dates.
function formBody(form) {
  const {body, errors} = readDates(form);
  for (const field of form.querySelectorAll("input, textarea")) {
    if ((field.type === "radio" && !field.checked) || field.closest(".govuk-date-input")) continue;
    if (field.value.trim()) body[field.name] = field.value.trim();
  }
  return {body, errors};
}

// ---- the evidence pack: how long the footage is kept, the recipient's requests for it, and its deletion

function evidencePack(n, pack) {
  const number = n.number.replaceAll(" ", "");
  const parts = [el("h2", {class: "govuk-heading-m"}, "Evidence"),
    el("p", {class: "govuk-body"}, pack.deleted_at ? `The footage was deleted on ${when(pack.deleted_at)} by ${
      pack.deleted_by}.` : pack.why)];
  if (pack.requests.length) {
    parts.push(table(["Asked for", "How", "Released"], pack.requests.map((r) => [readable(r.received_on),
      sentence(words(r.channel)), r.released_on ? `${readable(r.released_on)}: ${r.released_how}`
        : releaseForm(r, number)]), null, "Requests for the footage"));
  }
  if (pack.items.length && !pack.deleted_at) {
    const form = el("form", {novalidate: true, id: "footage-request-form"},
      dateInput("f-received", "Date the request was received", {hint: `For example, ${example()}`, field: "received_on",
        value: londonToday()}),
      radios("f-channel", "channel", "How they asked", ["email", "letter", "phone", "in_person"]),
      el("button", {type: "submit", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button"},
        "Record the request"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearMessages();
      whileBusy(form, () => send(form, `/api/v1/notices/${number}/footage-requests`, {
        received_on: "Enter the date the request was received", channel: "Select how they asked"}, number,
      "The request for the footage is recorded: the footage is kept until it is released."));
    });
    parts.push(el("details", {class: "govuk-details", "data-module": "govuk-details"},
      el("summary", {class: "govuk-details__summary"}, el("span", {class: "govuk-details__summary-text"},
        "Record a request for the footage")), el("div", {class: "govuk-details__text"}, form)));
  }
  if (pack.items.length && !pack.held && !pack.deleted_at) {
    parts.push(el("button", {type: "button", class: "govuk-button govuk-button--warning", onclick: async () => {
      clearMessages();
      const answer = await api("POST", `/api/v1/notices/${number}/evidence/deleted`);
      if (!answer.ok) return showProblem(answer.data);
      await showNotice(number);
      done("The footage is recorded as deleted.");
    }}, "Record that the footage has been deleted"));
  }
  return parts;
}

function releaseForm(request, number) {
  const form = el("form", {novalidate: true, class: "app-release-form"},
    dateInput(`r-${request.id}-on`, "Date released", {hint: `For example, ${example()}`, field: "released_on",
      value: londonToday()}),
    input(`r-${request.id}-how`, "how", "How it was released", {class: "govuk-input govuk-input--width-20"},
      "Like: secure download link e-mailed"),
    el("button", {type: "submit", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button"},
      "Record the release"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    whileBusy(form, () => send(form, `/api/v1/footage-requests/${request.id}/release`, {
      released_on: "Enter the date the footage was released", how: "Say how the footage was released"}, number,
    "The footage is recorded as released."));
  });
  return form;
}

// Send a small form's fields to `path` (every missing one named at once), then show the notice again.
async function send(form, path, needed, number, message) {
  const {body, errors} = formBody(form);
  const missing = Object.entries(needed).filter(([name]) => !body[name] && !errors.some((e) => e.field === name))
    .map(([field, text]) => ({field, message: text}));
  if (missing.length || errors.length) return showProblem({errors: [...errors, ...missing]}, form);
  const answer = await api("POST", path, body);
  if (!answer.ok) return showProblem(answer.data, form);
  await showNotice(number);
  done(message);
}

const ACTION_NAMES = {approve: "Approve", pay: "Record a payment", reduce_to_warning: "Reduce to a warning",
  cancel: "Cancel the notice", receive_representation: "Record a representation", uphold: "Uphold after a representation",
  refer_to_legal: "Refer to legal", record_prosecution: "Record the prosecution's outcome"};
const REASON_LABELS = {reduce_to_warning: "Why it is reduced", cancel: "Why it is cancelled",
  receive_representation: "What the representation says"};
const HISTORY_NAMES = {notice_issued: "Issued", ...ACTION_NAMES, pay: "Payment recorded",
  reduce_to_warning: "Reduced to a warning", cancel: "Cancelled", receive_representation: "Representation received",
  uphold: "Upheld", refer_to_legal: "Referred to legal", record_prosecution: "Prosecution outcome recorded",
  approve: "Approved"};

function input(id, field, label, attributes = {}, hint = null) {
  return el("div", {class: "govuk-form-group"}, el("label", {class: "govuk-label", for: id}, label),
    hint ? el("div", {class: "govuk-hint", id: `${id}-hint`}, hint) : null,
    el(attributes.rows ? "textarea" : "input", {class: attributes.rows ? "govuk-textarea" : "govuk-input", id,
      name: field, "data-field": field, "aria-describedby": hint ? `${id}-hint` : null, ...attributes}));
}

function radios(id, field, legend, choices) {
  return el("div", {class: "govuk-form-group"}, el("fieldset", {class: "govuk-fieldset"},
    el("legend", {class: "govuk-fieldset__legend govuk-fieldset__legend--s"}, legend),
    el("div", {class: "govuk-radios govuk-radios--small", "data-module": "govuk-radios"}, choices.map((value, n) =>
      el("div", {class: "govuk-radios__item"}, el("input", {class: "govuk-radios__input", id: `${id}-${n}`, name: field,
        type: "radio", value, "data-field": n === 0 ? field : null}),
      el("label", {class: "govuk-label govuk-radios__label", for: `${id}-${n}`}, sentence(words(value))))))));
}

const londonToday = () => new Date().toLocaleDateString("en-CA", {timeZone: "Europe/London"});  // 2026-11-28

// What is owed for a payment made on `on` (an ISO date, today unless given): the lower amount within its window,
// else the full one (the API's rule)
function due(n, on = londonToday()) {
  return n.discount_amount && n.discount_until && on <= n.discount_until ? n.discount_amount : n.amount;
}

// An amount as people write it ("£1,045.50", "45") as the API takes it ("1045.50"), or null if it is not a number
function pounds(typed) {
  const amount = typed.replace(/^£\s*/, "").replaceAll(",", "");
  return /^\d{1,6}(\.\d{1,2})?$/.test(amount) ? amount : null;
}

// What the page can tell of a payment before the API checks it again, so that every problem shows at once: the
// amount must be a number (body.amount becomes the API's form of it), the date paid not after today, and the
// amount what was due that day.
function paymentProblems(n, body) {
  const amount = body.amount === undefined ? undefined : pounds(body.amount);
  const problems = [];
  if (amount === null) problems.push({field: "amount", message: "Amount paid must be a number, like 45 or 45.50"});
  else if (amount !== undefined) body.amount = amount;
  if (body.paid_on && body.paid_on > londonToday()) {
    problems.push({field: "paid_on", message: "The date paid must be today or in the past"});
  } else if (body.paid_on && amount && Number(amount) !== Number(due(n, body.paid_on))) {
    problems.push({field: "amount", message: `Amount paid must be £${due(n, body.paid_on)}, the amount due on ${
      readable(body.paid_on)}`});
  }
  return problems;
}

function fieldsFor(name, n) {
  const id = (field) => `a-${name}-${field}`;
  const fields = [];
  for (const need of REFERENCE.actions[name].needs) {
    if (need === "amount") {
      fields.push(input(id("amount"), "amount", "Amount paid, in pounds", {inputmode: "decimal",
        class: "govuk-input govuk-input--width-5", value: due(n)}, `Due today: £${due(n)}`));
    }
    if (need === "paid_on") {
      fields.push(dateInput(id("paid_on"), "Date paid", {hint: `For example, ${example()}`, field: "paid_on",
        value: londonToday()}));
    }
    if (need === "method") fields.push(radios(id("method"), "method", "How it was paid", REFERENCE.payment_methods));
    if (need === "payment_reference") {
      fields.push(input(id("payment_reference"), "payment_reference", "Payment reference", {autocomplete: "off",
        class: "govuk-input govuk-input--width-20"}, "The card transaction's authorisation code, the receipt number, or the bank reference"));
    }
    if (need === "reason") fields.push(input(id("reason"), "reason", REASON_LABELS[name] ?? "Reason", {rows: 3}));
    if (need === "prosecution_outcome") {
      fields.push(radios(id("outcome"), "prosecution_outcome", "How it ended", REFERENCE.prosecution_outcomes));
    }
  }
  return fields;
}

function actionForm(name, n) {
  const form = el("form", {novalidate: true, id: `action-${name}`},
    el("p", {class: "govuk-body"}, REFERENCE.actions[name].explains), ...fieldsFor(name, n),
    el("button", {type: "submit", class: `govuk-button${name === "cancel" ? " govuk-button--warning" : ""}`,
      "data-module": "govuk-button"}, ACTION_NAMES[name]));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    whileBusy(form, () => act(name, n, form));
  });
  return form;
}

// Each action a notice can take now, folded away under its name; paying and approving, the usual ones, open.
function actionDetails(name, n) {
  return el("details", {class: "govuk-details", "data-module": "govuk-details", open: ["pay", "approve"].includes(name)},
    el("summary", {class: "govuk-details__summary"}, el("span", {class: "govuk-details__summary-text"},
      ACTION_NAMES[name])), el("div", {class: "govuk-details__text"}, actionForm(name, n)));
}

async function act(name, n, form) {
  const {body, errors} = formBody(form);
  if (name === "pay") errors.push(...paymentProblems(n, body));
  const missing = REFERENCE.actions[name].needs.filter((need) => !body[need] && !errors.some((e) => e.field === need))
    .map((need) => ({field: need,
    message: {amount: "Enter the amount paid", paid_on: "Enter the date it was paid", method: "Select how it was paid",
      payment_reference: "Enter the payment reference", reason: "Enter the reason",
      prosecution_outcome: "Select how the prosecution ended"}[need]}));
  if (missing.length || errors.length) return showProblem({errors: [...errors, ...missing]}, form);
  const answer = await api("POST", `/api/v1/notices/${n.number.replaceAll(" ", "")}/${name}`, body);
  if (!answer.ok) return showProblem(answer.data, form);
  await showNotice(n.number.replaceAll(" ", ""));
  done(`${ACTION_NAMES[name]}: done. The notice is now ${(REFERENCE.states[answer.data.state] ?? answer.data.state).toLowerCase()}.`);
}

function historyTable(entries) {
  return stackedTable(["When", "Who", "What", "Details"], entries.map((h) => {
    const {from, to, ...recorded} = h.data;
    const moved = from && to ? `${REFERENCE.states[from] ?? from} to ${(REFERENCE.states[to] ?? to).toLowerCase()}` : "";
    const facts = Object.entries(recorded).filter(([k]) => !["source", "state", "outcome"].includes(k))
      .map(([k, v]) => `${sentence(words(k))}: ${k === "method" ? words(v) : readable(v)}`);
    return [when(h.at), h.actor, HISTORY_NAMES[h.action] ?? sentence(words(h.action)), [moved, ...facts].filter(Boolean).join("; ")];
  }), "History", "History of the notice");
}

// Opening a notice clears what was there first, so no form from an earlier visit is used while it loads.
function openNotice(number) {
  $("notice-caption").textContent = "";
  $("notice-title").textContent = "Loading the notice";
  $("notice-body").replaceChildren();
  return showNotice(number);
}

async function showNotice(number) {
  const [found, history, pack] = await Promise.all([api("GET", `/api/v1/notices/${encodeURIComponent(number)}`),
    api("GET", `/api/v1/notices/${encodeURIComponent(number)}/history`),
    api("GET", `/api/v1/notices/${encodeURIComponent(number)}/evidence`)]);
  if (!found.ok) {
    $("notice-title").textContent = "Notice not found";
    $("notice-caption").textContent = "";
    $("notice-body").replaceChildren();
    return showProblem(found.data);
  }
  const n = found.data;
  $("notice-caption").textContent = n.outcome === "warning" ? "Warning" : "Fixed penalty notice";
  $("notice-title").textContent = n.number;
  document.title = `Notice ${n.number} - Fixed penalty notices: back office`;
  const roles = session()?.roles ?? [];
  const possible = Object.keys(ACTION_NAMES).filter((name) => REFERENCE.actions[name].starts_from.includes(n.state)
    && REFERENCE.actions[name].roles.some((r) => roles.includes(r)));  // in the lifecycle's order
  $("notice-body").replaceChildren(details(n),
    el("p", {class: "govuk-body"}, el("a", {class: "govuk-link", href: `#notice/${number}`, onclick: (e) => {
      e.preventDefault();
      download(`/api/v1/notices/${number}/pdf`, `${number}.pdf`);
    }}, "Download the printed notice (PDF)")),
    ...(pack.ok ? evidencePack(n, pack.data) : []),
    history.ok ? historyTable(history.data) : el("p", {class: "govuk-body"}, "The history could not be loaded."),
    el("h2", {class: "govuk-heading-m"}, "What you can do now"),
    ...(possible.length ? possible.map((name) => actionDetails(name, n))
      : [el("p", {class: "govuk-body"}, "Nothing: the notice is closed.")]));
  initAll({scope: $("notice-body")});
}

// ---- the approval queue

async function showApprovals() {
  const [answer, overrides] = await Promise.all([
    api("GET", "/api/v1/notices?state=pending_approval&sort=issued_at&page_size=100"),
    api("GET", "/api/v1/notices?overridden=true&page_size=100")]);
  if (!answer.ok) return showProblem(answer.data);
  $("approvals-body").replaceChildren(answer.data.length ? table(["Number", "Issued", "Offender", "Why it waits",
    "Officer"], answer.data.map((n) => [noticeLink(n), when(n.issued_at), offenderName(n),
    n.offender.date_of_birth ? `Aged under 18 (born ${readable(n.offender.date_of_birth)})`
      : `No date of birth: ${(WITHHELD[n.details_withheld] ?? "not recorded").toLowerCase()}`,
    n.officer_name ?? n.issued_by]), null, "Notices waiting for approval")
    : el("p", {class: "govuk-body"}, "No notices are waiting for approval."));
  $("overrides-body").replaceChildren(overrides.ok && overrides.data.length ? table(["Number", "Issued", "Officer",
    "Why a fixed penalty"], overrides.data.map((n) => [noticeLink(n), when(n.issued_at), n.officer_name ?? n.issued_by,
    n.policy_override]), null, "Fixed penalties instead of a first warning")
    : el("p", {class: "govuk-body"}, "None: every first breach under a warning-first order got a warning."));
}

// ---- footage: requests waiting to be answered, and footage that can now be deleted

async function showEvidence() {
  const [waiting, due] = await Promise.all([api("GET", "/api/v1/footage-requests"),
    api("GET", "/api/v1/evidence/due-for-deletion")]);
  if (!waiting.ok) return showProblem(waiting.data);
  $("footage-waiting").replaceChildren(waiting.data.length ? table(["Notice", "Asked for", "How"],
    waiting.data.map((r) => [el("a", {class: "govuk-link", href: `#notice/${r.notice_number.replaceAll(" ", "")}`},
      r.notice_number), readable(r.received_on), sentence(words(r.channel))]), null, "Footage requests waiting")
    : el("p", {class: "govuk-body"}, "No requests for footage are waiting."));
  if (!due.ok) return showProblem(due.data);
  $("footage-due").replaceChildren(due.data.length ? table(["Notice", "State", "Footage", "Kept until"],
    due.data.map((d) => [el("a", {class: "govuk-link", href: `#notice/${d.notice_number.replaceAll(" ", "")}`},
      d.notice_number), REFERENCE.states[d.state] ?? d.state, d.items.map((i) => i.reference).join(", "),
    readable(d.kept_until)]), null, "Footage due for deletion")
    : el("p", {class: "govuk-body"}, "No footage is due for deletion."));
}

// ---- the outcomes report

const COUNTS = [["fpns_issued", "FPNs issued"], ["warnings_given", "Warnings given"],
  ["reduced_to_warning", "Reduced to warning"], ["paid_in_full", "Paid in full"],
  ["paid_discounted", "Paid at the lower amount"], ["cancelled", "Cancelled"], ["outstanding", "Outstanding"],
  ["awaiting_approval", "Awaiting approval"], ["referred_to_legal", "Referred to legal"], ["prosecuted", "Prosecuted"]];

// A notice type as a chart's label names it: the prohibition first, which tells the bars apart, and the order
// under it ('Borough Wide PSPO - Dog fouling' as 'Dog fouling' over 'Borough Wide PSPO'); tables keep the full name.
function chartLabel(type) {
  const at = type.indexOf(" - ");
  return at < 0 ? type : `${type.slice(at + 3)}\n${type.slice(0, at)}`;
}

function reportTable(rows, names, caption) {
  return table([...names.map(([, heading]) => heading), ...COUNTS.map(([, heading]) => heading), "Income"],
    rows.map((r) => [...names.map(([key]) => r[key]), ...COUNTS.map(([key]) => r[key]), `£${r.income}`]), caption, caption);
}

function monthStart() {
  const today = londonToday();
  return [`${today.slice(0, 8)}01`, today];
}

async function showReport(event) {
  event?.preventDefault();
  clearMessages();
  if (blank("report-from") && blank("report-to")) {
    const [from, to] = monthStart();
    setDate("report-from", from);
    setDate("report-to", to);
  }
  const range = readDates($("report-form"));
  if (range.errors.length) {
    $("report-body").replaceChildren();  // not the last period's figures under the problem, as if they were these
    return showProblem({errors: range.errors}, $("report-form"));
  }
  const query = new URLSearchParams(range.body);
  const answer = await api("GET", `/api/v1/reports/outcomes?${query}`);
  if (!answer.ok) {
    $("report-body").replaceChildren();
    return showProblem(answer.data, $("report-form"));
  }
  const r = answer.data;
  const name = `fpn-outcomes-${r.from}-${r.to}`;
  const get = (format, file) => el("a", {class: "govuk-link", href: "#report", onclick: (e) => {
    e.preventDefault();
    download(`/api/v1/reports/outcomes?${query}&format=${format}`, file);
  }}, format === "csv" ? "Download as CSV" : "Download as a spreadsheet (Excel)");
  $("report-body").replaceChildren(
    el("h2", {class: "govuk-heading-m"}, `Notices issued ${readable(r.from)} to ${readable(r.to)}`),
    el("div", {class: "app-totals"}, [...COUNTS, ["income", "Income received"]].map(([key, heading]) =>
      el("p", {class: "govuk-body app-total"}, el("span", {class: "app-total__figure"},
        key === "income" ? `£${r.totals.income}` : r.totals[key]), heading))),
    el("p", {class: "govuk-body"}, get("csv", `${name}.csv`), " · ", get("xlsx", `${name}.xlsx`)),
    el("h2", {class: "govuk-heading-m"}, "FPNs issued by month"),
    barChart("FPNs issued by month, as in the table by month below", r.by_month.map((m) => [readable(m.month), m.fpns_issued])),
    el("h2", {class: "govuk-heading-m"}, "By ward"),
    barChart("FPNs issued by ward, as in the table by ward below", r.by_ward.map((w) => [w.ward, w.fpns_issued])),
    el("h2", {class: "govuk-heading-m"}, "By notice type"),
    barChart("FPNs issued by notice type, as in the table by notice type below",
      r.by_notice_type.map((t) => [chartLabel(t.notice_type), t.fpns_issued])),
    el("h2", {class: "govuk-heading-m"}, "Tables"),
    reportTable([...r.rows, {ward: "Total", notice_type: "", ...r.totals}], [["ward", "Ward"], ["notice_type", "Notice type"]],
      "By ward and notice type"),
    reportTable(r.by_month.map((m) => ({...m, month: readable(m.month)})), [["month", "Month"]], "By month"),
    reportTable(r.by_ward, [["ward", "Ward"]], "By ward"),
    reportTable(r.by_notice_type, [["notice_type", "Notice type"]], "By notice type"));
}

// ---- officers' profiles (kept by admins) and the number blocks given to their phones

async function showOfficers() {
  const isAdmin = (session()?.roles ?? []).includes("admin");
  $("profile-form").hidden = !isAdmin;
  const [profiles, blocks] = await Promise.all([api("GET", "/api/v1/officers"), api("GET", "/api/v1/number-blocks")]);
  if (!profiles.ok) return showProblem(profiles.data);
  const names = Object.fromEntries(profiles.data.map((p) => [p.username, p.full_name]));
  $("officers-body").replaceChildren(profiles.data.length ? table(["Officer", "Sign-in name", "Authorisation number",
    "Authorised under"], profiles.data.map((p) => [p.full_name, p.username, p.authorisation_number, p.authorised_under]),
  null, "Officers' profiles") : el("p", {class: "govuk-body"}, "No officer's profile is recorded yet."));
  if (!blocks.ok) return showProblem(blocks.data);
  $("blocks-body").replaceChildren(blocks.data.length ? table(["Officer", "Phone", "Given", "Numbers", "Used", "Unused",
    "Lost phone"], blocks.data.map((b) => [names[b.username] ?? b.username, b.device, when(b.issued_at),
    `${b.numbers[0].fpn} to ${b.numbers.at(-1).fpn}`, b.used.length,
    b.returned_at ? `${b.unused.length} (void since ${when(b.returned_at)})` : b.unused.length,
    b.returned_at ? "Returned" : el("button", {type: "button", class: "govuk-button govuk-button--warning govuk-!-margin-bottom-0",
      onclick: (event) => returnBlock(event.target, b)}, "Return the block")]), null, "Blocks of notice numbers")
    : el("p", {class: "govuk-body"}, "No phone has been given numbers yet."));
}

async function returnBlock(button, block) {
  clearMessages();
  button.disabled = true;
  const answer = await api("POST", `/api/v1/number-blocks/${block.id}/return`);
  if (!answer.ok) {
    button.disabled = false;
    return showProblem(answer.data);
  }
  await showOfficers();
  done(`The block is returned: its ${answer.data.unused.length} unused numbers are void.`);
}

async function saveProfile(event) {
  event.preventDefault();
  clearMessages();
  const form = $("profile-form");
  const value = (name) => form.querySelector(`[name="${name}"]`).value.trim();
  const missing = [["username", "Enter the officer's sign-in name"], ["full_name", "Enter the officer's full name"],
    ["authorisation_number", "Enter the authorisation number"]].filter(([name]) => !value(name))
    .map(([field, message]) => ({field, message}));
  if (missing.length) return showProblem({errors: missing}, form);
  const body = {full_name: value("full_name"), authorisation_number: value("authorisation_number")};
  if (value("authorised_under")) body.authorised_under = value("authorised_under");
  await whileBusy(form, async () => {
    const answer = await api("PUT", `/api/v1/officers/${encodeURIComponent(value("username"))}`, body);
    if (!answer.ok) return showProblem(answer.data, form);
    form.reset();
    await showOfficers();
    done(`${answer.data.full_name}'s profile is saved: their notices will name them as ${answer.data.full_name}, ` +
      `authorisation ${answer.data.authorisation_number}.`);
  });
}

// ---- quality: the month's sample to review, and each officer's mix against the rest of the team's

const lastMonth = () => {
  const today = londonToday();
  const first = new Date(`${today.slice(0, 8)}01T12:00:00Z`);
  first.setUTCDate(0);  // the last day of the month before
  return first.toISOString().slice(0, 7);
};

function showQuality() {
  if (blank("sample-month")) setDate("sample-month", lastMonth());
  if (blank("mix-from")) {
    setDate("mix-from", `${lastMonth()}-01`);
    setDate("mix-to", londonToday());
  }
  drawSample();
  showMix();
}

// The month's sample as drawn so far (looking never draws one: that is the scheduler's on the 1st, or the button's).
const sampleTurn = turns();
async function drawSample(event, {draw = false} = {}) {
  event?.preventDefault();
  clearMessages();
  const current = sampleTurn();
  const {date: month, errors} = readDate("sample-month");
  if (!month) {
    $("sample-body").replaceChildren();  // not another month's sample under the problem
    return showProblem({errors: errors.length ? errors : [{field: "month", message: "Enter the month of the sample"}]},
      $("sample-form"));
  }
  const answer = draw ? await api("POST", "/api/v1/reviews/samples", {month})
    : await api("GET", `/api/v1/reviews?month=${encodeURIComponent(month)}`);
  if (!current()) return;
  if (!answer.ok) {
    $("sample-body").replaceChildren();
    return showProblem(answer.data, $("sample-form"));
  }
  if (!answer.data.length) {
    return $("sample-body").replaceChildren(draw
      ? el("p", {class: "govuk-body"}, `No officer issued a notice in ${readable(month)}.`)
      : el("div", {}, el("p", {class: "govuk-body"}, `The sample for ${readable(month)} has not been drawn yet.`),
        el("button", {type: "button", class: "govuk-button", onclick: () => drawSample(null, {draw: true})},
          "Draw the sample now")));
  }
  const waiting = answer.data.filter((r) => !r.outcome).length;
  $("sample-body").replaceChildren(
    el("p", {class: "govuk-body"}, `${answer.data.length} notices drawn for ${readable(month)}; ${waiting} still to review.`),
    table(["Notice", "Officer", "Notice type", "Review"], answer.data.map((r) => [
      el("a", {class: "govuk-link", href: `#notice/${r.notice_number.replaceAll(" ", "")}`}, r.notice_number),
      r.officer, r.notice_type, r.outcome ? `${sentence(r.outcome)}${r.reason ? `: ${r.reason}` : ""} (${r.reviewed_by})`
        : reviewForm(r)]), null, "Sample of notices to review"));
}

function reviewForm(review) {
  const form = el("form", {novalidate: true, class: "app-review-form"},
    radios(`q-${review.id}`, "outcome", "Was the notice correct?", ["correct", "problem"]),
    input(`q-${review.id}-reason`, "reason", "What the problem is (if there is one)", {rows: 2}),
    el("button", {type: "submit", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button"},
      "Record the review"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    whileBusy(form, async () => {
      const outcome = form.querySelector("[name=outcome]:checked")?.value;
      const reason = form.querySelector("[name=reason]").value.trim();
      const missing = [...(outcome ? [] : [{field: "outcome", message: "Select whether the notice was correct"}]),
        ...(outcome === "problem" && !reason ? [{field: "reason", message: "Say what the problem with the notice is"}] : [])];
      if (missing.length) return showProblem({errors: missing}, form);
      const answer = await api("POST", `/api/v1/reviews/${review.id}`, {outcome, reason: reason || null});
      if (!answer.ok) return showProblem(answer.data, form);
      await drawSample();
      done(`${review.notice_number} reviewed: ${outcome}.`);
    });
  });
  return form;
}

const mixTurn = turns();
async function showMix(event) {
  event?.preventDefault();
  clearMessages();
  const current = mixTurn();
  const range = readDates($("mix-form"));
  if (range.errors.length) {
    $("mix-body").replaceChildren();  // not the last period's figures under the problem, as if they were these
    return showProblem({errors: range.errors}, $("mix-form"));
  }
  const query = new URLSearchParams(range.body);
  const answer = await api("GET", `/api/v1/reports/officer-mix?${query}`);
  if (!current()) return;
  if (!answer.ok) {
    $("mix-body").replaceChildren();
    return showProblem(answer.data, $("mix-form"));
  }
  const {officers} = answer.data;
  if (!officers.length) return $("mix-body").replaceChildren(el("p", {class: "govuk-body"}, "No notices in this period."));
  const share = (counts, type) => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return total ? Math.round((100 * (counts[type] ?? 0)) / total) : 0;
  };
  const charts = officers.map((o) => {
    const rest = Object.fromEntries(Object.entries(answer.data.team_by_type).map(([t, n]) => [t, n - (o.by_type[t] ?? 0)]));
    const types = Object.keys(answer.data.team_by_type).sort();
    return el("div", {}, el("h3", {class: "govuk-heading-s"}, `${o.name}${o.flags.length ? " " : ""}`,
      o.flags.length ? tag("Flagged", "red") : null),
    ...o.flags.map((f) => el("p", {class: "govuk-body"}, f)),
    barChart(`${o.name}'s share of each notice type (blue) against the rest of the team's (grey), in per cent, as in ` +
      "the table below it", types.flatMap((t) => [[chartLabel(t), share(o.by_type, t)],
      ["rest of the team", share(rest, t), "second"]])),
    table(["Notice type", `${o.name}'s notices`, "Their share", "Rest of the team's share"], types.map((t) => [t,
      o.by_type[t] ?? 0, `${share(o.by_type, t)}%`, `${share(rest, t)}%`]), null, `${o.name}'s mix of notices`));
  });
  $("mix-body").replaceChildren(  // (stacked on a phone: eight columns, one of sentences, squeezed its rows tall)
    stackedTable(["Officer", "Notices", "FPNs", "Warnings", "Cancelled", "Representations upheld", "Review problems",
      "Flags"],
      officers.map((o) => [`${o.name}${o.authorisation_number ? ` (${o.authorisation_number})` : ""}`, o.notices, o.fpns,
        o.warnings, o.cancelled, o.representations_upheld, o.review_problems, o.flags.join("; ") || "None"]), null,
      "Each officer's notices"),
    ...charts);
}

$("sample-month-slot").replaceWith(dateInput("sample-month", "Month of the sample", {month: true, field: "month",
  hint: `For example, ${example(-30).split(" ").slice(1).join(" ")}`}));
$("sample-form").addEventListener("submit", drawSample);
for (const [id, legend, field] of [["s-from", "Issued from", "query.from"], ["s-to", "Issued to", "query.to"],
  ["report-from", "Issued from", "from"], ["report-to", "Issued to", "to"], ["mix-from", "Issued from", "from"],
  ["mix-to", "Issued to", "to"]]) {
  $(`${id}-slot`).replaceWith(dateInput(id, legend, {field, hint: `For example, ${example(-30)}`,
    named: id.endsWith("-from") ? "The start date" : "The end date"}));
}
$("mix-form").addEventListener("submit", showMix);
$("profile-form").addEventListener("submit", saveProfile);
$("search-form").addEventListener("submit", onSearch);
$("s-number").addEventListener("input", checkNumberAsTyped);
$("search-clear").addEventListener("click", (event) => {
  event.preventDefault();
  $("search-form").reset();
  checkNumberAsTyped();
  clearMessages();
  search = {query: new URLSearchParams(), page: 1};
  drawResults();
});
$("report-form").addEventListener("submit", showReport);
initAll();
show();
