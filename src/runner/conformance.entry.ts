// The one vitest entry of a conformance run: each selected check becomes a concurrent test.
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, describe, inject, test } from 'vitest';
import type { PlannedCheck } from '../kit/check.ts';
import { ScimClient } from '../http/client.ts';
import { createContext } from '../kit/context.ts';
import { discover } from '../kit/discovery.ts';
import { FlowControl } from '../http/flow-control.ts';
import { CheckFailure, NotApplicable, NotJudged, PreconditionFailure } from '../kit/failure.ts';
import { Ledger } from '../cleanup/ledger.ts';
import { Ownership } from '../cleanup/ownership.ts';
import { Redactor } from '../http/redactor.ts';
import { ValueFactory } from '../kit/values.ts';
import { allureHooks, labelCheck, markFailedExchange } from './allure-hooks.ts';
import { selectChecks } from './selection.ts';
import './run-spec.ts';
import { mark } from '../timing.ts';

mark('entry-start');
const spec = inject('scimRun');
const redactor = new Redactor(spec.secrets);
// One flow control for every check: together they keep at most spec.concurrency requests in flight, fewer while the
// target throttles; its figures go to the summary.
const flow = new FlowControl({ concurrency: spec.concurrency, ...(spec.rate !== undefined ? { maxRate: spec.rate } : {}) });
const client = new ScimClient({ baseUrl: spec.baseUrl, auth: spec.auth, timeoutMs: spec.timeoutMs, redactor, tls: spec.tls, flow });
afterAll(() =>
  writeFileSync(
    spec.flowStatsPath,
    JSON.stringify({
      ...flow.stats(),
      ...(client.targetGone ? { targetGone: client.targetGone.reason } : {}),
      // What the target claims of itself, for the run's verdict on each standard it was held to.
      ...(spec.standards.includes('interop') ? { claims: { interop: discovery.serviceProviderConfig?.interopProfileConformant } } : {}),
    }),
  ),
);
const values = new ValueFactory(spec.prefix, spec.throwawayPassword);
// One per run: a check may only change what this run created, whichever check created it.
const ownership = new Ownership(spec.readOnly);
const ledger = new Ledger(spec.ledgerPath);
// What the target says of itself (/ServiceProviderConfig, /Schemas, /ResourceTypes) is read once per run, while the
// checks load.
const [discovery, plan] = await Promise.all([
  discover(client),
  selectChecks(spec.profile, spec.only, {
    authMode: spec.auth.mode,
    readOnly: spec.readOnly,
    clients: spec.clients,
    standards: spec.standards,
  }),
]);
mark('entry-planned');

// A check makes a handful of dependent requests; each may take the full request timeout.
const testTimeout = spec.timeoutMs * 8 + 10_000;

async function runOne(
  check: PlannedCheck,
  skipReason: string | undefined,
  notJudged: string | undefined,
  task: { meta: Record<string, unknown> },
  skip: (note?: string) => never,
) {
  const meta = {
    id: check.id,
    title: check.title,
    level: check.level,
    area: check.area,
    feature: check.feature,
    covers: check.covers,
    fix: check.fix,
    clients: check.clients,
    ...(check.standard ? { standard: check.standard } : {}),
    ...(check.dialect ? { dialect: check.dialect } : {}),
  };
  (task.meta as { scim?: unknown }).scim = meta;
  await labelCheck(check, spec.profile.name);
  if (skipReason) {
    (task.meta as { scim?: unknown }).scim = { ...meta, skipReason };
    skip(skipReason);
  }
  if (notJudged) {
    (task.meta as { scim?: unknown }).scim = { ...meta, notJudged };
    await allureHooks.note(`Not judged: ${notJudged}`);
    skip(`not judged: ${notJudged}`);
  }
  // Ctrl-C: vitest's cancel stops new tests too, but may come too late for the first of them.
  if (existsSync(spec.stopPath)) {
    const skipReason = 'the run was interrupted before this check started';
    (task.meta as { scim?: unknown }).scim = { ...meta, skipReason };
    skip(skipReason);
  }
  // A target that stopped answering gets no more checks: each is not judged, with when and after how much it stopped.
  const gone = client.targetGone;
  if (gone) {
    (task.meta as { scim?: unknown }).scim = { ...meta, notJudged: `not started: ${gone.reason}` };
    await allureHooks.note(`Not judged: not started: ${gone.reason}`);
    skip(`not judged: ${gone.reason}`);
  }
  const ctx = createContext({ check, client, profile: spec.profile, discovery, values, hooks: allureHooks, ownership, ledger });
  try {
    await check.run(ctx);
  } catch (error) {
    if (error instanceof NotApplicable) {
      // What the check is about is not there: skipped, with the reason (the readiness pages say "does not apply").
      (task.meta as { scim?: unknown }).scim = { ...meta, skipReason: `not applicable: ${error.reason}` };
      skip(`not applicable: ${error.reason}`);
    }
    if (error instanceof NotJudged) {
      // Never a failure: the test ends as skipped (JUnit and Allure show the reason) and the summary says not judged.
      (task.meta as { scim?: unknown }).scim = { ...meta, notJudged: error.reason };
      await allureHooks.note(`Not judged: ${error.reason}`);
      skip(`not judged: ${error.reason}`);
    }
    if (error instanceof PreconditionFailure) (task.meta as { scim?: unknown }).scim = { ...meta, precondition: true };
    if (error instanceof CheckFailure && error.input.exchange) await markFailedExchange(error.input.exchange);
    throw error;
  } finally {
    const problems = await allureHooks.step('cleanup', () => ctx.fixtures.cleanup());
    if (problems.length) {
      const current = (task.meta as { scim?: Record<string, unknown> }).scim ?? meta;
      (task.meta as { scim?: unknown }).scim = { ...current, cleanupProblems: problems };
    }
  }
}

// Concurrent tests start in the order they are declared: the longest dependent chains first (stable otherwise).
const byChain = [...plan].sort((a, b) => b.check.chain - a.check.chain);
const declare = ({ check, skipReason, notJudged }: (typeof plan)[number], lane?: (run: () => Promise<void>) => Promise<void>) =>
  // A walk reads as many pages as the tenant holds (up to its budget), each of which may take the request timeout.
  test.concurrent(
    `${check.title} [${check.id}]`,
    { timeout: check.phase === 'quiet' ? testTimeout * 10 : testTimeout },
    ({ task, skip }) => {
      const run = () =>
        runOne(check, skipReason, notJudged, task as unknown as { meta: Record<string, unknown> }, skip as (note?: string) => never);
      return lane ? lane(run) : run();
    },
  );

/** One check at a time per endpoint: the next starts when the last has finished, cleanup included. */
const lanes = new Map<string, Promise<void>>();
function declareQuiet(planned: (typeof plan)[number]) {
  declare(planned, (run) => {
    const before = lanes.get(planned.check.area) ?? Promise.resolve();
    const mine = before.then(run);
    lanes.set(
      planned.check.area,
      mine.catch(() => undefined),
    );
    return mine;
  });
}

// The same suite name as the main phase's: JUnit and Allure name the check as before.
// Checks of the first phase (Test Connection, as in Entra, where its failure stops everything) run before the rest:
// the HTML report lists checks in the order they started, and that should be the first failure a vendor reads.
describe(`profile ${spec.profile.name}`, () => {
  for (const planned of byChain) if (planned.check.phase === 'first') declare(planned);
});
describe.concurrent(`profile ${spec.profile.name}`, () => {
  for (const planned of byChain) if (planned.check.phase === 'main') declare(planned);
});
// Walks of the whole list start once every other check (and its cleanup) has finished. Within the phase a check
// holds its endpoint from its first create to its last delete, so while one walks /Users nothing else of this run
// creates or deletes users; the walks of /Groups (which carry no members) go on beside them.
// Not a concurrent suite itself (its tests are): a concurrent one would start beside the suite before it.
describe(`profile ${spec.profile.name}, quiet phase`, () => {
  for (const planned of byChain) if (planned.check.phase === 'quiet') declareQuiet(planned);
});
