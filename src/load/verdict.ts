// The verdict against the Microsoft gallery's requirement that an endpoint takes at least 25 requests per second.
//
// Sustained rate: the requests answered (final answer neither 429 nor 503) during the load, divided by the load's
// duration from the first request sent to the last answer received, and by at least 2 seconds, so a short burst
// never claims more than it showed. A run paced at exactly 25 rps cannot measure more than 25, and its first and last
// requests make it come out a hair below; 2% is allowed for that.
//
// - fail: a 5xx other than 503 (which is throttling), a request left without a response, a create that made no
//   resource, or a sustained rate below 25 rps (less the 2%);
// - not judged: --rate below 25 (the run never asked for 25), or a run too short to show 25 either way
//   (fewer than 50 answered requests in under 2 seconds);
// - pass: otherwise.
import type { PhaseCounts } from './figures.ts';

export const REQUIRED_RPS = 25;
export const PACING_ALLOWANCE = 0.02;
export const MIN_WINDOW_SECONDS = 2;

export type VerdictResult = 'pass' | 'fail' | 'not judged';

export interface Verdict {
  result: VerdictResult;
  requiredRps: number;
  sustainedRps: number;
  /** One line: the result and why. */
  summary: string;
  /** Every reason for a fail, or why it was not judged. */
  reasons: string[];
}

export interface VerdictInput {
  rate: number | 'max';
  load: PhaseCounts;
  /** From the first request sent to the last answer of the load phase. */
  loadMs: number;
  failedCreates: number;
}

export function sustainedRps(answered: number, loadMs: number): number {
  return Math.round((answered / Math.max(loadMs / 1000, MIN_WINDOW_SECONDS)) * 10) / 10;
}

export function judge(input: VerdictInput): Verdict {
  const { load } = input;
  const rps = sustainedRps(load.answered, input.loadMs);
  const base = { requiredRps: REQUIRED_RPS, sustainedRps: rps };
  const errors: string[] = [];
  if (load.serverErrors) errors.push(`${load.serverErrors} answer(s) 5xx other than 503 (server errors, not throttling)`);
  if (load.noResponse) errors.push(`${load.noResponse} request(s) got no response (timeout or connection failure)`);
  if (input.failedCreates) errors.push(`${input.failedCreates} create(s) made no resource`);
  const seconds = (input.loadMs / 1000).toFixed(1);
  const enough = rps >= REQUIRED_RPS * (1 - PACING_ALLOWANCE);
  const tooShort = input.loadMs / 1000 < MIN_WINDOW_SECONDS && !enough;
  const belowRate = input.rate !== 'max' && input.rate < REQUIRED_RPS;
  if (!belowRate && !tooShort && !enough) {
    errors.unshift(
      `sustained ${rps} rps (${load.answered} answered requests in ${seconds} s), below the ${REQUIRED_RPS} rps Microsoft requires${load.throttled ? `; the endpoint throttled ${load.throttled} time(s)` : ''}`,
    );
  }
  if (errors.length) return { ...base, result: 'fail', summary: `FAIL: ${errors[0]}`, reasons: errors };
  if (belowRate) {
    const reason = `--rate ${input.rate} is below ${REQUIRED_RPS} rps, so the run could not show ${REQUIRED_RPS} (sustained ${rps} rps)`;
    return { ...base, result: 'not judged', summary: `NOT JUDGED: ${reason}`, reasons: [reason] };
  }
  if (tooShort) {
    const reason = `too short to judge: ${load.answered} answered requests in ${seconds} s; ${REQUIRED_RPS} rps needs ${REQUIRED_RPS * MIN_WINDOW_SECONDS} answered within ${MIN_WINDOW_SECONDS} s, or a longer run (more --users)`;
    return { ...base, result: 'not judged', summary: `NOT JUDGED: ${reason}`, reasons: [reason] };
  }
  return {
    ...base,
    result: 'pass',
    summary: `PASS: sustained ${rps} rps (${load.answered} answered requests in ${seconds} s), at least the ${REQUIRED_RPS} rps Microsoft requires`,
    reasons: [],
  };
}
