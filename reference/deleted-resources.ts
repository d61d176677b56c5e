// What the delete faults keep of deleted resources; a correct server keeps nothing. Each fault keeps one thing:
// deleted-still-listed a hidden tombstone (left in the store's map, so lists and filters still find it),
// deleted-still-writable a copy that a PATCH or PUT brings back, deleted-name-reserved the userName / displayName.
import type { FaultSet } from './faults.ts';
import { getAttribute, type JsonObject } from './json-object.ts';
import type { ResourceKind } from './schema-attributes.ts';
import { UNIQUE_ATTRIBUTE, type ResourceStore } from './store.ts';

export class DeletedResources {
  /** Ids still in the store's map but deleted: 404 by id, yet listed. */
  readonly tombstones = new Set<string>();
  private readonly revivable = new Map<string, { kind: ResourceKind; resource: JsonObject }>();
  private readonly reservedNames = new Set<string>();

  constructor(
    private readonly store: ResourceStore,
    private readonly faults: FaultSet,
  ) {}

  /** Whether a DELETE leaves the resource in the store's map (as a tombstone). */
  keepsInPlace(): boolean {
    return this.faults.has('deleted-still-listed');
  }

  deleted(kind: ResourceKind, id: string, resource: JsonObject): void {
    if (this.faults.has('deleted-still-listed')) this.tombstones.add(id);
    if (this.faults.has('deleted-still-writable')) this.revivable.set(id, { kind, resource });
    const name = getAttribute(resource, UNIQUE_ATTRIBUTE[kind]);
    if (this.faults.has('deleted-name-reserved') && typeof name === 'string') this.reservedNames.add(nameKey(kind, name));
  }

  isTombstone(id: string): boolean {
    return this.tombstones.has(id);
  }

  /** A PATCH or PUT of a deleted id puts the resource back first, as if it had never been deleted. */
  reviveForWrite(kind: ResourceKind, id: string): void {
    const kept = this.revivable.get(id);
    if (!kept || kept.kind !== kind || this.store.resources(kind).has(id)) return;
    this.revivable.delete(id);
    this.store.resources(kind).set(id, kept.resource);
  }

  isReserved(kind: ResourceKind, name: string): boolean {
    return this.reservedNames.has(nameKey(kind, name));
  }
}

function nameKey(kind: ResourceKind, name: string): string {
  return `${kind} ${name.toLowerCase()}`;
}
