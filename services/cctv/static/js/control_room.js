// The CCTV control room's page: the inbox of footage and information requests (due dates, overwrite warnings,
// holds, disclosures, closing), nuisance vehicles (letters to send, replies awaited and recorded, notices asked of
// fpn, keepers not found, reads kept for review), and the requests report. Everything comes from the cctv JSON API
// with the officer's sign-in; the page itself holds no data.
import {initAll} from "./../vendor/govuk-frontend/govuk-frontend.min.js";
import {barChart, clearMessages, done, download, el, officePage, readable, showProblem, showView, stackedTable, table,
  tag, when, whileBusy} from "./govuk_page.js";
import {dateInput, dateTimeInput, example, readDate, readDates} from "./dates.js";

const REFERENCE = JSON.parse(document.getElementById("reference").textContent);
const $ = (id) => document.getElementById(id);
const {session, api} = officePage("cctv.control-room", show);
const allowed = () => (session()?.roles ?? []).some((r) => ["control_room_officer", "control_room_manager", "admin"].includes(r));

function show() {
  $("not-for-you").hidden = !session() || allowed();
  if (session() && !allowed()) {  // the Working Group and others: nothing here is theirs to see
    for (const name of ["signin", "inbox", "vehicles", "report"]) $(`${name}-section`).hidden = true;
    $("menu").hidden = true;
    return;
  }
  showView(session, {inbox: showInbox, vehicles: showVehicles, report: showReport});
}

// ---- building forms

function field(id, label, ...input) {
  return el("div", {class: "govuk-form-group"}, el("label", {class: "govuk-label", for: id}, label), ...input);
}

function radios(name, legend, field, choices) {
  return el("div", {class: "govuk-form-group"}, el("fieldset", {class: "govuk-fieldset"},
    el("legend", {class: "govuk-fieldset__legend govuk-fieldset__legend--s"}, legend),
    el("div", {class: "govuk-radios govuk-radios--small", "data-module": "govuk-radios"}, choices.map(([value, label], n) =>
      el("div", {class: "govuk-radios__item"}, el("input", {class: "govuk-radios__input", id: `${name}-${n}`, name,
        type: "radio", value, "data-field": n === 0 ? field : null}),
      el("label", {class: "govuk-label govuk-radios__label", for: `${name}-${n}`}, label))))));
}

// A form for one action; `send(form)` runs with its button disabled until it has an answer.
function actionForm(title, fields, button, send) {
  const form = el("form", {class: "app-action-form", novalidate: true}, el("h3", {class: "govuk-heading-s"}, title),
    ...fields, el("button", {type: "submit", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button"}, button));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    whileBusy(form, () => send(form));
  });
  return form;
}

// ---- the inbox

function overwriteTag(request) {
  if (request.legal_hold) return tag("Held", "green");
  if (!request.overwritten_on) return "No footage asked for";
  if (request.overwrite_warning === "overwritten") return tag(`Overwritten on ${readable(request.overwritten_on)}`, "grey");
  const until = `Kept until ${readable(request.overwritten_on)}`;
  return request.overwrite_warning === "soon" ? tag(`${until}: hold it now`, "red") : until;
}

async function showInbox(keep = false) {
  if (!keep) {
    $("request-body").replaceChildren();
    delete $("request-body").dataset.reference;
  }
  const answer = await api("GET", "/api/v1/inbox");
  if (!answer.ok) return showProblem(answer.data);
  const live = answer.data.filter((r) => r.status === "open" || r.status === "disclosed");
  const ended = answer.data.filter((r) => r.status === "closed" || r.status === "refused");
  const link = (r) => el("a", {class: "govuk-link", href: "#inbox",
    "aria-current": $("request-body").dataset.reference === r.reference ? "true" : null,
    onclick: (e) => { e.preventDefault(); clearMessages(); showRequest(r.reference); }}, r.reference);
  $("inbox-body").replaceChildren(
    live.length ? stackedTable(["Request", "From", "Asked for", "Status", "Due", "Footage"], live.map((r) => [
      link(r), `${REFERENCE.categories[r.category]}: ${r.requester}`, REFERENCE.kinds[r.kind],
      r.status === "disclosed" ? "Disclosed, not closed" : "Open",
      [readable(r.due_on), r.overdue ? [" ", tag("Overdue", "red")] : null], overwriteTag(r)]), "Requests to finish")
      : el("p", {class: "govuk-body"}, "No request is waiting."),
    ended.length ? el("details", {class: "govuk-details"}, el("summary", {class: "govuk-details__summary"},
      el("span", {class: "govuk-details__summary-text"}, `Closed and refused requests (${ended.length})`)),
    el("div", {class: "govuk-details__text"}, stackedTable(["Request", "From", "Received", "Outcome"], ended.map((r) => [
      link(r), `${REFERENCE.categories[r.category]}: ${r.requester}`, readable(r.received_on),
      `${r.status === "refused" ? "Refused" : "Closed"}: ${r.outcome ?? ""}`]), "Closed and refused requests"))) : "");
}

async function showRequest(reference) {
  const answer = await api("GET", `/api/v1/inbox/${reference}`);
  if (!answer.ok) return showProblem(answer.data);
  const r = answer.data;
  $("request-body").dataset.reference = reference;
  const ended = r.status === "closed" || r.status === "refused";
  const row = (key, value) => el("div", {class: "govuk-summary-list__row"}, el("dt", {class: "govuk-summary-list__key"}, key),
    el("dd", {class: "govuk-summary-list__value"}, value));
  const after = async (reply, message) => {
    if (!reply.ok) return false;
    await showRequest(reference);
    await showInbox(true);
    done(message, {focus: false});
    $("request-title").focus();
    return true;
  };
  const parts = [el("h2", {class: "govuk-heading-m", id: "request-title", tabindex: "-1"}, `Request ${r.reference}`),
    el("dl", {class: "govuk-summary-list"}, row("From", `${REFERENCE.categories[r.category]}: ${r.requester}`),
      row("Their reference", r.their_reference ?? "None given"), row("How to reply", r.contact ?? "Not given"),
      row("Asked for", `${REFERENCE.kinds[r.kind]}: ${r.asked}`), row("Received", readable(r.received_on)),
      row("Due", [readable(r.due_on), r.overdue ? [" ", tag("Overdue", "red")] : null]),
      row("Cameras", r.cameras.join(", ") || "None named"),
      row("Footage", r.footage_from ? `${when(r.footage_from)} to ${when(r.footage_to)}` : "None asked for"),
      row("Footage kept?", r.legal_hold ? [tag("Held", "green"), ` since ${readable(r.held_on)}: ${r.hold_reason}`]
        : r.overwrite_warning === "overwritten" ? [overwriteTag(r), " Tell the requester the footage no longer exists."]
          : overwriteTag(r)),
      row("Disclosed", r.disclosures.length ? el("ul", {class: "govuk-list"}, r.disclosures.map((d) => el("li", {},
        `${readable(d.disclosed_on)}, to ${d.disclosed_to}: ${d.what}. How: ${d.method}.`))) : "Nothing yet"),
      row("Status", ended ? `${r.status === "refused" ? "Refused" : "Closed"}: ${r.outcome}`
        : r.status === "disclosed" ? "Disclosed: close it when nothing more is to be given" : "Open"))];
  if (!ended && r.footage_from && !r.legal_hold && r.overwrite_warning !== "overwritten") {
    parts.push(actionForm("Keep the footage (legal hold)", [field("hold-reason", "Why it must be kept",
      el("textarea", {class: "govuk-textarea", id: "hold-reason", rows: "2", "data-field": "reason"}))], "Keep the footage",
    async (form) => {
      const reply = await api("POST", `/api/v1/inbox/${reference}/hold`, {reason: $("hold-reason").value.trim() || null});
      if (!(await after(reply, "The footage is held: it will not be overwritten."))) showProblem(reply.data, form);
    }));
  }
  if (!ended) {
    parts.push(actionForm("Record a disclosure", [
      dateInput("disclosed-on", "Date disclosed", {hint: `For example, ${example()}`, field: "disclosed_on"}),
      field("disclosed-to", "Given to", el("input", {class: "govuk-input", id: "disclosed-to", type: "text",
        "data-field": "disclosed_to"})),
      field("what", "What was given", el("textarea", {class: "govuk-textarea", id: "what", rows: "2", "data-field": "what"})),
      field("method", "How it was given", el("div", {class: "govuk-hint", id: "method-hint"},
        "For example a secure download link, or an encrypted disc collected in person"),
      el("input", {class: "govuk-input", id: "method", type: "text", "data-field": "method", "aria-describedby": "method-hint"}))],
    "Record the disclosure", async (form) => {
      const on = readDate("disclosed-on");
      if (on.errors.length) return showProblem({errors: on.errors}, form);
      const reply = await api("POST", `/api/v1/inbox/${reference}/disclosures`, {disclosed_on: on.date,
        disclosed_to: $("disclosed-to").value.trim() || null, what: $("what").value.trim() || null,
        method: $("method").value.trim() || null});
      if (!(await after(reply, "The disclosure is recorded."))) showProblem(reply.data, form);
    }));
    parts.push(actionForm("Close or refuse the request", [
      radios("end", "How does it end?", "status", [["closed", "Answered: close it"], ["refused", "Refused"]]),
      field("outcome", "Outcome, or why it was refused", el("textarea", {class: "govuk-textarea", id: "outcome", rows: "2",
        "data-field": "outcome"}))], "Record the outcome", async (form) => {
      const reply = await api("POST", `/api/v1/inbox/${reference}/close`, {
        status: form.querySelector("input[name=end]:checked")?.value ?? null, outcome: $("outcome").value.trim() || null});
      if (!(await after(reply, `Request ${reference} is finished.`))) showProblem(reply.data, form);
    }));
  }
  $("request-body").replaceChildren(...parts);
  await showInbox(true);  // mark it in the list
  $("request-title").focus();
}

function logRequest(event) {
  event.preventDefault();
  clearMessages();
  const dates = readDates($("log-form"));  // received_on, footage_from and _to, due_on: the problems in page order
  if (dates.errors.length) return showProblem({errors: dates.errors}, $("log-form"));
  whileBusy($("log-form"), async () => {
    const cameras = $("cameras").value.split(",").map((c) => c.trim()).filter(Boolean);
    const answer = await api("POST", "/api/v1/inbox", {...dates.body,
      category: $("category").value || null, kind: $("kind").value || null, requester: $("requester").value.trim() || null,
      contact: $("contact").value.trim() || null, their_reference: $("their-reference").value.trim() || null,
      asked: $("asked").value.trim() || null, cameras});
    if (!answer.ok) return showProblem(answer.data, $("log-form"));
    $("log-form").reset();
    const r = answer.data;
    await showInbox();
    const footage = r.overwrite_warning === "overwritten" ? " Its footage has already been overwritten: tell the requester."
      : r.overwrite_warning === "soon" ? ` Its footage is kept only until ${readable(r.overwritten_on)}: hold it now if it is needed.`
        : "";
    done(`Request ${r.reference} is logged: due ${readable(r.due_on)}.${footage}`);
  });
}

// ---- nuisance vehicles

async function showVehicles() {
  $("reply-form-slot").replaceChildren();
  const [letters, waiting, requested, missing, review] = await Promise.all([
    api("GET", "/api/v1/breaches?status=letter_due"), api("GET", "/api/v1/breaches?status=awaiting_reply"),
    api("GET", "/api/v1/breaches?status=notice_requested"), api("GET", "/api/v1/breaches?status=keeper_not_found"),
    api("GET", "/api/v1/anpr/reads?outcome=review")]);
  const failed = [letters, waiting, requested, missing, review].find((a) => !a.ok);
  if (failed) return showProblem(failed.data);
  const reads = (b) => (b.reads === 1 ? "1 read" : `${b.reads} reads`);
  $("letters-body").replaceChildren(...(letters.data.length ? [stackedTable(["Breach", "Vehicle", "Where and when", "Letter", "Keeper",
    "Letter to send"], letters.data.map((b) => [b.reference, b.registration_mark, `${b.zone}, ${when(b.first_read_at)} (${reads(b)})`,
    b.letter_kind === "warning" ? "Warning" : "Name the driver", b.keeper_name, sentForm(b)]), "Letters to send")]
    : [el("h2", {class: "govuk-heading-m"}, "Letters to send"), el("p", {class: "govuk-body"}, "No letter is waiting to be sent.")]));
  $("replies-body").replaceChildren(...(waiting.data.length ? [stackedTable(["Breach", "Vehicle", "Keeper", "Letter sent", "Reply due",
    "Reply"], waiting.data.map((b) => [b.reference, b.registration_mark, b.keeper_name, readable(b.letter_sent_on),
    [readable(b.reply_due_on), b.overdue ? [" ", tag("No reply in time", "red")] : null],
    el("button", {type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0",
      onclick: () => replyForm(b)}, "Record the reply", el("span", {class: "govuk-visually-hidden"}, ` for ${b.reference}`))]),
    "Replies awaited")]
    : [el("h2", {class: "govuk-heading-m"}, "Replies awaited"), el("p", {class: "govuk-body"}, "No reply is awaited.")]));
  const answerOf = (b) => (!b.notice || b.notice.state === "requested" ? "Waiting for fpn's answer"
    : b.notice.state === "issued" ? `Issued: ${b.notice.notice_number}`
      : `Refused: ${b.notice.refusal_title}. ${b.notice.refusal_detail}`);
  $("vehicles-other").replaceChildren(
    ...(requested.data.length ? [table(["Breach", "Vehicle", "Driver", "Notice"], requested.data.map((b) => [b.reference,
      b.registration_mark, b.driver_name, answerOf(b)]), "Notices asked of fpn")] : []),
    ...(missing.data.length ? [table(["Breach", "Vehicle", "Where and when"], missing.data.map((b) => [b.reference,
      b.registration_mark, `${b.zone}, ${when(b.first_read_at)}`]), "No keeper on record: no letter can be sent")] : []),
    ...(review.data.length ? [table(["Read", "Mark as read", "When", "Camera", "How sure"], review.data.map((r) => [String(r.id),
      r.registration_mark, when(r.read_at), r.camera, `${Math.round(r.confidence * 100)}%`]),
    "Reads kept for review: not read reliably, never acted on")] : []));
}

function sentForm(breach) {
  const id = `sent-${breach.reference}`;
  const today = new Date().toLocaleDateString("en-CA", {timeZone: "Europe/London"});
  const form = el("form", {class: "app-inline-form", novalidate: true},
    el("a", {class: "govuk-link", href: "#vehicles", onclick: (e) => {
      e.preventDefault();
      download(`/api/v1/breaches/${breach.reference}/letter.pdf`, `${breach.reference}-letter.pdf`);
    }}, "Download the letter", el("span", {class: "govuk-visually-hidden"}, ` for ${breach.reference}`)),
    dateInput(id, "Sent on", {hint: `For example, ${example()}`, field: "sent_on", value: today, named: "The date sent",
      hidden: ` (${breach.reference})`}),
    el("button", {type: "submit", class: "govuk-button govuk-button--secondary"}, "Record it sent",
      el("span", {class: "govuk-visually-hidden"}, ` for ${breach.reference}`)));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    whileBusy(form, async () => {
      const sent = readDate(id);
      if (sent.errors.length) return showProblem({errors: sent.errors}, form);
      const answer = await api("POST", `/api/v1/breaches/${breach.reference}/letter-sent`, {sent_on: sent.date});
      if (!answer.ok) return showProblem(answer.data, form);
      await showVehicles();
      done(`${breach.reference}: the letter is recorded as sent on ${readable(answer.data.letter_sent_on)}.`);
    });
  });
  return form;
}

function replyForm(breach) {
  clearMessages();
  const form = el("form", {class: "app-action-form", novalidate: true},
    el("h2", {class: "govuk-heading-m", id: "reply-title", tabindex: "-1"},
      `The keeper's reply for ${breach.reference} (${breach.registration_mark})`),
    radios("drove", "Who was driving?", "keeper_drove", [["yes", `The keeper, ${breach.keeper_name}`],
      ["no", "Someone else, named below"]]),
    field("driver-name", "Driver's full name", el("input", {class: "govuk-input", id: "driver-name", type: "text", "data-field": "name"})),
    field("driver-address", "Driver's address", el("textarea", {class: "govuk-textarea", id: "driver-address", rows: "2",
      "data-field": "address"})),
    dateInput("driver-dob", "Driver's date of birth (if given)", {field: "date_of_birth",
      named: "Driver's date of birth"}),
    el("button", {type: "submit", class: "govuk-button"}, "Record the reply and ask fpn for the notice"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    const drove = form.querySelector("input[name=drove]:checked")?.value;
    const born = readDate("driver-dob");
    const errors = [!drove && {field: "keeper_drove", message: "Select who was driving"}, ...born.errors].filter(Boolean);
    if (errors.length) return showProblem({errors}, form);
    whileBusy(form, async () => {
      const answer = await api("POST", `/api/v1/breaches/${breach.reference}/driver`, {keeper_drove: drove === "yes",
        name: $("driver-name").value.trim() || null, address: $("driver-address").value.trim() || null,
        date_of_birth: born.date});
      if (!answer.ok) return showProblem(answer.data, form);
      await showVehicles();
      done(`${breach.reference}: fpn has been asked for the notice; its answer shows under "Notices asked of fpn".`);
    });
  });
  $("reply-form-slot").replaceChildren(form);
  $("reply-title").focus();
}

// ---- the report

async function showReport() {
  const answer = await api("GET", "/api/v1/inbox-report");
  if (!answer.ok) return showProblem(answer.data);
  const report = answer.data;
  const rows = report.rows.filter((r) => r[0] !== "Total");
  $("report-body").replaceChildren(
    el("p", {class: "govuk-body"}, `From ${readable(report.from)} to ${readable(report.to)} (the last month so far).`),
    barChart(`${report.title}: the total each month, as in the table below`, rows.map((r) => [readable(r[0]), r.at(-1)])),
    el("p", {class: "govuk-body"}, el("a", {class: "govuk-link", href: "#report", onclick: (e) => {
      e.preventDefault();
      download("/api/v1/inbox-report?format=csv", `cctv-inbox-${report.from}-${report.to}.csv`);
    }}, "Download the table (CSV)")),
    table(report.columns, report.rows.map((r) => [readable(r[0]), ...r.slice(1)]), report.title));
}

$("received-on-slot").replaceWith(dateInput("received-on", "Date received", {hint: `For example, ${example()}`,
  field: "received_on"}));
for (const [id, of, name] of [["footage-from", "the start of the footage", "Start"],
  ["footage-to", "the end of the footage", "End"]]) {  // read as Brent's time, whatever the computer's zone
  $(`${id}-slot`).replaceWith(dateTimeInput(id, of, {field: id.replace("-", "_"), dateLegend: `${name} date`,
    timeLabel: `${name} time`}));
}
$("due-on-slot").replaceWith(dateInput("due-on", "Needed by (optional)", {field: "due_on", named: "The date it is needed by",
  hint: "Leave empty for 14 days. A subject access request is due in one calendar month, whatever is entered."}));
$("log-form").addEventListener("submit", logRequest);
initAll();
show();
