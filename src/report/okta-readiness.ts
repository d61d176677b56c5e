// okta-readiness.md: each step of Okta's own tests for an app integration (its Runscope SPEC and CRUD tests, and the
// Entitlements test where it applies), the status of the checks that stand for it in this run, and what to fix.
// Written when the run sends Okta's requests (--client okta or both).
import { OKTA_CRUD_TEST, OKTA_ENTITLEMENTS_TEST, OKTA_SPEC_TEST } from '../kit/coverage.ts';
import { type ReadinessVerdict, sortItems, verdictLine } from './readiness-verdict.ts';
import type { CheckOutcome, Summary } from './summary.ts';

type ItemStatus = 'passed' | 'would fail' | 'not applicable' | 'not-judged' | 'skipped' | 'not run';

const SHOWN: Record<ItemStatus, string> = {
  passed: 'passed',
  'would fail': "**would fail Okta's test**",
  'not applicable': 'does not apply',
  'not-judged': 'not judged (no answer)',
  skipped: 'skipped',
  'not run': 'not run',
};

/** Skipped because there is nothing to test: no groups provisioned, or no entitlement type listed. */
const DOES_NOT_APPLY = /^(profile \S+ provisions no groups|not applicable: )/;

const isOkta = (c: CheckOutcome) => (c.clients ?? ['entra']).includes('okta');
const covering = (checks: CheckOutcome[], item: string) => checks.filter((c) => isOkta(c) && c.covers?.includes(item));

/**
 * An item's status from the checks that stand for it. Okta's Runscope tests fail a step on any deviation and know no
 * warnings, so a SHOULD check that only warned here fails the step there.
 */
export function oktaItemStatus(checks: CheckOutcome[]): ItemStatus {
  if (!checks.length) return 'not run';
  if (checks.some((c) => c.status === 'failed' || c.status === 'warning')) return 'would fail';
  if (checks.every((c) => c.status === 'skipped' && DOES_NOT_APPLY.test(c.reason ?? ''))) return 'not applicable';
  if (checks.some((c) => c.status === 'not-judged')) return 'not-judged';
  return checks.some((c) => c.status === 'passed') ? 'passed' : 'skipped';
}

export type OktaVerdict = ReadinessVerdict;

const ITEMS: readonly string[] = [...OKTA_SPEC_TEST, ...OKTA_CRUD_TEST, ...OKTA_ENTITLEMENTS_TEST];

export function oktaVerdict(checks: CheckOutcome[]): OktaVerdict {
  return sortItems(ITEMS, (item) => oktaItemStatus(covering(checks, item)));
}

/** The line the page and the console open with: M counts only the items this run judged. */
export function oktaLine(verdict: OktaVerdict): string {
  return verdictLine("Okta's tests", verdict, 'not applicable to this target');
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function oktaReadiness(summary: Summary): string {
  const sections: Array<[string, readonly string[]]> = [
    ["Okta's SCIM SPEC test (Runscope)", OKTA_SPEC_TEST],
    ["Okta's SCIM CRUD test (Runscope)", OKTA_CRUD_TEST],
    ["Okta's Entitlements test (only for servers whose /ResourceTypes lists roles or entitlements)", OKTA_ENTITLEMENTS_TEST],
  ];
  const lines = [
    '# Okta readiness',
    '',
    oktaLine(oktaVerdict(summary.checks)),
    '',
    `Target ${summary.target}, profile \`${summary.profile}\`, run ${summary.runId} at ${summary.startedAt}.`,
    '',
    "Each item is a step of the tests Okta asks an app integration to pass, with the status of this run's checks that send " +
      "Okta's requests for it:",
    '',
    "- **would fail Okta's test**: a check that stands for the step failed or warned. Okta's Runscope tests fail a step on any " +
      'deviation and have no warnings, so a SHOULD check that only warned here fails there.',
    '- passed: every check that stands for the step passed.',
    '- does not apply: the profile provisions no groups, or the target lists no entitlement types, so Okta has nothing to test.',
    '- not judged (no answer), skipped, not run: the endpoint did not answer, the checks were skipped (--only, --read-only, the ' +
      'profile) or none ran. The run cannot say, so the step is neither passed nor failed.',
    '',
  ];
  const failures: string[] = [];
  const listed = new Set<string>();
  let unjudged = false;
  for (const [title, items] of sections) {
    lines.push(`## ${title}`, '', '| step | status | checks |', '|---|---|---|');
    for (const item of items) {
      const checks = covering(summary.checks, item);
      const status = oktaItemStatus(checks);
      if (status === 'not-judged' || status === 'skipped' || status === 'not run') unjudged = true;
      for (const c of checks) listed.add(c.id);
      lines.push(`| ${escape(item.replace(/^[^:]+: /, ''))} | ${SHOWN[status]} | ${checks.map((c) => `\`${c.id}\``).join(', ')} |`);
      for (const c of checks.filter((c) => c.status === 'failed' || c.status === 'warning')) {
        const how = c.status === 'warning' ? "warning here, would fail Okta's test" : 'failed';
        failures.push(
          `- **${escape(item)}**: \`${c.id}\` (${c.level}, ${how}). ${c.fix ?? ''}${c.request ? ` Shown by \`${escape(c.request)}\`.` : ''}`,
        );
      }
    }
    lines.push('');
  }
  // Group Push and the rest of what Okta sends in production, which its tests do not step through.
  const others = summary.checks.filter((c) => isOkta(c) && !listed.has(c.id));
  if (others.length) {
    lines.push(
      "## Okta's other requests, outside its tests (authentication, discovery, Group Push, ids, memberships)",
      '',
      '| check | level | status |',
      '|---|---|---|',
    );
    for (const c of others) {
      const status = c.status === 'skipped' && DOES_NOT_APPLY.test(c.reason ?? '') ? 'does not apply' : c.status;
      lines.push(`| \`${c.id}\` | ${c.level} | ${c.status === 'failed' ? '**failed**' : status} |`);
      if (c.status === 'failed' || c.status === 'warning') {
        failures.push(`- \`${c.id}\` (${c.level}, ${c.status}). ${c.fix ?? ''}${c.request ? ` Shown by \`${escape(c.request)}\`.` : ''}`);
      }
    }
    lines.push('');
  }
  const nothing = unjudged
    ? 'Nothing failed, but not every step was judged (see the statuses above): what was not judged is not passed.'
    : "Nothing: every step of Okta's tests that applies passed.";
  lines.push('## What to fix', '', ...(failures.length ? [...new Set(failures)] : [nothing]), '');
  return lines.join('\n');
}
