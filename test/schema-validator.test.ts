import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Group,
  ListResponse,
  PatchOp,
  ResourceType,
  ScimError,
  ScimSchema,
  ServiceProviderConfig,
  User,
} from '../src/generated/index.ts';
import { validateAgainst, type SchemaName } from '../src/kit/schema-validator.ts';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const BASE = 'https://app.example.test/scim/v2';

// Typed with the generated types, so these fixtures also prove the types accept what servers return.
const user: User = {
  schemas: [USER_URN, ENTERPRISE_URN],
  id: '5f0c7a4e-2b1d-4c3e-9a8f-61d2e7b0c911',
  externalId: 'mtorres',
  userName: 'mara.torres@contoso.example',
  name: { formatted: 'Mara Torres', givenName: 'Mara', familyName: 'Torres' },
  displayName: 'Mara Torres',
  title: 'Site Reliability Engineer',
  preferredLanguage: 'es-ES',
  active: true,
  emails: [{ value: 'mara.torres@contoso.example', type: 'work', primary: true }],
  phoneNumbers: [
    { value: '+34 91 555 0142', type: 'work' },
    { value: '+34 600 555 017', type: 'mobile' },
  ],
  addresses: [
    {
      type: 'work',
      formatted: 'Building 4',
      streetAddress: 'Calle de Alcalá 120',
      locality: 'Madrid',
      region: 'Madrid',
      postalCode: '28009',
      country: 'ES',
      primary: true,
    },
  ],
  groups: [{ value: 'a41e', display: 'On-call', $ref: `${BASE}/Groups/a41e`, type: 'direct' }],
  [ENTERPRISE_URN]: {
    employeeNumber: '004417',
    department: 'Platform',
    costCenter: 'CC-210',
    manager: { value: '0b9d11c2', $ref: `${BASE}/Users/0b9d11c2`, displayName: 'Iker Sáez' },
  },
  meta: {
    resourceType: 'User',
    created: '2024-03-01T09:12:44.137Z',
    lastModified: '2024-06-18T16:02:09+02:00',
    location: `${BASE}/Users/5f0c7a4e-2b1d-4c3e-9a8f-61d2e7b0c911`,
    version: 'W/"7"',
  },
};

const group: Group = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'a41e',
  displayName: 'On-call',
  externalId: 'c6a0f3de-94e1-4f55-8a9c-2f1b7d34e0aa',
  members: [{ value: user.id, $ref: `${BASE}/Users/${user.id}`, display: 'Mara Torres', type: 'User' }],
  meta: { resourceType: 'Group', location: `${BASE}/Groups/a41e` },
};

const listResponse: ListResponse = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 1,
  startIndex: 1,
  itemsPerPage: 1,
  Resources: [user],
};

const scimError: ScimError = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  status: '409',
  scimType: 'uniqueness',
  detail: 'userName mara.torres@contoso.example is taken',
};

const serviceProviderConfig: ServiceProviderConfig = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  documentationUri: 'https://docs.example.test/scim',
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 200 },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [
    {
      type: 'oauthbearertoken',
      name: 'OAuth Bearer Token',
      description: 'A long-lived token issued in the admin console',
      primary: true,
    },
  ],
  meta: { resourceType: 'ServiceProviderConfig', location: `${BASE}/ServiceProviderConfig` },
};

const resourceType: ResourceType = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_URN,
  schemaExtensions: [{ schema: ENTERPRISE_URN, required: false }],
  meta: { resourceType: 'ResourceType', location: `${BASE}/ResourceTypes/User` },
};

const schemaEntry: ScimSchema = {
  id: USER_URN,
  name: 'User',
  description: 'User Account',
  attributes: [
    {
      name: 'userName',
      type: 'string',
      multiValued: false,
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    },
    {
      name: 'emails',
      type: 'complex',
      multiValued: true,
      required: false,
      subAttributes: [
        { name: 'value', type: 'string', multiValued: false, caseExact: false },
        { name: 'type', type: 'string', multiValued: false, canonicalValues: ['work', 'home', 'other'] },
        { name: 'primary', type: 'boolean', multiValued: false },
      ],
    },
    { name: 'groups', type: 'complex', multiValued: true, mutability: 'readOnly', returned: 'default' },
    { name: 'profileUrl', type: 'reference', multiValued: false, referenceTypes: ['external'] },
  ],
  meta: { resourceType: 'Schema', location: `${BASE}/Schemas/${USER_URN}` },
};

// What Entra sends to disable a user, including its capitalised op and string boolean.
const entraPatch: PatchOp = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [
    { op: 'Replace', path: 'active', value: 'False' },
    { op: 'Add', path: 'emails[type eq "work"].value', value: 'mara@contoso.example' },
    { op: 'Remove', path: `${ENTERPRISE_URN}:manager` },
    { op: 'replace', value: { displayName: 'Mara T.' } },
  ],
};

function expectValid(name: SchemaName, data: unknown): void {
  const result = validateAgainst(name, data);
  expect(result.errors, `${name} should validate`).toEqual([]);
  expect(result.valid).toBe(true);
}

function expectError(name: SchemaName, data: unknown, message: string): void {
  const result = validateAgainst(name, data);
  expect(result.valid).toBe(false);
  expect(result.errors).toContain(message);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe('validateAgainst', () => {
  // Schemas are loaded on the first call; making that call from a foreign directory proves they are
  // found next to the module, not in the working directory.
  const cwd = process.cwd();
  beforeAll(() => process.chdir(tmpdir()));
  afterAll(() => process.chdir(cwd));

  describe('accepts', () => {
    it('a full User with the enterprise extension', () => expectValid('User', user));
    it('the enterprise extension on its own', () => expectValid('EnterpriseUser', user[ENTERPRISE_URN]));
    it('a Group', () => expectValid('Group', group));
    it('a ListResponse', () => expectValid('ListResponse', listResponse));
    it('an Error', () => expectValid('ScimError', scimError));
    it('a ServiceProviderConfig', () => expectValid('ServiceProviderConfig', serviceProviderConfig));
    it('a ResourceType', () => expectValid('ResourceType', resourceType));
    it('a /Schemas entry with sub-attributes', () => expectValid('ScimSchema', schemaEntry));
    it("Entra's PATCH body", () => expectValid('PatchOp', entraPatch));

    it('a minimal User', () => expectValid('User', { schemas: [USER_URN], id: '1', userName: 'a' }));

    it('null for unassigned attributes (RFC 7643 §2.5)', () =>
      expectValid('User', {
        ...user,
        nickName: null,
        name: { givenName: 'Mara', middleName: null },
        phoneNumbers: null,
        active: null,
        meta: null,
        [ENTERPRISE_URN]: { department: null, manager: null },
      }));

    it('attribute names in any case (RFC 7643 §2.1)', () =>
      expectValid('User', { Schemas: [USER_URN], ID: '1', UserName: 'a', EMAILS: [{ Value: 'a@b.example' }] }));

    it('attributes the schema does not define', () =>
      expectValid('User', { ...user, 'urn:example:params:scim:schemas:extension:acme:2.0:User': { badge: 7 } }));

    it('totalResults above zero without Resources (a count=0 query)', () =>
      expectValid('ListResponse', { schemas: listResponse.schemas, totalResults: 42 }));

    it('profiles/entra.json as a Profile', () => {
      const profile: unknown = JSON.parse(readFileSync(new URL('../profiles/entra.json', import.meta.url), 'utf8'));
      expectValid('Profile', profile);
    });
  });

  describe('rejects, saying where and why', () => {
    it('an Error whose status is a number', () =>
      expectError('ScimError', { ...scimError, status: 409 }, '/status must be string (got 409)'));

    it('emails as a string', () =>
      expectError('User', { ...user, emails: 'mara@contoso.example' }, '/emails must be array or null (got "mara@contoso.example")'));

    it('active as the string "False"', () =>
      expectError('User', { ...user, active: 'False' }, '/active must be boolean or null (got "False")'));

    it('a ListResponse whose totalResults is a string', () =>
      expectError('ListResponse', { ...listResponse, totalResults: '1' }, '/totalResults must be integer (got "1")'));

    it('a User without userName', () => {
      const { userName: _, ...rest } = clone(user);
      expectError('User', rest, '/userName is required');
    });

    it('a wrongly typed attribute under a differently cased name, by the name the server sent', () => {
      const { active: _, ...rest } = clone(user);
      expectError('User', { ...rest, Active: 'True' }, '/Active must be boolean or null (got "True")');
    });

    it('a nested wrong type', () => {
      const broken = clone(user) as Record<string, unknown>;
      broken[ENTERPRISE_URN] = { manager: '0b9d11c2' };
      expectError('User', broken, `/${ENTERPRISE_URN}/manager must be object or null (got "0b9d11c2")`);
    });

    it('a response missing its message schema URI', () =>
      expectError(
        'ListResponse',
        { ...listResponse, schemas: ['urn:scim:schemas:core:1.0'] },
        '/schemas must include "urn:ietf:params:scim:api:messages:2.0:ListResponse"',
      ));

    it('a PATCH op that is not add, remove or replace', () =>
      expectError(
        'PatchOp',
        { ...entraPatch, Operations: [{ op: 'Update', path: 'active', value: false }] },
        '/Operations/0/op must be add, remove or replace, in any letter case (got "Update")',
      ));

    it('a ServiceProviderConfig without the bulk limits', () =>
      expectError('ServiceProviderConfig', { ...serviceProviderConfig, bulk: { supported: false } }, '/bulk/maxOperations is required'));

    it('a schema attribute with an unknown mutability', () => {
      const broken = clone(schemaEntry);
      const first = broken.attributes[0];
      if (first) (first as Record<string, unknown>).mutability = 'readwrite';
      expectError(
        'ScimSchema',
        broken,
        '/attributes/0/mutability must be "readOnly", "readWrite", "immutable", "writeOnly" or null (got "readwrite")',
      );
    });

    it('a profile with a misspelt key', () => {
      const profile = JSON.parse(readFileSync(new URL('../profiles/entra.json', import.meta.url), 'utf8')) as Record<string, unknown>;
      expectError('Profile', { ...profile, Title: profile.title }, '/Title is not allowed here');
    });

    it('something that is not an object at all', () => expectError('Group', 'not json', '(root) must be object (got "not json")'));
  });
});

describe('leniency where the RFC is not explicit and Entra does not care', () => {
  it('accepts an enterprise extension object whose URN is missing from schemas', () => {
    const result = validateAgainst('User', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: '1',
      userName: 'a@example.com',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
    });
    expect(result).toEqual({ valid: true, errors: [] });
  });
});

describe('the validators precompiled by the build', () => {
  it('judge every sample exactly as the validators compiled at run time', async () => {
    const { mkdirSync, readdirSync, writeFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const { join } = await import('node:path');
    const { precompiledValidators } = await import('../src/build/compile-validators.ts');
    const { createAjv, schemaId, SCHEMA_NAMES } = await import('../src/kit/schema-validator.ts');
    const { ROOT } = await import('./support/cli.ts');
    // Beside node_modules, so that the generated code's require('ajv/dist/runtime/...') resolves.
    const dir = join(ROOT, 'node_modules', '.cache', 'scim-conformance-test');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `validators-${process.pid}.cjs`);
    writeFileSync(file, precompiledValidators());
    const precompiled = createRequire(import.meta.url)(file) as Record<string, (data: unknown) => boolean> &
      Record<string, { errors?: unknown }>;
    const ajv = createAjv();
    const profiles = readdirSync(join(ROOT, 'profiles')).map((f) => JSON.parse(readFileSync(join(ROOT, 'profiles', f), 'utf8')) as unknown);
    const samples: unknown[] = [
      user,
      { ...user, userName: 42 },
      { ...user, emails: 'x' },
      {},
      null,
      'text',
      [],
      ...profiles,
      { ...(profiles[0] as object), users: 'none' },
    ];
    const brief = (errors: unknown) =>
      ((errors ?? []) as Array<{ instancePath: string; keyword: string; message?: string }>).map(
        (e) => `${e.instancePath} ${e.keyword} ${e.message}`,
      );
    let judged = 0;
    for (const name of SCHEMA_NAMES) {
      const compiled = ajv.getSchema(schemaId(name))!;
      const ready = precompiled[name] as unknown as ((data: unknown) => boolean) & { errors?: unknown };
      for (const sample of samples) {
        expect(ready(sample), `${name}`).toBe(compiled(sample));
        expect(brief(ready.errors), `${name}`).toEqual(brief(compiled.errors));
        judged += 1;
      }
    }
    expect(judged).toBeGreaterThan(100);
  });
});
