// Notice numbers kept on this phone, so that a notice completed with no signal has its final number at once, as a
// handheld ticket machine's would.
//
// The server gives numbers in blocks to a device (POST /api/v1/number-blocks); the phone keeps each officer's
// unused ones in localStorage and asks for another block while it has signal and fewer than LOW are left. A number
// is taken off the list the moment the officer presses Issue, before anything is sent, so it is never used twice
// even if the send fails (the server refuses a second notice with it). Signing out returns the blocks: their
// unused numbers become void, and notices completed before that are still accepted when they arrive.

import {askForNumbers, myNumberBlocks, returnNumbers} from "./api.js";
import {newKey} from "./ui.js";

const DEVICE = "fpn.device";
const NUMBERS = "fpn.numbers";
const LOW = 5;

// Made once per phone and kept: the server limits how many unused blocks one device may hold.
export function deviceId() {
  let device = localStorage.getItem(DEVICE);
  if (!/^[A-Za-z0-9-]{8,64}$/.test(device ?? "")) {
    device = `phone-${newKey()}`;
    localStorage.setItem(DEVICE, device);
  }
  return device;
}

// {username: [{id, numbers: [{fpn: "FPN 1000 0042 3", warning: "WN 1000 0042 3"}, ...unused, in order]}]}
function load() {
  try {
    return JSON.parse(localStorage.getItem(NUMBERS)) || {};
  } catch {
    return {};
  }
}

function blocksOf(username) {
  return load()[username] ?? [];
}

function keep(username, blocks) {
  // Re-read first: another tab may have changed another officer's numbers since this one last looked.
  const all = load();
  if (blocks.length) all[username] = blocks;
  else delete all[username];
  localStorage.setItem(NUMBERS, JSON.stringify(all));
}

export function unusedCount(username) {
  return blocksOf(username).reduce((sum, block) => sum + block.numbers.length, 0);
}

// The next number for a notice issued as `outcome` ("fpn" or "warning"), taken off the list for good; null when
// the phone has none left.
export function take(username, outcome) {
  const blocks = blocksOf(username).filter((block) => block.numbers.length);
  const [block] = blocks;
  if (!block) return null;
  const [next] = block.numbers.splice(0, 1);
  keep(username, blocks.filter((b) => b.numbers.length));
  return outcome === "warning" ? next.warning : next.fpn;
}

const digits = (number) => number.replace(/\D/g, "").slice(0, 8);

// A block as the server gave it, keeping only the numbers no notice carries yet.
function fromServer(block) {
  const unused = new Set(block.unused);
  return {id: block.id, numbers: block.numbers.filter((n) => unused.has(digits(n.fpn)))};
}

let running = null;

// With signal: forget blocks returned elsewhere (a supervisor returns a lost phone's) and numbers the server says
// are used, then ask for a block if fewer than LOW numbers are left. Never two runs at once: each would ask for a
// block. A 409 means this device already holds enough unused numbers.
export function refresh(username) {
  if (!username || !navigator.onLine) return Promise.resolve();
  running ??= (async () => {
    try {
      await reconcile(username);
      if (unusedCount(username) < LOW) {
        const answer = await askForNumbers(deviceId());
        if (answer.status === 201) keep(username, [...blocksOf(username), fromServer(answer.data)]);
      }
    } catch {
      // no signal: the numbers kept will do, and the next run asks again
    } finally {
      running = null;
    }
  })();
  return running;
}

async function reconcile(username) {
  if (!blocksOf(username).length) return;
  const answer = await myNumberBlocks();
  if (!answer.ok) return;
  const onServer = new Map(answer.data.map((block) => [block.id, block]));
  const current = blocksOf(username).flatMap((block) => {
    const server = onServer.get(block.id);
    if (!server || server.returned_at) return [];
    const unused = new Set(server.unused);
    return [{...block, numbers: block.numbers.filter((n) => unused.has(digits(n.fpn)))}];
  });
  keep(username, current.filter((block) => block.numbers.length));
}

// Signing out with signal: return every block this phone holds for the officer. A block the server did not answer
// for stays on the phone, still valid, for the officer's next sign-in here.
export async function giveBack(username) {
  const left = [];
  for (const block of blocksOf(username)) {
    let answer = null;
    try {
      answer = await returnNumbers(block.id);
    } catch {
      // no signal
    }
    if (!(answer?.ok || answer?.status === 404)) left.push(block);
  }
  keep(username, left);
  return left.length === 0;
}
