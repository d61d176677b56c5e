// Other data in the tenant: users and groups that exist before a run and are none of its business. A correct
// server with them present must still pass every check, and the run must leave every one of them as it was.
import { randomUUID } from 'node:crypto';
import type { JsonObject } from './json-object.ts';
import type { ResourceStore } from './store.ts';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMAS = ['urn:ietf:params:scim:schemas:core:2.0:Group'];
const GIVEN = ['María', 'Jean-Luc', 'Siobhán', 'Kenji', 'Olu', 'Priya', 'Tomasz'];
const FAMILY = ["O'Neill", 'Nakamura', 'Okafor', 'Wójcik', 'Haddad', 'Lindqvist', 'García'];

export interface TenantData {
  users?: number;
  groups?: number;
}

/** Adds the tenant's own users (the first few as members of its groups), in the order a directory would list them. */
export function seedTenant(store: ResourceStore, data: TenantData): void {
  const userIds: string[] = [];
  for (let i = 0; i < (data.users ?? 0); i += 1) {
    const id = randomUUID();
    const given = GIVEN[i % GIVEN.length]!;
    const family = FAMILY[(i * 3) % FAMILY.length]!;
    const now = store.now();
    const user: JsonObject = {
      schemas: [USER_SCHEMA],
      id,
      externalId: `tenant-${i}`,
      userName: `employee${String(i).padStart(4, '0')}@contoso.example`,
      name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
      displayName: `${given} ${family}`,
      active: i % 5 !== 4,
      emails: [{ type: 'work', primary: true, value: `employee${i}@contoso.example` }],
      meta: { resourceType: 'User', created: now, lastModified: now },
    };
    store.users.set(id, user);
    userIds.push(id);
  }
  for (let i = 0; i < (data.groups ?? 0); i += 1) {
    const id = randomUUID();
    const now = store.now();
    const members = userIds.slice(i, i + 3).map((value) => ({ value }));
    const group: JsonObject = {
      schemas: GROUP_SCHEMAS,
      id,
      externalId: `tenant-group-${i}`,
      displayName: `Contoso team ${i}`,
      ...(members.length ? { members } : {}),
      meta: { resourceType: 'Group', created: now, lastModified: now },
    };
    store.groups.set(id, group);
  }
}
