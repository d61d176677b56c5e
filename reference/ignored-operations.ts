// Faults under which a PATCH answers success yet leaves some of its operations unapplied. Each decides per
// operation (after no-path values are split into one operation per attribute), seeing the resolved path.
import { formatAttributePath, type AttributePath } from './attribute-path.ts';
import type { FaultSet } from './faults.ts';
import type { Operation } from './patch-operation.ts';
import type { ResourceKind } from './schema-attributes.ts';

/** target is undefined for the literal dotted keys of patch-dotted-keys-literal. */
export type OperationSkipper = (operation: Operation, target: AttributePath | undefined) => boolean;

const isGroupDisplayName = (t: AttributePath | undefined) =>
  t !== undefined && t.urn === undefined && t.attribute === 'displayName' && t.filter === undefined && t.subAttribute === undefined;

/** A fresh skipper per PATCH request: same-attribute-first-op-wins remembers the paths seen so far. */
export function operationSkipper(kind: ResourceKind, faults: FaultSet): OperationSkipper {
  const seen = new Set<string>();
  return (operation, target) => {
    if (kind === 'Group') return faults.has('group-rename-ignored') && operation.op === 'replace' && isGroupDisplayName(target);
    if (!faults.has('same-attribute-first-op-wins')) return false;
    const key = (target === undefined ? (operation.path ?? '') : formatAttributePath(target)).toLowerCase();
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  };
}
