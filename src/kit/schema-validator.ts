// Checks JSON bodies against the schemas in schemas/ and explains failures in terms a vendor can act on.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CODE_EXT, CODE_ROOT, SCHEMAS_DIR } from '../paths.ts';
import type { Ajv, ErrorObject, SchemaObject, ValidateFunction } from 'ajv';

export type SchemaName =
  | 'User'
  | 'EnterpriseUser'
  | 'Group'
  | 'ListResponse'
  | 'ScimError'
  | 'PatchOp'
  | 'ServiceProviderConfig'
  | 'ResourceType'
  | 'ScimSchema'
  | 'Profile';

export interface ValidationResult {
  valid: boolean;
  /** One line per problem, each starting with the JSON pointer of the offending value, e.g. `/emails must be array or null (got "a@b.c")`. */
  errors: string[];
}

const SCHEMA_FILES: Record<SchemaName, string> = {
  User: 'user.schema.json',
  EnterpriseUser: 'enterprise-user.schema.json',
  Group: 'group.schema.json',
  ListResponse: 'list-response.schema.json',
  ScimError: 'error.schema.json',
  PatchOp: 'patch-op.schema.json',
  ServiceProviderConfig: 'service-provider-config.schema.json',
  ResourceType: 'resource-type.schema.json',
  ScimSchema: 'schema.schema.json',
  Profile: 'profile.schema.json',
};

// The profile is this project's own configuration, where a misspelt key is a mistake to report,
// not a SCIM attribute whose name RFC 7643 §2.1 makes case-insensitive.
const CASE_SENSITIVE: ReadonlySet<SchemaName> = new Set(['Profile']);

interface Loaded {
  /** Precompiled by the build, else compiled on first use. */
  validator(name: SchemaName): ValidateFunction;
  /** Lower-cased SCIM attribute name -> the spelling the schemas use. */
  canonicalNames: Map<string, string>;
}

let loaded: Loaded | undefined;

function collectPropertyNames(node: unknown, into: Map<string, string>, source: string): void {
  if (Array.isArray(node)) {
    for (const item of node) collectPropertyNames(item, into, source);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const name of Object.keys(value)) {
        const known = into.get(name.toLowerCase());
        if (known !== undefined && known !== name) {
          throw new Error(`schemas/${source} spells ${name} differently from another schema (${known})`);
        }
        into.set(name.toLowerCase(), name);
      }
    }
    collectPropertyNames(value, into, source);
  }
}

/** One Ajv set-up for both paths: compiling at run time and the validators precompiled by the build. */
export function createAjv(options: { source?: boolean } = {}): Ajv {
  // Loaded only here: with the build's precompiled validators a run never loads Ajv's ~70 modules.
  const require = createRequire(import.meta.url);
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const addFormats = (require('ajv-formats') as { default: (ajv: Ajv) => Ajv }).default;
  const ajv = new AjvClass({
    allErrors: true,
    // verbose puts the failing value and sub-schema on each error, which the messages quote.
    verbose: true,
    strict: true,
    // Nullable attributes are written as type: ["string", "null"].
    allowUnionTypes: true,
    ...(options.source ? { code: { source: true } } : {}),
  });
  addFormats(ajv);
  // Every file is registered, including ones no SchemaName exposes (meta.schema.json), so cross-file $refs resolve.
  for (const file of schemaFiles()) ajv.addSchema(readSchema(file));
  return ajv;
}

export function schemaId(name: SchemaName): string {
  return `https://scim-conformance.dev/schemas/${SCHEMA_FILES[name]}`;
}

export const SCHEMA_NAMES = Object.keys(SCHEMA_FILES) as SchemaName[];

/** Written by `npm run build` next to the compiled harness: every validator as plain code, nothing to compile. */
export const PRECOMPILED_FILE = 'schema-validators.generated.cjs';

function schemaFiles(): string[] {
  return readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json'));
}

function readSchema(file: string): SchemaObject {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8')) as SchemaObject;
}

/** The build's precompiled validators when running compiled; undefined from the TypeScript sources (tests). */
function precompiled(): Partial<Record<SchemaName, ValidateFunction>> | undefined {
  if (CODE_EXT !== '.js') return undefined;
  // Found from the package root, not from this file: the worker bundle (dist/worker/) holds a copy of this code.
  const file = join(CODE_ROOT, 'src', 'kit', PRECOMPILED_FILE);
  try {
    return createRequire(file)(file) as Partial<Record<SchemaName, ValidateFunction>>;
  } catch {
    return undefined;
  }
}

function load(): Loaded {
  if (loaded) return loaded;
  const canonicalNames = new Map<string, string>();
  const caseSensitiveFiles = new Set([...CASE_SENSITIVE].map((name) => SCHEMA_FILES[name]));
  for (const file of schemaFiles()) {
    if (!caseSensitiveFiles.has(file)) collectPropertyNames(readSchema(file), canonicalNames, file);
  }

  // Compiling every schema costs ~170 ms; the build precompiles them. Without that file (running from the
  // TypeScript sources) each schema is compiled on first use.
  const ready = precompiled();
  let ajv: Ajv | undefined;
  const validators = new Map<SchemaName, ValidateFunction>();
  const validator = (name: SchemaName): ValidateFunction => {
    const known = validators.get(name) ?? ready?.[name];
    if (known) return known;
    ajv ??= createAjv();
    const validate = ajv.getSchema(schemaId(name));
    if (!validate) throw new Error(`schemas/${SCHEMA_FILES[name]} is missing or has the wrong $id`);
    validators.set(name, validate);
    return validate;
  };
  loaded = { validator, canonicalNames };
  return loaded;
}

/** For each object of the canonicalised copy, the keys it renamed: new key -> key as the server sent it. */
type Renames = WeakMap<object, Map<string, string>>;

/**
 * Copies data with every attribute name spelt as the schemas spell it, because RFC 7643 §2.1 makes
 * attribute names case-insensitive: "UserName" is userName, and "Emails" as a string is a broken emails.
 * A key is left alone when the canonical spelling is already taken (by the body or by an earlier
 * variant such as "Emails" before "EMAILS"), so no value is lost.
 */
function canonicalise(data: unknown, names: ReadonlyMap<string, string>, renames: Renames): unknown {
  if (Array.isArray(data)) return data.map((item) => canonicalise(item, names, renames));
  if (typeof data !== 'object' || data === null) return data;
  const source = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const renamed = new Map<string, string>();
  for (const [key, value] of Object.entries(source)) {
    const canonical = names.get(key.toLowerCase());
    const taken = canonical === undefined || Object.hasOwn(source, canonical) || Object.hasOwn(out, canonical);
    const target = canonical !== undefined && !taken ? canonical : key;
    if (target !== key) renamed.set(target, key);
    // defineProperty, not assignment: a body may carry an own "__proto__" key, which assignment would turn into a prototype.
    Object.defineProperty(out, target, {
      value: canonicalise(value, names, renames),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (renamed.size > 0) renames.set(out, renamed);
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Translates a pointer into the canonicalised copy back to the keys the server actually sent. */
function originalPointer(pointer: string, data: unknown, renames: Renames): string {
  if (pointer === '') return '';
  let node = data;
  const out: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    const segment = unescapePointer(raw);
    const original = typeof node === 'object' && node !== null ? renames.get(node)?.get(segment) : undefined;
    out.push(escapePointer(original ?? segment));
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return `/${out.join('/')}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isNullSchema(schema: unknown): boolean {
  return (
    typeof schema === 'object' && schema !== null && Object.keys(schema).length === 1 && (schema as Record<string, unknown>).type === 'null'
  );
}

/**
 * `anyOf: [X, {type: null}]` is how the schemas say "X or null". When it fails, ajv reports the
 * anyOf itself, the null branch ("must be null") and X's own errors; only X's are worth reading,
 * and X's type error should admit that null would have done too.
 * `contains` likewise reports every item that failed to be the wanted one, which says nothing the
 * contains error itself does not.
 */
function dropNoise(errors: ErrorObject[]): { kept: ErrorObject[]; orNull: Set<ErrorObject> } {
  const noise = new Set<ErrorObject>();
  const orNull = new Set<ErrorObject>();
  for (const error of errors) {
    if (error.keyword === 'contains') {
      for (const other of errors) if (other.schemaPath.startsWith(`${error.schemaPath}/`)) noise.add(other);
    }
    if (error.keyword !== 'anyOf' || !Array.isArray(error.schema)) continue;
    const nullBranch = error.schema.findIndex(isNullSchema);
    if (nullBranch < 0) continue;
    noise.add(error);
    const nullPath = `${error.schemaPath}/${nullBranch}/`;
    for (const other of errors) {
      if (other.schemaPath.startsWith(nullPath)) noise.add(other);
      // Matched by instance, not schema path: X is usually a $ref, and ajv reports errors under a $ref
      // with the referenced schema's own path.
      else if (other.keyword === 'type' && other.instancePath === error.instancePath) orNull.add(other);
    }
  }
  // An "if" error only says its "then" failed; the "then" error itself is already in the list.
  return { kept: errors.filter((e) => !noise.has(e) && e.keyword !== 'if'), orNull };
}

/**
 * ajv has no case-insensitive flag, so the schemas spell such words as ^([aA][dD][dD]|...)$; reading
 * the words back out lets a vendor see "add, remove or replace" instead of the regular expression.
 */
function caseInsensitiveWords(pattern: string): string[] | undefined {
  const match = /^\^\(?((?:\[[A-Za-z]{2}\])+(?:\|(?:\[[A-Za-z]{2}\])+)*)\)?\$$/.exec(pattern);
  if (!match?.[1]) return undefined;
  const words = match[1].split('|').map((alt) => [...alt.matchAll(/\[([A-Za-z])([A-Za-z])\]/g)]);
  if (words.some((pairs) => pairs.some(([, a = '', b = '']) => a.toLowerCase() !== b.toLowerCase()))) return undefined;
  // The schemas put the canonical letter first in each pair ([dD][aA][tT][eE][Tt]...), which keeps dateTime's camel case.
  return words.map((pairs) => pairs.map(([, a = '']) => a).join(''));
}

function listOr(values: string[]): string {
  return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values.at(-1) ?? ''}`;
}

function describe(error: ErrorObject, data: unknown, renames: Renames, orNull: boolean): string {
  const at = originalPointer(error.instancePath, data, renames);
  const where = at === '' ? '(root)' : at;
  const got = `(got ${describeValue(error.data)})`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at}/${escapePointer(String(params.missingProperty))} is required`;
    case 'additionalProperties':
      return `${at}/${escapePointer(String(params.additionalProperty))} is not allowed here`;
    case 'type': {
      const types = Array.isArray(params.type) ? params.type.map(String) : String(params.type).split(',');
      if (orNull && !types.includes('null')) types.push('null');
      return `${where} must be ${listOr(types)} ${got}`;
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      const shown = allowed.filter((v) => v !== null).map((v) => JSON.stringify(v));
      if (allowed.includes(null)) shown.push('null');
      return `${where} must be ${listOr(shown)} ${got}`;
    }
    case 'pattern': {
      const words = caseInsensitiveWords(String(params.pattern));
      return words ? `${where} must be ${listOr(words)}, in any letter case ${got}` : `${where} ${error.message ?? 'is invalid'} ${got}`;
    }
    case 'contains': {
      const wanted = (error.schema as Record<string, unknown> | undefined)?.const;
      return wanted === undefined ? `${where} ${error.message ?? 'is invalid'}` : `${where} must include ${JSON.stringify(wanted)}`;
    }
    default:
      return `${where} ${error.message ?? 'is invalid'} ${got}`;
  }
}

export function validateAgainst(name: SchemaName, data: unknown): ValidationResult {
  const { validator, canonicalNames } = load();
  if (!(name in SCHEMA_FILES)) throw new Error(`No schema named ${name}`);
  const validate = validator(name);
  const renames: Renames = new WeakMap();
  const subject = CASE_SENSITIVE.has(name) ? data : canonicalise(data, canonicalNames, renames);
  if (validate(subject)) return { valid: true, errors: [] };
  const { kept, orNull } = dropNoise(validate.errors ?? []);
  const errors = kept.map((e) => describe(e, subject, renames, orNull.has(e)));
  return { valid: false, errors: [...new Set(errors)] };
}
