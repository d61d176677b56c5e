// `profile discover`: a profile from the target's /Schemas and /ResourceTypes, here the reference server's.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { ConfigError } from '../src/cli/config.ts';
import { profileCommand, runDiscover } from '../src/cli/profile-commands.ts';
import type { AttributeMapping, Profile } from '../src/generated/index.ts';
import { matchingAttributes } from '../src/kit/profile-attributes.ts';
import { checkAttributeNames, loadProfile, ProfileError } from '../src/profiles/load-profile.ts';
import { validateAgainst } from '../src/kit/schema-validator.ts';
import { profileFromDiscovery } from '../src/profiles/profile-from-discovery.ts';
import { tempDir } from './support/cli.ts';

const TOKEN = 'discover-token-1234';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function attribute(profile: Profile, path: string, kind: 'users' | 'groups' = 'users'): AttributeMapping {
  const found = profile[kind]?.attributes.find((a) => a.path === path);
  if (!found) throw new Error(`${kind} has no ${path}: ${profile[kind]?.attributes.map((a) => a.path).join(', ')}`);
  return found;
}

describe('profile discover against the reference server', () => {
  let server: ReferenceServer;
  let profile: Profile;
  let path: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    server = await startReferenceServer({ auth: { mode: 'bearer', token: TOKEN } });
    const dir = await tempDir();
    const written = await runDiscover(
      { baseUrl: server.baseUrl, token: TOKEN, out: join(dir, 'discovered.json') },
      {},
      { warn: (m) => warnings.push(m) },
    );
    path = written.path;
    profile = loadProfile(path).profile;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('writes a profile that validates and loads with --profile', () => {
    expect(validateAgainst('Profile', profile).valid).toBe(true);
    expect(profile).toMatchObject({ name: '127-0-0-1', basePathHint: '/scim/v2', auth: 'bearer' });
    expect(profile.source).toContain(server.baseUrl);
  });

  it('matches users on userName, precedence 1, case-insensitively', () => {
    expect(matchingAttributes(profile.users).map((a) => a.path)).toEqual(['userName']);
    expect(attribute(profile, 'userName')).toMatchObject({
      type: 'string',
      required: true,
      matching: 1,
      caseExact: false,
      generator: 'upn',
    });
  });

  it('flattens complex attributes the way Entra writes paths', () => {
    expect(attribute(profile, 'name.givenName')).toMatchObject({ type: 'string', generator: 'givenName', source: 'givenName' });
    expect(attribute(profile, 'emails[type eq "work"].value')).toMatchObject({ type: 'string', generator: 'email', source: 'mail' });
    expect(attribute(profile, 'addresses[type eq "work"].locality')).toMatchObject({ generator: 'locality' });
    expect(attribute(profile, 'active')).toMatchObject({ type: 'boolean', generator: 'boolean' });
  });

  it('maps the enterprise extension, with manager a reference sent only after create', () => {
    expect(profile.users.schemas).toEqual([CORE_USER, ENTERPRISE]);
    expect(attribute(profile, `${ENTERPRISE}:department`)).toMatchObject({ type: 'string', source: 'department' });
    expect(attribute(profile, `${ENTERPRISE}:employeeNumber`)).toMatchObject({ generator: 'digits' });
    expect(attribute(profile, `${ENTERPRISE}:manager`)).toMatchObject({ type: 'reference', onCreate: false });
  });

  it('leaves out what a client does not write, and says what it left out that it could', () => {
    const paths = profile.users.attributes.map((a) => a.path.toLowerCase());
    for (const never of ['id', 'meta', 'password', 'groups'])
      expect(paths.some((p) => p === never || p.startsWith(`${never}.`) || p.startsWith(`${never}[`))).toBe(false);
    expect(paths).not.toContain(`${ENTERPRISE}:manager.displayname`.toLowerCase());
    expect(warnings.join('\n')).toMatch(/users: left out .*profileUrl \(a URI reference/);
  });

  it('provisions groups matched on displayName, with externalId', () => {
    expect(profile.groups?.enabled).toBe(true);
    expect(matchingAttributes(profile.groups).map((a) => a.path)).toEqual(['displayName']);
    expect(attribute(profile, 'displayName', 'groups')).toMatchObject({ matching: 1, required: true, caseExact: false });
    expect(attribute(profile, 'externalId', 'groups')).toMatchObject({ caseExact: true, generator: 'guid' });
  });

  it('runs as a command with the same connection flags as a run', async () => {
    const file = join(await tempDir(), 'cmd.json');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await profileCommand().parseAsync([
        'node',
        'x',
        'discover',
        '--base-url',
        server.baseUrl,
        '--token',
        TOKEN,
        '--out',
        file,
        '--name',
        'reference',
      ]);
      expect(write).toHaveBeenCalledWith(expect.stringContaining(`run the suite with --profile ${file}`));
    } finally {
      write.mockRestore();
      warn.mockRestore();
    }
    expect(loadProfile(file).profile.name).toBe('reference');
  });

  it('fails on a wrong token, naming /Schemas and never the token', async () => {
    const error = await runDiscover(
      { baseUrl: server.baseUrl, token: 'wrong-token-5678', out: join(await tempDir(), 'x.json') },
      {},
      { warn: () => {} },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as Error).message).toMatch(/GET \/Schemas: status 401; discover builds the profile from GET \/Schemas/);
    expect((error as Error).message).not.toContain('wrong-token-5678');
  });
});

describe('profile discover without a target', () => {
  it('asks for SCIM_BASE_URL', async () => {
    const attempt = runDiscover({}, {});
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/SCIM_BASE_URL \/ --base-url: no Tenant URL is set/);
  });

  it('reads SCIM_BASE_URL and SCIM_TOKEN from the environment, as a run does', async () => {
    await expect(runDiscover({}, { SCIM_BASE_URL: 'https://scim.example.test/scim/v2' })).rejects.toThrow(
      /SCIM_TOKEN \/ --token: no secret token is set/,
    );
  });
});

describe('profileFromDiscovery on other servers', () => {
  const CUSTOM = 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User';
  const attr = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    type: 'string',
    multiValued: false,
    mutability: 'readWrite',
    ...extra,
  });
  const schemas = [
    {
      id: CORE_USER,
      attributes: [
        attr('id', { mutability: 'readOnly' }),
        attr('userName', { required: true, caseExact: true }),
        attr('displayName', { mutability: 'readOnly' }),
        attr('active', { type: 'boolean' }),
        // No canonical types: Entra's own default is "work".
        attr('emails', {
          type: 'complex',
          multiValued: true,
          subAttributes: [attr('value'), attr('type'), attr('primary', { type: 'boolean' })],
        }),
        attr('phoneNumbers', {
          type: 'complex',
          multiValued: true,
          subAttributes: [attr('value'), attr('type', { canonicalValues: ['mobile', 'work'] })],
        }),
        attr('tags', { multiValued: true }),
        attr('badges', { type: 'complex', multiValued: true, subAttributes: [attr('value')] }),
        // A vendor's own attribute put in the core schema: no profile may name it (RFC 7643 does not define it).
        attr('costCenterCode'),
      ],
    },
    {
      id: CUSTOM,
      attributes: [
        attr('badgeNumber'),
        attr('level', { type: 'integer' }),
        attr('sponsor', { type: 'complex', subAttributes: [attr('value'), attr('$ref', { type: 'reference' })] }),
      ],
    },
  ];
  const resourceTypes = [
    { id: 'User', name: 'User', endpoint: '/Users', schema: CORE_USER, schemaExtensions: [{ schema: CUSTOM, required: false }] },
  ];

  it('flattens writable attributes, using the first canonical type or "work"', () => {
    const warnings: string[] = [];
    const profile = profileFromDiscovery(schemas, resourceTypes, { name: 'contoso', warn: (m) => warnings.push(m) });
    expect(profile.users.attributes.map((a) => a.path)).toEqual([
      'userName',
      'active',
      'emails[type eq "work"].value',
      'phoneNumbers[type eq "mobile"].value',
      `${CUSTOM}:badgeNumber`,
      `${CUSTOM}:level`,
      `${CUSTOM}:sponsor`,
    ]);
    expect(attribute(profile, 'userName')).toMatchObject({ matching: 1, caseExact: false });
    expect(attribute(profile, `${CUSTOM}:level`)).toMatchObject({ type: 'integer', generator: 'digits' });
    expect(attribute(profile, `${CUSTOM}:sponsor`)).toMatchObject({ type: 'reference' });
    expect(profile.users.schemas).toEqual([CORE_USER, CUSTOM]);
    expect(warnings.join('\n')).toMatch(/tags \(a multi-valued simple attribute.*badges \(multi-valued without a type sub-attribute/);
    expect(warnings.join('\n')).toMatch(/no Group resource type; the profile provisions no groups/);
    expect(warnings.join('\n')).toMatch(
      /left out costCenterCode: the target's core User schema lists it, but RFC 7643 does not define it; .*extension schema/,
    );
    expect(() => checkAttributeNames(profile, 'discovered.json')).not.toThrow();
    expect(profile.groups).toBeUndefined();
    expect(validateAgainst('Profile', profile).valid).toBe(true);
  });

  it('falls back to the core schemas when /ResourceTypes gave nothing', () => {
    const withGroup = [...schemas, { id: 'urn:ietf:params:scim:schemas:core:2.0:Group', attributes: [attr('displayName')] }];
    const profile = profileFromDiscovery(withGroup, [], { warn: () => {} });
    expect(profile.users.attributes.map((a) => a.path)).not.toContain(`${CUSTOM}:badgeNumber`);
    expect(profile.groups?.enabled).toBe(true);
    expect(profile.name).toBe('discovered');
  });

  it('fails, saying why, without a core User schema or a userName', () => {
    expect(() => profileFromDiscovery([], resourceTypes)).toThrow(
      /GET \/Schemas has no urn:ietf:params:scim:schemas:core:2\.0:User schema/,
    );
    const noUserName = [{ id: CORE_USER, attributes: [attr('displayName')] }];
    expect(() => profileFromDiscovery(noUserName, resourceTypes)).toThrow(/lists no writable userName/);
  });
});
