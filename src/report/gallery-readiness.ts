// gallery-readiness.md: each test of Microsoft's SCIM Validator and gallery validation, its status from this run,
// and for each failure the fix and the request that showed it. For a vendor's release manager.
import { GALLERY_LOGIC_APP, NOT_YET_COVERED, VALIDATOR_MANDATORY, VALIDATOR_PREVIEW } from '../harness/coverage.ts';
import type { CheckOutcome, Summary } from './summary.ts';

type ItemStatus = 'passed' | 'failed' | 'not-judged' | 'warning' | 'skipped' | 'not run';

const ICON: Record<ItemStatus, string> = { passed: 'passed', failed: '**FAILED**', 'not-judged': 'not judged (no answer)', warning: 'warning', skipped: 'skipped', 'not run': 'not run' };

function itemStatus(checks: CheckOutcome[]): ItemStatus {
  if (!checks.length) return 'not run';
  for (const status of ['failed', 'not-judged', 'warning', 'passed'] as const) if (checks.some((c) => c.status === status)) return status;
  return 'skipped';
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** What an earlier `scim-conformance load` left in the same report folder (load.json), as far as readiness needs it. */
export interface LoadEvidence {
  runId: string;
  startedAt: string;
  target: string;
  verdict: { result: 'pass' | 'fail' | 'not judged'; summary: string };
}

const LOAD_ITEM = 'Gallery: Sustain 25 requests per second';

export function galleryReadiness(summary: Summary, load?: LoadEvidence): string {
  const byItem = (item: string) => summary.checks.filter((c) => c.covers?.includes(item));
  const sections: Array<[string, readonly string[]]> = [
    ["Microsoft SCIM Validator: mandatory tests", VALIDATOR_MANDATORY],
    ['Microsoft SCIM Validator: preview tests', VALIDATOR_PREVIEW],
    ['Gallery validation (Logic App) checklist', GALLERY_LOGIC_APP],
  ];
  const lines = [
    '# Gallery readiness',
    '',
    `Target ${summary.target}, profile \`${summary.profile}\`, run ${summary.runId} at ${summary.startedAt}.`,
    '',
    'Each item is what Microsoft tests, with the status of the checks that stand for it in this run (the worst of them).',
    '',
  ];
  const failures: string[] = [];
  for (const [title, items] of sections) {
    lines.push(`## ${title}`, '', '| test | status | checks |', '|---|---|---|');
    for (const item of items) {
      const checks = byItem(item);
      const status = itemStatus(checks);
      lines.push(`| ${escape(item.replace(/^[^:]+: /, ''))} | ${ICON[status]} | ${checks.map((c) => `\`${c.id}\``).join(', ')} |`);
      for (const c of checks.filter((c) => c.status === 'failed' || c.status === 'warning')) {
        failures.push(`- **${escape(item)}**: \`${c.id}\` (${c.level}, ${c.status}). ${c.fix ?? ''}${c.request ? ` Shown by \`${escape(c.request)}\`.` : ''}`);
      }
    }
    lines.push('');
  }
  // The 25 requests per second come from a load run against the same target, when one left its load.json here.
  const loadCounts = load !== undefined && load.target === summary.target;
  if (loadCounts) {
    const status = load.verdict.result === 'pass' ? 'passed' : load.verdict.result === 'fail' ? '**FAILED**' : 'not judged';
    lines.push('## Load (scim-conformance load)', '', '| test | status | evidence |', '|---|---|---|');
    lines.push(`| ${LOAD_ITEM.replace(/^[^:]+: /, '')} | ${status} | load run ${load.runId} at ${load.startedAt}: ${escape(load.verdict.summary)} |`, '');
    if (load.verdict.result === 'fail') failures.push(`- **${LOAD_ITEM}**: ${escape(load.verdict.summary)} Details in load.json.`);
  }
  lines.push('## Not tested by this suite yet', '');
  for (const [item, reason] of Object.entries(NOT_YET_COVERED)) {
    if (item === LOAD_ITEM && loadCounts) continue;
    lines.push(`- ${item.replace(/^[^:]+: /, '')}: ${reason}`);
  }
  lines.push('');
  lines.push('## What to fix', '', ...(failures.length ? [...new Set(failures)] : ['Nothing: every covered item passed.']), '');
  return lines.join('\n');
}
