// The PATCH bodies Entra sends, in both dialects (fact entra.patch.dialects, suites/evidence/entra.ts).
import type { Dialect } from './check.ts';
import { isValuePath } from './scim-path.ts';

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface Change {
  path: string;
  value: unknown;
  /** The attribute had no value before: Entra's default dialect then says "Add" instead of "Replace". */
  wasEmpty?: boolean;
}

export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

export interface PatchBody {
  schemas: string[];
  Operations: PatchOperation[];
}

/** Without the flag Entra writes booleans as the strings "True"/"False" [C, compatibility page]. */
function defaultDialectValue(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
}

export function buildPatch(dialect: Dialect, changes: Change[]): PatchBody {
  if (dialect === 'rfc') {
    return {
      schemas: [PATCH_SCHEMA],
      Operations: changes.map((c) => ({ op: c.wasEmpty ? 'add' : 'replace', path: c.path, value: c.value })),
    };
  }
  if (dialect === 'default') {
    return {
      schemas: [PATCH_SCHEMA],
      Operations: changes.map((c) => ({ op: c.wasEmpty ? 'Add' : 'Replace', path: c.path, value: defaultDialectValue(c.value) })),
    };
  }
  // aadOptscim062020: simple, dotted and URN-qualified attributes merge into one op without a path;
  // value-path attributes (emails[type eq "work"].value) stay separate ops with their path.
  const merged: Record<'add' | 'replace', Record<string, unknown>> = { add: {}, replace: {} };
  const separate: PatchOperation[] = [];
  for (const c of changes) {
    const op = c.wasEmpty ? 'add' : 'replace';
    if (isValuePath(c.path)) separate.push({ op, path: c.path, value: c.value });
    else merged[op][c.path] = c.value;
  }
  const operations: PatchOperation[] = [];
  for (const op of ['replace', 'add'] as const) {
    if (Object.keys(merged[op]).length) operations.push({ op, value: merged[op] });
  }
  return { schemas: [PATCH_SCHEMA], Operations: [...operations, ...separate] };
}
