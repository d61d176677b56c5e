// gallery-readiness.md: each test of Microsoft's SCIM Validator and gallery validation, its status from this run,
// and for each failure the fix and the request that showed it. For a vendor's release manager.
import { GALLERY_LOGIC_APP, NOT_YET_COVERED, VALIDATOR_MANDATORY, VALIDATOR_PREVIEW } from '../harness/coverage.ts';
import type { CheckOutcome, Summary } from './summary.ts';

type ItemStatus = 'passed' | 'failed' | 'warning' | 'skipped' | 'not run';

const ICON: Record<ItemStatus, string> = { passed: 'passed', failed: '**FAILED**', warning: 'warning', skipped: 'skipped', 'not run': 'not run' };

function itemStatus(checks: CheckOutcome[]): ItemStatus {
  if (!checks.length) return 'not run';
  for (const status of ['failed', 'warning', 'passed'] as const) if (checks.some((c) => c.status === status)) return status;
  return 'skipped';
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function galleryReadiness(summary: Summary): string {
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
  lines.push('## Not tested by this suite yet', '');
  for (const [item, reason] of Object.entries(NOT_YET_COVERED)) lines.push(`- ${item.replace(/^[^:]+: /, '')}: ${reason}`);
  lines.push('');
  lines.push('## What to fix', '', ...(failures.length ? [...new Set(failures)] : ['Nothing: every covered item passed.']), '');
  return lines.join('\n');
}
