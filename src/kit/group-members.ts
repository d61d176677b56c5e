// Group membership as Entra changes it (entra-protocol.md, "Groups"), and reading it back.
import type { Dialect } from './check.ts';
import type { CheckContext } from './context.ts';
import { PATCH_SCHEMA, type PatchBody, type PatchOperation } from './patch-dialects.ts';

export function addMembers(dialect: Dialect, ids: string[]): PatchOperation {
  if (dialect === 'rfc') return { op: 'add', path: 'members', value: ids.map((id) => ({ value: id })) };
  return { op: dialect === 'default' ? 'Add' : 'add', path: 'members', value: ids.map((id) => ({ $ref: null, value: id })) };
}

/** Without the flag: path "members" with the values to remove; with it (and in RFC form): one op per member on members[value eq "id"]. */
export function removeMembers(dialect: Dialect, ids: string[]): PatchOperation[] {
  if (dialect === 'default') return [{ op: 'Remove', path: 'members', value: ids.map((id) => ({ $ref: null, value: id })) }];
  return ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }));
}

export function patchBody(...operations: PatchOperation[]): PatchBody {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/** RFC 7644 §3.5.2: 200 with the resource or 204; Microsoft documents 204 for groups and accepts either. */
export const GROUP_PATCH_OK = [200, 204];

export async function patchGroup(ctx: CheckContext, id: string, body: PatchBody, expected: string, fix?: string) {
  const exchange = await ctx.client.patch(`/Groups/${encodeURIComponent(id)}`, body);
  ctx.expectStatus(exchange, GROUP_PATCH_OK, expected, fix);
  return exchange;
}

/** Fails unless GET /Groups/{id} lists exactly these member ids. */
export async function expectMembers(
  ctx: CheckContext,
  id: string,
  expected: string[],
  fix: string,
  cause?: Awaited<ReturnType<typeof patchGroup>>,
) {
  const exchange = await ctx.client.get(`/Groups/${encodeURIComponent(id)}`);
  const body = ctx.expectStatus(exchange, [200], '200 with the group') as { members?: Array<{ value?: unknown }> | null };
  const actual = (body.members ?? [])
    .map((m) => m?.value)
    .filter((v): v is string => typeof v === 'string')
    .sort();
  const want = [...expected].sort();
  if (JSON.stringify(actual) !== JSON.stringify(want)) {
    ctx.fail({
      expected: want.length ? `exactly the members ${want.join(', ')}` : 'no members',
      got: actual.length ? `members ${actual.join(', ')}` : 'no members',
      ...(cause ? { cause } : {}),
      exchange,
      fix,
    });
  }
}
