// `profile import`: Entra's exported provisioning schema becomes a profile the suite runs with.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { profileCommand, runImport } from '../src/cli/profile-commands.ts';
import type { AttributeMapping, Profile } from '../src/generated/index.ts';
import { matchingAttributes } from '../src/kit/profile-attributes.ts';
import { loadProfile, ProfileError } from '../src/profiles/load-profile.ts';
import { validateAgainst } from '../src/kit/schema-validator.ts';
import { chooseGenerator } from '../src/profiles/attribute-generator.ts';
import { profileType } from '../src/profiles/entra-attribute-definitions.ts';
import { importEntraSchema } from '../src/profiles/import-entra-schema.ts';
import { tempDir } from './support/cli.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/entra-schema-export.json', import.meta.url));
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const MANAGER = `${ENTERPRISE}:manager`;

type Json = Record<string, any>;

function exportJson(): Json {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Json;
}

function objectMapping(schema: Json, sourceObjectName: string): Json {
  return schema.synchronizationRules[0].objectMappings.find((m: Json) => m.sourceObjectName === sourceObjectName);
}

function attribute(profile: Profile, path: string, kind: 'users' | 'groups' = 'users'): AttributeMapping {
  const found = profile[kind]?.attributes.find((a) => a.path === path);
  if (!found) throw new Error(`${kind} has no ${path}: ${profile[kind]?.attributes.map((a) => a.path).join(', ')}`);
  return found;
}

function provisionsGroups(profile: Profile): boolean {
  return profile.groups !== undefined && profile.groups.enabled !== false;
}

/** Adds a field no Entra version has (yet) to every object, at every depth. */
function withUnknownFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnknownFields);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = { futureField: { nested: [1, 'two', null] }, '@odata.type': '#microsoft.graph.somethingNew' };
  for (const [key, inner] of Object.entries(value)) out[key] = withUnknownFields(inner);
  return out;
}

describe('importEntraSchema on an export of the default mapping', () => {
  const warnings: string[] = [];
  const profile = importEntraSchema(exportJson(), { source: FIXTURE, warn: (m) => warnings.push(m) });

  it('makes a profile that validates against the profile schema, with nothing left out', () => {
    expect(validateAgainst('Profile', profile)).toEqual({ valid: true, errors: [] });
    expect(warnings).toEqual([]);
  });

  it('matches users on userName only, precedence 1, case-insensitively', () => {
    expect(matchingAttributes(profile.users).map((a) => a.path)).toEqual(['userName']);
    expect(attribute(profile, 'userName')).toMatchObject({
      source: 'userPrincipalName',
      matching: 1,
      required: true,
      caseExact: false,
      generator: 'upn',
    });
  });

  it('keeps the constant, with its flowType as updatable', () => {
    expect(attribute(profile, 'userType')).toMatchObject({
      type: 'string',
      mapping: 'constant',
      constant: 'Employee',
      generator: 'constant',
      updatable: false,
    });
  });

  it('keeps the expressions for active and name.formatted', () => {
    expect(attribute(profile, 'active')).toMatchObject({
      type: 'boolean',
      mapping: 'expression',
      expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      generator: 'boolean',
    });
    expect(attribute(profile, 'name.formatted')).toMatchObject({
      mapping: 'expression',
      expression: 'Join(" ", [givenName], [surname])',
      generator: 'formatted',
    });
  });

  it('maps the enterprise attributes, with manager a reference sent only after create', () => {
    expect(profile.users.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE]);
    expect(attribute(profile, `${ENTERPRISE}:employeeNumber`)).toMatchObject({ source: 'employeeId', generator: 'digits' });
    expect(attribute(profile, `${ENTERPRISE}:department`)).toMatchObject({ source: 'department', type: 'string' });
    const manager = attribute(profile, MANAGER);
    expect(manager).toMatchObject({ type: 'reference', source: 'manager', onCreate: false });
    expect(manager.generator).toBeUndefined();
  });

  it('reproduces the bundled entra profile, which transcribes the same default mapping', () => {
    const { profile: bundled } = loadProfile('entra');
    const essentials = (a: AttributeMapping) => ({
      path: a.path,
      type: a.type,
      source: a.source,
      mapping: a.mapping ?? 'direct',
      expression: a.expression,
      matching: a.matching,
      generator: a.generator,
      onCreate: a.onCreate ?? true,
    });
    const imported = new Map(profile.users.attributes.map((a) => [a.path, essentials(a)]));
    for (const expected of bundled.users.attributes) expect(imported.get(expected.path)).toEqual(essentials(expected));
    for (const expected of bundled.groups!.attributes)
      expect(essentials(attribute(profile, expected.path, 'groups'))).toEqual(essentials(expected));
  });

  it('provisions groups matched on displayName, with externalId from objectId and members left to the membership checks', () => {
    expect(provisionsGroups(profile)).toBe(true);
    expect(matchingAttributes(profile.groups).map((a) => a.path)).toEqual(['displayName']);
    expect(attribute(profile, 'displayName', 'groups')).toMatchObject({ matching: 1, required: true, generator: 'displayName' });
    expect(attribute(profile, 'externalId', 'groups')).toMatchObject({ source: 'objectId', caseExact: true, generator: 'guid' });
    expect(profile.groups!.attributes.map((a) => a.path)).not.toContain('members');
    expect(profile.groups!.schemas).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
    ]);
  });

  it('names the profile after the export id and says where it came from', () => {
    expect(profile.name).toBe('scim-4f1a9c7e2b3d4e5fa6b7c8d9e0f1a2b3');
    expect(profile.source).toContain('entra-schema-export.json');
    expect(profile.source).toContain('Microsoft Entra ID to SCIM');
    expect(profile.$schema).toBeUndefined();
  });
});

describe('importEntraSchema on variations of the export', () => {
  const baseline = importEntraSchema(exportJson());

  it('ignores unknown fields everywhere', () => {
    expect(importEntraSchema(withUnknownFields(exportJson()))).toEqual(baseline);
  });

  it('gives no groups when the group mapping is disabled', () => {
    const schema = exportJson();
    objectMapping(schema, 'Group').enabled = false;
    const profile = importEntraSchema(schema);
    expect(provisionsGroups(profile)).toBe(false);
    expect(validateAgainst('Profile', profile).valid).toBe(true);
  });

  it('gives no groups when there is no group mapping', () => {
    const schema = exportJson();
    const rule = schema.synchronizationRules[0];
    rule.objectMappings = rule.objectMappings.filter((m: Json) => m.sourceObjectName !== 'Group');
    expect(importEntraSchema(schema).groups).toBeUndefined();
  });

  it('reads only the first synchronization rule', () => {
    const schema = exportJson();
    const second = structuredClone(schema.synchronizationRules[0]);
    second.objectMappings.find((m: Json) => m.sourceObjectName === 'User').attributeMappings[0].targetAttributeName = 'nickName';
    schema.synchronizationRules.push(second);
    expect(importEntraSchema(schema)).toEqual(baseline);
  });

  it('accepts a Graph synchronization template, which wraps the schema', () => {
    expect(importEntraSchema({ id: 'scim', schema: exportJson() })).toEqual(baseline);
  });

  it('finds the target object by the last segment of its URN and attributes in any letter case', () => {
    const schema = exportJson();
    const target = schema.directories.find((d: Json) => d.name === 'customappsso');
    const userObject = target.objects.find((o: Json) => o.name === ENTERPRISE);
    userObject.name = 'User';
    userObject.attributes.find((a: Json) => a.name === 'userName').name = 'USERNAME';
    const warnings: string[] = [];
    const profile = importEntraSchema(schema, { warn: (m) => warnings.push(m) });
    expect(attribute(profile, 'userName')).toMatchObject({ required: true, caseExact: false });
    expect(warnings).toEqual([]);
  });

  it('takes types, required and caseExact from the target directory, and says so when it has none', () => {
    const schema = exportJson();
    const target = schema.directories.find((d: Json) => d.name === 'customappsso');
    const userObject = target.objects.find((o: Json) => o.name === ENTERPRISE);
    userObject.attributes.find((a: Json) => a.name === 'displayName').caseExact = true;
    expect(attribute(importEntraSchema(schema), 'displayName').caseExact).toBe(true);

    schema.directories = schema.directories.filter((d: Json) => d !== target);
    const warnings: string[] = [];
    const profile = importEntraSchema(schema, { warn: (m) => warnings.push(m) });
    expect(warnings.join('\n')).toMatch(
      /define no urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User; attribute types fall back to string/,
    );
    // RFC 7643 still fixes these, with or without the directory.
    expect(attribute(profile, 'active').type).toBe('boolean');
    expect(attribute(profile, MANAGER).type).toBe('reference');
    expect(attribute(profile, 'userName').caseExact).toBe(false);
    expect(attribute(profile, 'externalId').caseExact).toBe(true);
  });

  it('maps each Entra attribute type', () => {
    expect(['String', 'Boolean', 'Reference', 'Integer', 'DateTime', 'Binary', 'Decimal', undefined].map(profileType)).toEqual([
      'string',
      'boolean',
      'reference',
      'integer',
      'dateTime',
      'string',
      'string',
      'string',
    ]);
  });

  it('reads a constant from a Value parameter or from defaultValue with no source', () => {
    const schema = exportJson();
    const mappings = objectMapping(schema, 'User').attributeMappings as Json[];
    mappings.push(
      {
        targetAttributeName: `${ENTERPRISE}:organization`,
        matchingPriority: 0,
        source: {
          type: 'Constant',
          name: 'Constant',
          parameters: [{ key: 'Value', value: { type: 'Constant', name: 'Contoso', expression: '"Contoso"' } }],
        },
      },
      { targetAttributeName: `${ENTERPRISE}:costCenter`, matchingPriority: 0, defaultValue: 'CC-100', source: null },
    );
    const profile = importEntraSchema(schema);
    expect(attribute(profile, `${ENTERPRISE}:organization`)).toMatchObject({
      mapping: 'constant',
      constant: 'Contoso',
      generator: 'constant',
    });
    expect(attribute(profile, `${ENTERPRISE}:costCenter`)).toMatchObject({
      mapping: 'constant',
      constant: 'CC-100',
      generator: 'constant',
    });
  });

  it('adds any other extension URN a mapping uses to the users schemas', () => {
    const schema = exportJson();
    const custom = 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User';
    objectMapping(schema, 'User').attributeMappings.push({
      targetAttributeName: `${custom}:badgeNumber`,
      matchingPriority: 0,
      source: { type: 'Attribute', name: 'extensionAttribute1', expression: '[extensionAttribute1]', parameters: [] },
    });
    expect(importEntraSchema(schema).users.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, custom]);
  });

  it('leaves out, with a warning, a mapping whose target path the suite cannot address', () => {
    const schema = exportJson();
    objectMapping(schema, 'User').attributeMappings.push({
      targetAttributeName: 'not a path!',
      source: { type: 'Attribute', name: 'mail' },
    });
    const warnings: string[] = [];
    const profile = importEntraSchema(schema, { warn: (m) => warnings.push(m) });
    expect(profile.users.attributes.map((a) => a.path)).not.toContain('not a path!');
    expect(warnings).toEqual([expect.stringMatching(/^users: left out "not a path!": unsupported attribute path/)]);
  });

  it('uses a valid --name and rejects an invalid one with a suggestion', () => {
    expect(importEntraSchema(exportJson(), { name: 'contoso-hr' }).name).toBe('contoso-hr');
    expect(() => importEntraSchema(exportJson(), { name: 'Contoso HR' })).toThrow(
      /--name: "Contoso HR" is not a profile name.*e\.g\. contoso-hr/,
    );
  });
});

describe('importEntraSchema on something that is not an export', () => {
  it.each([
    [
      'an object without synchronizationRules',
      { id: 'x', directories: [] },
      /not-an-export\.json: \/synchronizationRules is missing or empty.*Review your schema > Download/,
    ],
    ['an array', [1, 2], /not-an-export\.json: not an Entra provisioning schema/],
    [
      'a rule without object mappings',
      { synchronizationRules: [{ id: 'r' }] },
      /\/synchronizationRules\/0\/objectMappings is missing or empty/,
    ],
    [
      'a first rule without a User mapping',
      { synchronizationRules: [{ objectMappings: [{ sourceObjectName: 'Group', attributeMappings: [] }] }] },
      /\/synchronizationRules\/0\/objectMappings has no mapping with sourceObjectName "User" \(found: Group\)/,
    ],
    [
      'a user mapping with nothing matching',
      {
        synchronizationRules: [
          {
            objectMappings: [
              {
                sourceObjectName: 'User',
                attributeMappings: [{ targetAttributeName: 'userName', source: { type: 'Attribute', name: 'mail' } }],
              },
            ],
          },
        ],
      },
      /\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings: no mapping has matchingPriority above 0/,
    ],
  ])('fails on %s, naming the file and the missing field', (_name, json, message) => {
    const attempt = () => importEntraSchema(json, { source: 'not-an-export.json' });
    expect(attempt).toThrow(ProfileError);
    expect(attempt).toThrow(message);
  });
});

describe('chooseGenerator, shared by import and discover', () => {
  it.each([
    [{ path: 'userName', type: 'string', source: 'userPrincipalName' }, 'upn'],
    [{ path: 'userName', type: 'string', source: 'mobile' }, 'phoneDigits'],
    [{ path: 'userName', type: 'string', source: 'telephoneNumber' }, 'phoneDigits'],
    [{ path: 'userName', type: 'string', source: 'mail' }, 'email'],
    [{ path: 'userName', type: 'string' }, 'upn'],
    [{ path: 'emails[type eq "work"].value', type: 'string', source: 'userPrincipalName' }, 'email'],
    [{ path: 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User:contact', type: 'string', source: 'mail' }, 'email'],
    [{ path: 'name.familyName', type: 'string' }, 'familyName'],
    [{ path: 'phoneNumbers[type eq "mobile"].value', type: 'string', source: 'mobile' }, 'phone'],
    [{ path: 'externalId', type: 'string', source: 'objectId' }, 'guid'],
    [{ path: 'externalId', type: 'string', source: 'mailNickname' }, 'text'],
    [{ path: 'addresses[type eq "work"].region', type: 'string', source: 'state' }, 'region'],
    [{ path: 'nickName', type: 'string', mapping: 'constant' }, 'constant'],
    [{ path: 'active', type: 'boolean', mapping: 'expression' }, 'boolean'],
    [{ path: 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User:level', type: 'integer' }, 'digits'],
    [{ path: MANAGER, type: 'reference', source: 'manager' }, undefined],
  ] as const)('%j -> %s', (input, expected) => {
    expect(chooseGenerator(input)).toBe(expected);
  });
});

describe('profile import command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes a profile that --profile loads, prints where and how, and never overwrites without --force', async () => {
    const dir = await tempDir();
    const file = join(dir, 'x.json');
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    await profileCommand().parseAsync(['node', 'x', 'import', FIXTURE, '--out', file]);
    expect(printed.filter((chunk) => chunk.startsWith('Wrote profile'))).toEqual([
      `Wrote profile "scim-4f1a9c7e2b3d4e5fa6b7c8d9e0f1a2b3" (23 user attributes, 2 group attributes) to ${file}; run the suite with --profile ${file}\n`,
    ]);
    const { profile } = loadProfile(file);
    expect(profile.users.attributes.find((a) => a.path === 'userName')?.matching).toBe(1);

    await expect(profileCommand().parseAsync(['node', 'x', 'import', FIXTURE, '--out', file, '--name', 'other'])).rejects.toThrow(
      /x\.json already exists; pass --force/,
    );
    expect(loadProfile(file).profile.name).not.toBe('other');
    await profileCommand().parseAsync(['node', 'x', 'import', FIXTURE, '--out', file, '--name', 'other', '--force']);
    expect(loadProfile(file).profile.name).toBe('other');
  });

  it('writes ./<name>.profile.json in the working directory by default', async () => {
    const dir = await tempDir();
    const written = await runImport(FIXTURE, { name: 'contoso' }, { cwd: dir });
    expect(written.path).toBe(join(dir, 'contoso.profile.json'));
    expect(written.message).toMatch(/to \.[/\\]contoso\.profile\.json; run the suite with --profile \.[/\\]contoso\.profile\.json$/);
    expect(JSON.parse(await readFile(written.path, 'utf8'))).toEqual(importEntraSchema(exportJson(), { name: 'contoso', source: FIXTURE }));
  });

  it('falls back to the file name when the export has no id', async () => {
    const dir = await tempDir();
    const schema = exportJson();
    delete schema.id;
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'Contoso HR schema.json'), JSON.stringify(schema));
    const written = await runImport(join('in', 'Contoso HR schema.json'), {}, { cwd: dir });
    expect(written.path).toBe(join(dir, 'contoso-hr-schema.profile.json'));
  });

  it('names the file when it is not JSON or not there', async () => {
    const dir = await tempDir();
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"synchronizationRules": [');
    await expect(runImport(file, {}, { cwd: dir })).rejects.toThrow(`${file}: not JSON (`);
    await expect(runImport(file, {}, { cwd: dir })).rejects.toThrow(/Review your schema > Download/);
    await expect(runImport(join(dir, 'missing.json'), {}, { cwd: dir })).rejects.toThrow(ProfileError);
    expect(existsSync(join(dir, 'entra-import.profile.json'))).toBe(false);
  });
});
