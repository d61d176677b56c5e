// The last step of every profile attribute, imported or discovered: the fields RFC 7643 and Entra fix for a
// path whatever the mapping says, the generator, and one key order so written profiles diff cleanly.
import type { AttributeMapping } from '../generated/index.ts';
import { MANAGER_PATH } from '../kit/scim-path.ts';
import { chooseGenerator, firstSourceOf } from './attribute-generator.ts';

export type MappingKind = Pick<AttributeMapping, 'mapping' | 'source' | 'expression' | 'constant'>;

export interface MappingParts {
  path: string;
  /** Undefined when nothing defines the attribute; RFC 7643's type for the path, else string, is used. */
  type?: AttributeMapping['type'];
  kind: MappingKind;
  required?: boolean;
  matching?: number;
  caseExact?: boolean;
  updatable?: boolean;
}

// RFC 7643 fixes these types; a definition that leaves them out must not turn them into strings.
const RFC_TYPES: Record<string, AttributeMapping['type']> = {
  active: 'boolean',
  [MANAGER_PATH.toLowerCase()]: 'reference',
};

// RFC 7643: userName compares case-insensitively, externalId exactly.
const RFC_CASE_EXACT: Record<string, boolean> = { username: false, externalid: true };

export function isManagerPath(path: string): boolean {
  return path.toLowerCase() === MANAGER_PATH.toLowerCase();
}

export function assembleMapping(parts: MappingParts): AttributeMapping {
  const { path, kind } = parts;
  const type = parts.type ?? RFC_TYPES[path.toLowerCase()] ?? 'string';
  const caseExact = parts.caseExact ?? RFC_CASE_EXACT[path.toLowerCase()];
  const generator = chooseGenerator({ path, type, mapping: kind.mapping, source: kind.source ?? firstSourceOf(kind.expression) });
  const attribute: AttributeMapping = { path, type };
  if (kind.source !== undefined) attribute.source = kind.source;
  if (kind.mapping !== undefined && kind.mapping !== 'direct') attribute.mapping = kind.mapping;
  if (kind.expression !== undefined) attribute.expression = kind.expression;
  if (kind.constant !== undefined) attribute.constant = kind.constant;
  if (parts.required) attribute.required = true;
  if (parts.matching !== undefined) attribute.matching = parts.matching;
  if (caseExact !== undefined) attribute.caseExact = caseExact;
  if (generator !== undefined) attribute.generator = generator;
  if (isManagerPath(path)) attribute.onCreate = false;
  if (parts.updatable === false) attribute.updatable = false;
  if (isManagerPath(path)) attribute.note = 'Entra never sends manager on create; it follows in a PATCH.';
  return attribute;
}
