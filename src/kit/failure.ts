// A failed check explains itself: what was expected and why, what came back, the exchange that showed it, and what to change.
import type { Exchange } from '../http/client.ts';

export interface FailureInput {
  expected: string;
  got: string;
  exchange?: Exchange;
  /** An earlier exchange that explains the failure, e.g. the PATCH whose effect the GET in `exchange` shows. */
  cause?: Exchange;
  fix?: string;
}

const BODY_LIMIT = 1500;

function clip(text: string): string {
  return text.length > BODY_LIMIT
    ? `${text.slice(0, BODY_LIMIT)}… [${text.length - BODY_LIMIT} more characters in the report attachment]`
    : text;
}

function pretty(text: string | undefined): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function describeExchange(exchange: Exchange): string {
  const lines = [`Request:  ${exchange.method} ${exchange.url}`];
  if (exchange.requestBody) lines.push(indent(clip(pretty(exchange.requestBody))));
  if (exchange.error) {
    lines.push(`Response: none (${exchange.error})`);
  } else {
    const type = exchange.responseHeaders['content-type'];
    const retried = exchange.throttled?.length
      ? `, after ${exchange.throttled.length} throttled attempt(s) (${exchange.throttled.map((t) => t.status).join(', ')})`
      : '';
    const cut = exchange.truncatedAt ? `, body cut at ${exchange.truncatedAt} bytes (larger than the suite reads)` : '';
    lines.push(`Response: ${exchange.status}${type ? ` (${type})` : ''} after ${exchange.durationMs} ms${retried}${cut}`);
    // Redirects are never followed (the token would go along): say where it pointed.
    const location = exchange.responseHeaders.location;
    if (exchange.status !== undefined && exchange.status >= 300 && exchange.status < 400 && location)
      lines.push(`    redirected to ${location} (not followed; set SCIM_BASE_URL to the final URL)`);
    if (exchange.responseText) lines.push(indent(clip(pretty(exchange.responseText))));
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** Thrown by checks; the runner turns it into the test's failure message. */
export class CheckFailure extends Error {
  /** `declared`: what the target declares unsupported of what the check needs (discovery.ts, declaredUnsupported). */
  constructor(
    readonly input: FailureInput,
    readonly specLines: string[],
    readonly generalFix: string,
    readonly declared?: string,
  ) {
    super(CheckFailure.compose(input, specLines, generalFix, declared));
    // Allure tells a failed assertion (red, "failed") from a test that could not run ("broken") by this name.
    this.name = 'CheckAssertionError';
  }

  static compose(input: FailureInput, specLines: string[], generalFix: string, declared?: string): string {
    const parts = [`Expected: ${input.expected}`, `Got:      ${input.got}`];
    if (declared) parts.push(`Declared: ${declared}`);
    if (input.cause) parts.push(describeExchange(input.cause));
    if (input.exchange) parts.push(describeExchange(input.exchange));
    if (specLines.length) parts.push(`Why:      ${specLines.join('\n          ')}`);
    parts.push(`Fix:      ${input.fix ?? generalFix}`);
    return parts.join('\n');
  }
}

/** A precondition the check needs (e.g. creating its user) did not hold: the check cannot judge what it names. */
export class PreconditionFailure extends CheckFailure {
  constructor(input: FailureInput, specLines: string[], generalFix: string) {
    super(input, specLines, generalFix);
    // The requirement this check names was not judged; the console and the HTML report count it by the check's level.
    this.name = 'PreconditionFailure';
  }
}

/**
 * The check's outcome rests on an exchange the target never answered (a transport fault after the retries allowed, a
 * lost answer to a POST or PATCH, a gateway error, throttling past the budget, the target gone). Never a failure:
 * the runner reports it as not judged, with the reason.
 */
export class NotJudged extends Error {
  constructor(
    readonly reason: string,
    readonly exchange?: Exchange,
  ) {
    super(exchange ? `Not judged: ${reason}\n${describeExchange(exchange)}` : `Not judged: ${reason}`);
    this.name = 'NotJudged';
  }
}

/**
 * The target has nothing this check is about (an Okta entitlement endpoint where /ResourceTypes lists none): the check is
 * reported skipped with the reason, neither passed nor failed.
 */
export class NotApplicable extends Error {
  constructor(readonly reason: string) {
    super(`Not applicable: ${reason}`);
    this.name = 'NotApplicable';
  }
}

/** The one-line reason for an exchange that got no answer: what was sent, and what happened instead. */
export function unansweredReason(exchange: Exchange): string {
  let path = exchange.url;
  try {
    const url = new URL(exchange.url);
    path = decodeURIComponent(`${url.pathname}${url.search}`);
  } catch {
    // Keep the URL as it is.
  }
  return `${exchange.method} ${path} got no answer from the target: ${exchange.noAnswer}`;
}
