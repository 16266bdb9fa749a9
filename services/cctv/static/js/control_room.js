// The CCTV control room's page: the inbox of footage and information requests (due dates, overwrite warnings,
// holds, disclosures), nuisance-vehicle letters to send and replies awaited, and the requests report. Everything
// comes from the cctv JSON API with the officer's sign-in; the page itself holds no data.
import {initAll} from "./../vendor/govuk-frontend/govuk-frontend.min.js";
import {barChart, clearMessages, done, el, officePage, readable, showProblem, showView, table, tag, when}
  from "./govuk_page.js";

const REFERENCE = JSON.parse(document.getElementById("reference").textContent);
const $ = (id) => document.getElementById(id);
const {session, api} = officePage("cctv.control-room", show);

function show() {
  showView(session, {inbox: showInbox, vehicles: showVehicles, report: showReport});
}

// ---- the inbox

function overwriteTag(request) {
  if (request.legal_hold) return tag("Held", "green");
  if (request.overwrite_warning === "overwritten") return tag("Overwritten", "grey");
  if (request.overwrite_warning === "soon") return tag(`Overwritten ${readable(request.overwritten_on)}: keep it now`, "red");
  return request.overwritten_on ? `Overwritten ${readable(request.overwritten_on)}` : "No footage";
}

async function showInbox() {
  $("request-body").replaceChildren();
  const answer = await api("GET", "/api/v1/inbox?status=open");
  if (!answer.ok) return showProblem(answer.data);
  if (!answer.data.length) return $("inbox-body").replaceChildren(el("p", {class: "govuk-body"}, "No request is open."));
  $("inbox-body").replaceChildren(table(["Request", "From", "Asked for", "Due", "Footage"], answer.data.map((r) => [
    el("a", {class: "govuk-link", href: "#inbox", onclick: (e) => { e.preventDefault(); showRequest(r.reference); }},
      r.reference), `${REFERENCE.categories[r.category]}: ${r.requester}`, REFERENCE.kinds[r.kind],
    [readable(r.due_on), r.overdue ? [" ", tag("Overdue", "red")] : null], overwriteTag(r)]), "Open requests"));
}

function field(id, name, label, input) {
  return el("div", {class: "govuk-form-group"}, el("label", {class: "govuk-label", for: id}, label), input);
}

function actionForm(title, fields, button, send) {
  const form = el("form", {class: "app-action-form", novalidate: true}, el("h3", {class: "govuk-heading-s"}, title),
    ...fields, el("button", {type: "submit", class: "govuk-button govuk-button--secondary", "data-module": "govuk-button"}, button));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearMessages();
    await send(form);
  });
  return form;
}

async function showRequest(reference) {
  const answer = await api("GET", `/api/v1/inbox/${reference}`);
  if (!answer.ok) return showProblem(answer.data);
  const r = answer.data;
  const row = (key, value) => el("div", {class: "govuk-summary-list__row"}, el("dt", {class: "govuk-summary-list__key"}, key),
    el("dd", {class: "govuk-summary-list__value"}, value));
  const after = async (reply, message) => {
    if (!reply.ok) return false;
    await showInbox();
    await showRequest(reference);
    done(message);
    return true;
  };
  const parts = [el("h2", {class: "govuk-heading-m", id: "request-title", tabindex: "-1"}, `Request ${r.reference}`),
    el("dl", {class: "govuk-summary-list"}, row("From", `${REFERENCE.categories[r.category]}: ${r.requester}`),
      row("Asked for", `${REFERENCE.kinds[r.kind]}: ${r.asked}`), row("Received", readable(r.received_on)),
      row("Due", readable(r.due_on)), row("Cameras", r.cameras.join(", ") || "None named"),
      row("Footage", r.footage_from ? `${when(r.footage_from)} to ${when(r.footage_to)}` : "None asked for"),
      row("Footage kept?", overwriteTag(r)),
      row("Disclosed", r.disclosures.length ? r.disclosures.map((d) => `${readable(d.disclosed_on)} to ${d.disclosed_to}: ${d.what} (${d.method})`).join("; ") : "Nothing yet"))];
  if (r.footage_from && !r.legal_hold && r.overwrite_warning !== "overwritten") {
    parts.push(actionForm("Keep the footage (legal hold)", [field("hold-reason", "reason", "Why it must be kept",
      el("textarea", {class: "govuk-textarea", id: "hold-reason", rows: "2", "data-field": "reason"}))], "Keep the footage",
    async (form) => {
      const reply = await api("POST", `/api/v1/inbox/${reference}/hold`, {reason: $("hold-reason").value.trim()});
      if (!(await after(reply, "The footage is held: it will not be overwritten."))) showProblem(reply.data, form);
    }));
  }
  parts.push(actionForm("Record a disclosure", [
    field("disclosed-on", "disclosed_on", "Date disclosed", el("input", {class: "govuk-input govuk-input--width-10",
      id: "disclosed-on", type: "date", "data-field": "disclosed_on"})),
    field("disclosed-to", "disclosed_to", "Given to", el("input", {class: "govuk-input", id: "disclosed-to",
      type: "text", "data-field": "disclosed_to"})),
    field("what", "what", "What was given", el("textarea", {class: "govuk-textarea", id: "what", rows: "2", "data-field": "what"})),
    field("method", "method", "How it was given", el("input", {class: "govuk-input", id: "method", type: "text",
      "data-field": "method"}))], "Record the disclosure", async (form) => {
    const reply = await api("POST", `/api/v1/inbox/${reference}/disclosures`, {disclosed_on: $("disclosed-on").value || null,
      disclosed_to: $("disclosed-to").value.trim(), what: $("what").value.trim(), method: $("method").value.trim()});
    if (!(await after(reply, "The disclosure is recorded."))) showProblem(reply.data, form);
  }));
  $("request-body").replaceChildren(...parts);
  $("request-title").focus();
}

function localTime(value) {
  return value ? new Date(value).toISOString() : null;
}

async function logRequest(event) {
  event.preventDefault();
  clearMessages();
  const cameras = $("cameras").value.split(",").map((c) => c.trim()).filter(Boolean);
  const answer = await api("POST", "/api/v1/inbox", {received_on: $("received-on").value || null,
    category: $("category").value, kind: $("kind").value, requester: $("requester").value.trim(),
    asked: $("asked").value.trim(), cameras, footage_from: localTime($("footage-from").value),
    footage_to: localTime($("footage-to").value)});
  if (!answer.ok) return showProblem(answer.data, $("log-form"));
  $("log-form").reset();
  await showInbox();
  done(`Request ${answer.data.reference} is logged: due ${readable(answer.data.due_on)}.`);
}

// ---- nuisance vehicles

async function showVehicles() {
  const [letters, waiting] = await Promise.all([api("GET", "/api/v1/breaches?status=letter_due"),
    api("GET", "/api/v1/breaches?status=awaiting_reply")]);
  if (!letters.ok) return showProblem(letters.data);
  $("letters-body").replaceChildren(...(letters.data.length ? [table(["Breach", "Vehicle", "Where and when", "Letter", "Keeper", "Letter to send"],
    letters.data.map((b) => [b.reference, b.registration_mark, `${b.zone}, ${when(b.first_read_at)} (${b.reads} reads)`,
      b.letter_kind === "warning" ? "Warning" : "Name the driver", b.keeper_name,
      el("span", {}, el("a", {class: "govuk-link", href: "#vehicles", onclick: (e) => {
        e.preventDefault();
        download(`/api/v1/breaches/${b.reference}/letter.pdf`, `${b.reference}-letter.pdf`);
      }}, "Download the letter", el("span", {class: "govuk-visually-hidden"}, ` for ${b.reference}`)), " ",
      el("button", {class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0", type: "button",
        onclick: () => letterSent(b.reference)}, "Record it sent today",
      el("span", {class: "govuk-visually-hidden"}, ` for ${b.reference}`)))]), "Letters to send")]
    : [el("h2", {class: "govuk-heading-m"}, "Letters to send"), el("p", {class: "govuk-body"}, "No letter is waiting to be sent.")]));
  $("replies-body").replaceChildren(...(waiting.data?.length ? [table(["Breach", "Vehicle", "Keeper", "Letter sent", "Reply due"],
    waiting.data.map((b) => [b.reference, b.registration_mark, b.keeper_name, readable(b.letter_sent_on),
      [readable(b.reply_due_on), b.overdue ? [" ", tag("No reply in time", "red")] : null]]), "Replies awaited")]
    : [el("h2", {class: "govuk-heading-m"}, "Replies awaited"), el("p", {class: "govuk-body"}, "No reply is awaited.")]));
}

async function letterSent(reference) {
  clearMessages();
  const today = new Date().toLocaleDateString("en-CA", {timeZone: "Europe/London"});
  const answer = await api("POST", `/api/v1/breaches/${reference}/letter-sent`, {sent_on: today});
  if (!answer.ok) return showProblem(answer.data);
  await showVehicles();
  done(`${reference}: the letter is recorded as sent.`);
}

async function download(path, name) {
  const answer = await fetch(path, {headers: {Authorization: `Bearer ${session()?.token}`}});
  if (!answer.ok) return showProblem(await answer.json().catch(() => ({detail: "The document could not be made."})));
  el("a", {href: URL.createObjectURL(await answer.blob()), download: name}).click();
}

// ---- the report

async function showReport() {
  const answer = await api("GET", "/api/v1/inbox-report");
  if (!answer.ok) return showProblem(answer.data);
  const report = answer.data;
  const rows = report.rows.filter((r) => r[0] !== "Total");
  $("report-body").replaceChildren(
    barChart(`${report.title}: the total each month, as in the table below`, rows.map((r) => [readable(r[0]), r.at(-1)])),
    el("p", {class: "govuk-body"}, el("a", {class: "govuk-link", href: "#report", onclick: (e) => {
      e.preventDefault();
      download("/api/v1/inbox-report?format=csv", "cctv-inbox-report.csv");
    }}, "Download the table (CSV)")),
    table(report.columns, report.rows.map((r) => [readable(r[0]), ...r.slice(1)]), report.title));
}

$("log-form").addEventListener("submit", logRequest);
initAll();
show();
