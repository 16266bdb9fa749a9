// Calls to the fpn JSON API (signing in, and renewing it, is shared: signin.js). Each returns {ok, status, data};
// a network failure (no signal) throws.
import {authorised} from "./signin.js";

export {keepSignInIn, signIn, signOut} from "./signin.js";

export function ordersInForce(on) {
  return authorised("GET", `/api/v1/orders?on=${encodeURIComponent(on)}&issued_through=officers`);
}

export function issueNotice(body, idempotencyKey) {
  return authorised("POST", "/api/v1/notices", {body, headers: {"Idempotency-Key": idempotencyKey}});
}

// Worth sending again later with the same key: the server failed, timed out or asked us to slow down.
export function isRetryable(status) {
  return status >= 500 || status === 408 || status === 429;
}
