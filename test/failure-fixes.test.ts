// Fixes that fit the failure: a list answer that is not a ListResponse at all gets the fix for what it is, and a check's own fix is
// not replaced by one chosen by dialect.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { Ownership } from '../src/cleanup/ownership.ts';
import type { PlannedCheck } from '../src/kit/check.ts';
import type { Exchange, ScimClient } from '../src/http/client.ts';
import { createContext, silentHooks } from '../src/kit/context.ts';
import { CheckFailure } from '../src/kit/failure.ts';
import { loadProfile } from '../src/profiles/load-profile.ts';
import { ValueFactory } from '../src/kit/values.ts';
import { FACTS } from '../suites/evidence/index.ts';
import { readSummary, runCli, tempDir } from './support/cli.ts';

const { profile } = loadProfile('entra');

const check: PlannedCheck = {
  id: 'test.list',
  title: 'a check reading a list',
  area: 'users',
  feature: 'pagination',
  level: 'MUST',
  evidence: [{ ...FACTS['rfc7644.3.4.2.list-response'], id: 'rfc7644.3.4.2.list-response' }],
  requires: [],
  mutates: false,
  fix: "The check's own fix.",
  covers: [],
  chain: 1,
  phase: 'main',
  clients: ['entra'],
  file: 'test',
  run: async () => undefined,
};

function exchange(text: string, type: string): Exchange {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    method: 'GET',
    url: 'https://scim.example.com/scim/v2/Users',
    requestHeaders: {},
    status: 200,
    responseHeaders: { 'content-type': type },
    responseText: text,
    ...(json === undefined ? {} : { json }),
    durationMs: 3,
  };
}

/** The failure ctx.expect.listResponse raises for this answer. */
function failureOf(answer: Exchange): CheckFailure {
  const ctx = createContext({
    check,
    client: {} as ScimClient, // nothing is sent: the exchange is given
    profile,
    discovery: { problems: [] },
    values: new ValueFactory('body-shape-test'),
    hooks: silentHooks,
    ownership: new Ownership(),
  });
  try {
    ctx.expect.listResponse(answer, 'a ListResponse');
  } catch (error) {
    if (error instanceof CheckFailure) return error;
    throw error;
  }
  throw new Error('ctx.expect.listResponse did not fail');
}

const GENERIC = /attributes with the types RFC 7643 defines/;

describe('the fix for a list answer of the wrong kind', () => {
  it('names an HTML page as not SCIM: a login page, a proxy or the wrong URL', () => {
    const failure = failureOf(
      exchange('<!DOCTYPE html><html><head><title>Sign in</title></head><body>Log in</body></html>', 'text/html; charset=utf-8'),
    );
    expect(failure.input.got).toMatch(/HTML page \("Sign in"\)/);
    expect(failure.input.fix).toMatch(/not SCIM at all.*login page.*proxy.*wrong URL/);
    expect(failure.message).not.toMatch(GENERIC);
  });

  it('tells a bare array to be wrapped in a ListResponse', () => {
    const failure = failureOf(exchange('[{"id":"1","userName":"a"},{"id":"2","userName":"b"}]', 'application/scim+json'));
    expect(failure.input.got).toMatch(/bare JSON array of 2 item/);
    expect(failure.input.fix).toMatch(/Wrap the resources in a ListResponse/);
    expect(failure.input.fix).toContain('urn:ietf:params:scim:api:messages:2.0:ListResponse');
    expect(failure.input.fix).toMatch(/totalResults.*Resources/);
    expect(failure.message).not.toMatch(GENERIC);
  });

  it('says a body that is not JSON is not JSON', () => {
    const failure = failureOf(exchange('OK user list follows', 'text/plain'));
    expect(failure.input.got).toMatch(/not JSON \(text\/plain\)/);
    expect(failure.input.fix).toMatch(/JSON body/);
    expect(failure.message).not.toMatch(GENERIC);
  });

  it('names an object without the envelope, e.g. a single resource', () => {
    const failure = failureOf(exchange('{"id":"1","userName":"a"}', 'application/scim+json'));
    expect(failure.input.got).toMatch(/without schemas, totalResults, Resources \(it looks like a single resource\)/);
    expect(failure.input.fix).toMatch(/ListResponse envelope/);
  });

  it('keeps the attribute-type fix for a ListResponse whose attributes have the wrong types', () => {
    const failure = failureOf(
      exchange(
        '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":"2","Resources":[]}',
        'application/scim+json',
      ),
    );
    expect(failure.input.fix).toMatch(GENERIC);
  });
});

describe('a run against a server answering lists with a bare array (fault list-not-listresponse)', () => {
  it('puts the wrap-it fix in summary.json, not the attribute-type one', async () => {
    const token = 'body-shape-token-0123456789';
    const server = await startReferenceServer({ faults: ['list-not-listresponse'], auth: { mode: 'bearer', token } });
    const reportDir = await tempDir();
    try {
      const result = await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir, '--only', 'users.list.pagination'], {
        env: { SCIM_TOKEN: token },
      });
      expect(result.code, result.stderr).toBe(1);
      const check = (await readSummary(reportDir)).checks.find((c) => c.id === 'users.list.pagination');
      expect(check?.status).toBe('failed');
      expect(check?.reason).toMatch(/bare JSON array/);
      expect(check?.fix).toMatch(
        /^Wrap the resources in a ListResponse: \{"schemas": \["urn:ietf:params:scim:api:messages:2\.0:ListResponse"\]/,
      );
      expect(check?.fix).not.toMatch(GENERIC);
    } finally {
      await server.close();
      await rm(reportDir, { recursive: true, force: true });
    }
  });
});

describe("the fix of users.patch.replace-missing-value-path in Entra's aadOptscim062020 dialect", () => {
  it.each(['patch-value-path-notarget', 'phone-reformatted'] as const)(
    'follows the PATCH it sent (value paths with their path), with %s',
    async (fault) => {
      const token = 'patch-fix-token-0123456789';
      const server = await startReferenceServer({ faults: [fault], auth: { mode: 'bearer', token } });
      const reportDir = await tempDir();
      try {
        const id = 'users.patch.replace-missing-value-path.aadOptscim062020';
        await runCli(['--base-url', server.baseUrl, '--report-dir', reportDir, '--only', id], { env: { SCIM_TOKEN: token } });
        const check = (await readSummary(reportDir)).checks.find((c) => c.id === id);
        expect(check?.status).toBe('warning');
        expect(check?.fix).toMatch(/value path with no matching element/);
        expect(check?.fix).not.toMatch(/path-less/);
      } finally {
        await server.close();
        await rm(reportDir, { recursive: true, force: true });
      }
    },
  );
});
