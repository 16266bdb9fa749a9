// Calls to the fpn JSON API. Each returns {ok, status, data}; a network failure (no signal) throws.

// A phone with one bar of signal can leave a request hanging for minutes; give up and treat it as no signal.
const TIMEOUT_MS = 20000;

async function call(method, path, {token, body, headers = {}} = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(path, {
      method,
      headers: {
        "Accept": "application/json, application/problem+json",
        ...(body === undefined ? {} : {"Content-Type": "application/json"}),
        ...(token ? {"Authorization": `Bearer ${token}`} : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      cache: "no-store",
    });
    const data = await response.json().catch(() => ({}));
    return {ok: response.ok, status: response.status, data};
  } finally {
    clearTimeout(timer);
  }
}

export function signIn(username, password) {
  return call("POST", "/api/v1/auth/token", {body: {username, password}});
}

export function ordersInForce(token, on) {
  return call("GET", `/api/v1/orders?on=${encodeURIComponent(on)}`, {token});
}

export function issueNotice(token, body, idempotencyKey) {
  return call("POST", "/api/v1/notices", {token, body, headers: {"Idempotency-Key": idempotencyKey}});
}

// Worth sending again later with the same key: the server failed, timed out or asked us to slow down.
export function isRetryable(status) {
  return status >= 500 || status === 408 || status === 429;
}
