// What the export's target directory says about each SCIM attribute (type, required, caseExact). The
// mapping itself carries none of that: it only names the attribute, and the directory defines it.
import type { AttributeMapping } from '../generated/index.ts';
import { field, flag, list, sameName, text } from './json-reading.ts';

export interface EntraAttributeDefinition {
  type: AttributeMapping['type'];
  required: boolean;
  caseExact?: boolean;
}

export type DefinitionLookup = (attributeName: string) => EntraAttributeDefinition | undefined;

const TYPES: Record<string, AttributeMapping['type']> = {
  string: 'string',
  boolean: 'boolean',
  reference: 'reference',
  integer: 'integer',
  datetime: 'dateTime',
  // SCIM carries binary as base64 text.
  binary: 'string',
};

export function profileType(entraType: string | undefined): AttributeMapping['type'] {
  return (entraType && TYPES[entraType.toLowerCase()]) || 'string';
}

function lastUrnSegment(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}

/**
 * The target directory is the one the rule names; an export whose directory names drifted from the rule
 * (hand-edited, or renamed between template versions) still has exactly one directory that is not the source.
 */
function targetDirectory(schema: unknown, rule: unknown): unknown {
  const directories = list(schema, 'directories');
  const named = directories.find((d) => sameName(text(d, 'name'), text(rule, 'targetDirectoryName')));
  if (named !== undefined) return named;
  const others = directories.filter((d) => !sameName(text(d, 'name'), text(rule, 'sourceDirectoryName')));
  return others.length === 1 ? others[0] : undefined;
}

function targetObject(directory: unknown, targetObjectName: string | undefined): unknown {
  if (targetObjectName === undefined) return undefined;
  const objects = list(directory, 'objects');
  return (
    objects.find((o) => sameName(text(o, 'name'), targetObjectName)) ??
    objects.find((o) => sameName(text(o, 'name'), lastUrnSegment(targetObjectName)))
  );
}

export function definitionsFor(schema: unknown, rule: unknown, objectMapping: unknown): DefinitionLookup {
  const object = targetObject(targetDirectory(schema, rule), text(objectMapping, 'targetObjectName'));
  const attributes = list(object, 'attributes');
  return (attributeName) => {
    const found = attributes.find((a) => sameName(text(a, 'name'), attributeName));
    if (found === undefined) return undefined;
    const caseExact = flag(found, 'caseExact');
    return {
      type: profileType(text(found, 'type')),
      required: flag(found, 'required') ?? false,
      ...(caseExact !== undefined ? { caseExact } : {}),
    };
  };
}

/** Whether the export's target directory defines anything at all, so a missing one can be reported once. */
export function hasDefinitions(schema: unknown, rule: unknown, objectMapping: unknown): boolean {
  const object = targetObject(targetDirectory(schema, rule), text(objectMapping, 'targetObjectName'));
  return field(object, 'attributes') !== undefined;
}
