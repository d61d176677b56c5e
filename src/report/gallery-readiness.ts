// gallery-readiness.md: each test of Microsoft's SCIM Validator and gallery validation, its status from this run,
// and for each failure the fix and the request that showed it. For a vendor's release manager.
import { GALLERY_LOGIC_APP, NOT_YET_COVERED, VALIDATOR_MANDATORY, VALIDATOR_PREVIEW } from '../kit/coverage.ts';
import { type ReadinessVerdict, sortItems, verdictLine } from './readiness-verdict.ts';
import type { CheckOutcome, Summary } from './summary.ts';

type ItemStatus = 'passed' | 'failed' | 'would fail' | 'not-judged' | 'warning' | 'skipped' | 'not applicable' | 'not run';

const ICON: Record<ItemStatus, string> = {
  passed: 'passed',
  failed: '**FAILED**',
  'would fail': "**would fail Microsoft's test**",
  'not-judged': 'not judged (no answer)',
  warning: 'warning',
  skipped: 'skipped',
  'not applicable': 'does not apply to this profile',
  'not run': 'not run',
};

/** Skipped because the profile provisions no groups or maps no manager: Microsoft does not test what is not provisioned. */
const NOT_PROVISIONED = /^profile \S+ (provisions no groups|maps no manager)$/;

const GALLERY: ReadonlySet<string> = new Set(GALLERY_LOGIC_APP);

/**
 * An item's status from the checks that stand for it. What a warning means depends on the tool that runs the test:
 * Microsoft's SCIM Validator reports each test and leaves the verdict to the vendor, so a SHOULD that warned stays a
 * warning; the gallery's Logic App has no warnings, it fails the item, so there a warning is a failure too.
 */
export function itemStatus(item: string, checks: CheckOutcome[]): ItemStatus {
  if (!checks.length) return 'not run';
  if (checks.every((c) => c.status === 'skipped' && NOT_PROVISIONED.test(c.reason ?? ''))) return 'not applicable';
  if (GALLERY.has(item)) {
    if (checks.some((c) => c.status === 'failed' || c.status === 'warning')) return 'would fail';
    for (const status of ['not-judged', 'passed'] as const) if (checks.some((c) => c.status === status)) return status;
    return 'skipped';
  }
  for (const status of ['failed', 'not-judged', 'warning', 'passed'] as const) if (checks.some((c) => c.status === status)) return status;
  return 'skipped';
}

const covering = (checks: CheckOutcome[], item: string) => checks.filter((c) => c.covers?.includes(item));

/** The gallery's verdict on this run: Logic App items that would fail, that passed, and that the run did not judge. */
export type GalleryVerdict = ReadinessVerdict;

export function galleryVerdict(checks: CheckOutcome[]): GalleryVerdict {
  return sortItems(GALLERY_LOGIC_APP, (item) => itemStatus(item, covering(checks, item)));
}

/** The line the readiness page and the console open with: M counts only the items this run judged. */
export function galleryLine(verdict: GalleryVerdict): string {
  return verdictLine('Gallery validation', verdict, 'not provisioned by this profile');
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
  const sections: Array<[string, readonly string[]]> = [
    ['Microsoft SCIM Validator: mandatory tests', VALIDATOR_MANDATORY],
    ['Microsoft SCIM Validator: preview tests', VALIDATOR_PREVIEW],
    ['Gallery validation (Logic App) checklist', GALLERY_LOGIC_APP],
  ];
  const lines = [
    '# Gallery readiness',
    '',
    galleryLine(galleryVerdict(summary.checks)),
    '',
    'The count is of the Logic App checklist below. What this suite does not test yet is listed under "Not tested by this suite yet", ' +
      'and is not passed either.',
    '',
    `Target ${summary.target}, profile \`${summary.profile}\`, run ${summary.runId} at ${summary.startedAt}.`,
    '',
    'Each item is what Microsoft tests, with the status of the checks that stand for it in this run:',
    '',
    "- **would fail Microsoft's test** (gallery items): a check that stands for the item failed or warned. Microsoft's gallery " +
      'validation is a Logic App that fails an item on any deviation and has no warnings, so a SHOULD check that only warned here fails there.',
    '- **FAILED** and warning (SCIM Validator items): a MUST check failed, or a SHOULD check did. The SCIM Validator reports each test and ' +
      'leaves the verdict to you, so a warning stays a warning.',
    '- passed: every check that stands for the item passed (a variant that does not apply may be skipped).',
    '- does not apply to this profile: it provisions no groups, or maps no manager, so there is nothing for Microsoft to test.',
    '- not judged (no answer), skipped, not run: the endpoint did not answer, the checks were skipped (--only, --read-only, the profile) or ' +
      'none ran. The run cannot say, so the item is neither passed nor failed.',
    '',
  ];
  const failures: string[] = [];
  let unjudged = false;
  for (const [title, items] of sections) {
    lines.push(`## ${title}`, '', '| test | status | checks |', '|---|---|---|');
    for (const item of items) {
      const checks = covering(summary.checks, item);
      const status = itemStatus(item, checks);
      if (status === 'not-judged' || status === 'skipped' || status === 'not run') unjudged = true;
      lines.push(`| ${escape(item.replace(/^[^:]+: /, ''))} | ${ICON[status]} | ${checks.map((c) => `\`${c.id}\``).join(', ')} |`);
      for (const c of checks.filter((c) => c.status === 'failed' || c.status === 'warning')) {
        const how = c.status === 'warning' && GALLERY.has(item) ? "warning here, would fail Microsoft's test" : c.status;
        failures.push(
          `- **${escape(item)}**: \`${c.id}\` (${c.level}, ${how}). ${c.fix ?? ''}${c.request ? ` Shown by \`${escape(c.request)}\`.` : ''}`,
        );
      }
    }
    lines.push('');
  }
  // The 25 requests per second come from a load run against the same target, when one left its load.json here.
  const loadCounts = load !== undefined && load.target === summary.target;
  if (loadCounts) {
    const status = load.verdict.result === 'pass' ? 'passed' : load.verdict.result === 'fail' ? '**FAILED**' : 'not judged';
    lines.push('## Load (scim-conformance load)', '', '| test | status | evidence |', '|---|---|---|');
    lines.push(
      `| ${LOAD_ITEM.replace(/^[^:]+: /, '')} | ${status} | load run ${load.runId} at ${load.startedAt}: ${escape(load.verdict.summary)} |`,
      '',
    );
    if (load.verdict.result === 'fail') failures.push(`- **${LOAD_ITEM}**: ${escape(load.verdict.summary)} Details in load.json.`);
  }
  lines.push('## Not tested by this suite yet', '');
  for (const [item, reason] of Object.entries(NOT_YET_COVERED)) {
    if (item === LOAD_ITEM && loadCounts) continue;
    lines.push(`- ${item.replace(/^[^:]+: /, '')}: ${reason}`);
  }
  lines.push('');
  const nothing = unjudged
    ? 'Nothing failed, but not every item was judged (see the statuses above): what was not judged is not passed.'
    : 'Nothing: every covered item passed.';
  lines.push('## What to fix', '', ...(failures.length ? [...new Set(failures)] : [nothing]), '');
  return lines.join('\n');
}
