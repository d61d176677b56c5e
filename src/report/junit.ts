// junit.xml, written from the run's own outcomes: one <testsuite> per area, one <testcase> per check, each failure
// with a one-line message and the exchange that showed it as its text (no stack frames, no error object dumps).
import type { Area } from '../kit/check.ts';
import { GALLERY_LOGIC_APP } from '../kit/coverage.ts';
import type { Redactor } from '../http/redactor.ts';
import type { CheckOutcome, Summary } from './summary.ts';

/** What the outcome alone does not hold: where the check belongs, and the full text of its failure. */
export interface CheckDetails {
  area: Area;
  feature: string;
  /** The failure's whole message (Expected, Got, Request, Response, Why, Fix), redacted. */
  message?: string;
}

const AREAS: Area[] = ['connection', 'users', 'groups', 'discovery'];
/** Long enough for an Expected/Got pair; the whole text is in the failure's body. */
const MESSAGE_LIMIT = 500;

/** `details` by check id; a check without them (never expected) goes to the area its id starts with. */
export function junitXml(summary: Summary, details: ReadonlyMap<string, CheckDetails>, redactor: Redactor): string {
  // Redacted before escaping, so that a secret holding "&" or "<" is still found as it is.
  const r = (t: string) => redactor.redact(t);
  const checks = summary.checks.map((c) => ({
    ...c,
    title: r(c.title),
    ...(c.reason ? { reason: r(c.reason) } : {}),
    ...(c.fix ? { fix: r(c.fix) } : {}),
    ...(c.cleanupProblems ? { cleanupProblems: c.cleanupProblems.map(r) } : {}),
  }));
  const areaOf = (c: CheckOutcome): string => details.get(c.id)?.area ?? c.id.split('.')[0] ?? 'other';
  const areas = [...AREAS, ...new Set(checks.map(areaOf).filter((a) => !(AREAS as string[]).includes(a)))];
  const suites = areas.map((area) => ({ area, checks: checks.filter((c) => areaOf(c) === area) })).filter((s) => s.checks.length > 0);
  // With --gallery a warning on a gallery item fails the run (exitCodeFor), as the gallery's Logic App fails the item.
  const gallery = new Set<string>(GALLERY_LOGIC_APP);
  const fails = (c: CheckOutcome) =>
    c.status === 'failed' || (!!summary.gallery && c.status === 'warning' && !!c.covers?.some((i) => gallery.has(i)));
  const count = (checks: CheckOutcome[]) => ({
    tests: checks.length,
    failures: checks.filter(fails).length,
    skipped: checks.filter((c) => c.status === 'skipped' || c.status === 'not-judged').length,
  });
  const run = runCases(summary, r);
  const all = count(checks);
  const totals = { tests: all.tests + run.tests, failures: all.failures + run.failures, skipped: all.skipped, errors: run.errors };
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `scim-conformance ${summary.profile}`, ...totals, time: seconds(summary.durationMs), timestamp: summary.startedAt })}>`,
  ];
  for (const suite of suites) {
    // Checks run side by side: a suite's time is the sum of its checks' times, as CI tools sum them themselves.
    const time = seconds(suite.checks.reduce((sum, c) => sum + c.durationMs, 0));
    lines.push(
      `  <testsuite${attrs({ name: `scim-conformance.${suite.area}`, ...count(suite.checks), errors: 0, time, timestamp: summary.startedAt })}>`,
    );
    lines.push(
      `    <properties>${property('profile', r(summary.profile))}${property('target', r(summary.target))}${property('runId', summary.runId)}</properties>`,
    );
    for (const check of suite.checks) {
      const found = details.get(check.id);
      lines.push(testcase(check, suite.area, found && { ...found, ...(found.message ? { message: r(found.message) } : {}) }, fails(check)));
    }
    lines.push('  </testsuite>');
  }
  if (run.tests > 0) {
    const head = {
      name: 'scim-conformance.run',
      tests: run.tests,
      failures: run.failures,
      errors: run.errors,
      skipped: 0,
      time: seconds(0),
      timestamp: summary.startedAt,
    };
    lines.push(`  <testsuite${attrs(head)}>`, ...run.lines, '  </testsuite>');
  }
  lines.push('</testsuites>', '');
  // Once more over the whole file: no secret reaches it, whatever the text.
  return redactor.redact(lines.join('\n'));
}

/**
 * What fails a run besides its checks, as CI tools count it: problems that kept checks from running are JUnit errors
 * (the run is incomplete), resources left on the target are a failure (the run broke its own promise), and resources
 * it could not confirm either way are reported beside them. Absent when there is nothing to say.
 */
function runCases(summary: Summary, r: (t: string) => string): { tests: number; failures: number; errors: number; lines: string[] } {
  const lines: string[] = [];
  let failures = 0;
  let errors = 0;
  const open = (name: string) => `    <testcase${attrs({ classname: 'scim-conformance.run', name, time: seconds(0) })}>`;
  if (summary.errors.length) {
    errors += 1;
    const all = summary.errors.map(r);
    lines.push(
      open('run.errors The run finished every check it planned'),
      `      <error${attrs({ message: oneLine(all[0]!), type: 'run' })}>${text(all.join('\n'))}</error>`,
      '    </testcase>',
    );
  }
  if (summary.leftovers.length || summary.unverified?.length) {
    lines.push(open('run.cleanup The run removed everything it created'));
    if (summary.leftovers.length) {
      failures += 1;
      const left = summary.leftovers.map(r);
      const message = `${left.length} resource(s) of this run are still on the target: ${left.join(', ')}`;
      lines.push(
        `      <failure${attrs({ message: oneLine(message), type: 'cleanup' })}>${text(`${message}\nFind and delete them with: scim-conformance cleanup --yes (only resources named after a run of this tool).`)}</failure>`,
      );
    }
    if (summary.unverified?.length)
      lines.push(`      <system-out>${text(`could not confirm as removed:\n${summary.unverified.map(r).join('\n')}`)}</system-out>`);
    lines.push('    </testcase>');
  }
  return { tests: lines.filter((l) => l.startsWith('    <testcase')).length, failures, errors, lines };
}

function testcase(check: CheckOutcome, area: string, details: CheckDetails | undefined, fails: boolean): string {
  const head = `    <testcase${attrs({
    classname: `scim-conformance.${area}.${sanitize(details?.feature ?? check.id.split('.')[1] ?? 'general')}`,
    name: `${check.id} ${check.title} [${check.level}]`,
    time: seconds(check.durationMs),
  })}>`;
  const props = `<properties>${property('level', check.level)}${property('status', check.status)}${check.dialect ? property('dialect', check.dialect) : ''}</properties>`;
  const body: string[] = [`      ${props}`];
  if (fails) {
    const message = check.status === 'warning' ? `gallery item would fail: ${check.reason ?? 'warning'}` : (check.reason ?? 'failed');
    body.push(`      <failure${attrs({ message: oneLine(message), type: check.level })}>${text(failureText(check, details))}</failure>`);
  } else if (check.status === 'warning') {
    // JUnit has no warning. A SHOULD (or MAY) that did not hold is a passing test case here, marked by its status
    // property and with the details in <system-out>: the run passed, so the CI's test tab must not turn red, and a
    // <skipped> would say that the check never ran (counted with the profile's skips, "not executed" in some tools).
    body.push(`      <system-out>${text(`WARNING (${check.level}, not failing the run): ${failureText(check, details)}`)}</system-out>`);
  } else if (check.status === 'skipped' || check.status === 'not-judged') {
    const reason = check.reason ?? (check.status === 'skipped' ? 'skipped' : 'the target gave no answer');
    body.push(`      <skipped${attrs({ message: oneLine(check.status === 'not-judged' ? `not judged: ${reason}` : reason) })}/>`);
  }
  if (check.cleanupProblems?.length) body.push(`      <system-err>${text(`cleanup: ${check.cleanupProblems.join('\n')}`)}</system-err>`);
  return [head, ...body, '    </testcase>'].join('\n');
}

/** The failure's own text, without anything that looks like a stack frame; the fix is always there. */
function failureText(check: CheckOutcome, details: CheckDetails | undefined): string {
  const message = (details?.message ?? check.reason ?? '')
    .split('\n')
    .filter((l) => !/^\s+at \S.*(:\d+|\))$/.test(l))
    .join('\n')
    .trim();
  const fix = !/^Fix:/m.test(message) && check.fix ? `\nFix:      ${check.fix}` : '';
  return `${message}${fix}`;
}

/** A classname segment: letters, digits, "-" and "_" only (dots separate the segments). */
function sanitize(segment: string): string {
  return segment.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'general';
}

function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT - 1)}…` : line;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function property(name: string, value: string): string {
  return `<property${attrs({ name, value })}/>`;
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value), true)}"`)
    .join('');
}

function text(value: string): string {
  return escapeXml(value, false);
}

/**
 * XML 1.0 allows neither control characters (other than tab, newline, carriage return) nor lone surrogates: they go.
 * In an attribute a newline or tab would be read back as a space: they are written as character references.
 */
export function escapeXml(value: string, attribute: boolean): string {
  const clean = value.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '',
  );
  const escaped = clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute
    ? escaped.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
    : escaped.replace(/\r/g, '&#13;');
}
