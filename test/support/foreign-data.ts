// A customer's own data on the reference server, which no run may change, and the search for a secret in reports.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReferenceServer } from '../../reference/server.ts';

/** Users (one inactive) and a group holding them; returns a copy of the whole tenant as it was before the run. */
export function seedForeign(server: ReferenceServer) {
  const user = (id: string, active: boolean) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id,
    userName: `${id}@customer.example`,
    name: { givenName: 'Existing', familyName: id },
    active,
    meta: { resourceType: 'User' },
  });
  server.users.set('customer-1', user('customer-1', true));
  server.users.set('customer-2', user('customer-2', false));
  server.groups.set('customer-group', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    id: 'customer-group',
    displayName: 'Customers',
    members: [{ value: 'customer-1' }, { value: 'customer-2' }],
    meta: { resourceType: 'Group' },
  });
  return structuredClone({ users: [...server.users.entries()], groups: [...server.groups.entries()] });
}

/** The names of the files under dir that hold the secret. */
export async function filesContaining(dir: string, secret: string): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && (await readFile(join(entry.parentPath, entry.name))).includes(secret)) hits.push(entry.name);
  }
  return hits;
}
