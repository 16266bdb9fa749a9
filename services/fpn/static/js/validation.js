// Checking a notice on the phone before it is issued, so that it works with no signal and every problem is shown at
// once, in GOV.UK's words (https://design-system.service.gov.uk/components/error-message/). The API checks again;
// what only it can know (the order in force that day, the time limit for prosecution) it says when it is sent.
//
// Each problem names the field as the API does ("offender.date_of_birth"), so the page places the phone's problems
// and the API's the same way; `parts` says which inputs of a date are wrong.
import {typedDate} from "./dates.js";

const FUTURE_SLACK_MS = 5 * 60 * 1000; // the API's own: a phone's clock may be a little ahead
const YOUNGEST = 10; // no notice may be issued to a child under 10
const REGISTRATION = /^[A-Za-z0-9 ]{2,8}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

// The most each text may hold (the API's limits), how to say it, and whether it is asked of a person, of a
// vehicle's keeper or of every notice.
const LONGEST = [
  ["location.street_address", "streetAddress", 300, "Street address", null],
  ["offender.name", "name", 120, "The person's full name", false],
  ["offender.address", "address", 300, "The person's address", false],
  ["offender.keeper_name", "keeperName", 120, "The registered keeper's name", true],
  ["offender.keeper_address", "keeperAddress", 300, "The registered keeper's address", true],
  ["evidence.body_worn_video", "bodyWornVideo", 200, "Body-worn video reference", null],
  ["evidence.photo", "photo", 200, "Photo reference", null],
];

// Every problem with the notice in `values` (see form.js's formValues), in no particular order: the page puts them
// in the order of its fields.
export function problems(values, now = new Date()) {
  const found = [];
  const add = (field, message, parts) => found.push({field, message, ...(parts ? {parts} : {})});
  if (!values.ward) add("location.ward", "Select the ward");
  if (!values.order) add("order_code", "Select the order");
  if (!values.prohibition) add("prohibition_id", "Select the prohibition");
  locationProblems(values, add);
  const occurred = occurredProblem(values.occurredAt, now);
  if (occurred) add("occurred_at", occurred);
  if (values.vehicle) {
    vehicleProblems(values, add);
  } else {
    personProblems(values, now, add);
  }
  if (!values.observed) add("observed", "Enter what you saw");
  else if (values.observed.length < 3) add("observed", "Enter what you saw, in a few words at least");
  else if (values.observed.length > 2000) add("observed", "What you saw must be 2,000 characters or fewer");
  for (const [field, key, most, name, vehicle] of LONGEST) {
    if (vehicle !== null && vehicle !== values.vehicle) continue; // not asked of this offender
    if ((values[key] ?? "").length > most && !found.some((p) => p.field === field)) {
      add(field, `${name} must be ${most} characters or fewer`);
    }
  }
  if (!values.outcome) add("outcome", "Select whether to issue a fixed penalty notice or a warning");
  else if (values.outcome === "fpn" && values.expected === "warning" && !values.override) {
    add("outcome", "Give a warning for a first breach, or say why a fixed penalty notice is needed");
  }
  if (values.outcome === "fpn" && values.override && values.override.length < 10) {
    add("policy_override", "Say in at least 10 characters why a fixed penalty notice is needed");
  }
  if (!values.identificationShown) add("identification_shown", "Confirm you showed the person your identification");
  return found;
}

function locationProblems({latitude, longitude, streetAddress}, add) {
  if (!latitude && !longitude) {
    if (!streetAddress) add("location.street_address", "Enter the street address or use your location");
    return;
  }
  for (const [field, value, name, limit] of [["location.latitude", latitude, "Latitude", 90],
    ["location.longitude", longitude, "Longitude", 180]]) {
    if (!value) add(field, `Enter the ${name.toLowerCase()}, or use your location`);
    else if (!NUMBER.test(value)) add(field, `${name} must be a number, like ${limit === 90 ? "51.5523" : "-0.2966"}`);
    else if (Math.abs(Number(value)) > limit) add(field, `${name} must be between -${limit} and ${limit}`);
  }
}

function occurredProblem(occurredAt, now) {
  const when = occurredAt ? new Date(occurredAt) : null;
  if (!when || Number.isNaN(when.getTime())) return "Enter the date and time of the offence";
  if (when - now > FUTURE_SLACK_MS) return "The time must be in the past";
  return null;
}

function vehicleProblems({registrationMark}, add) {
  if (!registrationMark) add("offender.registration_mark", "Enter the vehicle's registration mark");
  else if (!REGISTRATION.test(registrationMark)) {
    add("offender.registration_mark", "Enter the registration mark as it is on the vehicle, like AB12 CDE");
  }
}

function personProblems(values, now, add) {
  if (!values.name) add("offender.name", "Enter the person's full name");
  const born = dateOfBirth(values);
  if (born.problem) add("offender.date_of_birth", born.problem, born.parts);
  else if (!born.date && !values.withheld) {
    add("offender.date_of_birth", "Enter the person's date of birth, or say why you could not get it");
  } else if (born.date) {
    const problem = ageProblem(born.date, values.occurredAt, now);
    if (problem) add("offender.date_of_birth", problem, ["dob-day", "dob-month", "dob-year"]);
  }
  if (!values.address && !values.withheld) {
    add("offender.address", "Enter the person's address, or say why you could not get it");
  }
  if (values.withheld && !values.withheldReason) {
    add("details_withheld", "Select why you could not get the person's details");
  }
}

// The date of birth typed into its three inputs: {date: "1990-05-17"}, {} when none of it is given, or
// {problem, parts} saying what is wrong.
export function dateOfBirth({dobDay: day, dobMonth: month, dobYear: year}) {
  return typedDate("Date of birth", "dob", {day, month, year});
}

// Age in whole years on a day ('YYYY-MM-DD' strings).
export function ageOn(born, on) {
  const [by, bm, bd] = born.split("-").map(Number);
  const [oy, om, od] = on.split("-").map(Number);
  return oy - by - ((om < bm || (om === bm && od < bd)) ? 1 : 0);
}

const dayOf = (moment) => {
  const d = new Date(moment);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

function ageProblem(born, occurredAt, now) {
  if (born > dayOf(now)) return "Date of birth must be in the past";
  const on = occurredAt && !Number.isNaN(new Date(occurredAt).getTime()) ? dayOf(occurredAt) : dayOf(now);
  if (ageOn(born, on) < YOUNGEST) {
    return "The person must have been 10 or over on the day of the offence";
  }
  return null;
}

// Why a supervisor must approve the notice before it stands, or null: the API's rule (issuing_rules.needs_approval)
// for a person with no date of birth or aged 10 to 17 on the day of the offence.
export function approvalReason(values) {
  if (values.vehicle) return null;
  const born = dateOfBirth(values).date;
  if (!born) return "the person's date of birth is not known";
  const age = ageOn(born, dayOf(values.occurredAt || new Date()));
  return age < 18 ? `the person was ${age} on the day of the offence` : null;
}
