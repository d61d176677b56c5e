// What a target's rate-limit headers say about the pace it takes. Pure functions over lower-case header names.
// Three families are in use, often in several drafts' spellings at once:
// - the IETF draft (draft-ietf-httpapi-ratelimit-headers): RateLimit-Policy `30;w=1` (up to -07) or
//   `"name";q=30;w=1` (-08 on), RateLimit `limit=30, remaining=3, reset=1` (-07) or `"name";r=3;t=1` (-08 on),
//   and the older separate RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset (reset in seconds);
// - X-RateLimit-Limit / -Remaining / -Reset (also spelt X-Rate-Limit-*), whose reset is seconds to wait at some
//   vendors and a Unix time at others (GitHub, Okta).
// None of them is trusted for more than it plainly says; FlowControl decides what to do with it.

/** One quota: `quota` requests per `windowSeconds`. */
export interface RatePolicy {
  name?: string;
  quota: number;
  windowSeconds: number;
}

export interface RateHint {
  /** Requests the target would still take now. */
  remaining?: number;
  /** The quota `remaining` counts down from. */
  limit?: number;
  /** Seconds until the quota is whole again (for a window: until it resets). */
  resetSeconds?: number;
  /** Quotas the target declares, when it declares them with their window. */
  policies: RatePolicy[];
  /** The policy the remaining count refers to, when the target names it. */
  policyName?: string;
}

/** A Unix time in seconds is this large; no target asks for a wait of 30 years. */
const EPOCH_SECONDS_FROM = 1e9;
const EPOCH_MS_FROM = 1e12;

/** Splits a structured-field list at top-level commas, leaving quoted strings whole. */
export function splitMembers(value: string): string[] {
  const members: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    if (quoted && ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1]!;
      i += 1;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      members.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') members.push(current.trim());
  return members.filter((m) => m !== '');
}

interface Item {
  /** The bare item: a number, or the text of a string or token. */
  value: number | string;
  params: Map<string, string>;
}

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = unquote(text);
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** `bare;key=value;key` (parameters after `;`); a quoted bare item may itself hold `;`. */
function parseItem(member: string): Item {
  let bare = member;
  let rest = '';
  if (member.startsWith('"')) {
    const close = findClosingQuote(member);
    bare = member.slice(0, close + 1);
    rest = member.slice(close + 1);
  } else {
    const semi = member.indexOf(';');
    if (semi >= 0) {
      bare = member.slice(0, semi);
      rest = member.slice(semi);
    }
  }
  const params = new Map<string, string>();
  for (const part of rest.split(';')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq < 0) params.set(p.toLowerCase(), '');
    else params.set(p.slice(0, eq).trim().toLowerCase(), unquote(p.slice(eq + 1)));
  }
  const n = parseNumber(bare);
  return { value: n ?? unquote(bare), params };
}

function findClosingQuote(text: string): number {
  for (let i = 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

/** Policies from RateLimit-Policy (either syntax) or from the `10;w=1` items older drafts put in RateLimit-Limit. */
export function parsePolicies(value: string | undefined): RatePolicy[] {
  if (value === undefined) return [];
  const policies: RatePolicy[] = [];
  for (const member of splitMembers(value)) {
    const item = parseItem(member);
    const quota = typeof item.value === 'number' ? item.value : parseNumber(item.params.get('q'));
    const windowSeconds = parseNumber(item.params.get('w'));
    if (quota === undefined || windowSeconds === undefined || quota <= 0 || windowSeconds <= 0) continue;
    policies.push({ ...(typeof item.value === 'string' ? { name: item.value } : {}), quota, windowSeconds });
  }
  return policies;
}

/** The first plain number of a field such as `100` or `100, 100;w=60`. */
function leadingNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const first = splitMembers(value)[0];
  if (first === undefined) return undefined;
  const item = parseItem(first);
  return typeof item.value === 'number' ? item.value : undefined;
}

/** Seconds to wait from a reset field: a delay in seconds, or a Unix time (seconds or milliseconds). */
export function resetDelaySeconds(raw: number, epochNowMs: number): number {
  if (raw >= EPOCH_MS_FROM) return Math.max(0, (raw - epochNowMs) / 1000);
  if (raw >= EPOCH_SECONDS_FROM) return Math.max(0, raw - epochNowMs / 1000);
  return Math.max(0, raw);
}

/** The RateLimit field: the -07 dictionary (limit, remaining, reset) or the -08 list of named items (r, t). */
function parseRateLimitField(value: string): Pick<RateHint, 'remaining' | 'limit' | 'resetSeconds' | 'policyName'> {
  const members = splitMembers(value);
  const dictionary = new Map<string, string>();
  for (const member of members) {
    const match = /^([a-z][a-z0-9_.*-]*)\s*=\s*(.*)$/i.exec(member);
    if (match) dictionary.set(match[1]!.toLowerCase(), match[2]!.split(';')[0]!.trim());
  }
  if (dictionary.has('remaining') || dictionary.has('limit') || dictionary.has('reset')) {
    const remaining = parseNumber(dictionary.get('remaining'));
    const limit = parseNumber(dictionary.get('limit'));
    const reset = parseNumber(dictionary.get('reset'));
    return {
      ...(remaining !== undefined ? { remaining } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(reset !== undefined ? { resetSeconds: reset } : {}),
    };
  }
  // Several named items: the one with the fewest requests left is the one that binds.
  let best: ReturnType<typeof parseRateLimitField> | undefined;
  for (const member of members) {
    const item = parseItem(member);
    const remaining = parseNumber(item.params.get('r'));
    if (remaining === undefined) continue;
    if (best?.remaining !== undefined && best.remaining <= remaining) continue;
    const reset = parseNumber(item.params.get('t'));
    best = {
      remaining,
      ...(reset !== undefined ? { resetSeconds: reset } : {}),
      ...(typeof item.value === 'string' && item.value !== '' ? { policyName: item.value } : {}),
    };
  }
  return best ?? {};
}

/** What the headers say, or undefined when they say nothing about a rate limit. */
export function readRateHint(headers: Readonly<Record<string, string>> | undefined, epochNowMs: number): RateHint | undefined {
  if (!headers) return undefined;
  const policies = parsePolicies(headers['ratelimit-policy']);
  let hint: Omit<RateHint, 'policies'> = {};
  if (headers.ratelimit !== undefined) hint = parseRateLimitField(headers.ratelimit);
  const separate = (family: string): Omit<RateHint, 'policies'> => {
    const limitField = headers[`${family}-limit`];
    const limit = leadingNumber(limitField);
    const remaining = parseNumber(headers[`${family}-remaining`]);
    const reset = parseNumber(headers[`${family}-reset`]);
    policies.push(...parsePolicies(limitField));
    return {
      ...(limit !== undefined ? { limit } : {}),
      ...(remaining !== undefined ? { remaining } : {}),
      ...(reset !== undefined ? { resetSeconds: family === 'ratelimit' ? Math.max(0, reset) : resetDelaySeconds(reset, epochNowMs) } : {}),
    };
  };
  for (const family of ['ratelimit', 'x-ratelimit', 'x-rate-limit']) {
    if (hint.remaining !== undefined) break;
    hint = { ...separate(family), ...hint };
  }
  if (hint.remaining === undefined && hint.limit === undefined && hint.resetSeconds === undefined && policies.length === 0)
    return undefined;
  if (hint.remaining !== undefined) hint.remaining = Math.max(0, Math.floor(hint.remaining));
  return { ...hint, policies };
}

/**
 * The requests per second the hint declares, if it declares one: the named policy, else among the policies that
 * can hold the remaining count the one of the shortest window (a long window's quota lasts a short run anyway),
 * else limit over the longest reset seen (a window is at least as long as any wait until it resets).
 */
export function declaredRate(hint: RateHint, longestResetSeconds: number | undefined): number | undefined {
  const named = hint.policyName !== undefined ? hint.policies.find((p) => p.name === hint.policyName) : undefined;
  const candidates = named ? [named] : hint.policies.filter((p) => hint.remaining === undefined || p.quota >= hint.remaining);
  const pool = candidates.length > 0 ? candidates : hint.policies;
  if (pool.length > 0) {
    const shortest = pool.reduce((a, b) =>
      b.windowSeconds < a.windowSeconds || (b.windowSeconds === a.windowSeconds && b.quota < a.quota) ? b : a,
    );
    return shortest.quota / shortest.windowSeconds;
  }
  if (hint.limit !== undefined && hint.limit > 0 && longestResetSeconds !== undefined)
    return hint.limit / Math.max(1, Math.ceil(longestResetSeconds));
  return undefined;
}

// Without headers, what a target let through is the hint. These replay sends (their times in ms, ascending)
// through a token bucket: `rate` requests per second, holding at most `capacity` requests.

/** The smallest bucket that lets every send through from a full start at `rate`: the burst those sends needed. */
export function burstNeeded(times: readonly number[], rate: number): number {
  let need = 0;
  for (let j = 0; j < times.length; j += 1) need = Math.max(need, j + 1 - (rate * (times[j]! - times[0]!)) / 1000);
  return need;
}

/**
 * The least a bucket holding `level` at startAt holds right after any of the sends at `times`; below 0 it could
 * not have let one through.
 */
export function leastLeft(startAt: number, times: readonly number[], rate: number, capacity: number, level = 0): number {
  let at = startAt;
  let least = Number.POSITIVE_INFINITY;
  for (const time of times) {
    const t = Math.max(at, time);
    level = Math.min(capacity, level + (rate * (t - at)) / 1000) - 1;
    at = t;
    least = Math.min(least, level);
  }
  return least;
}

/**
 * The lowest rate at which a bucket that had just refused at startAt (so held less than one) could have let
 * through every send at `times`, its capacity depending on the rate; undefined when not even `highest` could. A
 * lower bound of the target's rate, as long as it limits like a token bucket.
 */
export function lowestRefillRate(
  startAt: number,
  times: readonly number[],
  capacity: (rate: number) => number,
  highest: number,
): number | undefined {
  if (times.length === 0) return undefined;
  // Starting from a whole request left also absorbs one send that reached the target before the refused one.
  const least = (rate: number) => leastLeft(startAt, times, rate, capacity(rate), 1);
  if (least(highest) < 0) return undefined;
  let low = 0;
  let high = highest;
  for (let i = 0; i < 40 && high - low > 1e-3; i += 1) {
    const mid = (low + high) / 2;
    if (least(mid) >= 0) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * The highest rate at which a bucket empty at startAt, having let through the sends at `times`, still held less
 * than one request at refusedAt (when it refused); an upper bound of the target's rate, for a token bucket.
 */
export function highestRefillRate(
  startAt: number,
  times: readonly number[],
  refusedAt: number,
  capacity: (rate: number) => number,
  highest: number,
): number {
  const heldAtRefusal = (rate: number) => {
    const cap = capacity(rate);
    let level = 0;
    let at = startAt;
    for (const time of times) {
      const t = Math.max(at, time);
      level = Math.min(cap, level + (rate * (t - at)) / 1000) - 1;
      at = t;
    }
    return Math.min(cap, level + (rate * Math.max(0, refusedAt - at)) / 1000);
  };
  if (heldAtRefusal(highest) < 1) return highest;
  let low = 0;
  let high = highest;
  for (let i = 0; i < 40 && high - low > 1e-3; i += 1) {
    const mid = (low + high) / 2;
    if (heldAtRefusal(mid) < 1) low = mid;
    else high = mid;
  }
  return low;
}
