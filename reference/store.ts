// The in-memory resources. The maps are handed to tests as they are, so tests can seed and inspect them;
// nothing else is kept on the side, and code here tolerates seeded resources without id or meta.
import { memberIds } from './group-members.ts';
import { getAttribute, isJsonObject, type JsonObject } from './json-object.ts';
import type { ResourceKind } from './schema-attributes.ts';

export const UNIQUE_ATTRIBUTE: Record<ResourceKind, 'userName' | 'displayName'> = { User: 'userName', Group: 'displayName' };
export const ENDPOINT: Record<ResourceKind, 'Users' | 'Groups'> = { User: 'Users', Group: 'Groups' };

export class ResourceStore {
  readonly users = new Map<string, JsonObject>();
  readonly groups = new Map<string, JsonObject>();
  private lastTimestamp = 0;

  resources(kind: ResourceKind): Map<string, JsonObject> {
    return kind === 'User' ? this.users : this.groups;
  }

  /** Strictly later than any time handed out before, so lastModified moves even within one millisecond. */
  now(): string {
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return new Date(this.lastTimestamp).toISOString();
  }

  /** Another resource whose userName / displayName equals value ignoring case (both are caseExact false); `ignored` ids do not count. */
  findConflict(kind: ResourceKind, value: string, exceptId?: string, ignored?: ReadonlySet<string>): string | undefined {
    const wanted = value.toLowerCase();
    for (const [id, resource] of this.resources(kind)) {
      const other = getAttribute(resource, UNIQUE_ATTRIBUTE[kind]);
      if (id !== exceptId && !ignored?.has(id) && typeof other === 'string' && other.toLowerCase() === wanted) return id;
    }
    return undefined;
  }

  /** A deleted user leaves every group it was in; those groups count as modified. */
  removeFromGroups(userId: string): void {
    for (const group of this.groups.values()) {
      if (!memberIds(group).has(userId)) continue;
      const remaining = (group.members as unknown[]).filter((m) => !(isJsonObject(m) && m.value === userId));
      if (remaining.length > 0) group.members = remaining;
      else delete group.members;
      if (isJsonObject(group.meta)) group.meta.lastModified = this.now();
    }
  }
}
