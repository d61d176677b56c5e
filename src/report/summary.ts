// The CI gate's view: summary.json (per check: id, level, status, reason, duration) and the exit code.
import type { Client, Level, Standard } from '../kit/check.ts';
import type { FlowStats } from '../http/flow-control.ts';
import type { CheckMeta, CheckStatus } from '../runner/run-spec.ts';
import type { Row } from './compatibility.ts';
import { galleryVerdict } from './gallery-readiness.ts';

export interface CheckOutcome {
  id: string;
  title: string;
  level: Level;
  status: CheckStatus;
  reason?: string;
  durationMs: number;
  dialect?: string;
  /** Whose requests the check sent (absent: Entra's). */
  clients?: Client[];
  standard?: Standard;
  cleanupProblems?: string[];
  /** The Microsoft validator or gallery tests this check stands for. */
  covers?: string[];
  /** For a failure: the request that showed it, the status it was answered with, and what to change. */
  request?: string;
  responseStatus?: number;
  /** It failed on what it needs first (its own user or group), not on what it names. */
  precondition?: boolean;
  fix?: string;
}

export interface Summary {
  tool: { name: 'scim-conformance'; version: string };
  target: string;
  profile: string;
  runId: string;
  strict: boolean;
  /** --gallery: every item of Microsoft's gallery validation gates the exit code, a SHOULD check's included. */
  gallery?: boolean;
  /** Whose requests the run sent (absent in reports of older versions: Entra's); with more than one, see byClient. */
  clients?: Client[];
  /** The standards the run held the server to (--standard), each with the server's claim and the checks' verdict. */
  standards?: Partial<Record<Standard, StandardVerdict>>;
  /** Per client: the totals of the checks of that client's requests (a check for both counts for each; a standard's, for neither). */
  byClient?: Partial<Record<Client, Summary['totals']>>;
  startedAt: string;
  durationMs: number;
  totals: { passed: number; failed: number; warnings: number; skipped: number; notJudged: number };
  /** Problems that stopped checks from being judged at all (e.g. a suite file that failed to load). */
  errors: string[];
  /** With --baseline: which failures were already known, which are new, which are fixed. */
  baseline?: { file: string; known: string[]; new: string[]; fixed: string[] };
  /** Resources of this run confirmed still on the target after cleanup (should always be empty); they fail the run. */
  leftovers: string[];
  /** Resources the run could not confirm as removed nor as present, each with why (no answer, a 404 never deleted). */
  unverified?: string[];
  /** Requests in flight, throttling met (429/503) and the highest rate the target sustained. */
  throughput?: FlowStats;
  /** Rules where the interoperability profile, Entra and Okta disagree: what this server did with each side. */
  compatibility?: Row[];
  checks: CheckOutcome[];
}

/** A standard the run held the server to: what the server claims of itself, against what the standard's checks found. */
export interface StandardVerdict {
  /** The document and version the checks implement, e.g. draft-zollner-scim-interop-profile-01. */
  document: string;
  /** What the server says of itself (interopProfileConformant): true, false, or absent (also when not a boolean). */
  claimed?: boolean;
  /** The standard's checks in the run. */
  checked: number;
  /** Its MUST checks that failed. */
  failed: string[];
  /** Its SHOULD checks that did not hold (they do not make a server non-conformant). */
  warnings: string[];
  /** Its checks not judged or skipped: neither met nor failed. */
  notJudged: string[];
  verdict: 'conformant' | 'not conformant' | 'incomplete';
  /** Whether the claim says what the verdict says (absent when the verdict is incomplete). */
  agrees?: boolean;
  /** The claim against the verdict, in a sentence. */
  comparison: string;
}

/** The claim (the ServiceProviderConfig's value, as it came) against the outcomes of the standard's checks. */
export function standardVerdict(document: string, claim: unknown, checks: CheckOutcome[]): StandardVerdict {
  const ids = (keep: (c: CheckOutcome) => boolean) =>
    checks
      .filter(keep)
      .map((c) => c.id)
      .sort();
  const failed = ids((c) => c.level === 'MUST' && c.status === 'failed');
  const warnings = ids((c) => c.level !== 'MUST' && (c.status === 'failed' || c.status === 'warning'));
  const notJudged = ids((c) => c.status === 'not-judged' || c.status === 'skipped');
  const verdict = failed.length ? 'not conformant' : notJudged.length ? 'incomplete' : 'conformant';
  const claimed = typeof claim === 'boolean' ? claim : undefined;
  const says =
    claimed === true
      ? 'claims conformance (interopProfileConformant: true)'
      : claimed === false
        ? 'says it does not conform (interopProfileConformant: false)'
        : claim === undefined
          ? 'does not claim conformance (no interopProfileConformant)'
          : `does not claim conformance (interopProfileConformant ${JSON.stringify(claim)} is not a boolean)`;
  const list = (items: string[]) => `${items.length} requirement${items.length === 1 ? '' : 's'}: ${items.join(', ')}`;
  const comparison =
    verdict === 'conformant'
      ? `The server ${says}${claimed === true ? ' and' : ', yet'} meets every requirement checked (${checks.length}).`
      : verdict === 'not conformant'
        ? `The server ${says}${claimed === true ? ' but' : ', and'} fails ${list(failed)}.`
        : `The server ${says}; none of the requirements checked failed, but ${list(notJudged)} could not be judged.`;
  return {
    document,
    ...(claimed !== undefined ? { claimed } : {}),
    checked: checks.length,
    failed,
    warnings,
    notJudged,
    verdict,
    ...(verdict === 'incomplete' ? {} : { agrees: (claimed === true) === (verdict === 'conformant') }),
    comparison,
  };
}

/** A failed MUST fails the run; a failed SHOULD is a warning unless --strict; a MAY is informational. */
export function statusFor(level: Level, state: 'passed' | 'failed' | 'skipped' | 'pending', strict: boolean): CheckStatus {
  if (state === 'passed') return 'passed';
  if (state === 'skipped' || state === 'pending') return 'skipped';
  if (level === 'MUST') return 'failed';
  if (level === 'SHOULD') return strict ? 'failed' : 'warning';
  return 'warning';
}

/** The short reason: the "Expected/Got" lines of a check failure, or the first line of any other error. */
export function shortReason(message: string): string {
  const lines = message.split('\n');
  const expected = lines.find((l) => l.startsWith('Expected:'));
  const got = lines.find((l) => l.startsWith('Got:'));
  if (expected && got) return `${expected.replace(/\s+/g, ' ')} — ${got.replace(/\s+/g, ' ')}`;
  return lines[0] ?? message;
}

export function outcomeFrom(
  meta: CheckMeta,
  state: 'passed' | 'failed' | 'skipped' | 'pending',
  message: string | undefined,
  durationMs: number,
  strict: boolean,
): CheckOutcome {
  // Not judged wins over whatever state the test ended in: the check stopped because an answer never came.
  const status: CheckStatus = meta.notJudged !== undefined ? 'not-judged' : statusFor(meta.level, state, strict);
  const reason =
    status === 'not-judged'
      ? meta.notJudged
      : status === 'skipped'
        ? (meta.skipReason ?? message)
        : status === 'passed'
          ? undefined
          : message && shortReason(message);
  return {
    id: meta.id,
    title: meta.title,
    level: meta.level,
    status,
    ...(reason ? { reason } : {}),
    durationMs: Math.round(durationMs),
    ...(meta.dialect ? { dialect: meta.dialect } : {}),
    ...(meta.clients && (meta.clients.length !== 1 || meta.clients[0] !== 'entra') ? { clients: meta.clients } : {}),
    ...(meta.standard ? { standard: meta.standard } : {}),
    ...(meta.cleanupProblems?.length ? { cleanupProblems: meta.cleanupProblems } : {}),
    ...(meta.covers?.length ? { covers: meta.covers } : {}),
    ...(status === 'failed' || status === 'warning' ? failureDetails(message, meta.fix) : {}),
    ...((status === 'failed' || status === 'warning') && meta.precondition ? { precondition: true } : {}),
  };
}

function failureDetails(
  message: string | undefined,
  generalFix: string | undefined,
): { request?: string; responseStatus?: number; fix?: string } {
  const lines = (message ?? '').split('\n');
  const request = lines.find((l) => l.startsWith('Request:'))?.replace(/^Request:\s*/, '');
  const answered = /^Response: (\d{3})\b/.exec(lines.find((l) => l.startsWith('Response:')) ?? '');
  const fix = lines.find((l) => l.startsWith('Fix:'))?.replace(/^Fix:\s*/, '') ?? generalFix;
  return { ...(request ? { request } : {}), ...(answered ? { responseStatus: Number(answered[1]) } : {}), ...(fix ? { fix } : {}) };
}

/** Each client's totals, when the run was for more than one. */
export function totalsByClient(clients: readonly Client[], checks: CheckOutcome[]): Summary['byClient'] {
  if (clients.length < 2) return undefined;
  // A standard's checks are the standard's verdict (summary.standards), not what either client needs.
  const own = checks.filter((c) => !c.standard);
  return Object.fromEntries(clients.map((client) => [client, totals(own.filter((c) => (c.clients ?? ['entra']).includes(client)))]));
}

export function totals(checks: CheckOutcome[]): Summary['totals'] {
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    warnings: count('warning'),
    skipped: count('skipped'),
    notJudged: count('not-judged'),
  };
}

/**
 * The run could not judge everything it had to: no failure, but a MUST check (or any with --strict) not judged, or
 * with --gallery a gallery item not judged.
 */
export const EXIT_INCOMPLETE = 3;

export function exitCodeFor(summary: Summary): 0 | 1 | 3 {
  // With a baseline only new failures gate the build; known ones stay visible in every report.
  const failures = summary.baseline ? summary.baseline.new.length : summary.totals.failed;
  if (failures > 0 || summary.errors.length > 0 || summary.leftovers.length > 0) return 1;
  // --gallery asks whether Microsoft's gallery validation would pass now, which a baseline cannot answer: every
  // item gates, known or new, and a SHOULD check that warned fails its item as the Logic App would.
  const gallery = summary.gallery ? galleryVerdict(summary.checks) : undefined;
  if (gallery?.wouldFail.length) return 1;
  const gating =
    summary.checks.some((c) => c.status === 'not-judged' && (c.level === 'MUST' || summary.strict)) || (gallery?.notJudged.length ?? 0) > 0;
  return gating ? EXIT_INCOMPLETE : 0;
}
