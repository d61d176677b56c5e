// `profile import`: the provisioning schema Entra exports (Review your schema > Download, the same JSON as
// Graph's synchronizationSchema) as a profile, so the suite sends what that tenant's mapping sends.
import { basename, extname } from 'node:path';
import type { AttributeMapping, Profile, ResourceMapping } from '../generated/index.ts';
import { ProfileError } from './load-profile.ts';
import { convertAttributeMapping } from './entra-attribute-mapping.ts';
import { definitionsFor, hasDefinitions } from './entra-attribute-definitions.ts';
import { flag, isObject, list, sameName, text } from './json-reading.ts';
import { profileName } from './profile-names.ts';
import { ADSCIM_GROUP, CORE_GROUP, CORE_USER, schemasFor } from './resource-schemas.ts';

export interface ImportOptions {
  /** Profile name; default a slug of the export's id, else of the file name. */
  name?: string;
  /** The file the export was read from: named in errors and in the profile's own `source`. */
  source?: string;
  /** Receives one line per mapping the profile leaves out. */
  warn?: (message: string) => void;
}

export const DOWNLOAD_HINT =
  "download it from the enterprise app's Provisioning > Attribute mapping > Show advanced options > Review your schema > Download " +
  '(or GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema in Graph)';

interface Located {
  value: unknown;
  pointer: string;
}

/** Graph's synchronizationTemplate wraps the same schema in a `schema` field; accept that too. */
function schemaOf(json: unknown): Located {
  if (isObject(json) && !('synchronizationRules' in json) && isObject(json.schema) && 'synchronizationRules' in json.schema) {
    return { value: json.schema, pointer: '/schema' };
  }
  return { value: json, pointer: '' };
}

function findMapping(mappings: unknown[], pointer: string, sourceObjectName: string): Located | undefined {
  const index = mappings.findIndex((m) => sameName(text(m, 'sourceObjectName'), sourceObjectName));
  return index < 0 ? undefined : { value: mappings[index], pointer: `${pointer}/${index}` };
}

function convertAll(
  schema: unknown,
  rule: unknown,
  mapping: Located,
  label: string,
  warn: (m: string) => void,
  skip: (path: string) => boolean,
): AttributeMapping[] {
  if (!hasDefinitions(schema, rule, mapping.value)) {
    warn(
      `${label}: the export's directories define no ${text(mapping.value, 'targetObjectName') ?? 'target object'}; attribute types fall back to string (active boolean, manager reference)`,
    );
  }
  const definitions = definitionsFor(schema, rule, mapping.value);
  const attributes: AttributeMapping[] = [];
  for (const entry of list(mapping.value, 'attributeMappings')) {
    const path = text(entry, 'targetAttributeName');
    if (path !== undefined && skip(path)) continue;
    const converted = convertAttributeMapping(entry, definitions);
    if ('skipped' in converted) warn(`${label}: left out ${converted.skipped}`);
    else attributes.push(converted.attribute);
  }
  return attributes;
}

export function importEntraSchema(json: unknown, options: ImportOptions = {}): Profile {
  const where = options.source ?? 'the export';
  const warn = options.warn ?? (() => {});
  const schema = schemaOf(json);
  if (!isObject(schema.value)) {
    throw new ProfileError(
      `${where}: not an Entra provisioning schema (expected a JSON object with synchronizationRules); ${DOWNLOAD_HINT}`,
    );
  }
  const rules = list(schema.value, 'synchronizationRules');
  if (rules.length === 0) {
    throw new ProfileError(
      `${where}: ${schema.pointer}/synchronizationRules is missing or empty, so this is not an Entra provisioning schema export; ${DOWNLOAD_HINT}`,
    );
  }
  // Only the first rule, as Microsoft's gallery validation Logic App reads it.
  const rule = rules[0];
  const rulePointer = `${schema.pointer}/synchronizationRules/0`;
  const objectMappings = list(rule, 'objectMappings');
  if (objectMappings.length === 0) {
    throw new ProfileError(`${where}: ${rulePointer}/objectMappings is missing or empty; ${DOWNLOAD_HINT}`);
  }
  const users = findMapping(objectMappings, `${rulePointer}/objectMappings`, 'User');
  if (users === undefined) {
    const found = objectMappings.map((m) => text(m, 'sourceObjectName') ?? '?').join(', ');
    throw new ProfileError(
      `${where}: ${rulePointer}/objectMappings has no mapping with sourceObjectName "User" (found: ${found}); export the schema of a provisioning job that provisions users`,
    );
  }

  const userAttributes = convertAll(schema.value, rule, users, 'users', warn, () => false);
  if (userAttributes.length === 0) {
    throw new ProfileError(
      `${where}: ${users.pointer}/attributeMappings is missing or has no attribute mapping the suite can use; map at least userName in Entra and download the schema again`,
    );
  }
  if (!userAttributes.some((a) => a.matching !== undefined)) {
    throw new ProfileError(
      `${where}: ${users.pointer}/attributeMappings: no mapping has matchingPriority above 0; set "Match objects using this attribute" on userName in Entra and download the schema again`,
    );
  }
  if (flag(users.value, 'enabled') === false) warn('users: the user mapping is disabled in this export; the profile still describes it');

  const profile: Profile = {
    name: profileName(
      options.name,
      [text(schema.value, 'id'), options.source && basename(options.source, extname(options.source))],
      'entra-import',
    ),
    title: `Entra mapping imported from ${options.source ? basename(options.source) : (text(schema.value, 'id') ?? 'a provisioning schema export')}`,
    source: describeSource(schema.value, rule, options.source),
    auth: 'bearer',
    users: {
      schemas: schemasFor(
        [CORE_USER],
        userAttributes.map((a) => a.path),
      ),
      attributes: userAttributes,
    },
  };
  const groups = groupMapping(schema.value, rule, objectMappings, `${rulePointer}/objectMappings`, warn);
  if (groups !== undefined) profile.groups = groups;
  return profile;
}

function groupMapping(
  schema: unknown,
  rule: unknown,
  objectMappings: unknown[],
  pointer: string,
  warn: (m: string) => void,
): ResourceMapping | undefined {
  const groups = findMapping(objectMappings, pointer, 'Group');
  if (groups === undefined) return undefined;
  // Membership has its own checks; as an attribute it would be sent with made-up member ids.
  const isMembers = (path: string) => sameName(path, 'members');
  const attributes = convertAll(schema, rule, groups, 'groups', warn, isMembers);
  const enabled = flag(groups.value, 'enabled') !== false;
  if (attributes.length === 0) {
    if (enabled) warn('groups: the group mapping maps nothing but members; the profile provisions no groups');
    return undefined;
  }
  return {
    enabled,
    schemas: schemasFor(
      [CORE_GROUP, ADSCIM_GROUP],
      attributes.map((a) => a.path),
    ),
    attributes,
  };
}

function describeSource(schema: unknown, rule: unknown, file: string | undefined): string {
  const parts = [
    file ? `file ${basename(file)}` : undefined,
    text(schema, 'id') ? `schema ${text(schema, 'id')}` : undefined,
    text(schema, 'version') ? `version ${text(schema, 'version')}` : undefined,
    text(rule, 'name') ? `rule "${text(rule, 'name')}"` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `Entra provisioning schema export (${parts.join(', ') || 'no id'}), first synchronization rule, converted by scim-conformance profile import.`;
}
