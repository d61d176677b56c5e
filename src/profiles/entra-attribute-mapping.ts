// One Entra attributeMapping as a profile AttributeMapping. Entra's source kinds map one to one onto the
// profile's mapping kinds; what a mapping cannot say (type, required, caseExact) comes from the directory.
import type { AttributeMapping } from '../generated/index.ts';
import { parsePath } from '../kit/scim-path.ts';
import { assembleMapping, type MappingKind } from './assemble-mapping.ts';
import type { DefinitionLookup } from './entra-attribute-definitions.ts';
import { field, isObject, list, sameName, text } from './json-reading.ts';

export type Converted = { attribute: AttributeMapping } | { skipped: string };

function unquote(expression: string | undefined): string | undefined {
  const match = expression === undefined ? null : /^\s*"(.*)"\s*$/s.exec(expression);
  return match ? match[1] : undefined;
}

/** A constant's value: Entra keeps it in a Value parameter, in defaultValue, or as the source's own name. */
function constantValue(entry: unknown, source: unknown): string | undefined {
  const parameter = list(source, 'parameters').find((p) => sameName(text(p, 'key'), 'value'));
  const value = field(parameter, 'value');
  if (typeof value === 'string') return value;
  const fromParameter = isObject(value) ? (unquote(text(value, 'expression')) ?? text(value, 'name')) : undefined;
  const defaultValue = field(entry, 'defaultValue');
  return (
    fromParameter ??
    (typeof defaultValue === 'string' ? defaultValue : undefined) ??
    unquote(text(source, 'expression')) ??
    text(source, 'name')
  );
}

function mappingKind(entry: unknown): MappingKind | undefined {
  const source = field(entry, 'source');
  const sourceType = text(source, 'type')?.toLowerCase();
  const name = text(source, 'name');
  const expression = text(source, 'expression') ?? name;
  if (sourceType === 'attribute' && name !== undefined) return { mapping: 'direct', source: name };
  if (sourceType === 'function' && expression !== undefined) return { mapping: 'expression', expression };
  if (sourceType === 'constant' || (!isObject(source) && typeof field(entry, 'defaultValue') === 'string')) {
    const constant = constantValue(entry, source);
    return constant === undefined ? undefined : { mapping: 'constant', constant };
  }
  // A source kind newer than this importer: keep what it reads, so the attribute is still tested.
  if (text(source, 'expression') !== undefined) return { mapping: 'expression', expression: text(source, 'expression')! };
  if (name !== undefined) return { mapping: 'direct', source: name };
  return undefined;
}

export function convertAttributeMapping(entry: unknown, definitions: DefinitionLookup): Converted {
  const path = text(entry, 'targetAttributeName');
  if (path === undefined) return { skipped: 'an attribute mapping without targetAttributeName' };
  try {
    parsePath(path);
  } catch (error) {
    return { skipped: `"${path}": ${(error as Error).message}` };
  }
  const kind = mappingKind(entry);
  if (kind === undefined) return { skipped: `"${path}": its source is neither an attribute, a constant nor an expression` };
  const definition = definitions(path);
  const priority = field(entry, 'matchingPriority');
  return {
    attribute: assembleMapping({
      path,
      type: definition?.type,
      required: definition?.required,
      caseExact: definition?.caseExact,
      kind,
      matching: typeof priority === 'number' && Number.isInteger(priority) && priority > 0 ? priority : undefined,
      updatable: !sameName(text(entry, 'flowType'), 'ObjectAddOnly'),
    }),
  };
}
