// Everything a check may touch. Checks never import the HTTP client or the configuration themselves.
import type { Profile } from '../generated/index.ts';
import type { Dialect, PlannedCheck } from './check.ts';
import { factLine } from './evidence.ts';
import type { Exchange, ScimClient } from '../http/client.ts';
import { type Discovery, declaredUnsupported } from './discovery.ts';
import { CheckFailure, type FailureInput, NotJudged, PreconditionFailure, unansweredReason } from './failure.ts';
import { Fixtures } from './fixtures.ts';
import type { Ledger } from '../cleanup/ledger.ts';
import type { Ownership } from '../cleanup/ownership.ts';
import { createExpectations, type Expectations } from './expectations.ts';
import { createRequirements, type Requirements } from './required-resources.ts';
import type { ValueFactory } from './values.ts';

/** Where a check's exchanges and steps go (Allure inside the runner, nothing in unit tests). */
export interface ReportHooks {
  exchange(exchange: Exchange): Promise<void>;
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  note(text: string): Promise<void>;
}

export const silentHooks: ReportHooks = {
  exchange: async () => undefined,
  step: (_title, body) => body(),
  note: async () => undefined,
};

export interface CheckClient {
  get(path: string, query?: Record<string, string>): Promise<Exchange>;
  post(path: string, body: unknown): Promise<Exchange>;
  patch(path: string, body: unknown): Promise<Exchange>;
  put(path: string, body: unknown): Promise<Exchange>;
  delete(path: string): Promise<Exchange>;
  /** GET without credentials, or with wrong ones (for checks of authentication). */
  getWith(credentials: 'omit' | 'wrong', path: string, query?: Record<string, string>): Promise<Exchange>;
  /** PATCH with the body's Content-Type given (null: none), for a client that labels its requests otherwise. */
  patchWith(request: { contentType: string | null }, path: string, body: unknown): Promise<Exchange>;
}

export interface CheckContext {
  client: CheckClient;
  profile: Profile;
  discovery: Discovery;
  values: ValueFactory;
  fixtures: Fixtures;
  dialect?: Dialect;
  /** Exchanges of this check so far, oldest first. */
  exchanges: Exchange[];
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  note(text: string): Promise<void>;
  /** Ends the check as failed. */
  fail(input: FailureInput): never;
  /** Ends the check as failed because something it needs first did not work. */
  precondition(input: FailureInput): never;
  /** What the check needs before it can judge (a user, users, a group of its own); a precondition failure without it. */
  require: Requirements;
  /** What the check asserts: each expectation fails the check, or returns what it verified. */
  expect: Expectations;
}

export interface ContextOptions {
  check: PlannedCheck;
  client: ScimClient;
  profile: Profile;
  discovery: Discovery;
  values: ValueFactory;
  hooks: ReportHooks;
  ownership: Ownership;
  ledger?: Ledger;
}

export function createContext(options: ContextOptions): CheckContext {
  const { check, hooks } = options;
  const exchanges: Exchange[] = [];
  // A failure's Why: lines, one per fact the check rests on: mark, source, gist and link.
  const specLines = check.evidence.map(factLine);

  const record = async (run: () => Promise<Exchange>): Promise<Exchange> => {
    const exchange = await run();
    exchanges.push(exchange);
    await hooks.exchange(exchange);
    return exchange;
  };
  const guardedRecord = (method: string, path: string, run: () => Promise<Exchange>): Promise<Exchange> => {
    options.ownership.assertMayChange(method, path);
    return record(run);
  };
  // What Fixtures uses: every answer, unanswered ones included, since it settles creates and removals itself.
  const recording: CheckClient = {
    get: (path, query) => record(() => options.client.get(path, query)),
    post: (path, body) => guardedRecord('POST', path, () => options.client.post(path, body)),
    patch: (path, body) => guardedRecord('PATCH', path, () => options.client.patch(path, body)),
    put: (path, body) => guardedRecord('PUT', path, () => options.client.put(path, body)),
    delete: (path) => guardedRecord('DELETE', path, () => options.client.delete(path)),
    getWith: (credentials, path, query) => record(() => options.client.send('GET', path, { credentials, ...(query ? { query } : {}) })),
    patchWith: (request, path, body) =>
      guardedRecord('PATCH', path, () => options.client.send('PATCH', path, { body, contentType: request.contentType })),
  };
  // A check only ever sees answers: an exchange the target never answered ends the check as not judged.
  const answered =
    <A extends unknown[]>(send: (...args: A) => Promise<Exchange>) =>
    async (...args: A): Promise<Exchange> => {
      const exchange = await send(...args);
      if (exchange.noAnswer !== undefined) throw new NotJudged(unansweredReason(exchange), exchange);
      return exchange;
    };
  // A PATCH whose answer was lost may or may not have been applied: the resource is read again, so the report says
  // which state it is in, and the check is not judged either way.
  const patch = async (path: string, body: unknown): Promise<Exchange> => {
    const exchange = await recording.patch(path, body);
    if (exchange.noAnswer === undefined) return exchange;
    const reread = await recording.get(path.replace(/\?.*$/, ''));
    const state = reread.noAnswer !== undefined ? 'it could not be read again either' : `reading it again answered ${reread.status}`;
    throw new NotJudged(
      `${unansweredReason(exchange)}; whether the target applied it is unknown (${state})`,
      reread.noAnswer !== undefined ? exchange : reread,
    );
  };
  // A DELETE whose first answer was lost and whose retry says 404 removed the resource: its cleanup has nothing left
  // to do (and its 404 would otherwise read as a resource the target hides).
  const del = async (path: string): Promise<Exchange> => {
    const exchange = await recording.delete(path);
    const id = /^\/(?:Users|Groups)\/([^/?]+)$/.exec(path)?.[1];
    if (id && exchange.status === 404 && exchange.retries?.length) fixtures.markRemoved(decodeURIComponent(id));
    return exchange;
  };
  const client: CheckClient = {
    get: answered(recording.get),
    // A create whose answer was lost is settled by Fixtures (through its name), which then ends the check.
    post: recording.post,
    patch,
    put: answered(recording.put),
    delete: answered(del),
    getWith: answered(recording.getWith),
    patchWith: answered(recording.patchWith),
  };

  // A check's own failure (a precondition's does not) on what the target declares unsupported adds a Declared: line:
  // Entra uses it anyway, so the verdict stays.
  const declared = declaredUnsupported(
    options.discovery,
    check.requires,
    !!options.profile.groups && options.profile.groups.enabled !== false,
  );
  const fail = (input: FailureInput): never => {
    throw new CheckFailure(input, specLines, check.fix, declared);
  };

  const precondition = (input: FailureInput): never => {
    throw new PreconditionFailure(
      { ...input, expected: `(precondition) ${input.expected}` },
      specLines,
      input.fix ?? 'Fix the failure above first; this check needs it to judge its own requirement.',
    );
  };

  const fixtures = new Fixtures(recording, options.profile, options.values, options.ownership, options.ledger);
  const context: CheckContext = {
    client,
    profile: options.profile,
    discovery: options.discovery,
    values: options.values,
    fixtures,
    ...(check.dialect ? { dialect: check.dialect } : {}),
    exchanges,
    step: (title, body) => hooks.step(title, body),
    note: (text) => hooks.note(text),
    fail,
    precondition,
    require: createRequirements(fixtures, precondition),
    expect: createExpectations(client, fail),
  };
  return context;
}
