// --baseline: gate on regressions only. A failure already in the recorded run stays visible as known; a new one
// fails the build; one that no longer fails is reported as fixed.
import { readFileSync } from 'node:fs';
import type { CheckOutcome, Summary } from './summary.ts';

export interface BaselineComparison {
  file: string;
  known: string[];
  new: string[];
  fixed: string[];
}

export class BaselineError extends Error {}

const failing = (c: Pick<CheckOutcome, 'status'>) => c.status === 'failed';

export function readBaseline(path: string): Summary {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BaselineError(`--baseline: cannot read ${path} (${(error as Error).message}); give the summary.json of an earlier run`);
  }
  if (!data || typeof data !== 'object' || !Array.isArray((data as Summary).checks)) {
    throw new BaselineError(`--baseline: ${path} is not a summary.json (no "checks" list); give the summary.json of an earlier run`);
  }
  return data as Summary;
}

export function compareWithBaseline(file: string, baseline: Summary, current: CheckOutcome[]): BaselineComparison {
  const before = new Set(baseline.checks.filter(failing).map((c) => c.id));
  const now = current.filter(failing).map((c) => c.id);
  return {
    file,
    known: now.filter((id) => before.has(id)),
    new: now.filter((id) => !before.has(id)),
    fixed: current.filter((c) => c.status === 'passed' && before.has(c.id)).map((c) => c.id),
  };
}
