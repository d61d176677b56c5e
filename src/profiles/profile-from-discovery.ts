// `profile discover`: a profile from what the target says it supports (/Schemas and /ResourceTypes), for a
// vendor who has no Entra export yet. Where Entra's default mapping feeds a path, its source is kept, so the
// profile shows what Entra would send there.
import type { AttributeMapping, Profile, ResourceMapping } from '../generated/index.ts';
import { ProfileError, unknownName } from './load-profile.ts';
import { assembleMapping, type MappingKind } from './assemble-mapping.ts';
import { list, sameName, text } from './json-reading.ts';
import { profileName } from './profile-names.ts';
import { ADSCIM_GROUP, CORE_GROUP, CORE_USER, ENTERPRISE_USER, sameUrn, schemasFor } from './resource-schemas.ts';
import { type DiscoveredPath, schemaAttributePaths } from './schema-attribute-paths.ts';

export interface DiscoveryOptions {
  name?: string;
  /** Where the documents came from (the Tenant URL), named in the profile's title and source. */
  source?: string;
  basePathHint?: string;
  auth?: Profile['auth'];
  /** Entra's default mapping (profiles/entra.json): sources and expressions for the paths it shares with the target. */
  entraDefaults?: Profile;
  warn?: (message: string) => void;
}

const FIX = 'serve the discovery endpoints of RFC 7644 section 4, or write the profile by hand starting from profiles/entra.json';

function resourceType(resourceTypes: unknown[], name: string, endpoint: string): unknown {
  return resourceTypes.find(
    (t) => sameName(text(t, 'name'), name) || sameName(text(t, 'id'), name) || sameName(text(t, 'endpoint'), endpoint),
  );
}

function schemaById(schemas: unknown[], urn: string): unknown {
  return schemas.find((s) => sameUrn(text(s, 'id') ?? '', urn));
}

function entraSide(path: string, defaults: ResourceMapping | undefined): MappingKind {
  const known = defaults?.attributes.find((a) => sameName(a.path, path));
  if (known === undefined) return {};
  return { source: known.source, mapping: known.mapping, expression: known.expression, constant: known.constant };
}

function toMapping(discovered: DiscoveredPath, defaults: ResourceMapping | undefined, matching?: number): AttributeMapping {
  return assembleMapping({ ...discovered, kind: entraSide(discovered.path, defaults), matching });
}

function userPaths(schemas: unknown[], resourceTypes: unknown[], warn: (m: string) => void): DiscoveredPath[] {
  const userType = resourceType(resourceTypes, 'User', '/Users');
  const coreUrn = text(userType, 'schema') ?? CORE_USER;
  let extensions = list(userType, 'schemaExtensions')
    .map((e) => text(e, 'schema'))
    .filter((u): u is string => u !== undefined);
  if (userType === undefined) {
    warn(
      `GET /ResourceTypes lists no User resource type; assumed ${CORE_USER}${schemaById(schemas, ENTERPRISE_USER) ? ' with the enterprise extension' : ''}`,
    );
    extensions = schemaById(schemas, ENTERPRISE_USER) ? [ENTERPRISE_USER] : [];
  }
  const core = schemaById(schemas, coreUrn);
  if (core === undefined)
    throw new ProfileError(`GET /Schemas has no ${coreUrn} schema, which discover builds the user attributes from; ${FIX}`);

  const found = schemaAttributePaths(core);
  const paths = [...found.paths];
  const leftOut = [...found.leftOut];
  for (const urn of extensions) {
    const extension = schemaById(schemas, urn);
    if (extension === undefined) {
      warn(`GET /ResourceTypes names the extension ${urn}, but GET /Schemas does not describe it; its attributes are left out`);
      continue;
    }
    const more = schemaAttributePaths(extension, text(extension, 'id') ?? urn);
    paths.push(...more.paths);
    leftOut.push(...more.leftOut);
  }
  if (leftOut.length > 0) warn(`users: left out ${leftOut.join('; ')}`);
  return paths;
}

export function profileFromDiscovery(schemas: unknown[], resourceTypes: unknown[], options: DiscoveryOptions = {}): Profile {
  const warn = options.warn ?? (() => {});
  const paths = userPaths(schemas, resourceTypes, warn);
  if (!paths.some((p) => sameName(p.path, 'userName'))) {
    throw new ProfileError(
      `the core User schema in GET /Schemas lists no writable userName, the attribute Entra matches users on by default; ${FIX}`,
    );
  }
  const defaults = options.entraDefaults;
  // A profile names only what RFC 7643 defines, or what sits under an extension URN: an attribute a vendor added to
  // the core schema itself would be refused when the profile loads, so it is left out here, saying why.
  const declared = schemasFor(
    [CORE_USER],
    paths.map((p) => p.path),
  );
  const outside = paths.filter((p) => unknownName('User', declared, p.path) !== undefined);
  if (outside.length > 0) {
    warn(
      `users: left out ${outside.map((p) => p.path).join(', ')}: the target's core User schema lists ${outside.length === 1 ? 'it' : 'them'}, ` +
        'but RFC 7643 does not define ' +
        (outside.length === 1 ? 'it' : 'them') +
        '; a vendor attribute belongs in an extension schema (RFC 7643 section 3.3), ' +
        'where Entra and the profile can name it by its URN',
    );
  }
  const attributes = paths
    .filter((p) => !outside.includes(p))
    .map((p) =>
      // RFC 7643 defines userName case-insensitive; a schema that says otherwise is what the filter checks are for.
      sameName(p.path, 'userName')
        ? toMapping({ ...p, required: true, caseExact: false }, defaults?.users, 1)
        : toMapping(p, defaults?.users),
    );

  const where = options.source ?? 'the target';
  const profile: Profile = {
    name: profileName(options.name, [hostOf(options.source)], 'discovered'),
    title: `Discovered from ${where}`,
    source: `GET /Schemas and /ResourceTypes of ${where}, converted by scim-conformance profile discover; sources and expressions where Entra's default mapping feeds the same path.`,
    ...(options.basePathHint ? { basePathHint: options.basePathHint } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    users: {
      schemas: schemasFor(
        [CORE_USER],
        attributes.map((a) => a.path),
      ),
      attributes,
    },
  };

  // Without any resource types (GET /ResourceTypes failed) a Group schema is the only sign of group support.
  const groupSupport = resourceTypes.length === 0 ? schemaById(schemas, CORE_GROUP) : resourceType(resourceTypes, 'Group', '/Groups');
  if (groupSupport !== undefined) {
    // Entra sends exactly these on a group create; members have their own checks.
    const groupAttributes = [
      toMapping({ path: 'displayName', type: 'string', required: true, caseExact: false }, defaults?.groups, 1),
      toMapping({ path: 'externalId', type: 'string', required: false }, defaults?.groups),
    ];
    profile.groups = { enabled: true, schemas: schemasFor([CORE_GROUP, ADSCIM_GROUP], []), attributes: groupAttributes };
  } else {
    warn('the target lists no Group resource type; the profile provisions no groups');
  }
  return profile;
}

function hostOf(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  try {
    return new URL(source).hostname;
  } catch {
    return undefined;
  }
}
