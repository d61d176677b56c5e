// The load mode, in process, against reference servers on 127.0.0.1: the cycle runs, everything it created is
// removed, the figures are there, and the 25 rps verdict passes, fails or is not judged as it should.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReferenceServerOptions, startReferenceServer } from '../reference/server.ts';
import { loadCommand, loadSettings } from '../src/cli/load-command.ts';
import { ConfigError } from '../src/cli/config.ts';
import { Ledger } from '../src/cleanup/ledger.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import type { LoadReport } from '../src/load/report.ts';
import { LOAD_LEDGER, type LoadOptions, runLoad } from '../src/load/run-load.ts';
import type { Exchange, ScimClient } from '../src/http/client.ts';
import { Pacer } from '../src/load/pacer.ts';
import { hoursAndMinutes, project, walkUsers } from '../src/load/walk.ts';
import { tempDir } from './support/cli.ts';

const TOKEN = 'load-test-token-5c0ffee';
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function withServer<T>(
  options: ReferenceServerOptions,
  run: (server: Awaited<ReturnType<typeof startReferenceServer>>) => Promise<T>,
): Promise<T> {
  const server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN }, ...options });
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

async function load(baseUrl: string, options: Partial<LoadOptions> = {}) {
  const reportDir = await tempDir('scimc-load-');
  dirs.push(reportDir);
  const result = await runLoad({
    baseUrl,
    auth: { mode: 'bearer', token: TOKEN },
    timeoutMs: 5000,
    profile: loadProfile('entra').profile,
    secrets: [TOKEN],
    reportDir,
    users: 60,
    rate: 'max',
    durationSeconds: 10,
    ...options,
  });
  return { ...result, reportDir };
}

function runResources(server: { users: Map<string, Record<string, unknown>>; groups: Map<string, Record<string, unknown>> }) {
  return [...server.users.values(), ...server.groups.values()].filter((r) => /^scimc-/.test(String(r.userName ?? r.displayName)));
}

describe('scim-conformance load', () => {
  it('runs the cycle at --rate max on an unthrottled server, removes everything, reports the figures and passes 25 rps', async () => {
    await withServer({}, async (server) => {
      let createdAtPeak = 0;
      const peek = setInterval(() => (createdAtPeak = Math.max(createdAtPeak, server.users.size)), 5);
      const { report, exitCode, reportDir } = await load(server.baseUrl).finally(() => clearInterval(peek));

      expect(runResources(server)).toEqual([]);
      expect(server.users.size + server.groups.size).toBe(0);
      expect(createdAtPeak).toBeGreaterThan(0);
      expect(new Ledger(join(reportDir, LOAD_LEDGER)).leftovers()).toEqual([]);

      expect(report.stoppedBy).toBe('completed');
      expect(report.work).toMatchObject({
        usersPlanned: 60,
        usersStarted: 60,
        usersCreated: 60,
        failedCreates: 0,
        patched: 60,
        softDeleted: 6,
        groupsCreated: 1,
        membersAdded: 60,
      });
      const ops = Object.fromEntries(report.operations.map((o) => [o.operation, o]));
      expect(ops.filter!.requests).toBe(61); // 60 users and the group
      expect(ops['group-members']!.requests).toBe(2); // batches of 50
      for (const op of report.operations) {
        expect(op.requests, op.operation).toBeGreaterThan(0);
        expect(op.unexpected, op.operation).toBe(0);
        expect(op.latencyMs, op.operation).toMatchObject({ p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) });
        expect(op.latencyMs!.p50).toBeLessThanOrEqual(op.latencyMs!.p99);
      }
      expect(report.statusCounts).toMatchObject({ '200': expect.any(Number), '201': 61, '204': expect.any(Number) });
      expect(report.statusCounts['429']).toBeUndefined();
      expect(report.cleanup).toMatchObject({ removed: 61, left: [] });
      expect(report.throttling).toMatchObject({ throttled: false, lowestLimit: 8, concurrency: 8 });
      expect(report.load.requests).toBe(190);
      expect(report.load.sustainedRps).toBeGreaterThanOrEqual(25);
      expect(report.verdict.result).toBe('pass');
      expect(exitCode).toBe(0);

      const written = JSON.parse(await readFile(join(reportDir, 'load.json'), 'utf8')) as LoadReport;
      expect(written.verdict.result).toBe('pass');
      expect(written.prefix).toMatch(/^scimc-[0-9a-f]{8}-$/);
      const results = (await readdir(join(reportDir, 'allure-results'))).filter((f) => f.endsWith('-result.json'));
      expect(results).toHaveLength(8); // seven operations and the verdict
      const names = await Promise.all(
        results.map(async (f) => (JSON.parse(await readFile(join(reportDir, 'allure-results', f), 'utf8')) as { name: string }).name),
      );
      expect(names.some((n) => n.startsWith('load: create'))).toBe(true);

      const files = await readdir(reportDir, { recursive: true, withFileTypes: true });
      for (const file of files.filter((f) => f.isFile()))
        expect(await readFile(join(file.parentPath, file.name), 'utf8')).not.toContain(TOKEN);
    });
  });

  it('fails the verdict on a server that takes 10 requests per second, naming the sustained rate, and still removes everything', async () => {
    await withServer({ rateLimit: { perSecond: 10 } }, async (server) => {
      const { report, exitCode } = await load(server.baseUrl, { durationSeconds: 3 });
      expect(runResources(server)).toEqual([]);
      expect(report.stoppedBy).toBe('duration');
      expect(report.work.usersCreated).toBeGreaterThan(0);
      expect(report.cleanup.left).toEqual([]);
      expect(report.statusCounts['429']).toBeGreaterThan(0);
      expect(report.throttling.throttled).toBe(true);
      expect(report.throttling.lowestLimit).toBeLessThan(8);
      expect(report.load.sustainedRps).toBeLessThan(20);
      expect(report.verdict.result).toBe('fail');
      expect(report.verdict.summary).toMatch(new RegExp(`sustained ${report.load.sustainedRps} rps .*below the 25 rps`));
      expect(exitCode).toBe(1);
    });
  });

  it('does not judge a run whose --rate is below 25', async () => {
    await withServer({}, async (server) => {
      const { report, exitCode } = await load(server.baseUrl, { users: 6, rate: 20 });
      expect(report.verdict.result).toBe('not judged');
      expect(report.verdict.summary).toMatch(/--rate 20 is below 25/);
      expect(exitCode).toBe(0);
      expect(runResources(server)).toEqual([]);
    });
  });

  it('on Ctrl-C stops sending, still removes what it created, and ends with 130', async () => {
    await withServer({}, async (server) => {
      const stop = new AbortController();
      const watch = setInterval(() => {
        if (server.users.size >= 5) stop.abort();
      }, 2);
      const { report, exitCode } = await load(server.baseUrl, { users: 500, rate: 200, signal: stop.signal }).finally(() =>
        clearInterval(watch),
      );
      expect(report.stoppedBy).toBe('interrupted');
      expect(report.work.usersStarted).toBeLessThan(500);
      expect(report.cleanup.removed).toBeGreaterThanOrEqual(5);
      expect(runResources(server)).toEqual([]);
      expect(exitCode).toBe(130);
    });
  });

  it('with --walk pages through the unfiltered GET /Users, other accounts too, finds each of its users once and projects 250,000', async () => {
    await withServer({}, async (server) => {
      for (let i = 0; i < 9; i += 1) {
        server.users.set(`foreign-${i}`, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: `foreign-${i}`,
          userName: `someone.else.${i}@example.com`,
          active: true,
        });
      }
      const lines: string[] = [];
      const output = { line: (text: string) => lines.push(text), progress: () => undefined, stopProgress: () => undefined };
      const { report, exitCode, reportDir } = await load(server.baseUrl, { users: 40, walk: { count: 7 }, output });
      const walk = report.walk!;
      expect(walk).toMatchObject({
        result: 'complete',
        reasons: [],
        count: 7,
        totalResults: 49,
        listed: 49,
        distinct: 49,
        duplicates: 0,
        unlisted: 0,
      });
      expect(walk).toMatchObject({ ownUsers: 40, ownFound: 40, ownDuplicates: 0, ownMissing: 0, throttled: 0, statuses: { '200': 7 } });
      expect(walk.pages).toBe(Math.ceil(49 / 7));
      expect(walk.latencyMs!.p95).toBeGreaterThanOrEqual(walk.latencyMs!.p50);
      expect(walk.firstPagesMs!.pages).toBe(3);
      expect(walk.projection).toMatchObject({ accounts: 250_000, pageSize: 7, pageSizeAssumed: false, pages: Math.ceil(250_000 / 7) });
      expect(walk.projection!.ms).toBeGreaterThan(0);
      expect(lines.join('\n')).toMatch(
        /Projected Account Discovery walk of 250,000 accounts: 35,715 pages of 7, about .+ at [\d.]+ m?s per page/,
      );
      expect(lines.join('\n')).toMatch(/the run's 40 users: 40 found, 0 missing, 0 duplicate listing\(s\)/);

      // The walk stays out of the verdict's figures, and only its own users are removed.
      expect(report.load.requests).toBe(127);
      expect(report.operations.reduce((sum, op) => sum + op.requests, 0)).toBe(127 + report.cleanup.requests);
      expect(report.verdict.result).not.toBe('fail');
      expect(exitCode).toBe(0);
      expect([...server.users.keys()].sort()).toEqual(Array.from({ length: 9 }, (_, i) => `foreign-${i}`));
      expect((JSON.parse(await readFile(join(reportDir, 'load.json'), 'utf8')) as LoadReport).walk).toEqual(walk);
    });
  });

  it('with --walk reports what a server whose paging is broken loses or squeezes, without failing the load', async () => {
    await withServer({ faults: ['pagination-zero-based'] }, async (server) => {
      const { report, exitCode } = await load(server.baseUrl, { users: 40, walk: { count: 7 } });
      const walk = report.walk!;
      expect(walk).toMatchObject({
        result: 'incomplete',
        totalResults: 40,
        listed: 39,
        distinct: 39,
        unlisted: 1,
        ownFound: 39,
        ownMissing: 1,
        ownDuplicates: 0,
        pages: 7,
      });
      expect(walk.reasons).toEqual([
        'page 7 (startIndex 40, count 7) came back empty, though totalResults is 40',
        "1 of the run's 40 users never listed",
        '1 of totalResults 40 never listed',
      ]);
      expect(exitCode).toBe(0);
      expect(server.users.size).toBe(0);
    });
    await withServer({ faults: ['pagination-count-ignored'] }, async (server) => {
      const { report } = await load(server.baseUrl, { users: 40, walk: { count: 7 } });
      expect(report.walk).toMatchObject({
        result: 'complete',
        pages: 1,
        listed: 40,
        ownFound: 40,
        projection: { pageSize: 40, pages: 6250 },
      });
      expect(report.walk!.notes).toEqual(['page 1 (startIndex 1, count 7) returned 40 resources, more than the count of 7 asked for']);
    });
  });

  it('with --walk, Ctrl-C during the walk ends it, still removes everything, and ends with 130', async () => {
    await withServer({}, async (server) => {
      const stop = new AbortController();
      const output = {
        line: () => undefined,
        progress: (text: string) => text.startsWith('walk:') && stop.abort(),
        stopProgress: () => undefined,
      };
      const { report, exitCode } = await load(server.baseUrl, { users: 30, walk: { count: 2 }, output, signal: stop.signal });
      expect(report.walk).toMatchObject({ result: 'interrupted', pages: 1, reasons: ['interrupted after 1 page(s)'] });
      expect(exitCode).toBe(130);
      expect(server.users.size).toBe(0);
    });
  });

  it('with --walk leaves the walk not judged when a page gets no answer after the retries', async () => {
    const page = (startIndex: number): Partial<Exchange> => ({
      status: 200,
      durationMs: 5,
      json: { totalResults: 4, startIndex, Resources: [{ id: `u${startIndex}` }, { id: `u${startIndex + 1}` }] },
    });
    const unanswered: Partial<Exchange> = { error: 'no response (timeout)', noAnswer: 'no response (timeout) (5 attempts)', durationMs: 0 };
    const sent: string[] = [];
    const client = {
      get: async (_path: string, query: Record<string, string>) => {
        sent.push(`${query.startIndex}/${query.count}`);
        return query.startIndex === '1' ? page(1) : unanswered;
      },
    } as unknown as ScimClient;
    const walk = await walkUsers({
      client,
      pacer: new Pacer('max'),
      count: 2,
      ownUsers: new Set(['u1', 'u3']),
      softDeleted: new Set(),
      signal: new AbortController().signal,
    });
    expect(sent).toEqual(['1/2', '3/2']);
    expect(walk).toMatchObject({
      result: 'not judged',
      pages: 1,
      listed: 2,
      ownFound: 1,
      ownMissing: 1,
      statuses: { '200': 1, 'no response': 1 },
    });
    expect(walk.reasons).toEqual(['page 2 (startIndex 3, count 2) got no answer: no response (timeout) (5 attempts)']);
  });

  it('runs a profile without groups whose userName is a phone number', async () => {
    const server = await startReferenceServer({ auth: { mode: 'none' } });
    try {
      const { report } = await load(server.baseUrl, {
        auth: { mode: 'none' },
        secrets: [],
        profile: loadProfile('telemessage').profile,
        users: 30,
      });
      expect(report.work).toMatchObject({ usersCreated: 30, groupsPlanned: 0, failedCreates: 0 });
      expect(report.operations.find((o) => o.operation === 'group-create')!.requests).toBe(0);
      expect(server.users.size).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('load flags', () => {
  it('are checked, each bad one a ConfigError naming the flag', () => {
    expect(loadSettings({})).toEqual({ users: 1000, rate: 25, concurrency: 8, durationSeconds: 120, dialect: 'aadOptscim062020' });
    expect(loadSettings({ users: '60', rate: 'MAX', concurrency: '4', duration: '2.5', dialect: 'Default' })).toEqual({
      users: 60,
      rate: 'max',
      concurrency: 4,
      durationSeconds: 2.5,
      dialect: 'default',
    });
    expect(loadSettings({ walk: true }).walk).toEqual({ count: 100 });
    expect(loadSettings({ walkCount: '7' }).walk).toEqual({ count: 7 });
    for (const [flags, message] of [
      [{ users: 'many' }, /^--users: "many" is not a whole number/],
      [{ users: '0' }, /^--users:/],
      [{ rate: 'fast' }, /^--rate: "fast" is neither a number/],
      [{ rate: '-5' }, /^--rate:/],
      [{ concurrency: '1000' }, /^--concurrency:/],
      [{ duration: '0' }, /^--duration:/],
      [{ dialect: 'rfc' }, /^--dialect: "rfc" is not one of aadOptscim062020, default/],
      [{ walkCount: '0' }, /^--walk-count: "0" is not a whole number between 1 and 10000/],
    ] as const) {
      expect(() => loadSettings(flags)).toThrow(ConfigError);
      expect(() => loadSettings(flags)).toThrow(message);
    }
  });

  it('--walk projects pages of the size returned at the mean page latency, in hours and minutes', () => {
    expect(project([900, 1060], 100, 100)).toEqual({
      accounts: 250_000,
      pageSize: 100,
      pageSizeAssumed: false,
      pages: 2500,
      msPerPage: 980,
      ms: 2_450_000,
    });
    expect(project([12], 30, 100)).toMatchObject({ pageSize: 100, pageSizeAssumed: true, pages: 2500 });
    expect(project([], undefined, 100)).toBeNull();
    expect([
      hoursAndMinutes(2_450_000),
      hoursAndMinutes(12 * 3_600_000 + 5 * 60_000),
      hoursAndMinutes(3 * 3_600_000),
      hoursAndMinutes(4_000),
    ]).toEqual(['41 min', '12 h 5 min', '3 h', '4 s']);
  });

  it('reach the command: a bad value rejects with the ConfigError before anything is sent', async () => {
    const command = loadCommand();
    await expect(command.parseAsync(['--users', 'lots'], { from: 'user' })).rejects.toThrow(/^--users: "lots"/);
  });
});
